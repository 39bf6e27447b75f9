/**
 * npm run bench:subjects — the credit file and 双随机 sampling (issue 16), one JSON line each:
 *   credit_file_ms_p95  opening the credit file (every section, masked, query log + audit row) of a
 *                       subject with 1,000 records among the scale's records
 *   sample_draw_s       a seeded draw per grade over the scale's graded subjects (written, audited)
 *   sample_identical    1 when a second draw with the same seed gives the same subjects in order
 * BENCH_SCALE=small (100k records, 10k graded subjects) | full (1M records, 100k graded subjects)
 * | tiny (2k records, 200 graded: for the test that the checks below fail on spoiled work).
 * Runs on DATABASE_URL's server (a fresh database, dropped after) or PGlite. Exits non-zero when the
 * file misses the subject's records, a grade's draw has the wrong size, or the draws disagree.
 * BENCH_INJECT_FAULT proves it: file (one of the subject's records moved to another subject after
 * the load) | draw (the second draw is seeded differently).
 */
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase } from '../server/testing/db';
import { getDepartmentId, seedDemo } from '../server/seed';
import { user } from '../server/db/schema';
import { rowsOf } from '../server/db';
import { findViewer, actorOf } from '../server/auth/viewer';
import { creditFile } from '../server/subjects/file';
import { drawSample, getSample } from '../server/sampling/service';
import { SCJG_MODEL } from '../server/seed/grading';
import { scaleOf } from './scale';

const SCALES = { tiny: { records: 2_000, graded: 200, opens: 5 }, small: { records: 100_000, graded: 10_000, opens: 30 }, full: { records: 1_000_000, graded: 100_000, opens: 50 } } as const;
const scaleName = scaleOf(SCALES, 'small');
const S = SCALES[scaleName];
const FAULT = process.env.BENCH_INJECT_FAULT;
const SUBJECT_RECORDS = 1_000;
const TARGET = 'C'.padEnd(18, '9');

function emit(name: string, value: number, unit: string, extra: Record<string, unknown> = {}) {
  console.log(JSON.stringify({ name, value: Math.round(value * 1000) / 1000, unit, scale: scaleName, ...extra }));
}

function percentile(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function main() {
  const t = await createTestDatabase();
  let failed = 0;
  try {
    await seedDemo(t.db);
    const scjg = await getDepartmentId(t.db, 'SCJG');
    const [editorRow] = await t.db.select({ id: user.id }).from(user).where(eq(user.username, 'editor'));
    const [fillerRow] = await t.db.select({ id: user.id }).from(user).where(eq(user.username, 'filler'));
    const editor = (await findViewer(t.db, editorRow!.id))!;
    const filler = (await findViewer(t.db, fillerRow!.id))!;

    const load = performance.now();
    const others = S.records - SUBJECT_RECORDS;
    const subjects = Math.max(1, Math.floor(others / 5));
    for (let from = 0; from < others; from += 200_000) {
      const to = Math.min(others, from + 200_000);
      await t.db.execute(sql`insert into record (catalog_code, catalog_version, department_id, subject_type, subject_code, subject_name, data, status, decision_date, created_by)
        select 'XZCF', 1, ${scjg}, '法人及非法人组织', 'C' || lpad((g % ${subjects})::text, 17, '0'), '主体' || (g % ${subjects}), '{"CF_CFLB":"罚款"}'::jsonb, 'accepted', date '2025-01-01' + (g % 365), ${filler.id}
        from generate_series(${from}::int, ${to - 1}::int) g`);
    }
    await t.db.execute(sql`insert into record (catalog_code, catalog_version, department_id, subject_type, subject_code, subject_name, data, status, decision_date, created_by)
      select case when g % 2 = 0 then 'XZCF' else 'XZXK' end, 1, ${scjg}, '法人及非法人组织', ${TARGET}, '基准测试主体有限公司', '{"CF_CFLB":"罚款"}'::jsonb, 'accepted', date '2025-01-01' + (g % 365), ${filler.id}
      from generate_series(1, ${SUBJECT_RECORDS}::int) g`);
    const grades = SCJG_MODEL.definition.mappings.map((m) => m.grade);
    const [run] = rowsOf<{ id: string }>(await t.db.execute(sql`insert into evaluation_run (model_code, model_version, content, period_start, period_end, status, is_current)
      values ('GM-SCJG-2024', 1, ${JSON.stringify(SCJG_MODEL)}::jsonb, date '2025-01-01', date '2025-12-31', 'done', true) returning id`));
    const runId = run!.id;
    await t.db.execute(sql`insert into evaluation_result (run_id, subject_code, subject_name, subject_type, score, grade, scores)
      select ${runId}, 'G' || lpad(g::text, 17, '0'), '受评主体' || g, '法人及非法人组织', 500, (array[${sql.join(grades.map((g) => sql`${g}`), sql`, `)}])[1 + (g * 7919) % ${grades.length}], '{}'::json
      from generate_series(1, ${S.graded}::int) g`);
    if (FAULT === 'file') await t.db.execute(sql`update record set subject_code = ${'C'.padEnd(18, '8')} where id = (select id from record where subject_code = ${TARGET} limit 1)`);
    await t.db.execute(sql`analyze`);
    emit('load_s', (performance.now() - load) / 1000, 's', { records: S.records, graded: S.graded });

    // The credit file of the subject with 1,000 records, opened by a filler (masked view) again and again.
    const times: number[] = [];
    for (let i = 0; i < S.opens; i++) {
      const t0 = performance.now();
      const f = await creditFile(t.db, actorOf(filler), filler, { subject: TARGET });
      times.push(performance.now() - t0);
      const n = f.sections.find((s) => s.key === 'records')?.entries.length ?? 0;
      if (n !== SUBJECT_RECORDS) {
        console.error(`credit file showed ${n} records, expected ${SUBJECT_RECORDS}`);
        failed++;
        break;
      }
    }
    emit('credit_file_ms_p95', percentile(times, 95), 'ms', { p50: Math.round(percentile(times, 50) * 10) / 10, opens: times.length, target: 100 });

    // Two draws with the same seed.
    const t1 = performance.now();
    const a = await drawSample(t.db, actorOf(editor), editor, { runId, plan: '基准抽查计划', seed: 'bench-seed' });
    const drawS = (performance.now() - t1) / 1000;
    emit('sample_draw_s', drawS, 's', { graded: S.graded, drawn: a.drawn, target: 5 });
    for (const m of SCJG_MODEL.definition.mappings) {
      const g = a.perGrade[m.grade]!;
      if (g.drawn !== Math.min(g.population, Math.ceil((g.population * m.inspectionRatio.min) / 100))) {
        console.error(`grade ${m.grade}: drew ${g.drawn} of ${g.population} at ${m.inspectionRatio.min}%`);
        failed++;
      }
    }
    const b = await drawSample(t.db, actorOf(editor), editor, { runId, plan: '基准抽查计划', seed: FAULT === 'draw' ? 'another-seed' : 'bench-seed' });
    const [sa, sb] = [await getSample(t.db, editor, a.id), await getSample(t.db, editor, b.id)];
    const identical = a.digest === b.digest && JSON.stringify(sa.subjects) === JSON.stringify(sb.subjects) ? 1 : 0;
    emit('sample_identical', identical, 'bool');
    if (!identical) failed++;
  } finally {
    await t.close();
  }
  if (failed) {
    console.error(`bench:subjects: ${failed} check(s) failed (see above)`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
