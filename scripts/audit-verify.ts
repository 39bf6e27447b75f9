/**
 * npm run audit:verify — walks the audit chain in the configured database (DATABASE_URL, or
 * the embedded PGlite in .data/ — stop the app first, PGlite allows one process) and prints
 * `OK <rows> <end-hash>`, or names the first broken row and exits 1.
 *
 * npm run audit:verify -- <bundle.jsonl> — verifies an exported JSONL bundle offline (no
 * database): prints `OK <rows> <chain-end-hash>`, or `BROKEN at line … (seq …): …` and exits 1.
 */
import { formatBundleResult, verifyBundleFile } from '../server/audit/bundle';

async function verifyBundle(path: string): Promise<number> {
  const result = await verifyBundleFile(path);
  console.log(formatBundleResult(result));
  return result.ok ? 0 : 1;
}

async function verifyDatabase(): Promise<number> {
  // Loaded only here, so verifying a bundle never needs a database driver.
  const { DatabaseConfigError, migrateDatabase, openDatabase, resolveDatabaseTarget } = await import('../server/db');
  const { verifyChain } = await import('../server/audit/verify');
  let open: Awaited<ReturnType<typeof openDatabase>>;
  try {
    open = await openDatabase(resolveDatabaseTarget());
  } catch (e) {
    if (!(e instanceof DatabaseConfigError)) throw e;
    console.error(e.message);
    return 2;
  }
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

const bundlePath = process.argv.slice(2).find((a) => a !== '--');

(bundlePath ? verifyBundle(bundlePath) : verifyDatabase()).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`audit:verify failed: ${(e as Error).message}`);
    process.exit(2);
  },
);
