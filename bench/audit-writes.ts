/**
 * npm run bench:audit — audited writes per second with 1, 10 and 50 concurrent writers, spread
 * over several connection pools (as several app instances would be), on PostgreSQL
 * (DATABASE_URL; a fresh database is created and dropped). One JSON line per figure:
 *   audit_writes_per_s_c<N>      committed audited transactions per second, median of the rounds
 *   audit_write_p99_ms_c<N>      p99 latency of one transaction, median of the rounds
 *   audit_chain_lag_ms_max_c<N>  oldest unchained row seen while writing (the background chainer runs)
 *   audit_chain_catchup_ms_c<N>  time for the chainer to chain what was left when the writers stopped
 * Each writer transaction looks like a service's: insert a row, append the audit row, then three
 * more statements (the lookups a submit makes after its append) and commit.
 * Exits 1 when a committed write has no chained audit row, a row is chained twice, or the chain
 * does not verify. BENCH_SECONDS (default 6) per round, BENCH_ROUNDS (default 3), BENCH_POOLS (4).
 */
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../server/testing/db';
import { rowsOf, type Db, type OpenDatabase } from '../server/db';
import { appendAudit, SYSTEM_ACTOR } from '../server/audit/append';
import { verifyChain } from '../server/audit/verify';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const POOLS = Number(process.env.BENCH_POOLS ?? 4);
const LEVELS = (process.env.BENCH_WRITERS ?? '1,10,50').split(',').map(Number);

function emit(name: string, value: number, unit: string, extra: Record<string, unknown> = {}) {
  console.log(JSON.stringify({ name, value: Math.round(value * 100) / 100, unit, ...extra }));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? 0;
};

// The chainer exists only after the audit sequencing change; the "before" figures run without it.
type ChainModule = { chainPending: (db: Db, opts?: { wait?: boolean }) => Promise<number> };
const chain = (await import('../server/audit/chain' as string).catch(() => null)) as ChainModule | null;

const t = await createTestDatabase();
if (t.kind !== 'postgres') {
  console.error('bench:audit needs PostgreSQL: set DATABASE_URL (PGlite is one connection, nothing runs concurrently).');
  await t.close();
  process.exit(2);
}
let failed = false;
const pools: OpenDatabase[] = [];
try {
  await t.db.execute(sql`create table bench_write (id bigserial primary key, writer int not null, n int not null, at timestamptz not null default now())`);
  const maxWriters = Math.max(...LEVELS);
  for (let i = 0; i < POOLS; i++) pools.push(await t.connectAgain(Math.ceil(maxWriters / POOLS) + 1));

  async function writeOnce(db: Db, writer: number, n: number) {
    await db.transaction(async (tx) => {
      const [row] = rowsOf<{ id: string }>(await tx.execute(sql`insert into bench_write (writer, n) values (${writer}, ${n}) returning id`));
      await appendAudit(tx, SYSTEM_ACTOR, { action: 'bench.write', objectType: 'bench', objectId: String(row!.id), after: { writer, n } });
      await tx.execute(sql`select count(*) from flow_binding where trigger = 'record-submit'`);
      await tx.execute(sql`select id from department limit 1`);
      await tx.execute(sql`select 1 from bench_write where id = ${row!.id}`);
    });
  }

  for (const writers of LEVELS) {
    const rates: number[] = [];
    const p99s: number[] = [];
    const lags: number[] = [];
    const catchups: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // The background chainer runs as in the app (createTestDatabase starts it outside Vitest).
      let maxLag = 0;
      const sampler = chain
        ? setInterval(() => {
            void t.db
              .execute(sql`select coalesce(extract(epoch from now() - min(at)) * 1000, 0) as lag from audit_log where seq is null`)
              .then((r) => {
                maxLag = Math.max(maxLag, Number(rowsOf<{ lag: string }>(r)[0]?.lag ?? 0));
              })
              .catch(() => {});
          }, 100)
        : null;
      const latencies: number[] = [];
      const deadline = Date.now() + SECONDS * 1000;
      const started = performance.now();
      let done = 0;
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          const db = pools[w % POOLS]!.db;
          for (let n = 0; Date.now() < deadline; n++) {
            const t0 = performance.now();
            await writeOnce(db, w, n);
            latencies.push(performance.now() - t0);
            done += 1;
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      if (sampler) clearInterval(sampler);
      const c0 = performance.now();
      if (chain) while ((await chain.chainPending(t.db, { wait: true })) > 0);
      catchups.push(performance.now() - c0);
      rates.push(done / elapsed);
      p99s.push(pct(latencies, 0.99));
      lags.push(maxLag);
    }
    emit(`audit_writes_per_s_c${writers}`, median(rates), 'tx/s', { writers, pools: POOLS, rounds: ROUNDS, seconds: SECONDS, chainer: Boolean(chain), all: rates.map(Math.round) });
    emit(`audit_write_p99_ms_c${writers}`, median(p99s), 'ms', { writers, chainer: Boolean(chain) });
    if (chain) {
      emit(`audit_chain_lag_ms_max_c${writers}`, median(lags), 'ms', { writers });
      emit(`audit_chain_catchup_ms_c${writers}`, median(catchups), 'ms', { writers });
    }
  }

  // Every committed write has exactly one audit row, every audit row is chained, the chain verifies.
  const [counts] = rowsOf<{ writes: string; audited: string; chained: string; distinct_objects: string }>(
    await t.db.execute(sql`select (select count(*) from bench_write) as writes,
      (select count(*) from audit_log where action = 'bench.write') as audited,
      (select count(*) from audit_log where action = 'bench.write' and hash is not null) as chained,
      (select count(distinct object_id) from audit_log where action = 'bench.write') as distinct_objects`),
  );
  const writes = Number(counts!.writes);
  const ok = writes === Number(counts!.audited) && writes === Number(counts!.chained) && writes === Number(counts!.distinct_objects);
  const verified = await verifyChain(t.db);
  emit('audit_chain_ok', ok && verified.ok ? 1 : 0, 'bool', { writes, audited: Number(counts!.audited), chained: Number(counts!.chained), chainRows: verified.rows, verify: verified.ok ? 'OK' : verified.reason });
  if (!ok || !verified.ok) failed = true;
} catch (e) {
  console.error(e);
  failed = true;
} finally {
  for (const p of pools) await p.close();
  await t.close();
}
process.exit(failed ? 1 : 0);
