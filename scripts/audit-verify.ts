/**
 * npm run audit:verify — walks the audit chain in the configured database (DATABASE_URL, or
 * the embedded PGlite in .data/ — stop the app first, PGlite allows one process) and prints
 * `OK <rows> <end-hash>`, or names the first broken row and exits 1.
 */
import { DatabaseConfigError, migrateDatabase, openDatabase, resolveDatabaseTarget } from '../server/db';
import { verifyChain } from '../server/audit/verify';

async function main() {
  const open = await openDatabase(resolveDatabaseTarget());
  try {
    await migrateDatabase(open);
    const result = await verifyChain(open.db, {
      onProgress: (rows) => {
        if (process.stderr.isTTY) process.stderr.write(`\rchecked ${rows} rows`);
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (result.ok) {
      console.log(`OK ${result.rows} ${result.endHash}`);
      return 0;
    }
    console.log(`BROKEN at seq ${result.brokenSeq}: ${result.reason} (${result.rows} rows before it verified)`);
    return 1;
  } finally {
    await open.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof DatabaseConfigError ? e.message : `audit:verify failed: ${(e as Error).message}`);
    process.exit(2);
  },
);
