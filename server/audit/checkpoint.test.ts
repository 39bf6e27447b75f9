/**
 * The chain's anchor outside the database (issue 11): a tail cut from the log with the head
 * rewound verifies on its own, and is caught against a signed checkpoint an auditor kept.
 */
import { execFile } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, refusal } from '../testing/context';
import { createCallerFactory, router } from '../trpc/init';
import { auditRouter } from '../trpc/routers/audit';
import type { Viewer } from '../auth/viewer';
import type { Role } from '../auth/roles';
import { auditHead, auditLog } from '../db/schema';
import { appendAudit, SYSTEM_ACTOR, type Actor } from './append';
import { chainPending } from './chain';
import { issueCheckpoint, makeCheckpoint, newSigningKeyPem, readCheckpoint, signingKeyFromPem, type Checkpoint } from './checkpoint';
import { verifyChain } from './verify';
import { startAuditExport } from './export';
import { verifyBundleLines } from './bundle';

// The installation's key, as AUDIT_SIGNING_KEY would give it (set before anything loads it).
const KEY_PEM = newSigningKeyPem();
process.env.AUDIT_SIGNING_KEY = KEY_PEM;
const key = signingKeyFromPem(KEY_PEM);
const otherKey = signingKeyFromPem(newSigningKeyPem());
const publicPem = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString();

const auditor: Actor = { id: '00000000-0000-4000-8000-0000000000a1', name: 'auditor', roles: ['auditor'], department: 'XYB' };

function viewer(roles: Role[]): Viewer {
  return { id: '00000000-0000-4000-8000-0000000000a1', username: 'auditor', name: 'auditor', departmentId: null, departmentCode: 'XYB', departmentNameZh: null, departmentNameEn: null, roles, disabled: false };
}
const createCaller = createCallerFactory(router({ audit: auditRouter }));

let t: TestDatabase;
const dir = mkdtempSync(path.join(tmpdir(), 'audit-checkpoint-'));
beforeAll(async () => {
  t = await createTestDatabase();
  for (let i = 0; i < 8; i++) await appendAudit(t.db, SYSTEM_ACTOR, { action: 'test.row', objectId: String(i), after: { i } });
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What an attacker with the database (and a superuser) does: cut the last `n` rows and rewind the head. */
async function cutTail(n: number) {
  const [head] = await t.db.select().from(auditHead).where(eq(auditHead.id, 1));
  const keep = head!.seq - n;
  const [last] = await t.db.select().from(auditLog).where(eq(auditLog.seq, keep));
  await t.db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
  try {
    await t.db.execute(sql`delete from audit_log where seq > ${keep}`);
  } finally {
    await t.db.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
  }
  await t.db.update(auditHead).set({ seq: keep, hash: last!.hash! }).where(eq(auditHead.id, 1));
}

const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout } = await promisify(execFile)(tsx, ['scripts/audit-verify.ts', ...args], { cwd: process.cwd(), env: { ...process.env, AUDIT_SIGNING_KEY: '', ...env } });
    return { code: 0, stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, stdout: err.stdout };
  }
}

describe('signed checkpoints', () => {
  it('signs the chain end and refuses a changed file or another key', async () => {
    const cp = await makeCheckpoint(t.db, key, 'auditor', new Date('2026-03-01T00:00:00Z'));
    const head = await verifyChain(t.db);
    expect(cp).toMatchObject({ type: 'audit-checkpoint', version: 1, seq: head.rows, issuedBy: 'auditor', keyId: key.keyId });
    expect(head.ok && cp.hash === head.endHash).toBe(true);
    const text = JSON.stringify(cp);
    expect(readCheckpoint(text)).toEqual({ ok: true, checkpoint: cp });
    expect(readCheckpoint(text, publicPem(KEY_PEM))).toMatchObject({ ok: true });
    // Moving the checkpoint back (to vouch for a shorter chain) breaks the signature.
    expect(readCheckpoint(JSON.stringify({ ...cp, seq: cp.seq - 2 }))).toMatchObject({ ok: false, reason: expect.stringMatching(/signature/) });
    // Re-signed with the attacker's own key: refused against the key the auditors keep.
    const forged = await makeCheckpoint(t.db, otherKey, 'auditor');
    expect(readCheckpoint(JSON.stringify(forged))).toMatchObject({ ok: true });
    expect(readCheckpoint(JSON.stringify(forged), publicPem(KEY_PEM))).toMatchObject({ ok: false, reason: expect.stringMatching(/not with the trusted key/) });
    expect(readCheckpoint(JSON.stringify({ ...forged, publicKey: key.publicKeyPem }))).toMatchObject({ ok: false, reason: expect.stringMatching(/fingerprint/) });
    expect(readCheckpoint('{')).toMatchObject({ ok: false, reason: expect.stringMatching(/JSON/) });
    expect(readCheckpoint('{"type":"audit-checkpoint","version":1,"seq":"x"}')).toMatchObject({ ok: false, reason: expect.stringMatching(/seq/) });
  });

  it('a cut tail with a rewound head verifies alone, and fails against the checkpoint (database, bundle, CLI)', async () => {
    const cp = await issueCheckpoint(t.db, auditor, { key });
    const cpFile = path.join(dir, 'checkpoint.json');
    writeFileSync(cpFile, JSON.stringify(cp, null, 2));
    const keyFile = path.join(dir, 'public.pem');
    writeFileSync(keyFile, key.publicKeyPem);
    expect(await verifyChain(t.db, { checkpoints: [cp] })).toMatchObject({ ok: true, checkpoints: 1 });

    await cutTail(3);
    // What issue 11 found: the chain alone cannot tell.
    expect(await verifyChain(t.db)).toMatchObject({ ok: true, rows: cp.seq - 3 });
    expect(await verifyChain(t.db, { checkpoints: [cp] })).toMatchObject({ ok: false, brokenSeq: cp.seq - 2, reason: expect.stringMatching(/rows were removed/) });

    // The same against an unfiltered bundle exported after the cut.
    const started = await startAuditExport(t.db, auditor, 'jsonl', {});
    const lines = (await new Response(started.body).text()).trimEnd().split('\n');
    expect(await verifyBundleLines(lines)).toMatchObject({ ok: true });
    const bundleFile = path.join(dir, 'bundle.jsonl');
    writeFileSync(bundleFile, lines.join('\n') + '\n');
    // The bundle's chain (the export's own row included) ends before the checkpoint's row.
    expect(await verifyBundleLines(lines, { checkpoints: [cp] })).toMatchObject({ ok: false, seq: cp.seq - 1, reason: expect.stringMatching(/rows were removed/) });

    expect(await cli([bundleFile])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK /) });
    expect(await cli([bundleFile, '--checkpoint', cpFile, '--public-key', keyFile])).toMatchObject({ code: 1, stdout: expect.stringMatching(/^BROKEN at line \d+ \(seq \d+\): .*rows were removed/) });
    // A checkpoint signed with another key is refused before the chain is read.
    const forgedFile = path.join(dir, 'forged.json');
    writeFileSync(forgedFile, JSON.stringify(await makeCheckpoint(t.db, otherKey, 'intruder')));
    expect(await cli([bundleFile, '--checkpoint', forgedFile, '--public-key', keyFile])).toMatchObject({ code: 1, stdout: expect.stringMatching(/^BROKEN checkpoint .*not with the trusted key/) });
    expect(await cli([bundleFile, '--checkpoint'])).toMatchObject({ code: 2 });

    if (t.kind === 'postgres') {
      // The database form of the CLI, on this very database.
      expect(await cli(['--checkpoint', cpFile, '--public-key', keyFile], { DATABASE_URL: t.url! })).toMatchObject({ code: 1, stdout: expect.stringMatching(/^BROKEN at seq \d+: .*(rewritten|removed)/) });
      expect(await cli([], { DATABASE_URL: t.url! })).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK /) });
    }
  });

  it('a rewritten tail of the same length fails against the checkpoint too', async () => {
    await chainPending(t.db, { wait: true });
    const cp = await makeCheckpoint(t.db, key, 'auditor');
    await cutTail(2);
    await appendAudit(t.db, SYSTEM_ACTOR, { action: 'test.rewritten' });
    await appendAudit(t.db, SYSTEM_ACTOR, { action: 'test.rewritten' });
    const now = await verifyChain(t.db);
    expect(now).toMatchObject({ ok: true, rows: cp.seq });
    expect(await verifyChain(t.db, { checkpoints: [cp] })).toMatchObject({ ok: false, brokenSeq: cp.seq, reason: expect.stringMatching(/rewritten/) });
  });

  it('the audit page verifies against a checkpoint file and refuses a damaged one; only auditors and admins', async () => {
    await chainPending(t.db, { wait: true });
    const cp: Checkpoint = await makeCheckpoint(t.db, key, 'auditor');
    const caller = createCaller(contextFor(t.db, viewer(['auditor'])));
    expect(await caller.audit.verify({ checkpoint: JSON.stringify(cp) })).toMatchObject({ ok: true, checkpoints: 1, checkpoint: { seq: cp.seq, keyMatches: true } });
    expect((await refusal(caller.audit.verify({ checkpoint: JSON.stringify({ ...cp, hash: 'f'.repeat(64) }) }))).code).toBe('BAD_REQUEST');
    expect(await caller.audit.verify()).toMatchObject({ ok: true, checkpoint: null });
    for (const role of ['filler', 'editor', 'approver'] as const) {
      expect((await refusal(createCaller(contextFor(t.db, viewer([role]))).audit.verify())).code).toBe('FORBIDDEN');
      expect((await refusal(createCaller(contextFor(t.db, viewer([role]))).audit.status())).code).toBe('FORBIDDEN');
    }
    expect(await caller.audit.status()).toMatchObject({ pending: 0, keyId: key.keyId, headSeq: expect.any(Number) });
  });

  it('without a signing key outside demo mode, a checkpoint is refused with the setting named', async () => {
    const err = await issueCheckpoint(t.db, auditor, { key: null }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFLICT', key: 'auditChain.errors.noSigningKey' });
  });
});

describe('GET /api/audit/checkpoint', () => {
  const state = vi.hoisted(() => ({ db: null as unknown }));
  vi.mock('@/server/trpc/http-context', () => ({
    contextFromHeaders: async (headers: Headers) => {
      const role = headers.get('x-test-as') as Role | null;
      return contextFor(state.db as TestDatabase['db'], role ? viewer([role]) : null);
    },
  }));

  it('gives auditors a signed checkpoint file, audited; refuses others', async () => {
    state.db = t.db;
    const { GET } = await import('@/app/api/audit/checkpoint/route');
    const get = (role?: Role) => GET(new Request('http://localhost/api/audit/checkpoint', { headers: role ? { 'x-test-as': role } : {} }));
    expect((await get()).status).toBe(401);
    for (const role of ['filler', 'editor', 'approver'] as const) expect((await get(role)).status).toBe(403);
    const res = await get('auditor');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-checkpoint-\d+-\d{8}T\d{6}Z\.json"$/);
    const cp = readCheckpoint(await res.text(), key.publicKeyPem);
    expect(cp).toMatchObject({ ok: true, checkpoint: { keyId: key.keyId } });
    const [own] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'audit.checkpoint')).orderBy(sql`${auditLog.seq} desc`).limit(1);
    // The checkpoint covers its own audit row.
    expect(cp.ok && cp.checkpoint.seq >= own!.seq!).toBe(true);
  });
});
