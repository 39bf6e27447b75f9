/**
 * The production server as benchmarks start it: `next start` of APP_DIR's build (built first when
 * there is none) on a database URL, health-checked, stopped with SIGTERM (SIGKILL after 15 s).
 * An instance that exits on its own while it should be serving prints the tail of its output.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface Instance {
  port: number;
  url: string;
  proc: ChildProcess;
  exited: Promise<number | null>;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stopping = new Set<ChildProcess>();

/** Runs `next build` in appDir when it has no production build. */
export function ensureBuild(appDir: string, label: string) {
  if (existsSync(path.join(appDir, '.next', 'BUILD_ID'))) return;
  console.error(`[${label}] no production build: running next build`);
  execFileSync(process.execPath, [path.join(appDir, 'node_modules/next/dist/bin/next'), 'build'], { cwd: appDir, stdio: 'inherit' });
}

export function startInstance(opts: { appDir: string; dbUrl: string; port: number; label: string; env?: Record<string, string>; nodeArgs?: string[] }): Instance {
  const { appDir, dbUrl, port, label } = opts;
  const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), path.join(appDir, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port)], {
    cwd: appDir,
    // The origin the clients address (mutations must come from it).
    env: { ...process.env, DATABASE_URL: dbUrl, DATABASE_READ_URL: '', BETTER_AUTH_URL: `http://127.0.0.1:${port}`, NODE_ENV: 'production', E2E_TEST_HOOKS: '', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (b: Buffer) => {
    tail = (tail + b.toString()).slice(-4000);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  void exited.then((code) => {
    if (code && !stopping.has(proc)) process.stderr.write(`[${label}] instance :${port} exited ${code}\n${tail}\n`);
  });
  return { port, url: `http://127.0.0.1:${port}`, proc, exited };
}

export async function stopInstance(i: Instance) {
  if (i.proc.exitCode !== null || i.proc.signalCode) return;
  stopping.add(i.proc);
  i.proc.kill('SIGTERM');
  if (!(await Promise.race([i.exited.then(() => true), sleep(15_000).then(() => false)]))) i.proc.kill('SIGKILL');
}

/** Waits for /api/health to answer 200; throws when the instance exits or limitMs passes. */
export async function waitHealthy(i: Instance, limitMs = 180_000) {
  const until = Date.now() + limitMs;
  for (;;) {
    if (i.proc.exitCode !== null) throw new Error(`instance :${i.port} exited during start-up`);
    try {
      if ((await fetch(`${i.url}/api/health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`instance :${i.port} did not become healthy`);
    await sleep(250);
  }
}
