import { DatabaseConfigError, redact, resolveDatabaseTarget } from './db';
import { boot, getReadyDb } from './runtime';
import { startSweeper } from './flows/sweeper';
import { startGradingWorker } from './grading/evaluate';
import { apiBodyLimit } from './limits/body';

export async function bootOrExit(): Promise<void> {
  try {
    apiBodyLimit();
  } catch (e) {
    console.error(`\n[credit-catalog] cannot start: ${(e as Error).message}\n`);
    process.exit(1);
  }
  try {
    const target = resolveDatabaseTarget();
    await boot();
    // Deadline sweeper of the approval flows (claims due rows, so several instances may run it).
    startSweeper(getReadyDb, Number(process.env.FLOW_SWEEP_MS ?? 30_000));
    // Grading runs queued by any instance, and runs orphaned by a dead one once their lease expires.
    startGradingWorker(getReadyDb, Number(process.env.GRADING_POLL_MS ?? 15_000));
    const where = target.kind === 'postgres' ? `PostgreSQL ${redact(target.url)}` : `embedded PGlite ${target.dataDir ?? '(memory)'}`;
    console.log(`[credit-catalog] database ready: ${where}`);
  } catch (e) {
    if (e instanceof DatabaseConfigError) {
      console.error(`\n[credit-catalog] cannot start: ${e.message}\n`);
    } else {
      console.error(`\n[credit-catalog] cannot start: database set-up failed (check DATABASE_URL): ${(e as Error).message}\n`);
    }
    process.exit(1);
  }
}
