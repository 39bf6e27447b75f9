// npm run db:check — fails when server/db/schema and migrations/ disagree: drizzle-kit
// generates into a scratch copy of migrations/; any new file there means a missing migration.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

// drizzle-kit wants a path relative to the project, so the scratch copy lives under .data/.
mkdirSync('.data', { recursive: true });
const scratch = path.relative(process.cwd(), mkdtempSync(path.join('.data', 'migrations-check-')));
try {
  cpSync('migrations', scratch, { recursive: true });
  const before = new Set(readdirSync(scratch));
  execFileSync('npx', ['--no-install', 'drizzle-kit', 'generate', '--name', 'drift_check'], {
    env: { ...process.env, DRIZZLE_OUT: scratch },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const added = readdirSync(scratch).filter((f) => !before.has(f));
  if (added.length > 0) {
    console.error(`Schema and migrations/ disagree: drizzle-kit would add ${added.join(', ')}.\nRun: npm run db:generate -- --name <what-changed>, read the SQL, commit it.`);
    process.exitCode = 1;
  } else {
    console.log('migrations match the schema');
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
