import { DatabaseConfigError, redact, resolveDatabaseTarget } from './db';
import { boot, getReadyDb } from './runtime';
import './subject-adapters';
import { startSweeper } from './flows/sweeper';
import { startGradingWorker } from './grading/evaluate';
import { startProcessSweeper } from './sweeps';
import { startAuditChainer } from './audit/chain';
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
    // Audit chainer: seals committed audit rows into the chain shortly after each append (the head
    // lock makes one instance at a time do each batch), and every AUDIT_CHAIN_MS in any case.
    startAuditChainer(getReadyDb, Number(process.env.AUDIT_CHAIN_MS ?? 1000));
    // Deadline sweeper of the approval flows (claims due rows, so several instances may run it).
    startSweeper(getReadyDb, Number(process.env.FLOW_SWEEP_MS ?? 30_000));
    // Due dates of the processes: list memberships that expire, and the like (same interval).
    startProcessSweeper(getReadyDb, Number(process.env.FLOW_SWEEP_MS ?? 30_000));
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
