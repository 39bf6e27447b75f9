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

export const SWEEPS: { name: string; run: (db: Db, now?: Date) => Promise<number> }[] = [
  { name: 'list-membership-expiry', run: (db, now) => expireMemberships(db, { now }) },
  // 容缺受理 commitments past their supply deadline: flagged overdue, the filler told (issue 16).
  { name: 'commitment-overdue', run: (db, now) => markOverdueCommitments(db, { now }) },
  // E-mail / SMS of outcome notices; does nothing while no channel is switched on (the default).
  { name: 'notification-delivery', run: (db) => deliverNotifications(db) },
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

const g = globalThis as { __processSweeper?: () => void };

export function startProcessSweeper(getDb: () => Promise<Db>, intervalMs: number): () => void {
  if (g.__processSweeper) return g.__processSweeper;
  if (!(intervalMs > 0)) return () => {};
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await runSweeps(await getDb());
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref?.();
  g.__processSweeper = () => {
    clearInterval(timer);
    g.__processSweeper = undefined;
  };
  return g.__processSweeper;
}
