/**
 * The health answer a load balancer acts on: 200 only when this instance's pool can run a
 * statement now. A probe that errors or does not answer within `timeoutMs` is 503, so an
 * instance whose pool is broken (connections dropped, server unreachable, every connection
 * stuck) is taken out of rotation and put back as soon as a probe succeeds again — no restart.
 * The body carries the pool's counters (PostgreSQL) and an error code, never SQL text.
 */
import { sql } from 'drizzle-orm';
import type { OpenDatabase, PoolStats } from './index';
import { classifyDbError } from './failure';

export interface HealthReport {
  status: 'ok' | 'error';
  database: 'reachable' | 'unreachable';
  ms: number;
  code?: string;
  pool?: PoolStats;
  replica?: 'reachable' | 'unreachable';
}

const PROBE_TIMEOUT = 'PROBE_TIMEOUT';

async function probe(open: OpenDatabase, timeoutMs: number): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      open.db.execute(sql`select 1`),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('probe timed out'), { code: PROBE_TIMEOUT })), timeoutMs);
      }),
    ]);
    return null;
  } catch (e) {
    return classifyDbError(e)?.code ?? ((e as { code?: unknown }).code === PROBE_TIMEOUT ? PROBE_TIMEOUT : 'ERROR');
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(open: OpenDatabase, opts: { timeoutMs?: number; replica?: OpenDatabase | null } = {}): Promise<HealthReport> {
  const started = Date.now();
  const timeoutMs = opts.timeoutMs ?? 2000;
  const [code, replicaCode] = await Promise.all([probe(open, timeoutMs), opts.replica ? probe(opts.replica, timeoutMs) : Promise.resolve(undefined)]);
  const report: HealthReport = { status: code ? 'error' : 'ok', database: code ? 'unreachable' : 'reachable', ms: Date.now() - started };
  if (code) report.code = code;
  if (open.poolStats) report.pool = open.poolStats();
  // A lagging or lost replica does not make the instance unable to serve (reads fall back to it
  // only for exports and lookups), so it is reported, not turned into a 503.
  if (replicaCode !== undefined) report.replica = replicaCode ? 'unreachable' : 'reachable';
  return report;
}

export function healthResponse(report: HealthReport): Response {
  return Response.json(report, { status: report.status === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
