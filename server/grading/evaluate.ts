/**
 * Evaluation runs (issue #6): a published model version over every subject in scope for a period,
 * set-based in SQL (server/grading/compile.ts). A run is a row in `evaluation_run`; `startRun`
 * queues it and kicks the in-process worker; any instance's worker (and the background interval
 * started at boot) claims queued rows with `FOR UPDATE SKIP LOCKED`, so several app instances
 * never run the same job twice. A claim carries a token and a heartbeat: a run still `running`
 * whose heartbeat is older than the lease belongs to an instance that died and is queued again;
 * every chunk re-checks the token in its own transaction, so a worker that lost its claim writes
 * nothing more. The statement runs once per range of subject codes (one range for a small run)
 * and the progress moves with each; when all chunks are in, one transaction makes the run
 * current for (model, period), so readers always see exactly one complete set. The run it
 * replaces for the same model version is marked `purge_pending` there and its results are deleted
 * afterwards in batches (`purgeReplacedResults`, also at every worker tick after a crash), so a
 * re-run at 1M subjects is not held up ~10 s by one large DELETE in the swap transaction.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { rowsOf } from '../db';
import { evaluationResult, evaluationRun } from '../db/schema';
import { appendAudit, type Actor } from '../audit/append';
import { DomainError } from '../errors';
import { IN_FORCE_STATUSES } from '../registers/status';
import { todayCN } from '../registers/dates';
import { isIsoDate, latestCompletedPeriod, periodContaining, type Period } from '../../catalog/grading/period';
import { gradingModelProblems } from '../../catalog/grading/validate';
import { RUN_ABANDONED, RUN_INTERNAL, RUN_MAX_ATTEMPTS, encodeRunError, type GradingModelContent } from '../../catalog/grading/types';
import { compileInsert, type SubjectRange } from './compile';
import { assertNoProblems, getModelVersion } from './models';

export type RunRow = typeof evaluationRun.$inferSelect;

/** Rows of `record` per chunk we aim for: a chunk reads its range of subject codes through the
 *  index, so more chunks cost little beyond one statement each; fewer keep a small run to one.
 *  GRADING_CHUNKS overrides (benchmarks, tests). */
const RECORDS_PER_CHUNK = 1_000_000;
const MAX_CHUNKS = 20;
/** A running run whose heartbeat is older than this is taken to be orphaned (GRADING_LEASE_MS overrides). */
export const DEFAULT_LEASE_MS = 10 * 60_000;

export function periodFor(content: GradingModelContent, periodEnd?: string): Period {
  if (periodEnd !== undefined) {
    if (!isIsoDate(periodEnd)) throw new DomainError('INVALID_INPUT', 'grading.errors.badDate', { value: periodEnd }, [{ path: 'periodEnd', key: 'grading.errors.badDate', params: { value: periodEnd } }]);
    return periodContaining(content.definition.period, periodEnd);
  }
  return latestCompletedPeriod(content.definition.period, todayCN());
}

/** Queues an evaluation of a published (or superseded) model version and kicks the worker. */
export async function startRun(db: Db, actor: Actor, input: { code: string; version?: number; periodEnd?: string }, opts: { kick?: boolean } = {}): Promise<{ runId: string }> {
  const model = await getModelVersion(db, input.code, input.version);
  if (!(IN_FORCE_STATUSES as readonly string[]).includes(model.status)) {
    throw new DomainError('CONFLICT', 'grading.errors.draftNotEvaluable', { code: model.code, version: model.version, status: model.status });
  }
  assertNoProblems(gradingModelProblems(model.content));
  const period = periodFor(model.content, input.periodEnd);
  const runId = await db.transaction(async (tx) => {
    const [run] = await tx
      .insert(evaluationRun)
      .values({ modelCode: model.code, modelVersion: model.version, content: model.content as unknown as Record<string, unknown>, periodStart: period.start, periodEnd: period.end, createdBy: actor.id })
      .returning({ id: evaluationRun.id });
    await appendAudit(tx, actor, { action: 'grading.run.start', objectType: 'evaluation-run', objectId: run!.id, after: { code: model.code, version: model.version, period } });
    return run!.id;
  });
  if (opts.kick !== false) kickWorker(db);
  return { runId };
}

// ---------- the worker ----------

const worker = globalThis as unknown as { __gradingWorker?: Promise<void> | null; __gradingAgain?: boolean; __gradingInterval?: () => void };

/** Fire and forget: runs queued evaluations in this process unless a loop is already running. */
export function kickWorker(db: Db): void {
  worker.__gradingAgain = true;
  if (worker.__gradingWorker) return;
  worker.__gradingWorker = (async () => {
    try {
      while (worker.__gradingAgain) {
        worker.__gradingAgain = false;
        await runQueuedEvaluations(db);
      }
    } catch (e) {
      console.error('[grading] worker stopped:', (e as Error).message);
    } finally {
      worker.__gradingWorker = null;
    }
  })();
}

/** Resolves when this process's worker loop is idle (tests, graceful shutdown). */
export async function workerIdle(): Promise<void> {
  while (worker.__gradingWorker) await worker.__gradingWorker;
}

function leaseMs(): number {
  const fromEnv = Number(process.env.GRADING_LEASE_MS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_LEASE_MS;
}

/** How many times a run may be claimed: after its instance died this often it fails. */
export const MAX_ATTEMPTS = RUN_MAX_ATTEMPTS;
/** `error` of a run given up: the runs page shows it in the user's language. */
export const ABANDONED = RUN_ABANDONED;

/** Runs left `running` by an instance that died (no heartbeat within the lease) go back to the
 *  queue, until they have been claimed MAX_ATTEMPTS times: then they fail (`ABANDONED`), as does
 *  an orphaned what-if (run inline by a request that is gone). */
export async function requeueOrphans(db: Db, lease = leaseMs()): Promise<number> {
  const stale = sql`status = 'running' and coalesce(heartbeat_at, started_at, created_at) < now() - ${lease}::int * interval '1 millisecond'`;
  await db.execute(
    sql`update evaluation_run set status = 'failed', finished_at = now(), error = ${ABANDONED}, claimed_by = null where ${stale} and (what_if or attempts >= ${MAX_ATTEMPTS})`,
  );
  const rows = rowsOf<{ id: string }>(await db.execute(sql`update evaluation_run set status = 'queued', claimed_by = null, heartbeat_at = null, done = 0 where ${stale} and not what_if returning id`));
  return rows.length;
}

/** Atomically takes the oldest queued run (after re-queuing orphans); null when none is left. */
export async function claimRun(db: Db, opts: { lease?: number } = {}): Promise<RunRow | null> {
  await requeueOrphans(db, opts.lease);
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`update evaluation_run set status = 'running', started_at = now(), heartbeat_at = now(), claimed_by = ${randomUUID()}, attempts = attempts + 1
      where id = (select id from evaluation_run where status = 'queued' and not what_if order by created_at limit 1 for update skip locked)
      returning id`),
  );
  if (!rows[0]) return null;
  const [run] = await db.select().from(evaluationRun).where(eq(evaluationRun.id, rows[0].id));
  return run ?? null;
}

/** Runs queued evaluations until none is left; returns the ids this caller ran. Boot/sweepers call it. */
export async function runQueuedEvaluations(db: Db, opts: { lease?: number } = {}): Promise<string[]> {
  await purgeReplacedResults(db); // left over by an instance that died between publishing a run and purging
  const ran: string[] = [];
  for (let run = await claimRun(db, opts); run; run = await claimRun(db, opts)) {
    await executeRun(db, run);
    ran.push(run.id);
  }
  return ran;
}

/** The background interval (boot): picks up runs queued by any instance and orphans past their lease. */
export function startGradingWorker(getDb: () => Promise<Db>, intervalMs: number): () => void {
  if (worker.__gradingInterval) return worker.__gradingInterval; // once per process (hot reload, several module graphs)
  if (!(intervalMs > 0)) return () => {};
  const timer = setInterval(async () => {
    try {
      kickWorker(await getDb());
    } catch (e) {
      console.error('[grading] background run failed:', (e as Error).message);
    }
  }, intervalMs);
  timer.unref?.();
  worker.__gradingInterval = () => {
    clearInterval(timer);
    worker.__gradingInterval = undefined;
  };
  return worker.__gradingInterval;
}

async function chunkCount(db: Db): Promise<number> {
  const fixed = Number(process.env.GRADING_CHUNKS);
  if (Number.isInteger(fixed) && fixed > 0) return fixed;
  const rows = rowsOf<{ n: number }>(await db.execute(sql`select greatest(reltuples, 0)::float8 as n from pg_class where relname = 'record'`));
  const estimate = Number(rows[0]?.n ?? 0);
  return Math.min(MAX_CHUNKS, Math.max(1, Math.ceil(estimate / RECORDS_PER_CHUNK)));
}

/**
 * `of` consecutive ranges of subject codes with about as many records each: the boundaries come
 * from the planner's histogram of record.subject_code (free), or, before the table was ever
 * analyzed, from the codes themselves. Any boundaries partition the codes, so stale statistics
 * only unbalance the chunks.
 */
export async function subjectRanges(db: Db, of: number): Promise<SubjectRange[]> {
  if (of <= 1) return [{ from: null, to: null }];
  const hist = parseTextArray(
    rowsOf<{ b: string[] | string | null }>(await db.execute(sql`select histogram_bounds::text::text[] as b from pg_stats where schemaname = current_schema() and tablename = 'record' and attname = 'subject_code'`))[0]?.b ?? null,
  );
  const fractions = Array.from({ length: of - 1 }, (_, i) => (i + 1) / of);
  const inner =
    hist.length >= 2
      ? fractions.map((f) => hist[Math.round(f * (hist.length - 1))]!)
      : parseTextArray(rowsOf<{ b: string[] | string | null }>(await db.execute(sql`select percentile_disc(${`{${fractions.join(',')}}`}::float8[]) within group (order by subject_code) as b from record`))[0]?.b ?? null);
  const edges: (string | null)[] = [null, ...new Set(inner), null];
  return edges.slice(0, -1).map((from, i) => ({ from, to: edges[i + 1] ?? null }));
}

/** A text[] as the driver gives it: parsed already (postgres.js) or as its literal (PGlite may). */
function parseTextArray(v: string[] | string | null): string[] {
  if (v === null) return [];
  if (Array.isArray(v)) return v;
  const body = v.replace(/^\{|\}$/g, '');
  if (!body) return [];
  return (body.match(/"((?:[^"\\]|\\.)*)"|[^,]+/g) ?? []).map((x) => (x.startsWith('"') ? x.slice(1, -1).replace(/\\(.)/g, '$1') : x));
}

/**
 * Settings for a chunk's transaction (also used by the benchmark's floor, to compare like with
 * like). JIT off: it compiles this wide statement for seconds (3 s of 12 at 200k subjects) and
 * the statement runs once. work_mem: the per-subject aggregate of a chunk (~0.5 kB per subject
 * for 20 indicators) stays one in-memory hash instead of an external sort; a chunk holds at most
 * ~RECORDS_PER_CHUNK records, so 64 MB (× hash_mem_multiplier) is enough. GRADING_WORK_MEM overrides.
 */
export function sessionSettings(): SQL {
  return sql`set_config('jit', 'off', true), set_config('work_mem', ${process.env.GRADING_WORK_MEM || '64MB'}, true)`;
}

class ClaimLost extends Error {}

/** What a failed run keeps as its `error`: a refusal's message key and parameters (shown translated),
 *  or RUN_INTERNAL for anything else — never the error's text, which may carry SQL. */
export function runFailure(e: unknown): string {
  if (e instanceof DomainError) return encodeRunError(e.key, e.params, e.code);
  return RUN_INTERNAL;
}

/** Inside a chunk's transaction: still ours? Moves the progress and the heartbeat, and locks the
 *  run row so a re-queue waits for this chunk. */
async function ownRun(tx: Db, run: RunRow, set: Partial<typeof evaluationRun.$inferInsert>): Promise<void> {
  const token = run.claimedBy === null ? sql`claimed_by is null` : sql`claimed_by = ${run.claimedBy}`;
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`update evaluation_run set heartbeat_at = now() where id = ${run.id}::uuid and status = 'running' and ${token} returning id`),
  );
  if (!rows[0]) throw new ClaimLost(run.id);
  if (Object.keys(set).length) await tx.update(evaluationRun).set(set).where(eq(evaluationRun.id, run.id));
}

async function evaluateChunk(db: Db, run: RunRow, range: SubjectRange, done: number, distribution: Record<string, number>): Promise<void> {
  const content = run.content as unknown as GradingModelContent;
  const rows = await db.transaction(async (tx) => {
    await ownRun(tx, run, { done });
    await tx.execute(sql`select ${sessionSettings()}`);
    const written = rowsOf<{ grade: string; n: number }>(await tx.execute(compileInsert(content, run.id, { period: { start: run.periodStart, end: run.periodEnd }, range })));
    // the heartbeat as of the chunk's end (now() would be its start): the lease counts from here
    await tx.update(evaluationRun).set({ heartbeatAt: sql`clock_timestamp()` }).where(eq(evaluationRun.id, run.id));
    return written;
  });
  for (const r of rows) distribution[r.grade] = (distribution[r.grade] ?? 0) + Number(r.n);
}

/** Evaluates a claimed run chunk by chunk, then publishes it (or marks it failed, leaving nothing behind). */
export async function executeRun(db: Db, run: RunRow, chunks?: number): Promise<void> {
  try {
    const ranges = await subjectRanges(db, chunks ?? (await chunkCount(db)));
    await db.transaction(async (tx) => {
      await ownRun(tx, run, { total: ranges.length, done: 0 });
      // leftovers of an instance that died in the middle of this run
      await tx.delete(evaluationResult).where(eq(evaluationResult.runId, run.id));
    });
    const distribution: Record<string, number> = {};
    for (const [k, range] of ranges.entries()) await evaluateChunk(db, run, range, k + 1, distribution);
    if (run.whatIf) {
      await db.transaction((tx) => ownRun(tx, run, { status: 'done', finishedAt: new Date(), distribution }));
      return;
    }
    await publishRun(db, run, distribution);
  } catch (e) {
    if (e instanceof ClaimLost) return; // another worker owns the run now: its results are not ours to touch
    await db.transaction(async (tx) => {
      await ownRun(tx, run, { status: 'failed', finishedAt: new Date(), error: runFailure(e) });
      await tx.delete(evaluationResult).where(eq(evaluationResult.runId, run.id));
    }).catch(() => {});
    if (!(e instanceof DomainError)) console.error(`[grading] run ${run.id} failed:`, (e as Error).message);
    return;
  }
  // The run is done and current; the one it replaced loses its results (a failure here is retried at the next tick).
  await purgeReplacedResults(db).catch((e) => console.error('[grading] purging replaced results failed:', (e as Error).message));
}

/** Rows deleted per statement when purging a replaced run's results. */
const PURGE_BATCH = 50_000;

/**
 * Deletes the results of runs replaced by a re-run of the same version (`purge_pending`), in
 * batches of `batch` rows so that no statement holds locks or builds WAL for a whole run; clears
 * the flag once a run has none left. Several workers may purge at once: the rows one deletes,
 * the others simply no longer find. Returns the number of rows deleted.
 */
export async function purgeReplacedResults(db: Db, batch = PURGE_BATCH): Promise<number> {
  const pending = await db.select({ id: evaluationRun.id }).from(evaluationRun).where(eq(evaluationRun.purgePending, true));
  let deleted = 0;
  for (const { id } of pending) {
    for (;;) {
      const rows = rowsOf<{ n: number }>(
        await db.execute(sql`with doomed as (select run_id, subject_code from evaluation_result where run_id = ${id}::uuid limit ${batch}),
          gone as (delete from evaluation_result r using doomed d where r.run_id = d.run_id and r.subject_code = d.subject_code returning 1)
          select count(*)::int as n from gone`),
      );
      const n = Number(rows[0]?.n ?? 0);
      deleted += n;
      if (n < batch) break;
    }
    await db.update(evaluationRun).set({ purgePending: false }).where(eq(evaluationRun.id, id));
  }
  return deleted;
}

/** One transaction: the run becomes current; the run it replaces for the same version is marked
 *  for its results to be purged (right after, outside this transaction). */
async function publishRun(db: Db, run: RunRow, distribution: Record<string, number>): Promise<void> {
  await db.transaction(async (tx) => {
    // Two instances publishing runs of the same model and period at once: each read the
    // previous current run before the other committed, and the second hit the unique index
    // (model, period) where current. One transaction-scoped lock per (model, period) makes the
    // second wait and then, with a fresh snapshot, replace the first; the last to publish wins.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`evaluation_run:${run.modelCode}:${run.periodStart}:${run.periodEnd}`}, 0))`);
    await ownRun(tx, run, {});
    const previous = await tx
      .select()
      .from(evaluationRun)
      .where(and(eq(evaluationRun.modelCode, run.modelCode), eq(evaluationRun.periodStart, run.periodStart), eq(evaluationRun.periodEnd, run.periodEnd), eq(evaluationRun.isCurrent, true), ne(evaluationRun.id, run.id)))
      .for('update');
    for (const p of previous) {
      await tx.update(evaluationRun).set({ isCurrent: false, purgePending: p.modelVersion === run.modelVersion }).where(eq(evaluationRun.id, p.id));
    }
    await tx.update(evaluationRun).set({ status: 'done', isCurrent: true, finishedAt: new Date(), distribution }).where(eq(evaluationRun.id, run.id));
  });
}
