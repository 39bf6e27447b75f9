/**
 * npm run bench:designer — what the grading model designer waits for before it shows the model,
 * on the demo data (issue 18: "the model designer loads in under 2 s on the demo data"). The page
 * asks, in parallel after its entry: register.entry (the model and its versions), three register
 * lists for its pickers (catalog items, credit lists, sanction measures) and grading.validate of
 * the model. Each is called BENCH_ROUNDS times
 * (default 20), on a fresh database seeded like a demo install (seedDemo + grading demo facts +
 * the demo office). The services behind those procedures are called directly (the router module is
 * server-only). One JSON line per procedure (p50/p95 ms) and one for the page's critical path
 * (entry, then the slowest of the parallel reads). Every answer is checked (the model's name, a
 * non-empty picker, no validation problem); a wrong or failed answer is printed and exits 1.
 * BENCH_INJECT_FAULT=wrong-model asks for a model that does not exist to show the check catches it.
 */
import { createTestDatabase } from '../server/testing/db';
import { getEntry, listEntries } from '../server/registers/service';
import { modelProblems } from '../server/grading/models';
import '../server/subject-adapters';
import { seedDemo } from '../server/seed';
import { seedGradingDemo } from '../server/seed/grading';
import { seedDemoOffice } from '../server/seed/office';

const rounds = Number(process.env.BENCH_ROUNDS ?? 20);
const code = process.env.BENCH_INJECT_FAULT === 'wrong-model' ? 'GM-NOPE' : 'GM-SCJG-2024';
const t = await createTestDatabase();
let failed = false;
try {
  await seedDemo(t.db);
  await seedGradingDemo(t.db);
  await seedDemoOffice(t.db);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const times: Record<string, number[]> = { entry: [], lists: [], validate: [], critical_path: [] };
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    const entry = await getEntry(t.db, 'grading-model', code, { drafts: true });
    const t1 = performance.now();
    const content = entry.versions[0]!.content;
    const timed = async <T>(key: string, p: () => Promise<T>) => {
      const s = performance.now();
      const out = await p();
      times[key]!.push(performance.now() - s);
      return out;
    };
    const [lists, verdict] = await Promise.all([
      timed('lists', () => Promise.all(['info-catalog', 'credit-list', 'sanction-measure'].map((kindCode) => listEntries(t.db, { kindCode, asOf: today, page: 1, pageSize: 200, drafts: true })))),
      timed('validate', async () => ({ problems: await modelProblems(t.db, content as never) })),
    ]);
    times.entry!.push(t1 - t0);
    times.critical_path!.push(performance.now() - t0);
    if (String(content.name) !== '市场监管领域企业信用监管评价模型' || lists.some((l) => l.rows.length === 0) || verdict.problems.length) {
      console.log(JSON.stringify({ bench: 'grading-designer', error: 'wrong answer', name: content.name, lists: lists.map((l) => l.rows.length), problems: verdict.problems.length }));
      failed = true;
      break;
    }
  }
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? NaN;
  if (!failed) for (const [k, xs] of Object.entries(times)) console.log(JSON.stringify({ bench: 'grading-designer', metric: `${k}_ms`, p50: Math.round(pct(xs, 50)), p95: Math.round(pct(xs, 95)), rounds: xs.length, data: 'demo' }));
} catch (e) {
  console.log(JSON.stringify({ bench: 'grading-designer', error: (e as Error).message }));
  failed = true;
} finally {
  await t.close();
}
process.exit(failed ? 1 : 0);
