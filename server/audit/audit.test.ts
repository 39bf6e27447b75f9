/**
 * The audit chain on a real database (PGlite, or PostgreSQL with DATABASE_URL): unsequenced
 * appends, the chainer, the append-only guard, tampering, crashes and concurrency.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, isNull, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { rowsOf, type Db } from '../db';
import { auditHead, auditLog, queryLog } from '../db/schema';
import { appendAudit, insertAudited, SYSTEM_ACTOR } from './append';
import { chainPending, chainStatus, findSealed, setSynchronousChaining, startAuditChainer } from './chain';
import { verifyChain } from './verify';
import { chainHash, GENESIS_HASH } from './hash';
import { listAudit } from './query';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

const refusal = (p: Promise<unknown>) => p.then(() => 'accepted', (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ''}`);

/** As a superuser would, behind the guard's back (tests connect as the table owner). */
async function behindTheGuard(db: Db, work: () => Promise<unknown>) {
  await db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
  try {
    await work();
  } finally {
    await db.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
  }
}

async function pendingCount(db: Db): Promise<number> {
  return (await db.select({ id: auditLog.id }).from(auditLog).where(isNull(auditLog.seq))).length;
}

describe('audit chain', () => {
  it('hashes independently of key order and chains from the genesis hash', () => {
    const base = { seq: 1, at: '2026-01-01T00:00:00.000Z', actorId: null, actorName: 'x', role: null, department: null, action: 'a', objectType: null, objectId: null, reason: null };
    const a = chainHash(GENESIS_HASH, { ...base, before: null, after: { b: 1, a: [1, 2] } });
    const b = chainHash(GENESIS_HASH, { ...base, before: null, after: { a: [1, 2], b: 1 } });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash('f'.repeat(64), { ...base, before: null, after: { b: 1, a: [1, 2] } })).not.toBe(a);
  });

  it('appends rows that the chainer seals in order and the verifier accepts', async () => {
    const first = await appendAudit(t.db, SYSTEM_ACTOR, { action: 'test.one', objectType: 'thing', objectId: '1', after: { 名称: '罚款金额', n: 1.5 } });
    const second = await appendAudit(t.db, SYSTEM_ACTOR, { action: 'test.two', before: { x: 1 }, after: { x: 2 }, reason: '修改原因' });
    const a = await findSealed(t.db, first.id);
    const b = await findSealed(t.db, second.id);
    expect(b!.seq).toBe(a!.seq + 1);
    expect(await verifyChain(t.db)).toEqual({ ok: true, rows: b!.seq, endHash: b!.hash, pending: 0, checkpoints: 0 });
  });

  it('a writer takes no shared lock: its row waits unsequenced until the chainer seals it after commit', async () => {
    setSynchronousChaining(t.db, false);
    try {
      const headBefore = await chainStatus(t.db);
      const id = await t.db.transaction(async (tx) => {
        const row = await appendAudit(tx, SYSTEM_ACTOR, { action: 'test.pending', objectId: 'p1' });
        // Inside the writer's transaction: the head is untouched and not locked by it.
        const [head] = await tx.select().from(auditHead).where(eq(auditHead.id, 1));
        expect(head!.seq).toBe(headBefore.headSeq);
        return row.id;
      });
      const status = await chainStatus(t.db);
      expect(status).toMatchObject({ headSeq: headBefore.headSeq, pending: 1 });
      // Readers show it, as waiting (待上链): no seq, no hash.
      const [top] = (await listAudit(t.db, { page: 1, pageSize: 1 })).rows;
      expect(top).toMatchObject({ id, seq: null, hash: null, pending: true, action: 'test.pending' });
      // The verifier counts it and does not walk it.
      expect(await verifyChain(t.db)).toMatchObject({ ok: true, rows: headBefore.headSeq, pending: 1 });
      expect(await chainPending(t.db)).toBe(1);
      expect(await findSealed(t.db, id)).toMatchObject({ seq: headBefore.headSeq + 1 });
      expect(await verifyChain(t.db)).toMatchObject({ ok: true, rows: headBefore.headSeq + 1, pending: 0 });
    } finally {
      setSynchronousChaining(t.db, true);
    }
  });

  it('a rolled-back change leaves no audit row and no gap', async () => {
    setSynchronousChaining(t.db, false);
    try {
      const before = await chainStatus(t.db);
      await expect(
        t.db.transaction(async (tx) => {
          await appendAudit(tx, SYSTEM_ACTOR, { action: 'test.rolled_back' });
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      await appendAudit(t.db, SYSTEM_ACTOR, { action: 'test.after_rollback' });
      expect(await chainPending(t.db, { wait: true })).toBe(1);
      expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'test.rolled_back'))).toHaveLength(0);
      expect(await verifyChain(t.db)).toMatchObject({ ok: true, rows: before.headSeq + 1 });
    } finally {
      setSynchronousChaining(t.db, true);
    }
  });

  it('a change written with its audit row in one statement: both or neither, sealed like any row', async () => {
    const id = randomUUID();
    const logRow = (rowId: string) => t.db.insert(queryLog).values({ id: rowId, query: 'Q', purpose: '核查', resultCount: 0 });
    const written = await insertAudited(t.db, logRow(id), SYSTEM_ACTOR, { action: 'test.with_change', objectType: 'query-log', objectId: id });
    expect(await t.db.select({ id: queryLog.id }).from(queryLog).where(eq(queryLog.id, id))).toHaveLength(1);
    expect(await findSealed(t.db, written.id)).toMatchObject({ seq: expect.any(Number) });
    expect(await t.db.select({ action: auditLog.action, objectId: auditLog.objectId }).from(auditLog).where(eq(auditLog.id, written.id))).toEqual([{ action: 'test.with_change', objectId: id }]);
    // The change fails (the same key again): no audit row.
    await expect(insertAudited(t.db, logRow(id), SYSTEM_ACTOR, { action: 'test.change_failed', objectId: id })).rejects.toThrow();
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'test.change_failed'))).toHaveLength(0);
    // The audit row fails (no action): no change either.
    const other = randomUUID();
    await expect(insertAudited(t.db, logRow(other), SYSTEM_ACTOR, { action: null as never })).rejects.toThrow();
    expect(await t.db.select({ id: queryLog.id }).from(queryLog).where(eq(queryLog.id, other))).toHaveLength(0);
    expect(await verifyChain(t.db)).toMatchObject({ ok: true, pending: 0 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the log; only the one sealing of a pending row passes', async () => {
    expect(await refusal(t.db.execute(sql`update audit_log set action = 'x' where seq = 1`))).toMatch(/append-only \(UPDATE refused\)/);
    expect(await refusal(t.db.execute(sql`delete from audit_log where seq = 1`))).toMatch(/append-only \(DELETE refused\)/);
    expect(await refusal(t.db.execute(sql`truncate audit_log`))).toMatch(/append-only \(TRUNCATE refused\)/);
    // A sealed row cannot be re-sealed (moved in the chain).
    expect(await refusal(t.db.execute(sql`update audit_log set seq = 999999, prev_hash = hash where seq = 1`))).toMatch(/append-only/);
    setSynchronousChaining(t.db, false);
    try {
      const { id } = await appendAudit(t.db, SYSTEM_ACTOR, { action: 'test.guard', after: { amount: 1 } });
      // A pending row's content is as fixed as a sealed one's, even together with sealing it.
      expect(await refusal(t.db.execute(sql`update audit_log set after = '{"amount": 2}'::jsonb where id = ${id}`))).toMatch(/append-only/);
      expect(await refusal(t.db.execute(sql`update audit_log set seq = 999999, prev_hash = ${GENESIS_HASH}, hash = ${GENESIS_HASH}, after = '{"amount": 2}'::jsonb where id = ${id}`))).toMatch(/append-only/);
      // Half a seal breaks the table's own rule.
      expect(await refusal(t.db.execute(sql`update audit_log set seq = 999999 where id = ${id}`))).toMatch(/audit_log_sealed_together|append-only/);
      expect(await refusal(t.db.execute(sql`delete from audit_log where id = ${id}`))).toMatch(/append-only \(DELETE refused\)/);
      expect(await chainPending(t.db)).toBe(1);
      const [row] = await t.db.select().from(auditLog).where(eq(auditLog.id, id));
      expect(row!.after).toEqual({ amount: 1 });
    } finally {
      setSynchronousChaining(t.db, true);
    }
    expect((await verifyChain(t.db)).ok).toBe(true);
  });

  it('names the first row whose content was altered behind its back', async () => {
    const { id } = await appendAudit(t.db, SYSTEM_ACTOR, { action: 'test.victim', after: { amount: 100 } });
    const victim = (await findSealed(t.db, id))!.seq;
    await appendAudit(t.db, SYSTEM_ACTOR, { action: 'test.after_victim' });
    expect((await verifyChain(t.db)).ok).toBe(true);
    await behindTheGuard(t.db, () => t.db.execute(sql`update audit_log set after = '{"amount": 1}'::jsonb where seq = ${victim}`));
    expect(await verifyChain(t.db)).toMatchObject({ ok: false, brokenSeq: victim, reason: expect.stringMatching(/altered/) });
    await behindTheGuard(t.db, () => t.db.execute(sql`update audit_log set after = '{"amount": 100}'::jsonb where seq = ${victim}`));
    expect((await verifyChain(t.db)).ok).toBe(true);
  });
});

/** A chained row inserted then deleted, edited or moved: each is named. Own database: it is broken afterwards. */
describe('tampering with sealed rows', () => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await createTestDatabase();
    for (let i = 1; i <= 6; i++) await appendAudit(d.db, SYSTEM_ACTOR, { action: 'test.row', objectId: String(i), after: { i } });
  });
  afterAll(async () => {
    await d.close();
  });

  it('a deleted row in the middle is a sequence gap', async () => {
    const { rows } = (await verifyChain(d.db)) as { rows: number };
    const [victim] = await d.db.select().from(auditLog).where(eq(auditLog.seq, rows - 2));
    await behindTheGuard(d.db, () => d.db.execute(sql`delete from audit_log where seq = ${rows - 2}`));
    expect(await verifyChain(d.db)).toMatchObject({ ok: false, brokenSeq: rows - 2, reason: expect.stringMatching(/sequence gap/) });
    // Put back as it was (the id is generated, so it is re-inserted by value).
    const { id: _id, ...rest } = victim!;
    await d.db.execute(sql`insert into audit_log (seq, at, actor_id, actor_name, role, department, action, object_type, object_id, before, after, reason, salt, personal, prev_hash, hash)
      values (${rest.seq}, ${rest.at.toISOString()}, ${rest.actorId}, ${rest.actorName}, ${rest.role}, ${rest.department}, ${rest.action}, ${rest.objectType}, ${rest.objectId},
        ${JSON.stringify(rest.before)}::jsonb, ${JSON.stringify(rest.after)}::jsonb, ${rest.reason}, ${rest.salt}, ${rest.personal === null ? null : JSON.stringify(rest.personal)}::jsonb, ${rest.prevHash}, ${rest.hash})`);
    expect((await verifyChain(d.db)).ok).toBe(true);
  });

  it('two rows swapped in order break the links', async () => {
    const { rows } = (await verifyChain(d.db)) as { rows: number };
    const a = rows - 3;
    await behindTheGuard(d.db, async () => {
      await d.db.execute(sql`update audit_log set seq = -1 where seq = ${a}`);
      await d.db.execute(sql`update audit_log set seq = ${a} where seq = ${a + 1}`);
      await d.db.execute(sql`update audit_log set seq = ${a + 1} where seq = -1`);
    });
    expect(await verifyChain(d.db)).toMatchObject({ ok: false, brokenSeq: a });
    await behindTheGuard(d.db, async () => {
      await d.db.execute(sql`update audit_log set seq = -1 where seq = ${a}`);
      await d.db.execute(sql`update audit_log set seq = ${a} where seq = ${a + 1}`);
      await d.db.execute(sql`update audit_log set seq = ${a + 1} where seq = -1`);
    });
    expect((await verifyChain(d.db)).ok).toBe(true);
  });

  it('a row inserted into the chain is named, even with its own hash recomputed', async () => {
    const { rows } = (await verifyChain(d.db)) as { rows: number };
    await behindTheGuard(d.db, async () => {
      await d.db.execute(sql`update audit_log set seq = seq + 1000 where seq > ${rows - 1}`);
      const [prev] = await d.db.select().from(auditLog).where(eq(auditLog.seq, rows - 1));
      const content = { seq: rows, at: new Date().toISOString(), actorId: null, actorName: 'intruder', role: null, department: null, action: 'test.forged', objectType: null, objectId: null, before: null, after: null, reason: null };
      const hash = chainHash(prev!.hash!, content);
      await d.db.execute(sql`insert into audit_log (seq, at, actor_name, action, prev_hash, hash) values (${rows}, ${content.at}, 'intruder', 'test.forged', ${prev!.hash}, ${hash})`);
      await d.db.execute(sql`update audit_log set seq = seq - 999 where seq > 1000`);
    });
    // The forged row links to its predecessor, but the next row does not link to it.
    expect(await verifyChain(d.db)).toMatchObject({ ok: false, brokenSeq: rows + 1, reason: expect.stringMatching(/prev_hash/) });
  });
});

describe('concurrency and crashes', () => {
  it('50 concurrent writers on several pools, chainers racing, give one gap-free chain with every committed row once; a verifier running meanwhile never reports a break', async () => {
    const pools: Db[] = t.kind === 'postgres' ? [t.db, ...(await Promise.all([t.connectAgain(12), t.connectAgain(12), t.connectAgain(12), t.connectAgain(12)])).map((o) => o.db)] : [t.db];
    for (const db of pools) setSynchronousChaining(db, false);
    try {
      await chainPending(t.db, { wait: true });
      const before = (await verifyChain(t.db)) as { ok: true; rows: number };
      expect(before.ok).toBe(true);
      const committed = new Set<string>();
      let writing = true;
      // A chainer on every pool, as on every app instance, racing the writers and each other.
      const chainers = pools.map(async (db) => {
        while (writing) await chainPending(db);
      });
      // An auditor pressing 校验哈希链 while the chain grows: rows sealed during the walk are not a break.
      const verdicts: unknown[] = [];
      const verifier = (async () => {
        while (writing) {
          const v = await verifyChain(pools[pools.length - 1]!);
          if (!v.ok) verdicts.push(v);
        }
      })();
      await Promise.all(
        Array.from({ length: 50 }, async (_, w) => {
          const db = pools[w % pools.length]!;
          for (let n = 0; n < 4; n++) {
            const key = `${w}-${n}`;
            const fail = (w + n) % 5 === 0;
            await db
              .transaction(async (tx) => {
                await appendAudit(tx, SYSTEM_ACTOR, { action: 'test.parallel', objectId: key, after: { w, n } });
                await tx.execute(sql`select count(*) from department`);
                if (fail) throw new Error('rolled back');
              })
              .then(
                () => committed.add(key),
                () => {},
              );
          }
        }),
      );
      writing = false;
      await Promise.all([...chainers, verifier]);
      expect(verdicts).toEqual([]);
      await chainPending(t.db, { wait: true });
      const after = await verifyChain(t.db);
      expect(after).toMatchObject({ ok: true, rows: before.rows + committed.size, pending: 0 });
      const rows = await t.db.select({ objectId: auditLog.objectId, seq: auditLog.seq }).from(auditLog).where(eq(auditLog.action, 'test.parallel')).orderBy(asc(auditLog.seq));
      expect(rows.map((r) => r.objectId).sort()).toEqual([...committed].sort());
      expect(committed.size).toBe(160);
    } finally {
      setSynchronousChaining(t.db, true);
    }
  });

  it.runIf(process.env.DATABASE_URL)('a writer never waits for another writer’s open transaction (PostgreSQL)', async () => {
    const other = await t.connectAgain(2);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let appended!: () => void;
    const inside = new Promise<void>((r) => (appended = r));
    // Writer A appends and keeps its transaction open.
    const a = t.db.transaction(async (tx) => {
      await appendAudit(tx, SYSTEM_ACTOR, { action: 'test.long_writer' });
      appended();
      await held;
    });
    await inside;
    // Writer B, on another connection, appends and commits meanwhile; a lock wait would fail it.
    await other.db.transaction(async (tx) => {
      await tx.execute(sql`set local lock_timeout = '2s'`);
      await appendAudit(tx, SYSTEM_ACTOR, { action: 'test.short_writer' });
    });
    // B's row is chained while A is still open; A's is chained after A commits.
    await chainPending(t.db, { wait: true });
    const [short] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'test.short_writer'));
    expect(short!.seq).not.toBeNull();
    release();
    await a;
    await chainPending(t.db, { wait: true });
    const [long] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'test.long_writer'));
    expect(long!.seq).toBeGreaterThan(short!.seq!);
    expect((await verifyChain(t.db)).ok).toBe(true);
  });

  it('a crash between commit and chaining loses nothing: the next chainer (any instance) seals the rows', async () => {
    setSynchronousChaining(t.db, false);
    try {
      const before = (await verifyChain(t.db)) as { ok: true; rows: number };
      // An instance writes and dies before its chainer runs.
      const instance = t.kind === 'postgres' ? await t.connectAgain(2) : null;
      const writer = instance?.db ?? t.db;
      for (let i = 0; i < 3; i++) await appendAudit(writer, SYSTEM_ACTOR, { action: 'test.crash', objectId: String(i) });
      await instance?.close();
      expect(await pendingCount(t.db)).toBe(3);
      // Another instance's background chainer picks them up.
      const stop = startAuditChainer(async () => t.db, 50);
      try {
        await expect.poll(() => pendingCount(t.db), { timeout: 10_000, interval: 20 }).toBe(0);
      } finally {
        await stop();
      }
      expect(await verifyChain(t.db)).toMatchObject({ ok: true, rows: before.rows + 3 });
    } finally {
      setSynchronousChaining(t.db, true);
    }
  });

  it('a chainer that dies mid-batch leaves its rows pending, and the chain intact', async () => {
    setSynchronousChaining(t.db, false);
    try {
      const before = (await verifyChain(t.db)) as { ok: true; rows: number };
      for (let i = 0; i < 3; i++) await appendAudit(t.db, SYSTEM_ACTOR, { action: 'test.chainer_crash', objectId: String(i) });
      if (t.kind === 'postgres') {
        // A chainer process (psql here, so no driver of ours is involved) holds the head, has
        // sealed a row, and its backend is killed, as a crash or failover would.
        const victim = spawn('psql', [t.url!, '-v', 'ON_ERROR_STOP=1', '-c', 'begin', '-c', 'select 1 from audit_head where id = 1 for update',
          '-c', `update audit_log set seq = ${before.rows + 1}, prev_hash = '${GENESIS_HASH}', hash = '${GENESIS_HASH}' where id = (select min(id) from audit_log where seq is null)`,
          '-c', 'select pg_sleep(60)'], { env: { ...process.env, PGAPPNAME: 'audit-test-dying-chainer' }, stdio: 'ignore' });
        const exited = new Promise<number | null>((resolve) => victim.on('exit', resolve));
        const pidOf = async () => rowsOf<{ pid: number }>(await t.db.execute(sql`select pid from pg_stat_activity where application_name = 'audit-test-dying-chainer' and query like '%pg_sleep%'`))[0]?.pid ?? null;
        await expect.poll(pidOf, { timeout: 10_000, interval: 20 }).not.toBeNull();
        // While it holds the head, no other chainer seals anything.
        expect(await chainPending(t.db)).toBe(0);
        await t.db.execute(sql`select pg_terminate_backend(${await pidOf()})`);
        expect(await exited).not.toBe(0);
      } else {
        await t.db
          .transaction(async (tx) => {
            await tx.execute(sql`select 1 from audit_head where id = 1 for update`);
            await tx.execute(sql`update audit_log set seq = ${before.rows + 1}, prev_hash = ${GENESIS_HASH}, hash = ${GENESIS_HASH} where id = (select min(id) from audit_log where seq is null)`);
            throw new Error('process died');
          })
          .catch(() => {});
      }
      expect(await pendingCount(t.db)).toBe(3);
      expect(await verifyChain(t.db)).toMatchObject({ ok: true, rows: before.rows });
      expect(await chainPending(t.db, { wait: true })).toBe(3);
      expect(await verifyChain(t.db)).toMatchObject({ ok: true, rows: before.rows + 3 });
    } finally {
      setSynchronousChaining(t.db, true);
    }
  });
});
