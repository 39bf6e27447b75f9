import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor } from '../testing/context';
import { newSigningKeyPem, signingKeyFromPem } from '../audit/checkpoint';
import { auditLog, creditChange } from '../db/schema';
import type { Role } from '../auth/roles';
import type { Viewer } from '../auth/viewer';
import { verifyFeed, type SignedFeed } from './feed';

const KEY_PEM = newSigningKeyPem();
process.env.AUDIT_SIGNING_KEY = KEY_PEM;
const key = signingKeyFromPem(KEY_PEM);

function viewer(roles: Role[]): Viewer {
  return { id: '00000000-0000-4000-8000-0000000000b1', username: 'probe', name: '审计员', departmentId: null, departmentCode: 'XYB', departmentNameZh: null, departmentNameEn: null, roles, disabled: false };
}

const state = vi.hoisted(() => ({ db: null as unknown }));
vi.mock('@/server/trpc/http-context', () => ({
  contextFromHeaders: async (headers: Headers) => {
    const role = headers.get('x-test-as') as Role | null;
    return contextFor(state.db as TestDatabase['db'], role ? viewer([role]) : null);
  },
}));

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  state.db = t.db;
  await t.db.insert(creditChange).values([
    { kind: 'repair', recordId: null, catalogCode: 'XZCF', subjectType: '法人及非法人组织', subjectCode: '91410200MA40000068', subjectName: '开封修复测试有限公司', effectiveOn: '2026-12-04', detail: { application: 'XF-SCJG-2026-00001' } },
    { kind: 'correction', catalogCode: 'XZCF', subjectType: '自然人', subjectCode: '410102199001011234', subjectName: '张三', effectiveOn: '2026-12-04', detail: {} },
  ]);
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/disclosure/feed', () => {
  it('gives office roles a signed change list (JSON, CSV, XLSX), audited, personal ID numbers masked; refuses others', async () => {
    const { GET } = await import('@/app/api/disclosure/feed/route');
    const get = (role?: Role, qs = '') => GET(new Request(`http://localhost/api/disclosure/feed${qs}`, { headers: role ? { 'x-test-as': role } : {} }));
    expect((await get()).status).toBe(401);
    for (const role of ['filler', 'approver'] as const) expect((await get(role)).status).toBe(403);
    const res = await get('auditor');
    expect(res.status).toBe(200);
    const feed = (await res.json()) as SignedFeed;
    expect(feed.count).toBe(2);
    expect(verifyFeed(feed, key.publicKeyPem)).toBe(true);
    expect(feed.changes[1]!.subjectCode).not.toContain('199001011');
    const csv = await get('editor', '?format=csv&from=1');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('x-feed-signature')).toBeTruthy();
    const text = await csv.text();
    expect(text).toContain('correction');
    expect(text).not.toContain('XF-SCJG-2026-00001');
    expect((await get('admin', '?format=xlsx')).headers.get('content-type')).toContain('spreadsheetml');
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, 'credit_change.export'));
    expect(audits).toHaveLength(3);
  });
});
