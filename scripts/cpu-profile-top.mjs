#!/usr/bin/env node
/**
 * The top frames of a V8 CPU profile (`node --cpu-prof`, e.g. from `BENCH_CPU_PROF=<dir> npm run
 * bench:load`): self time and total time per function, heaviest first, with each frame's share of
 * the sampled time. Usage: node scripts/cpu-profile-top.mjs <file.cpuprofile> [N=20] [--total]
 */
import { readFileSync } from 'node:fs';

const [file, nArg, ...flags] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/cpu-profile-top.mjs <file.cpuprofile> [N] [--total]');
  process.exit(2);
}
const n = Number(nArg) || 20;
const byTotal = flags.includes('--total') || nArg === '--total';
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
// Time per sample: the deltas between samples (microseconds).
const self = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0));
}
const key = (cf) => `${cf.functionName || '(anonymous)'} ${cf.url ? cf.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/\.next\//, '.next/') : ''}:${cf.lineNumber + 1}`;
const selfBy = new Map();
const totalBy = new Map();
let all = 0;
for (const [id, us] of self) {
  all += us;
  const node = nodes.get(id);
  const k = key(node.callFrame);
  selfBy.set(k, (selfBy.get(k) ?? 0) + us);
  // Total time: every distinct function on the stack once.
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const kk = key(nodes.get(cur).callFrame);
    if (seen.has(kk)) continue;
    seen.add(kk);
    totalBy.set(kk, (totalBy.get(kk) ?? 0) + us);
  }
}
const idle = ['(idle)', '(program)', '(garbage collector)'];
const rows = [...(byTotal ? totalBy : selfBy)].sort((a, b) => b[1] - a[1]).slice(0, n);
console.log(`${file}: ${(all / 1e6).toFixed(1)} s sampled; ${byTotal ? 'total' : 'self'} time`);
for (const [k, us] of rows) console.log(`${((100 * us) / all).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
const busy = all - idle.reduce((s, name) => s + [...selfBy].filter(([k]) => k.startsWith(`${name} `)).reduce((a, [, v]) => a + v, 0), 0);
console.log(`busy (not idle/program/gc): ${(busy / 1e6).toFixed(1)} s`);
