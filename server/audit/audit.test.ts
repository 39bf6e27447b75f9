import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { appendAudit, SYSTEM_ACTOR } from './append';
import { verifyChain } from './verify';
import { chainHash, GENESIS_HASH } from './hash';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

describe('audit chain', () => {
  it('hashes independently of key order and chains from the genesis hash', () => {
    const base = { seq: 1, at: '2026-01-01T00:00:00.000Z', actorId: null, actorName: 'x', role: null, department: null, action: 'a', objectType: null, objectId: null, reason: null };
    const a = chainHash(GENESIS_HASH, { ...base, before: null, after: { b: 1, a: [1, 2] } });
    const b = chainHash(GENESIS_HASH, { ...base, before: null, after: { a: [1, 2], b: 1 } });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash('f'.repeat(64), { ...base, before: null, after: { b: 1, a: [1, 2] } })).not.toBe(a);
  });

  it('appends rows that the verifier accepts, and reports the end hash', async () => {
    const first = await appendAudit(t.db, SYSTEM_ACTOR, { action: 'test.one', objectType: 'thing', objectId: '1', after: { 名称: '罚款金额', n: 1.5 } });
    const second = await appendAudit(t.db, SYSTEM_ACTOR, { action: 'test.two', before: { x: 1 }, after: { x: 2 }, reason: '修改原因' });
    expect(second.seq).toBe(first.seq + 1);
    const result = await verifyChain(t.db);
    expect(result).toEqual({ ok: true, rows: second.seq, endHash: second.hash });
  });

  it('refuses UPDATE and DELETE on the log', async () => {
    const reason = (p: Promise<unknown>) => p.then(() => 'accepted', (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ''}`);
    expect(await reason(t.db.execute(sql`update audit_log set action = 'x' where seq = 1`))).toMatch(/append-only/);
    expect(await reason(t.db.execute(sql`delete from audit_log where seq = 1`))).toMatch(/append-only/);
  });

  it('never forks the chain under concurrent writers', async () => {
    // On PostgreSQL the writers use separate connections of a second pool; on PGlite they interleave on one.
    const other = t.kind === 'postgres' ? await t.connectAgain(10) : t.open;
    const before = await verifyChain(t.db);
    const writes = Array.from({ length: 40 }, (_, i) => appendAudit(i % 2 ? other.db : t.db, SYSTEM_ACTOR, { action: 'test.parallel', objectId: String(i) }));
    const results = await Promise.all(writes);
    const seqs = results.map((r) => r.seq).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(40);
    const after = await verifyChain(t.db);
    expect(after.ok).toBe(true);
    expect(after.rows).toBe(before.rows + 40);
  });

  it('names the first row whose content was altered behind its back', async () => {
    await appendAudit(t.db, SYSTEM_ACTOR, { action: 'test.victim', after: { amount: 100 } });
    const rows = await verifyChain(t.db);
    expect(rows.ok).toBe(true);
    const victim = 3;
    // A superuser disables the guard trigger and edits a row: the chain must expose it.
    await t.db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
    await t.db.execute(sql`update audit_log set after = '{"amount": 1}'::jsonb where seq = ${victim}`);
    await t.db.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
    const broken = await verifyChain(t.db);
    expect(broken).toMatchObject({ ok: false, brokenSeq: victim });
  });
});
