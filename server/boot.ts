import { DatabaseConfigError, redact, resolveDatabaseTarget } from './db';
import { boot } from './runtime';

export async function bootOrExit(): Promise<void> {
  try {
    const target = resolveDatabaseTarget();
    await boot();
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
