/**
 * npx tsx bench/records-import.ts — figures for the spreadsheet import of records, one JSON line each:
 *   import_rows_per_s           100k valid XZCF (行政处罚信息) CSV rows through importRecords end to
 *                               end: read + decode + subject checks + prepare + INSERT + audit row
 *   import_rows_per_s_baseline  a plain multi-row INSERT (1,000 rows a statement, one transaction)
 *                               of the same, already prepared rows into the same table
 *   import_rows_per_s_bound     the same import with XZCF bound to a countersign flow of two
 *                               approvers: every record gets its instance, two tasks and its
 *                               events in the same transaction (the one gate, server/records/gate.ts)
 * BENCH_SCALE=small uses 20k rows, tiny 200; every line names its scale and rows. Runs on
 * DATABASE_URL's server (in a fresh database it creates and drops) or in-memory PGlite. The two
 * run in alternating order for BENCH_ROUNDS rounds (default 3: baseline first in odd rounds, ours
 * first in even ones), so neither always gets the warm (or the bloated) table; the figures are
 * the medians, every round is listed in `rounds`.
 * Every run must have written all rows (checked by counting), else the benchmark exits 1
 * (BENCH_INJECT_FAULT=bad-row puts one invalid row in the file to prove it).
 */
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../server/testing/db';
import { rowsOf } from '../server/db';
import { seedDemo } from '../server/seed';
import { viewerByUsername } from '../server/testing/context';
import { actorOf } from '../server/auth/viewer';
import { record } from '../server/db/schema';
import { getFillForm } from '../server/records/service';
import { importColumns, importRecords } from '../server/records/import';
import { addWorkingDays } from '../forms/working-days';
import { count, eq } from 'drizzle-orm';
import { ensureUser } from '../server/seed';
import { flowInstance, flowTask } from '../server/db/schema';
import { publishFlowVersion } from '../server/flows/testing';
import { setBinding } from '../server/flows/bindings';
import { approval, chain } from '../catalog/flows/fixtures';
import '../server/subject-adapters';
import { loadCalendar } from '../server/calendar/service';
import { scaleOf } from './scale';

const SCALES = { tiny: 200, small: 20_000, full: 100_000 } as const;
/** The default is the 100k rows (`full`); `tiny` is for the test that the checks fail on spoiled work. */
const scale = scaleOf(SCALES, 'full');
const ROWS = SCALES[scale];
const GOOD = '12440300MB2C92173E';
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS) || 3);

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function emit(name: string, value: number, unit: string, extra: Record<string, unknown> = {}) {
  console.log(JSON.stringify({ name, value: Math.round(value * 100) / 100, unit, scale, ...extra }));
}

async function main() {
  const t = await createTestDatabase();
  try {
    await seedDemo(t.db);
    const filler = await viewerByUsername(t.db, 'filler');
    const form = await getFillForm(t.db, filler, 'XZCF');
    const headers = Object.fromEntries(importColumns(form.definition).map((c) => [c.key, c.header]));
    const keys = ['subjectType', 'subjectCode', 'subjectName', 'CF_XDR_MC', 'CF_XDR_LB', 'CF_WSH', 'CF_CFLB', 'CF_JDRQ', 'CF_NR_FK', 'CF_CFJG'];
    const day = (i: number) => `2024-09-${String((i % 28) + 1).padStart(2, '0')}`;
    const lines = [keys.map((k) => headers[k]).join(',')];
    for (let i = 0; i < ROWS; i++) lines.push(`法人及非法人组织,${GOOD},某某建材有限公司${i},某某建材有限公司${i},法人及非法人组织,汴市监罚〔2024〕${i}号,罚款,${day(i)},${(i % 1000) / 10},某市市场监督管理局`);
    // BENCH_INJECT_FAULT=bad-row: one row with an invalid code, which the import refuses — the run must then fail.
    if (process.env.BENCH_INJECT_FAULT === 'bad-row') lines[1] = lines[1]!.replace(GOOD, '12440300MB2C92173X');
    const bytes = new TextEncoder().encode(lines.join('\n') + '\n');

    // Baseline: the same rows, already prepared (no parsing, no validation), plain multi-row INSERT.
    const cal = await loadCalendar(t.db);
    const now = new Date();
    const prepared = Array.from({ length: ROWS }, (_, i) => ({
      catalogCode: 'XZCF',
      catalogVersion: form.version,
      departmentId: filler.departmentId!,
      subjectType: '法人及非法人组织',
      subjectCode: GOOD,
      subjectName: `某某建材有限公司${i}`,
      data: { CF_XDR_MC: `某某建材有限公司${i}`, CF_XDR_LB: '法人及非法人组织', CF_WSH: `汴市监罚〔2024〕${i}号`, CF_CFLB: '罚款', CF_NR_FK: (i % 1000) / 10, CF_JDRQ: day(i), CF_CFJG: '某市市场监督管理局' },
      status: 'submitted',
      submittedAt: now,
      decisionDate: day(i),
      dueDate: addWorkingDays(day(i), 7, cal),
      createdBy: filler.id,
    }));
    const stored = async () => Number(rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from record`))[0]?.n ?? 0);

    async function baseline(): Promise<number> {
      await t.db.execute(sql`truncate table record cascade`);
      const b0 = performance.now();
      await t.db.transaction(async (tx) => {
        for (let i = 0; i < prepared.length; i += 1000) await tx.insert(record).values(prepared.slice(i, i + 1000));
      });
      const s = (performance.now() - b0) / 1000;
      const n = await stored();
      if (n !== ROWS) throw new Error(`baseline wrote ${n} of ${ROWS} rows`);
      return s;
    }

    async function ours(): Promise<number> {
      await t.db.execute(sql`truncate table record cascade`);
      const start = performance.now();
      const report = await importRecords(t.db, actorOf(filler), filler, { itemCode: 'XZCF', fileName: 'bench.csv', bytes, mode: 'commit-all' });
      const s = (performance.now() - start) / 1000;
      if (report.inserted !== ROWS) throw new Error(`import wrote ${report.inserted} of ${ROWS} rows: ${JSON.stringify(report.errors.slice(0, 3))}`);
      const n = await stored();
      if (n !== ROWS) throw new Error(`import reported ${report.inserted} rows but ${n} are stored`);
      return s;
    }

    const rounds: { baseline: number; ours: number; order: string }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      if (r % 2 === 0) {
        const b = await baseline();
        rounds.push({ baseline: b, ours: await ours(), order: 'baseline,ours' });
      } else {
        const o = await ours();
        rounds.push({ ours: o, baseline: await baseline(), order: 'ours,baseline' });
      }
    }
    const oursS = median(rounds.map((r) => r.ours));
    const baseS = median(rounds.map((r) => r.baseline));
    const listed = rounds.map((r) => ({ order: r.order, ours_s: Math.round(r.ours * 100) / 100, baseline_s: Math.round(r.baseline * 100) / 100 }));

    emit('import_rows_per_s', ROWS / oursS, 'rows/s', { rows: ROWS, seconds: Math.round(oursS * 100) / 100, db: t.kind, median_of: ROUNDS });
    emit('import_rows_per_s_baseline', ROWS / baseS, 'rows/s', { rows: ROWS, seconds: Math.round(baseS * 100) / 100, db: t.kind, median_of: ROUNDS });
    emit('import_vs_baseline', baseS / oursS, 'ratio', { rows: ROWS, db: t.kind, rounds: listed });

    // The same file with a countersign flow bound: one instance per record, in the import's transaction.
    await t.db.execute(sql`truncate table record cascade`);
    const approvers = [];
    for (const n of ['bench-a1', 'bench-a2']) approvers.push(await ensureUser(t.db, { username: n, name: n, password: 'Approver@2026', departmentCode: 'XYB', roles: ['approver'] }));
    await publishFlowVersion(t.db, 'bench-cs', chain(approval('cs', 'all', { kind: 'users', userIds: approvers })));
    const editor = await viewerByUsername(t.db, 'editor');
    await setBinding(t.db, actorOf(editor), { trigger: 'record-submit', scopeType: 'catalog-item', scopeValue: 'XZCF', flowCode: 'bench-cs' });
    const s2 = performance.now();
    const bound = await importRecords(t.db, actorOf(filler), filler, { itemCode: 'XZCF', fileName: 'bench.csv', bytes, mode: 'commit-all' });
    const withFlow = (performance.now() - s2) / 1000;
    const [instances] = await t.db.select({ n: count() }).from(flowInstance).where(eq(flowInstance.flowCode, 'bench-cs'));
    // (Only this flow's: outside Vitest, seedDemo's office has tasks of its own.)
    const [tasks] = await t.db.select({ n: count() }).from(flowTask).innerJoin(flowInstance, eq(flowInstance.id, flowTask.instanceId)).where(eq(flowInstance.flowCode, 'bench-cs'));
    if (bound.inserted !== ROWS || instances!.n !== ROWS || tasks!.n !== 2 * ROWS) throw new Error(`bound import: ${bound.inserted} rows, ${instances!.n} instances, ${tasks!.n} tasks for ${ROWS} rows`);
    emit('import_rows_per_s_bound', ROWS / withFlow, 'rows/s', { rows: ROWS, seconds: Math.round(withFlow * 100) / 100, instances: instances!.n, tasks: tasks!.n, db: t.kind });
    emit('import_bound_vs_unbound', oursS / withFlow, 'ratio', { rows: ROWS, db: t.kind });
  } finally {
    await t.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
