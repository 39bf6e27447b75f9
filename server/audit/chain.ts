/**
 * The chainer: gives committed, unsequenced audit rows their place in the one chain (seq,
 * prev_hash, hash), in the order it sees them committed, in batches.
 *
 * Why this shape (DESIGN §7, README "Audit chain"): writers insert their rows in their own
 * transaction without touching a shared row, so no writer waits for another; only the chainer
 * holds the head, for the few milliseconds of one batch, and never while a writer's transaction
 * is open. One chainer at a time, whichever instance: the batch holds the `audit_head` row lock
 * (`FOR UPDATE SKIP LOCKED` in the background loop: an instance that finds it taken leaves the
 * work to the holder). Rows are read after the lock is taken, so a batch only ever sees committed
 * rows and chains every one of them: a transaction that commits later is simply chained later.
 * Nothing can appear "below" the chained part, because the chain order is the chainer's order,
 * not an order fixed by writers, and a crash between a commit and its chaining loses nothing:
 * the row waits, committed, for the next batch (of any instance).
 *
 * Readers that must see everything chained (the verifier, exports, checkpoints) call
 * `chainPending(db, { wait: true })` first; the audit page shows rows still waiting as 待上链.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { rowsOf, type Db } from '../db';
import { auditHead, auditLog } from '../db/schema';
import { chainHash, hashedContent, type AuditContent } from './hash';

type Row = typeof auditLog.$inferSelect;

/** The content a stored row is hashed with (its seq given, as the chainer assigns it). */
export function contentOf(row: Omit<Row, 'seq'> & { seq: number | null }, seq = row.seq!): AuditContent {
  return hashedContent(
    {
      seq,
      at: row.at.toISOString(),
      actorId: row.actorId,
      actorName: row.actorName,
      role: row.role,
      department: row.department,
      action: row.action,
      objectType: row.objectType,
      objectId: row.objectId,
      before: row.before ?? null,
      after: row.after ?? null,
      reason: row.reason,
    },
    row.salt,
    row.personal,
  );
}

const DEFAULT_BATCH = 500;

/**
 * One batch under the head lock: -1 when another chainer holds it (and `wait` is false), else the
 * number of rows chained.
 */
async function chainBatch(db: Db, wait: boolean, batch: number): Promise<number> {
  // The database's own transaction, not the test wrapper of chainSynchronously (which chains).
  const transaction = originals().get(db) ?? db.transaction.bind(db);
  return transaction(async (tx) => {
    const locked = rowsOf<{ seq: string | number; hash: string }>(
      await tx.execute(sql`select seq, hash from ${auditHead} where id = 1 for update${wait ? sql`` : sql` skip locked`}`),
    );
    const head = locked[0];
    if (!head) {
      if (wait) throw new Error('audit_head row is missing: migrations were not applied');
      return -1;
    }
    const rows = await tx.select().from(auditLog).where(isNull(auditLog.seq)).orderBy(asc(auditLog.id)).limit(batch);
    if (rows.length === 0) return 0;
    let seq = Number(head.seq);
    let prev = head.hash;
    const sealed = rows.map((row) => {
      seq += 1;
      const hash = chainHash(prev, contentOf(row, seq));
      const out = sql`(${row.id}::bigint, ${seq}::bigint, ${prev}::text, ${hash}::text)`;
      prev = hash;
      return out;
    });
    const updated = rowsOf<{ id: string }>(
      await tx.execute(sql`update ${auditLog} as a set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
        from (values ${sql.join(sealed, sql`, `)}) as v(id, seq, prev_hash, hash)
        where a.id = v.id and a.seq is null returning a.id`),
    );
    // Only the head holder seals rows, so every row read above is still unsealed.
    if (updated.length !== rows.length) throw new Error(`audit chainer sealed ${updated.length} of ${rows.length} rows: rows were sealed without the head lock`);
    await tx.update(auditHead).set({ seq, hash: prev }).where(eq(auditHead.id, 1));
    return rows.length;
    // Read committed whatever the server's default: the rows are read after the lock is taken,
    // with a snapshot that includes every commit up to then.
  }, { isolationLevel: 'read committed' });
}

async function chainRuns(db: Db, wait: boolean, batch: number): Promise<{ chained: number; locked: boolean }> {
  if (db instanceof PgTransaction) throw new Error('chainPending runs its own transactions: call it with the database, not inside a transaction');
  let chained = 0;
  for (;;) {
    const n = await chainBatch(db, wait, batch);
    if (n < 0) return { chained, locked: true };
    chained += n;
    if (n < batch) return { chained, locked: false };
  }
}

/**
 * Chains every row committed before the call (more when more arrive meanwhile). `wait: true`
 * waits for a chainer running elsewhere to finish and then chains what is left, so afterwards
 * every row this caller committed is chained; `wait: false` returns at once when another chainer
 * holds the head. Returns the number of rows chained.
 */
export async function chainPending(db: Db, opts: { wait?: boolean; batch?: number } = {}): Promise<number> {
  return (await chainRuns(db, opts.wait ?? false, opts.batch ?? DEFAULT_BATCH)).chained;
}

export interface ChainStatus {
  /** The chain's sealed end. */
  headSeq: number;
  headHash: string;
  /** When the newest chained row was written. */
  headAt: Date | null;
  /** Rows committed but not chained yet, and when the oldest of them was written. */
  pending: number;
  oldestPendingAt: Date | null;
}

export async function chainStatus(db: Db): Promise<ChainStatus> {
  const [r] = rowsOf<{ seq: string | number; hash: string; head_at: string | Date | null; pending: string | number; oldest: string | Date | null }>(
    await db.execute(sql`select h.seq, h.hash,
        (select at from ${auditLog} where seq = h.seq) as head_at,
        (select count(*) from ${auditLog} where seq is null) as pending,
        (select min(at) from ${auditLog} where seq is null) as oldest
      from ${auditHead} h where h.id = 1`),
  );
  if (!r) throw new Error('audit_head row is missing: migrations were not applied');
  const date = (v: string | Date | null) => (v === null ? null : new Date(v));
  return { headSeq: Number(r.seq), headHash: r.hash, headAt: date(r.head_at), pending: Number(r.pending), oldestPendingAt: date(r.oldest) };
}

/** The row an unsequenced audit row became, once chained (null while pending). */
export async function findSealed(db: Db, id: number): Promise<{ seq: number; hash: string } | null> {
  const [row] = await db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).where(and(eq(auditLog.id, id)));
  return row?.seq != null && row.hash ? { seq: row.seq, hash: row.hash } : null;
}

// ---------- the background loop ----------

const g = globalThis as unknown as {
  __auditChainerWake?: Set<() => void>;
  __auditSync?: WeakSet<object>;
  __auditOriginalTx?: WeakMap<object, Db['transaction']>;
};

/** Called by appendAudit: lets this instance's chainer look again shortly (after the commit). */
export function noteAppend(): void {
  if (g.__auditChainerWake) for (const wake of g.__auditChainerWake) wake();
}

// After an append, the next look. The appending transaction usually commits within it, and under
// load it gathers the commits of this span into one batch: a batch per few milliseconds cost about
// as many statements as the writers themselves, one per 50 ms about a tenth.
const WAKE_MS = 50;
// Another instance holds the head: look again soon, its batch may have started before our commit.
const LOCKED_RETRY_MS = 25;

/**
 * Runs the chainer in this process: shortly after each append made here (WAKE_MS), and every
 * `intervalMs` in any case (rows of stopped instances, of other
 * instances whose chainer is busy). Every instance runs it; the head lock makes one of them do
 * each batch. Returns a function that stops it (and waits for a batch in flight).
 */
export function startAuditChainer(getDb: () => Promise<Db>, intervalMs = 1000, opts: { onError?: (e: unknown) => void } = {}): () => Promise<void> {
  let stopped = false;
  let inFlight: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let dueAt = Infinity;
  let running = false;
  let woken = false;
  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    dueAt = Date.now() + ms;
    timer = setTimeout(() => {
      inFlight = run();
    }, ms);
    timer.unref?.();
  };
  async function run() {
    timer = null;
    dueAt = Infinity;
    running = true;
    woken = false;
    let next = intervalMs;
    try {
      const { chained, locked } = await chainRuns(await getDb(), false, DEFAULT_BATCH);
      if (locked) next = LOCKED_RETRY_MS;
      // Rows came in: more are likely on their way (a backlog was already drained by chainRuns).
      else if (chained > 0) next = WAKE_MS;
    } catch (e) {
      (opts.onError ?? ((err) => console.error('[audit] chainer:', (err as Error).message)))(e);
    } finally {
      running = false;
    }
    if (woken) next = Math.min(next, WAKE_MS);
    schedule(next);
  }
  const wake = () => {
    if (stopped) return;
    if (running) woken = true;
    // Never push an earlier run back: under a stream of appends it would never come.
    else if (dueAt > Date.now() + WAKE_MS) schedule(WAKE_MS);
  };
  (g.__auditChainerWake ??= new Set()).add(wake);
  schedule(0);
  // Stopping waits for a batch in flight, so a pool closed right after is not in use.
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    g.__auditChainerWake?.delete(wake);
    await inFlight;
  };
}

// ---------- tests: chain as soon as a change commits ----------

function syncSet(): WeakSet<object> {
  return (g.__auditSync ??= new WeakSet());
}

function originals(): WeakMap<object, Db['transaction']> {
  return (g.__auditOriginalTx ??= new WeakMap());
}

/**
 * For tests: from now on, every top-level transaction on `db` (and every append made outside a
 * transaction) is chained before it returns, so a test reads sealed rows right after an action,
 * as the app's readers do after `chainPending`. Returns a function that turns it off again.
 */
export function chainSynchronously(db: Db): () => void {
  if (!originals().has(db)) {
    const original = db.transaction.bind(db);
    originals().set(db, original);
    (db as { transaction: Db['transaction'] }).transaction = (async (fn, config) => {
      const result = await original(fn, config);
      if (syncSet().has(db)) await chainPending(db, { wait: true });
      return result;
    }) as Db['transaction'];
  }
  syncSet().add(db);
  return () => {
    syncSet().delete(db);
  };
}

/** Turns synchronous chaining (see chainSynchronously) on or off for a while, e.g. to test pending rows. */
export function setSynchronousChaining(db: Db, on: boolean): void {
  if (on) syncSet().add(db);
  else syncSet().delete(db);
}

/** appendAudit outside a transaction: chain at once when the test set-up asked for it. */
export async function afterRootAppend(db: Db): Promise<void> {
  if (g.__auditSync?.has(db)) await chainPending(db, { wait: true });
}
