/**
 * The checks themselves must not be able to hide a failure: Playwright never retries (so a test
 * that fails once fails CI), the CI summary counts a flaky or unloaded test as failed and names
 * it, and the npm scripts serve on the port given in PORT (the Next.js convention, 3000 without it).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function reports(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ci-count-'));
  dirs.push(dir);
  for (const [name, body] of Object.entries(files)) writeFileSync(path.join(dir, name), JSON.stringify(body));
  return dir;
}

const count = (dir: string) => execFileSync(process.execPath, [path.join(root, '.ci/count.mjs'), dir], { encoding: 'utf8' }).trim().split('\n');

const spec = (title: string, status: string) => ({ title, tests: [{ status }] });

describe('CI summary (.ci/count.mjs)', () => {
  it('counts a test that passed only on a retry as failed, and names it', () => {
    const dir = reports({
      'playwright-postgres.json': {
        stats: { expected: 2, flaky: 1, unexpected: 0 },
        suites: [{ title: 'editor/a.spec.ts', specs: [spec('saves', 'expected'), spec('races the server', 'flaky')], suites: [{ title: 'group', specs: [spec('inner', 'expected')] }] }],
        errors: [],
      },
    });
    const lines = count(dir);
    expect(lines.at(-1)).toBe('2 1');
    expect(lines).toContain('playwright-postgres.json: FLAKY editor/a.spec.ts › races the server');
  });

  it('counts failed and skipped Playwright tests, and an error outside any test (a server that never started)', () => {
    const dir = reports({
      'playwright-pglite.json': {
        suites: [{ title: 'x.spec.ts', specs: [spec('fails', 'unexpected'), spec('skipped', 'skipped'), spec('passes', 'expected')] }],
        errors: [{ message: 'Error: Timed out waiting 300000ms from config.webServer.\nmore' }],
      },
    });
    const lines = count(dir);
    expect(lines.at(-1)).toBe('1 2');
    expect(lines).toContain('playwright-pglite.json: FAILED x.spec.ts › fails');
    expect(lines.some((l) => l.includes('error outside a test: Error: Timed out waiting'))).toBe(true);
  });

  it('counts a Vitest file that failed to load as a failure, though it has no failed test', () => {
    const dir = reports({
      'vitest-postgres.json': {
        numPassedTests: 5,
        numFailedTests: 1,
        testResults: [
          { name: path.join(root, 'server/a.test.ts'), status: 'failed', message: '', assertionResults: [{ fullName: 'a refuses b', status: 'failed' }, { fullName: 'a ok', status: 'passed' }] },
          { name: path.join(root, 'server/b.test.ts'), status: 'failed', message: 'SyntaxError: Unexpected token\n at …', assertionResults: [] },
        ],
      },
    });
    const lines = count(dir);
    expect(lines.at(-1)).toBe('5 2');
    expect(lines).toContain('vitest-postgres.json: a refuses b');
    expect(lines).toContain('vitest-postgres.json: server/b.test.ts did not run: SyntaxError: Unexpected token');
  });
});

describe('Playwright configuration', () => {
  it('never retries, in CI or not, and fails a run whose test passed only on a retry', async () => {
    const before = process.env.CI;
    process.env.CI = 'true';
    try {
      const { default: config } = await import('../playwright.config');
      expect(config.retries).toBe(0);
      expect(config.failOnFlakyTests).toBe(true);
      expect(config.forbidOnly).toBe(true);
    } finally {
      if (before === undefined) delete process.env.CI;
      else process.env.CI = before;
    }
  });

  it('CI runs every journey on PostgreSQL and the @smoke set on PGlite, and the smoke set is not empty', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['test:e2e:smoke']).toBe('playwright test --grep @smoke');
    const run = readFileSync(path.join(root, '.ci/run'), 'utf8');
    expect(run).toMatch(/DATABASE_URL="\$PGHOST_URL\/\$db" npm run test:e2e \|\|/);
    expect(run).toMatch(/env -u DATABASE_URL .*npm run test:e2e:smoke/);
    const listed = execFileSync(path.join(root, 'node_modules/.bin/playwright'), ['test', '--list', '--grep', '@smoke'], { cwd: root, encoding: 'utf8' });
    expect(Number(/Total: (\d+) tests?/.exec(listed)?.[1])).toBeGreaterThanOrEqual(10);
    for (const role of ['admin', 'auditor', 'editor', 'everyone', 'filler']) expect(listed).toContain(`${role}/`);
  });
});

/** A TCP port nobody listens on now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const c = connect(port, '127.0.0.1');
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });

describe('npm scripts and PORT', () => {
  it('dev, start and serve take the port from PORT (none of them pins one)', () => {
    const { scripts } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const name of ['dev', 'start', 'serve']) {
      expect(scripts[name]).toMatch(/next (dev|start)/);
      expect(scripts[name]).not.toMatch(/(^|\s)(-p|--port)\b/);
    }
  });

  it('npm run dev listens on the port in PORT', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), PGLITE_DIR: 'memory', DEMO_MODE: '0', NEXT_TELEMETRY_DISABLED: '1' };
    delete env.DATABASE_URL;
    delete env.CI_REPORT_DIR;
    const child = spawn('npm', ['run', 'dev'], { cwd: root, env, detached: true, stdio: 'ignore' });
    try {
      let up = false;
      for (let i = 0; i < 240 && !up; i++) {
        up = await accepts(port);
        if (!up) await new Promise((r) => setTimeout(r, 250));
      }
      expect(up, `nothing listened on PORT=${port} within 60 s`).toBe(true);
    } finally {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }, 90_000);
});
