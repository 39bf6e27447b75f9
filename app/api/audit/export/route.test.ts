/**
 * The download route against a real database. Only the session lookup is replaced: the
 * `x-test-as` header names the signed-in role, everything else (guard, audit, stream) is real.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Viewer } from '@/server/auth/viewer';
import type { Role } from '@/server/auth/roles';
import { createTestDatabase, type TestDatabase } from '@/server/testing/db';
import { contextFor } from '@/server/testing/context';
import { appendAudit, SYSTEM_ACTOR } from '@/server/audit/append';
import { listAudit } from '@/server/audit/query';
import { verifyBundleLines } from '@/server/audit/bundle';

const state = vi.hoisted(() => ({ db: null as unknown }));

vi.mock('@/server/trpc/http-context', () => ({
  contextFromHeaders: async (headers: Headers) => {
    const role = headers.get('x-test-as') as Role | null;
    const viewer: Viewer | null = role
      ? { id: '00000000-0000-4000-8000-00000000000' + (role === 'auditor' ? 'a' : 'b'), username: role, name: role, departmentId: null, departmentCode: 'XYB', departmentNameZh: null, departmentNameEn: null, roles: [role], disabled: false }
      : null;
    return contextFor(state.db as TestDatabase['db'], viewer);
  },
}));

const { GET } = await import('./route');

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  state.db = t.db;
  for (let i = 0; i < 7; i++) await appendAudit(t.db, SYSTEM_ACTOR, { action: i % 2 ? 'entry.publish' : 'auth.sign_in', objectType: 'register-entry', objectId: `sanction-measure/SM-00${i}` });
});
afterAll(async () => {
  await t.close();
});

const get = (query: string, role?: Role) => GET(new Request(`http://localhost/api/audit/export?${query}`, { headers: role ? { 'x-test-as': role } : {} }));

describe('GET /api/audit/export', () => {
  it('refuses anonymous callers and non-auditors, and writes nothing', async () => {
    expect((await get('format=csv')).status).toBe(401);
    for (const role of ['filler', 'editor', 'approver'] as const) expect((await get('format=csv', role)).status).toBe(403);
    expect((await listAudit(t.db, { page: 1, pageSize: 1, action: 'audit.export' })).rows).toHaveLength(0);
  });

  it('refuses an unknown format or a malformed date', async () => {
    const bad = await get('format=pdf', 'auditor');
    expect(bad.status).toBe(400);
    const badDate = await get('format=csv&from=2026-02-31', 'auditor');
    expect(badDate.status).toBe(400);
    expect(((await badDate.json()) as { fieldErrors: { path: string }[] }).fieldErrors[0]?.path).toBe('from');
  });

  it('audits the export, then streams the filtered rows with the row count', async () => {
    const res = await get('format=csv&action=entry.publish', 'auditor');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-\d{8}T\d{6}Z\.csv"$/);
    expect(res.headers.get('x-total-rows')).toBe('3');
    const [last] = (await listAudit(t.db, { page: 1, pageSize: 1 })).rows;
    expect(last).toMatchObject({ action: 'audit.export', actorName: 'auditor', after: { format: 'csv', filter: { action: 'entry.publish' } } });
    const lines = (await res.text()).trim().split('\n');
    expect(lines).toHaveLength(4);
    // The header row is in the reader's language (zh-CN by default), the rows keep their values.
    expect(lines[0]).toBe('序号,时间,操作人,角色,部门,动作,对象类型,对象编号,变更前,变更后,原因,前一哈希,哈希');
    expect(lines.slice(1).every((l) => l.includes('entry.publish'))).toBe(true);
  });

  it('serves a JSONL bundle that verifies, and XLSX, to admins too', async () => {
    const res = await get('format=jsonl&objectIdPrefix=sanction-measure%2F&to=2099-12-31', 'admin');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/\.jsonl"$/);
    const verdict = await verifyBundleLines((await res.text()).trimEnd().split('\n'));
    expect(verdict).toMatchObject({ ok: true, rows: 7, filter: { objectIdPrefix: 'sanction-measure/', to: '2099-12-31T16:00:00.000Z' } });
    const xlsx = await get('format=xlsx', 'auditor');
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
  });
});
