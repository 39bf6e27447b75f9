// Starts the app for the e2e run: a fresh embedded database (unless DATABASE_URL points at a
// fresh PostgreSQL), a production build, demo data, and a relaxed sign-in rate limit
// (the limiter itself is covered by server/auth/auth.test.ts).
import { execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';

const port = process.env.E2E_PORT ?? '3100';
const env = {
  ...process.env,
  DEMO_MODE: '1',
  AUTH_SIGNIN_PER_MINUTE: '1000',
  BETTER_AUTH_URL: `http://localhost:${port}`,
  NEXT_TELEMETRY_DISABLED: '1',
  // The injected clock and on-demand sweep routes (app/api/test/*) exist only for e2e runs.
  E2E_TEST_HOOKS: '1',
};
if (!process.env.DATABASE_URL) {
  env.PGLITE_DIR = '.data/e2e';
  rmSync('.data/e2e', { recursive: true, force: true });
}
if (process.env.E2E_SKIP_BUILD !== '1') execFileSync('npx', ['next', 'build'], { stdio: 'inherit', env });
const child = spawn('npx', ['next', 'start', '-p', port], { stdio: 'inherit', env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
