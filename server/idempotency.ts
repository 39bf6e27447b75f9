/**
 * Idempotent state changes (issue: a retried or double-clicked submit must not write twice).
 *
 * A caller sends a key with the request (a form session's key, an API client's Idempotency-Key).
 * `withIdempotency` runs the change in ONE transaction that first claims (caller, key) in
 * `idempotency_key` and finally stores the result there, so the claim, the change and its audit
 * row commit — or roll back — together:
 * - the same key with the same request again returns the stored first result and writes nothing;
 * - the same key with a different request (another operation, other data) is refused (CONFLICT);
 * - a change that failed stored nothing, so retrying it with the same key simply runs it again;
 * - two concurrent calls with one key: the second's INSERT waits on the first's uncommitted key
 *   row (unique index), then finds it committed and returns its result (READ COMMITTED: the next
 *   statement sees what committed meanwhile).
 * Results are stored superjson-serialised so Dates come back as Dates, like the first answer.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { and, eq } from 'drizzle-orm';
import superjson, { type SuperJSONResult } from 'superjson';
import type { Db } from './db';
import { idempotencyKey } from './db/schema';
import type { Actor } from './audit/append';
import { DomainError } from './errors';

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

export function requestHash(operation: string, request: unknown): string {
  return createHash('sha256')
    .update(canonicalize({ operation, request }) ?? '')
    .digest('hex');
}

type KeyRow = typeof idempotencyKey.$inferSelect;

async function findKey(db: Db, actorId: string, key: string): Promise<KeyRow | null> {
  const [row] = await db.select().from(idempotencyKey).where(and(eq(idempotencyKey.actorId, actorId), eq(idempotencyKey.key, key)));
  return row ?? null;
}

function replay<T>(row: KeyRow, hash: string): T {
  if (row.requestHash !== hash || row.response === null) throw new DomainError('CONFLICT', 'trustGate.errors.keyReused');
  return superjson.deserialize<T>(row.response as SuperJSONResult);
}

/**
 * Runs `change` in one transaction, at most once per (caller, key). Without a key it just runs
 * `change` in one transaction. `request` is what makes two calls "the same" (hash of it).
 * `onReplay` is told of an answered retry (the open API audits every call, a replay too).
 */
export async function withIdempotency<T>(db: Db, actor: Actor, operation: string, key: string | undefined, request: unknown, change: (tx: Db) => Promise<T>, onReplay?: (first: T) => Promise<void>): Promise<T> {
  if (!key) return db.transaction(change);
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) throw new DomainError('INVALID_INPUT', 'trustGate.errors.badKey');
  if (!actor.id) throw new DomainError('FORBIDDEN', 'trustGate.errors.badKey');
  const actorId = actor.id;
  const hash = requestHash(operation, request);
  // A retry after a success: answered without opening a write transaction.
  const earlier = await findKey(db, actorId, key);
  if (earlier) {
    const first = replay<T>(earlier, hash);
    await onReplay?.(first);
    return first;
  }
  return db.transaction(async (tx) => {
    const claimed = await tx.insert(idempotencyKey).values({ actorId, key, operation, requestHash: hash }).onConflictDoNothing().returning({ key: idempotencyKey.key });
    if (!claimed.length) {
      // Another call with this key committed while we were on our way: its result is ours.
      const winner = await findKey(tx, actorId, key);
      if (!winner) throw new DomainError('CONFLICT', 'trustGate.errors.keyReused');
      const first = replay<T>(winner, hash);
      await onReplay?.(first);
      return first;
    }
    const result = await change(tx);
    await tx
      .update(idempotencyKey)
      .set({ response: superjson.serialize(result) })
      .where(and(eq(idempotencyKey.actorId, actorId), eq(idempotencyKey.key, key)));
    return result;
  });
}
