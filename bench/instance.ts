/**
 * The production server as benchmarks start it: `next start` of APP_DIR's build (built first when
 * there is none) on a database URL, health-checked, stopped with SIGTERM (SIGKILL after 15 s).
 * An instance that exits on its own while it should be serving prints the tail of its output.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

/** CPU seconds (user + system) a process has used so far, from Linux /proc; null elsewhere or when it is gone. */
function processCpuSeconds(pid: number | string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime (fields 14 and 15), USER_HZ
  } catch {
    return null;
  }
}

/** CPU seconds the instances' processes have used so far (0 where /proc is not there). */
export function cpuSeconds(instances: Instance[]): number {
  let total = 0;
  for (const i of instances) {
    const s = i.proc.pid === undefined ? null : processCpuSeconds(i.proc.pid);
    if (s === null) return 0;
    total += s;
  }
  return total;
}

/** CPU seconds of every local PostgreSQL process (the server the benchmarks run against is on this machine). */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (!readFileSync(`/proc/${pid}/stat`, 'utf8').includes('(postgres)')) continue;
    } catch {
      continue;
    }
    total += processCpuSeconds(pid) ?? 0;
  }
  return total;
}

export interface CpuSplit {
  server: number;
  database: number;
  client: number;
}

/**
 * Where the CPU of a step went: the app instances, PostgreSQL and the benchmark's own process (the
 * load generator), in seconds so far. On this machine all three share the same cores, so the sum
 * per request bounds the requests per second the machine can reach (cores × 1000 / ms per request).
 */
export function cpuSplit(instances: Instance[]): CpuSplit | null {
  if (!existsSync('/proc/self/stat')) return null;
  const u = process.cpuUsage();
  return { server: cpuSeconds(instances), database: postgresCpuSeconds(), client: (u.user + u.system) / 1e6 };
}

/** CPU milliseconds per unit of work between two splits, per part and in total (null without /proc). */
export function cpuPer(before: CpuSplit | null, after: CpuSplit | null, units: number) {
  if (!before || !after || units <= 0) return null;
  const per = (k: keyof CpuSplit) => Math.round(((after[k] - before[k]) * 1000 * 100) / units) / 100;
  const server = per('server');
  const database = per('database');
  const client = per('client');
  return { server, database, client, total: Math.round((server + database + client) * 100) / 100 };
}
