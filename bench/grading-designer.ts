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
 *
 * Then, on PostgreSQL, what the editor waits for in the browser: the production server (built first
 * when there is none) on the same demo database, the editor signed in, the model's page opened
 * BENCH_PAGE_ROUNDS times (default 10) in Chromium until its designer shows the points total of the
 * 1000-point tree: `page_first_ms` (first open after the server started) and `page_ms` p50/p95 (the
 * others; the target: under 2 s). BENCH_BROWSER=0 skips it; BENCH_PORT (default 3320).
 */
import { createTestDatabase } from '../server/testing/db';
import { getEntry, listEntries } from '../server/registers/service';
import { modelProblems } from '../server/grading/models';
import '../server/subject-adapters';
import { seedDemo } from '../server/seed';
import { seedGradingDemo } from '../server/seed/grading';
import { seedDemoOffice } from '../server/seed/office';
import { DEMO_USERS } from '../server/seed';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { ensureBuild, startInstance, stopInstance, waitHealthy } from './instance';

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
  if (!failed && t.url && process.env.BENCH_BROWSER !== '0') failed = !(await pageFigures(t.url, pct));
} catch (e) {
  console.log(JSON.stringify({ bench: 'grading-designer', error: (e as Error).message }));
  failed = true;
} finally {
  await t.close();
}
process.exit(failed ? 1 : 0);

/** Opens the model's page in Chromium until the designer shows the tree's total; false on a wrong page. */
async function pageFigures(dbUrl: string, pct: (xs: number[], p: number) => number): Promise<boolean> {
  const appDir = process.cwd();
  ensureBuild(appDir, 'bench:designer');
  const port = Number(process.env.BENCH_PORT) || 3320;
  const instance = startInstance({ appDir, dbUrl, port, label: 'bench:designer', env: { DEMO_MODE: '1' } });
  const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
  const browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    await waitHealthy(instance);
    const ctx = await browser.newContext({ baseURL: instance.url, locale: 'zh-CN' });
    const editor = DEMO_USERS.find((u) => u.username === 'editor')!;
    const res = await ctx.request.post('/api/auth/sign-in/username', { data: { username: editor.username, password: editor.password }, headers: { origin: instance.url } });
    if (!res.ok()) throw new Error(`sign-in of the editor failed: ${res.status()}`);
    const page = await ctx.newPage();
    const rounds = Number(process.env.BENCH_PAGE_ROUNDS ?? 10);
    const ms: number[] = [];
    for (let i = 0; i <= rounds; i++) {
      const t0 = performance.now();
      await page.goto(`/grading/${code}`);
      const total = page.getByTestId('points-total');
      await total.waitFor({ state: 'visible', timeout: 60_000 });
      ms.push(performance.now() - t0);
      const text = await total.textContent();
      if (!text?.includes('总分 1000 分')) {
        console.log(JSON.stringify({ bench: 'grading-designer', error: 'the designer shows a wrong total', text }));
        return false;
      }
    }
    const [first, ...rest] = ms;
    console.log(JSON.stringify({ bench: 'grading-designer', metric: 'page_first_ms', value: Math.round(first!), data: 'demo', browser: 'chromium' }));
    console.log(JSON.stringify({ bench: 'grading-designer', metric: 'page_ms', p50: Math.round(pct(rest, 50)), p95: Math.round(pct(rest, 95)), rounds: rest.length, target_ms: 2000, data: 'demo', browser: 'chromium' }));
    return true;
  } finally {
    await browser.close();
    await stopInstance(instance);
  }
}
