/**
 * The per-account sign-in limit. better-auth limits attempts per client address; an attacker who
 * rotates addresses (or a botnet) is not slowed by that, so failures are also counted per account
 * name: after `maxFailures` failed sign-ins within `lockMinutes` of each other the account refuses
 * every sign-in (even with the right password) until `lockMinutes` have passed since the last
 * counted failure. Counted in PostgreSQL (one upsert), so all app instances share the count.
 */
import { eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { signInFailure } from '../db/schema';

export interface AccountLimit {
  maxFailures: number;
  lockMinutes: number;
}

export const DEFAULT_ACCOUNT_LIMIT: AccountLimit = { maxFailures: 10, lockMinutes: 15 };

/** The name a sign-in attempt is counted under: as the username plugin compares it. */
export function accountKey(username: unknown): string {
  return String(username ?? '').trim().toLowerCase().slice(0, 64);
}

/** True while the account is locked by too many recent failures. */
export async function isAccountLocked(db: Db, key: string, limit: AccountLimit, now = new Date()): Promise<boolean> {
  if (!key) return false;
  const [row] = await db.select().from(signInFailure).where(eq(signInFailure.username, key));
  if (!row) return false;
  return row.failures >= limit.maxFailures && now.getTime() - row.lastFailureAt.getTime() < limit.lockMinutes * 60_000;
}

/** Counts one failed sign-in; a failure after a quiet window starts the count again. */
export async function recordFailure(db: Db, key: string, limit: AccountLimit, now = new Date()): Promise<number> {
  if (!key) return 0;
  const windowStart = new Date(now.getTime() - limit.lockMinutes * 60_000);
  const [row] = await db
    .insert(signInFailure)
    .values({ username: key, failures: 1, lastFailureAt: now })
    .onConflictDoUpdate({
      target: signInFailure.username,
      set: {
        failures: sql`case when ${signInFailure.lastFailureAt} < ${windowStart.toISOString()}::timestamptz then 1 else ${signInFailure.failures} + 1 end`,
        lastFailureAt: now,
      },
    })
    .returning({ failures: signInFailure.failures });
  // Names nobody has tried for a while are forgotten, so typed-in garbage does not pile up.
  await db.delete(signInFailure).where(lt(signInFailure.lastFailureAt, windowStart));
  return row?.failures ?? 0;
}

/** A successful sign-in clears the account's count. */
export async function clearFailures(db: Db, key: string): Promise<void> {
  if (key) await db.delete(signInFailure).where(eq(signInFailure.username, key));
}
