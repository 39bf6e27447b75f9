/**
 * Background work that repeats in this process (the flow deadline sweeper, the due-process
 * sweeps): one timer per kind of work per process, kept on `globalThis` so hot reload and a second
 * boot do not start another; a round never overlaps the previous one; a failed round is logged and
 * the next one runs. What each round claims is claimed from PostgreSQL rows (SKIP LOCKED / leases),
 * so several app instances may run the same work.
 */
import type { Db } from './db';

const timers = ((globalThis as { __periodic?: Map<string, () => void> }).__periodic ??= new Map());

/** Runs `round` every `intervalMs` (0 or less: never); returns the stop function. */
export function startPeriodic(name: string, getDb: () => Promise<Db>, intervalMs: number, round: (db: Db) => Promise<unknown>): () => void {
  const existing = timers.get(name);
  if (existing) return existing;
  if (!(intervalMs > 0)) return () => {};
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await round(await getDb());
    } catch (e) {
      console.error(`[${name}] round failed:`, (e as Error).message);
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref?.();
  const stop = () => {
    clearInterval(timer);
    timers.delete(name);
  };
  timers.set(name, stop);
  return stop;
}
