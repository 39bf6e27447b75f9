/**
 * npm run audit:verify — chains rows still waiting, walks the audit chain in the configured
 * database (DATABASE_URL, or the embedded PGlite in .data/ — stop the app first, PGlite allows one
 * process) and prints `OK <rows> <end-hash>`, or names the first broken row and exits 1.
 *
 * npm run audit:verify -- <bundle.jsonl> — verifies an exported JSONL bundle offline (no
 * database): prints `OK <rows> <chain-end-hash>`, or `BROKEN at line … (seq …): …` and exits 1.
 *
 * Either form takes `--checkpoint FILE` (repeatable): a signed checkpoint downloaded from the
 * audit page. Its signature must hold, and the chain must still contain the checkpoint's row with
 * its hash — a chain cut at its end and rewound fails here. `--public-key FILE` (or
 * AUDIT_SIGNING_PUBLIC_KEY) is the public key the auditors keep: a checkpoint signed with any
 * other key is refused. Exit codes: 0 OK, 1 broken, 2 cannot run (bad arguments, no database).
 */
import { readFileSync } from 'node:fs';
import { formatBundleResult, verifyBundleFile } from '../server/audit/bundle';
import { readCheckpoint, type Checkpoint } from '../server/audit/checkpoint';

interface Args {
  bundle: string | null;
  checkpoints: string[];
  publicKey: string | null;
}

function parseArgs(argv: string[]): Args | string {
  const out: Args = { bundle: null, checkpoints: [], publicKey: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') continue;
    if (a === '--checkpoint' || a === '--public-key') {
      const v = argv[++i];
      if (!v) return `${a} needs a file`;
      if (a === '--checkpoint') out.checkpoints.push(v);
      else out.publicKey = v;
    } else if (a.startsWith('--checkpoint=')) out.checkpoints.push(a.slice('--checkpoint='.length));
    else if (a.startsWith('--public-key=')) out.publicKey = a.slice('--public-key='.length);
    else if (a.startsWith('--')) return `unknown option ${a}`;
    else if (out.bundle) return `one bundle at a time (got ${out.bundle} and ${a})`;
    else out.bundle = a;
  }
  return out;
}

function loadCheckpoints(args: Args): Checkpoint[] | string {
  const trusted = args.publicKey ? readFileSync(args.publicKey, 'utf8') : process.env.AUDIT_SIGNING_PUBLIC_KEY?.trim() || null;
  const out: Checkpoint[] = [];
  for (const file of args.checkpoints) {
    const check = readCheckpoint(readFileSync(file, 'utf8'), trusted);
    if (!check.ok) return `${file}: ${check.reason}`;
    out.push(check.checkpoint);
    const how = trusted ? 'the trusted key' : `key ${check.checkpoint.keyId.slice(0, 16)}… (no --public-key given: compare it with the key you keep)`;
    console.error(`checkpoint ${file}: seq ${check.checkpoint.seq}, signed ${check.checkpoint.issuedAt} by ${how}`);
  }
  return out;
}

async function verifyBundle(path: string, checkpoints: Checkpoint[]): Promise<number> {
  const result = await verifyBundleFile(path, { checkpoints });
  console.log(formatBundleResult(result));
  return result.ok ? 0 : 1;
}

async function verifyDatabase(checkpoints: Checkpoint[]): Promise<number> {
  // Loaded only here, so verifying a bundle never needs a database driver.
  const { DatabaseConfigError, migrateDatabase, openDatabase, resolveDatabaseTarget } = await import('../server/db');
  const { verifyChain } = await import('../server/audit/verify');
  const { chainPending } = await import('../server/audit/chain');
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
    // Rows committed but not chained yet (the app chains them within moments) are chained first.
    await chainPending(open.db, { wait: true });
    const result = await verifyChain(open.db, {
      checkpoints,
      onProgress: (rows) => {
        if (process.stderr.isTTY) process.stderr.write(`\rchecked ${rows} rows`);
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (result.pending > 0) console.error(`${result.pending} rows were committed meanwhile and are not chained yet`);
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

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    console.error(`audit:verify: ${args}\nusage: npm run audit:verify -- [bundle.jsonl] [--checkpoint FILE]… [--public-key FILE]`);
    return 2;
  }
  const checkpoints = loadCheckpoints(args);
  if (typeof checkpoints === 'string') {
    console.log(`BROKEN checkpoint ${checkpoints}`);
    return 1;
  }
  return args.bundle ? verifyBundle(args.bundle, checkpoints) : verifyDatabase(checkpoints);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`audit:verify failed: ${(e as Error).message}`);
    process.exit(2);
  },
);
