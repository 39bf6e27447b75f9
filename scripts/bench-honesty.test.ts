/**
 * Issue 12, "benchmarks that cannot hide a failure": a benchmark whose work is spoiled on purpose
 * (BENCH_INJECT_FAULT) exits non-zero and says what failed; the same run unspoiled exits 0. Run at
 * the smallest size the benchmark allows, on the database this suite runs on.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function bench(file: string, env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], {
    env: { ...process.env, BENCH_DESIGNER: '0', ...env },
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

describe('benchmarks fail on broken work', () => {
  it('bench:flows exits 1 when an instance is left with an open task, and 0 when every instance completes', { timeout: 300_000 }, () => {
    const spoiled = bench('bench/flows.ts', { BENCH_INSTANCES: '12', BENCH_WORKERS: '2', BENCH_INJECT_FAULT: 'incomplete' });
    expect(spoiled.status).toBe(1);
    expect(spoiled.out).toMatch(/"ok":false/);
    expect(spoiled.out).toContain('check(s) failed');
    const clean = bench('bench/flows.ts', { BENCH_INSTANCES: '12', BENCH_WORKERS: '2' });
    expect(clean.out).toContain('engine_instances_per_s');
    expect(clean.out).not.toMatch(/"ok":false/);
    expect(clean.status).toBe(0);
  });
});
