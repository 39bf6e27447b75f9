// Sums passed/failed tests over the Vitest and Playwright JSON reports in a folder, and names every
// test that did not simply pass. Nothing is retried in CI, so a "flaky" result (failed, then passed
// on a retry someone configured) counts as failed, as do files that did not load and errors outside
// any test (a web server that did not start). Prints the names, then "passed failed" on the last line.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
let passed = 0;
let failed = 0;
const named = [];

/** Walks Playwright's suites → specs → tests; each test's status: expected | unexpected | flaky | skipped. */
function* playwrightTests(suites, trail = []) {
  for (const s of suites ?? []) {
    const here = s.title ? [...trail, s.title] : trail;
    for (const spec of s.specs ?? []) for (const t of spec.tests ?? []) yield { title: [...here, spec.title].join(' › '), status: t.status };
    yield* playwrightTests(s.suites, here);
  }
}

for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const report = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  if (file.startsWith('vitest')) {
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    for (const r of report.testResults ?? []) {
      for (const a of r.assertionResults ?? []) if (a.status === 'failed') named.push(`${file}: ${a.fullName ?? a.title}`);
      // A file that failed to load (syntax error, failing beforeAll) has no failed test of its own.
      if (r.status === 'failed' && !(r.assertionResults ?? []).some((a) => a.status === 'failed')) {
        failed += 1;
        named.push(`${file}: ${path.relative(process.cwd(), r.name)} did not run: ${(r.message ?? '').split('\n')[0]}`);
      }
    }
  } else if (file.startsWith('playwright')) {
    for (const t of playwrightTests(report.suites)) {
      if (t.status === 'expected') passed += 1;
      else if (t.status === 'unexpected' || t.status === 'flaky') {
        failed += 1;
        named.push(`${file}: ${t.status === 'flaky' ? 'FLAKY' : 'FAILED'} ${t.title}`);
      }
    }
    for (const e of report.errors ?? []) {
      failed += 1;
      named.push(`${file}: error outside a test: ${(e.message ?? '').split('\n')[0]}`);
    }
  }
}
for (const n of named) console.log(n);
console.log(`${passed} ${failed}`);
