/**
 * Due-process sweeps (besides the flow engine's deadline sweeper): work that falls due by date —
 * list memberships reaching their valid-to, and the processes added later. Each sweep claims its
 * rows with SKIP LOCKED, so every app instance may run them. Add a line per process.
 */
import type { Db } from './db';
import { expireMemberships } from './lists/members';
import { deliverNotifications } from './notifications/service';
import { markOverdueCommitments } from './commitments/service';
import './inbox/sources';
import { startPeriodic } from './periodic';
import { endExpiredPublication, stampMissing } from './disclosure/sweep';
import { flagOverdueObjections } from './objections/service';

export const SWEEPS: { name: string; run: (db: Db, now?: Date) => Promise<number> }[] = [
  { name: 'list-membership-expiry', run: (db, now) => expireMemberships(db, { now }) },
  // 容缺受理 commitments past their supply deadline: flagged overdue, the filler told (issue 16).
  { name: 'commitment-overdue', run: (db, now) => markOverdueCommitments(db, { now }) },
  // E-mail / SMS of outcome notices; does nothing while no channel is switched on (the default).
  { name: 'notification-delivery', run: (db) => deliverNotifications(db) },
  { name: 'disclosure-stamp', run: (db) => stampMissing(db) },
  { name: 'publication-end', run: (db, now) => endExpiredPublication(db, { now }) },
  { name: 'objection-overdue', run: (db, now) => flagOverdueObjections(db, { now }) },
];

export async function runSweeps(db: Db, now?: Date): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const s of SWEEPS) {
    try {
      out[s.name] = await s.run(db, now);
    } catch (e) {
      console.error(`[sweeps] ${s.name} failed:`, (e as Error).message);
      out[s.name] = -1;
    }
  }
  return out;
}

/** Runs every sweep every `intervalMs` in this process (server/boot.ts); returns a stop function. */
export function startProcessSweeper(getDb: () => Promise<Db>, intervalMs: number): () => void {
  return startPeriodic('sweeps', getDb, intervalMs, (db) => runSweeps(db));
}
