/**
 * npm run bench:grading — the evaluation engine against its floor and against the naive loop
 * (issue #6 §6), one JSON line each:
 *   eval_s_engine            the engine: claim, compiled statement per chunk of subjects, publish (s)
 *   eval_s_handwritten_sql   the floor: ONE hand-written INSERT … SELECT producing the same stored
 *                            rows (same columns, same scores JSON and measures) into a table of the
 *                            same shape (LIKE evaluation_result INCLUDING ALL: same indexes, logged),
 *                            with the engine's session settings (jit off, work_mem) so only the
 *                            engine's own overhead is compared
 *   eval_s_handwritten_sql_server_defaults   the same statement with the server's defaults (info)
 *   eval_s_naive_js          per subject: query its records and list rows, score in JS (medium and
 *                            full: measured on a sample and extrapolated — see `sampled`)
 *   results_identical        1 when the engine and the floor agree on every column of every subject
 *                            and the naive loop on every (sampled) subject's score and grade
 * BENCH_SCALE=small (10k subjects, 50k records) | medium (200k, 1M) | full (1M, 5M) | tiny (300,
 * 1.5k: for the test that the checks below fail on spoiled work); a 20-indicator model either way;
 * every line names its scale. Runs on DATABASE_URL's server (a fresh database, dropped after) or
 * PGlite. Engine and floor run BENCH_REPEAT times (default 2), the best is reported and every
 * run listed in `runs`. Every repeat is checked, not only the last: an engine run must end `done`
 * and store exactly the floor's rows, each floor repeat must store the same number of rows; any
 * failure or disagreement is printed (`repeat_failed`, `results_identical` 0) and the benchmark
 * exits 1 — a fast figure from a run that failed is never reported as the best.
 * BENCH_INJECT_FAULT=failed-run | mismatch spoils the first engine repeat (marks it failed, or
 * changes one stored score) to show that the check catches it: a later repeat is sound, so a check
 * of the last run alone would miss it.
 * BENCH_EXPLAIN=1 prints the compiled statement and its plan (EXPLAIN ANALYZE, BUFFERS) to stderr.
 */
import { eq, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { createTestDatabase } from '../server/testing/db';
import { seedDemo, seedPublishedEntry, getDepartmentId } from '../server/seed';
import { rowsOf, type Db } from '../server/db';
import { user } from '../server/db/schema';
import { SYSTEM_ACTOR } from '../server/audit/append';
import { claimRun, executeRun, sessionSettings, startRun } from '../server/grading/evaluate';
import { compileSelect } from '../server/grading/compile';
import { A_TO_E_MAPPINGS, L, modelContent } from '../server/grading/fixtures';
import { evaluateSubject, type RecordFact } from '../catalog/grading/score';
import type { Indicator } from '../catalog/grading/types';
import { scaleOf } from './scale';

const SCALES = { tiny: [300, 1_500, 300], small: [10_000, 50_000, 10_000], medium: [200_000, 1_000_000, 5_000], full: [1_000_000, 5_000_000, 5_000] } as const;
const scale = scaleOf(SCALES, 'small');
const [SUBJECTS, RECORDS, NAIVE_SAMPLE] = SCALES[scale];
/** Each of engine and floor runs this often; the best run is reported (this machine is shared and noisy; the first run also pays cold caches). */
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 2));
const FAULT = process.env.BENCH_INJECT_FAULT;
if (FAULT && REPEAT < 2) throw new Error('BENCH_INJECT_FAULT spoils the first of several repeats: set BENCH_REPEAT=2 or more');
const PERIOD = { start: '2030-01-01', end: '2030-12-31' };
const KINDS = ['罚款', '警告', '没收违法所得'];

function emit(name: string, value: number, unit: string, extra: Record<string, unknown> = {}) {
  console.log(JSON.stringify({ name, value: Math.round(value * 1000) / 1000, unit, scale, ...extra }));
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return (performance.now() - started) / 1000;
}

/** 20 leaves × 50 points; four kinds of rule, varied windows and tables; one veto. */
function benchTree(): Indicator[] {
  return Array.from({ length: 20 }, (_, k): Indicator => {
    const id = `i${k}`;
    const name = L(`指标${k}`);
    switch (k % 4) {
      case 0:
        return { id, name, points: 50, rule: { source: 'records', ref: 'XZCF', aggregation: 'count', windowMonths: (k % 12) + 1, filters: [{ item: 'CF_CFLB', op: 'eq', value: KINDS[k % 3]! }], points: { kind: 'per-unit', perUnit: -(5 + k), min: -40 } } };
      case 1:
        return { id, name, points: 50, rule: { source: 'records', ref: 'XZCF', aggregation: 'sum', item: 'CF_NR_FK', points: { kind: 'ranges', ranges: [{ from: 0, to: 2, points: 0 }, { from: 2, to: 10, points: -10 }, { from: 10, to: null, points: -(20 + k) }] } } };
      case 2:
        return { id, name, points: 50, rule: { source: 'records', ref: 'XZXK', aggregation: 'count', points: { kind: 'per-unit', perUnit: 5, max: 15 }, start: 35 } };
      default:
        return { id, name, points: 50, rule: { source: 'commitment-fulfilment', ref: 'XYCN', aggregation: 'count', item: 'fulfillmentStatus', filters: [{ item: 'fulfillmentStatus', op: 'ne', value: '全部履行' }], points: { kind: 'per-unit', perUnit: -25 } } };
    }
  });
}

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The same model written by hand as one statement: literals inline, one pass, no chunks, no
 * parameters; it stores what the engine stores (name, type, score, grade, veto, the per-indicator
 * JSON, the grade's measures), so the two write the same bytes into the same kind of table.
 */
function handwritten(table: string): string {
  const month = (k: number) => `date '2031-01-01' - interval '${(k % 12) + 1} months'`;
  const inPeriod = `r.decision_date between date '2030-01-01' and date '2030-12-31'`;
  const aggs: string[] = [];
  const pts: string[] = [];
  for (let k = 0; k < 20; k++) {
    const v = `coalesce(rec.v${k}, 0)`;
    if (k % 4 === 0) {
      aggs.push(`count(*) filter (where r.catalog_code = 'XZCF' and r.decision_date >= greatest(${month(k)}, date '2030-01-01') and r.decision_date <= date '2030-12-31' and r.data->>'CF_CFLB' = '${KINDS[k % 3]}') as v${k}`);
      pts.push(`least(greatest(50 + greatest(${v} * ${-(5 + k)}, -40), 0), 50)`);
    } else if (k % 4 === 1) {
      aggs.push(`coalesce(sum(case when r.data->>'CF_NR_FK' ~ '^\\s*-?(\\d+(\\.\\d*)?|\\.\\d+)\\s*$' then (r.data->>'CF_NR_FK')::numeric end) filter (where r.catalog_code = 'XZCF' and ${inPeriod}), 0) as v${k}`);
      pts.push(`least(greatest(50 + case when ${v} >= 0 and ${v} < 2 then 0 when ${v} >= 2 and ${v} < 10 then -10 when ${v} >= 10 then ${-(20 + k)} else 0 end, 0), 50)`);
    } else if (k % 4 === 2) {
      aggs.push(`count(*) filter (where r.catalog_code = 'XZXK' and ${inPeriod}) as v${k}`);
      pts.push(`least(greatest(35 + least(${v} * 5, 15), 0), 50)`);
    } else {
      aggs.push(`count(*) filter (where r.catalog_code = 'XYCN' and ${inPeriod} and r.data->>'fulfillmentStatus' is not null and r.data->>'fulfillmentStatus' is distinct from '全部履行') as v${k}`);
      pts.push(`least(greatest(50 + ${v} * -25, 0), 50)`);
    }
  }
  const json = Array.from({ length: 20 }, (_, k) => `'${k ? '],' : '{'}"i${k}":[', v${k}, ',', p${k}`).join(', ');
  const measures = A_TO_E_MAPPINGS.map((m) => `('${m.grade}', ${q(JSON.stringify({ inspectionRatio: m.inspectionRatio, frequency: m.frequency, incentives: m.incentives ?? [], sanctionMeasures: m.sanctionMeasures ?? [] }))}::jsonb)`).join(', ');
  return `insert into ${table} (run_id, subject_code, subject_name, subject_type, score, grade, vetoed_by, scores, measures)
    select '00000000-0000-0000-0000-000000000000', g.subject_code, g.subject_name, g.subject_type, g.score, g.grade, g.vetoed_by, concat(${json}, ']}')::json, m.measures
    from (select s.*, case when vetoed_by is not null then 'E' when score >= 900 then 'A' when score >= 800 then 'B' when score >= 700 then 'C' when score >= 600 then 'D' else 'E' end as grade
      from (select p.*, round(${Array.from({ length: 20 }, (_, k) => `p${k}`).join(' + ')}, 2) as score
        from (select coalesce(rec.subject_code, lst.subject_code) as subject_code, coalesce(rec.subject_name, lst.subject_name) as subject_name, coalesce(rec.subject_type, lst.subject_type) as subject_type,
            case when coalesce(lst.listed, 0) > 0 then 'sdl' end as vetoed_by,
            ${Array.from({ length: 20 }, (_, k) => `coalesce(rec.v${k}, 0) as v${k}`).join(', ')}, ${pts.map((p, k) => `${p} as p${k}`).join(', ')}
          from (select r.subject_code, max(r.subject_name collate "C") as subject_name, max(r.subject_type collate "C") as subject_type, ${aggs.join(', ')}
                from record r where r.status = 'accepted' and r.catalog_code in ('XZCF', 'XZXK', 'XYCN')
                and r.subject_type in ('法人及非法人组织', '个体工商户') and r.decision_date <= date '2030-12-31' group by r.subject_code) rec
          full join (select m.subject_code, max(m.subject_name collate "C") as subject_name, max(m.subject_type collate "C") as subject_type,
                count(*) filter (where m.removed_on is null or m.removed_on >= date '2030-01-01') as listed from credit_list_member m
                where m.list_code = 'CL-001' and m.listed_on <= date '2030-12-31' and m.subject_type in ('法人及非法人组织', '个体工商户') group by m.subject_code) lst
            on lst.subject_code = rec.subject_code offset 0) p offset 0) s offset 0) g
    left join (values ${measures}) as m(grade, measures) on m.grade = g.grade`;
}

/** Facts written set-based (generate_series, server side), with record's secondary indexes built after the load. */
async function generate(db: Db): Promise<void> {
  const dept = await getDepartmentId(db, 'SCJG');
  const [u] = await db.select({ id: user.id }).from(user).where(eq(user.username, 'filler'));
  const indexes = rowsOf<{ name: string; def: string }>(await db.execute(sql`select indexname as name, indexdef as def from pg_indexes where tablename = 'record' and indexname <> 'record_pkey'`));
  for (const i of indexes) await db.execute(sql.raw(`drop index ${i.name}`));
  await db.execute(sql`
    insert into record (catalog_code, catalog_version, department_id, subject_type, subject_code, subject_name, data, status, decision_date, created_by)
    select c.code, 1, ${dept}::uuid, case when s % 10 = 0 then '个体工商户' else '法人及非法人组织' end, 'B' || lpad(s::text, 7, '0'), '主体' || s,
      case c.code
        when 'XZCF' then jsonb_build_object('CF_CFLB', (array['罚款','警告','没收违法所得'])[1 + j % 3], 'CF_NR_FK', case when j % 17 = 0 then to_jsonb('n/a'::text) else to_jsonb(round((j % 13) * 0.7, 1)) end)
        when 'XZXK' then jsonb_build_object('XK_XKLB', (array['普通','特许'])[1 + j % 2])
        else jsonb_build_object('fulfillmentStatus', (array['全部履行','部分履行','全部未履行'])[1 + j % 3]) end,
      case when j % 50 = 0 then 'submitted' else 'accepted' end,
      date '2029-11-01' + (j % 450), ${u!.id}::uuid
    from generate_series(1, ${RECORDS}) j
    cross join lateral (select 1 + ((j::bigint * 7919) % ${SUBJECTS}) as s, (array['XZCF','XZXK','XYCN','XZCF'])[1 + j % 4] as code) c`);
  for (const i of indexes) await db.execute(sql.raw(i.def));
  await db.execute(sql`
    insert into credit_list_member (list_code, subject_code, subject_name, subject_type, listed_on, removed_on, source)
    select 'CL-001', 'B' || lpad((1 + (i * 104729) % ${SUBJECTS})::text, 7, '0'), '主体', '法人及非法人组织', date '2029-06-01' + (i % 700), case when i % 3 = 0 then date '2030-03-01' end, 'bench'
    from generate_series(1, ${Math.max(10, SUBJECTS / 100)}) i`);
  await db.execute(sql`vacuum analyze record`);
  await db.execute(sql`vacuum analyze credit_list_member`);
}

/** The floor, REPEAT times in a transaction with the engine's settings (into an emptied table), once with the server's defaults. */
async function floor(db: Db): Promise<{ tuned: number[]; rows: number[]; defaults: number }> {
  await db.execute(sql`create table bench_hand (like evaluation_result including all)`);
  const tuned: number[] = [];
  const rows: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    await db.execute(sql`truncate bench_hand`);
    tuned.push(
      await timed(() =>
        db.transaction(async (tx) => {
          await tx.execute(sql`select ${sessionSettings()}`);
          await tx.execute(sql.raw(handwritten('bench_hand')));
        }),
      ),
    );
    rows.push(Number(rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from bench_hand`))[0]?.n ?? 0));
  }
  await db.execute(sql`create table bench_hand_defaults (like evaluation_result including all)`);
  const defaults = await timed(() => db.execute(sql.raw(handwritten('bench_hand_defaults'))));
  return { tuned, rows, defaults };
}

interface EngineRepeat {
  runId: string;
  seconds: number;
  status: string;
  chunks: number;
  error: string | null;
  /** rows of this run that differ from the floor's (missing on either side counts) */
  mismatches: number;
  rows: number;
}

/** This run's stored results against the floor's table, column by column. */
async function compareWithFloor(db: Db, runId: string): Promise<{ mismatches: number; rows: number }> {
  const [diff] = rowsOf<{ n: number; engine: number }>(
    await db.execute(sql`select count(*) filter (where e.subject_code is null or h.subject_code is null or e.subject_name <> h.subject_name or e.subject_type <> h.subject_type
        or e.score <> h.score or e.grade <> h.grade or e.vetoed_by is distinct from h.vetoed_by or e.scores::jsonb <> h.scores::jsonb or e.measures is distinct from h.measures)::int as n,
        count(e.subject_code)::int as engine
      from (select * from evaluation_result where run_id = ${runId}::uuid) e full join bench_hand h using (subject_code)`),
  );
  return { mismatches: Number(diff?.n ?? 1), rows: Number(diff?.engine ?? 0) };
}

/**
 * The engine REPEAT times: queue, claim, evaluate, publish (a repeat replaces the run before it, as
 * a re-run does). Each repeat's status and results are checked right after it, before the next
 * one replaces (and purges) them.
 */
async function engine(db: Db): Promise<EngineRepeat[]> {
  const repeats: EngineRepeat[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const { runId } = await startRun(db, SYSTEM_ACTOR, { code: 'GM-BENCH', periodEnd: PERIOD.end }, { kick: false });
    const seconds = await timed(async () => executeRun(db, (await claimRun(db))!));
    if (i === 0 && FAULT === 'failed-run') await db.execute(sql`update evaluation_run set status = 'failed', error = 'injected by BENCH_INJECT_FAULT' where id = ${runId}::uuid`);
    if (i === 0 && FAULT === 'mismatch') await db.execute(sql`update evaluation_result set score = score + 1 where ctid = (select ctid from evaluation_result where run_id = ${runId}::uuid limit 1)`);
    const [run] = rowsOf<{ chunks: number; status: string; error: string | null }>(await db.execute(sql`select total as chunks, status, error from evaluation_run where id = ${runId}::uuid`));
    repeats.push({ runId, seconds, status: run?.status ?? 'missing', chunks: Number(run?.chunks), error: run?.error ?? null, ...(await compareWithFloor(db, runId)) });
  }
  return repeats;
}

const best = (xs: number[]) => Math.min(...xs);
const rounded = (xs: number[]) => xs.map((x) => Math.round(x * 1000) / 1000);

/** Naive: one subject at a time (subjects in scope come from the engine's own list, sampled evenly). */
async function naive(db: Db, runId: string, content: ReturnType<typeof modelContent>) {
  const subjects = rowsOf<{ subject_code: string; score: string | number; grade: string }>(await db.execute(sql`select subject_code, score, grade from evaluation_result where run_id = ${runId}::uuid order by subject_code`));
  const step = Math.max(1, Math.floor(subjects.length / NAIVE_SAMPLE));
  const sample = subjects.filter((_, i) => i % step === 0);
  let agrees = true;
  const seconds = await timed(async () => {
    for (const s of sample) {
      const recs = rowsOf<{ id: string; catalog_code: string; subject_type: string; decision_date: string | null; data: Record<string, unknown> | string }>(
        await db.execute(sql`select id::text, catalog_code, subject_type, decision_date::text, data from record where subject_code = ${s.subject_code} and status = 'accepted' and subject_type in ('法人及非法人组织', '个体工商户')`),
      );
      const lists = rowsOf<{ list_code: string; listed_on: string; removed_on: string | null }>(await db.execute(sql`select list_code, listed_on::text, removed_on::text from credit_list_member where subject_code = ${s.subject_code}`));
      const facts: RecordFact[] = recs.map((r) => ({ id: r.id, catalogCode: r.catalog_code, subjectType: r.subject_type, decisionDate: r.decision_date, data: typeof r.data === 'string' ? JSON.parse(r.data) : r.data }));
      const e = evaluateSubject(content.definition, PERIOD, facts, lists.map((l) => ({ listCode: l.list_code, listedOn: l.listed_on, removedOn: l.removed_on })));
      if (Math.abs(e.score - Number(s.score)) > 0.005 || e.grade !== s.grade) agrees = false;
    }
  });
  return { seconds: seconds * (subjects.length / sample.length), sampled: sample.length, subjects: subjects.length, agrees };
}

const t = await createTestDatabase();
const db = t.db;
let ok = true;
try {
  await seedDemo(db);
  emit('setup_s', await timed(() => generate(db)), 's', { subjects: SUBJECTS, records: RECORDS, database: t.kind });

  const content = modelContent(benchTree(), { vetoes: [{ id: 'sdl', label: L('严重失信'), grade: 'E', rule: { source: 'list-membership', ref: 'CL-001', aggregation: 'exists' } }] });
  await seedPublishedEntry(db, 'grading-model', 'GM-BENCH', content as unknown as Record<string, unknown>);

  // The floor first: every engine repeat is compared with its rows.
  const f = await floor(db);
  const floorRows = f.rows[0] ?? 0;
  if (floorRows === 0 || f.rows.some((n) => n !== floorRows)) {
    ok = false;
    emit('repeat_failed', 1, 'bool', { what: 'handwritten_sql', rows: f.rows });
  }

  const repeats = await engine(db);
  for (const [i, r] of repeats.entries()) {
    if (r.status !== 'done' || r.mismatches !== 0 || r.rows !== floorRows) {
      ok = false;
      emit('repeat_failed', 1, 'bool', { what: 'engine', repeat: i + 1, status: r.status, error: r.error, mismatches_vs_handwritten: r.mismatches, rows: r.rows, expected_rows: floorRows });
    }
  }
  const good = repeats.filter((r) => r.status === 'done' && r.mismatches === 0);
  const runId = repeats[repeats.length - 1]!.runId;
  const engineS = good.length ? best(good.map((r) => r.seconds)) : NaN;
  emit('eval_s_engine', engineS, 's', { runs: rounded(repeats.map((r) => r.seconds)), statuses: repeats.map((r) => r.status), chunks: repeats[0]?.chunks, ...(good.length < repeats.length ? { best_of: 'successful repeats only' } : {}) });

  if (process.env.BENCH_EXPLAIN) {
    const statement = new PgDialect().sqlToQuery(compileSelect(content, { period: PERIOD }));
    console.error(`${statement.sql}\n-- params: ${JSON.stringify(statement.params)}\n`);
    const plan = await db.transaction(async (tx) => {
      await tx.execute(sql`select ${sessionSettings()}`);
      return rowsOf<Record<string, string>>(await tx.execute(sql`explain (analyze, buffers) ${compileSelect(content, { period: PERIOD })}`));
    });
    console.error(plan.map((r) => Object.values(r)[0]).join('\n'));
  }

  emit('eval_s_handwritten_sql', best(f.tuned), 's', { runs: rounded(f.tuned), rows: f.rows });
  emit('eval_s_handwritten_sql_server_defaults', f.defaults, 's');

  const n = await naive(db, runId, content);
  emit(n.sampled < n.subjects ? 'eval_s_naive_js_extrapolated' : 'eval_s_naive_js', n.seconds, 's', { sampled: n.sampled, subjects: n.subjects });
  if (!n.agrees) ok = false;

  const grades = rowsOf<{ grade: string; n: number }>(await db.execute(sql`select grade, count(*)::int as n from evaluation_result where run_id = ${runId}::uuid group by grade order by grade`));
  emit('results_identical', ok ? 1 : 0, 'bool', {
    engine_vs_handwritten_mismatches_per_repeat: repeats.map((r) => r.mismatches),
    rows: floorRows,
    naive_agrees_on_sample: n.agrees,
    grades: Object.fromEntries(grades.map((r) => [r.grade, Number(r.n)])),
  });
  emit('engine_vs_floor', engineS / best(f.tuned), 'ratio');
  emit('naive_vs_engine', n.seconds / engineS, 'ratio');
} finally {
  await t.close();
}
if (!ok) {
  console.error('bench:grading: a repeat failed or the results disagree (see repeat_failed / results_identical above)');
  process.exit(1);
}
