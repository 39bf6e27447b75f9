/**
 * 双随机 inspection sampling (issue 16): for a grading run and an inspection plan, the subjects of
 * each grade are drawn with the ratio the model maps to that grade (its lower bound unless the
 * plan asks for another ratio within the mapped range). The draw is seeded and reproducible: the
 * subjects of a grade are ordered by md5(seed ‖ code) and the first ⌈population × ratio⌉ taken,
 * so the same run, ratios and seed give the same sample on any database and in any row order. The
 * seed is stored with the sample; every draw writes one audit row.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { rowsOf } from '../db';
import { evaluationRun, inspectionSample, user, type SampleRow } from '../db/schema';

const NO_DEPARTMENT = '00000000-0000-0000-0000-000000000000';
import { appendAudit, type Actor } from '../audit/append';
import { DomainError } from '../errors';
import { hasAnyRole, mayReadMadeBy, type Viewer } from '../auth/viewer';
import { CROSS_DEPARTMENT_ROLES } from '../auth/roles';
import { maskedSubject } from '../subjects/mask';
import type { GradingModelContent } from '../../catalog/grading/types';
import { resultStates } from './results';

export interface DrawInput {
  runId: string;
  plan: string;
  seed?: string;
  /** grade → percent, within the model's mapped range. */
  ratios?: Record<string, number>;
}

const SEED = /^[0-9A-Za-z_-]{1,64}$/;

export function sampleDigest(rows: { subjectCode: string }[]): string {
  return createHash('sha256').update(rows.map((r) => r.subjectCode).join('\n')).digest('hex');
}

/** The draw itself (no write): per grade, the seeded order's first ⌈n × ratio⌉. */
export async function drawRows(db: Db, runId: string, seed: string, ratios: Record<string, number>) {
  const perGrade: Record<string, { ratio: number; population: number; drawn: number }> = {};
  const subjects: SampleRow[] = [];
  for (const [grade, ratio] of Object.entries(ratios).sort(([a], [b]) => a.localeCompare(b))) {
    const [pop] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from evaluation_result where run_id = ${runId} and grade = ${grade}`));
    const population = Number(pop?.n ?? 0);
    const n = Math.min(population, Math.ceil((population * ratio) / 100));
    const rows = n
      ? rowsOf<{ code: string; name: string; type: string }>(
          await db.execute(sql`select subject_code as code, subject_name as name, subject_type as type from evaluation_result where run_id = ${runId} and grade = ${grade} order by md5(${seed} || subject_code), subject_code limit ${n}::int`),
        )
      : [];
    perGrade[grade] = { ratio, population, drawn: rows.length };
    for (const r of rows) subjects.push({ grade, subjectCode: r.code, subjectName: r.name, subjectType: r.type });
  }
  return { perGrade, subjects };
}

export async function drawSample(db: Db, actor: Actor, viewer: Viewer, input: DrawInput) {
  const plan = input.plan.trim();
  if (!plan) throw new DomainError('INVALID_INPUT', 'sampling.errors.planRequired', {}, [{ path: 'plan', key: 'sampling.errors.planRequired' }]);
  const seed = input.seed?.trim() || randomBytes(8).toString('hex');
  if (!SEED.test(seed)) throw new DomainError('INVALID_INPUT', 'sampling.errors.seed', {}, [{ path: 'seed', key: 'sampling.errors.seed' }]);
  const [run] = await db.select().from(evaluationRun).where(eq(evaluationRun.id, input.runId));
  if (!run || run.whatIf) throw new DomainError('NOT_FOUND', 'sampling.errors.runNotFound');
  if (run.status !== 'done') throw new DomainError('CONFLICT', 'sampling.errors.runNotDone');
  const content = run.content as unknown as GradingModelContent;
  const ratios: Record<string, number> = {};
  for (const m of content.definition.mappings ?? []) {
    const asked = input.ratios?.[m.grade];
    if (asked !== undefined && !(asked >= m.inspectionRatio.min && asked <= m.inspectionRatio.max)) {
      throw new DomainError('INVALID_INPUT', 'sampling.errors.ratioOutside', { grade: m.grade, min: m.inspectionRatio.min, max: m.inspectionRatio.max }, [{ path: `ratios.${m.grade}`, key: 'sampling.errors.ratioOutside', params: { grade: m.grade, min: m.inspectionRatio.min, max: m.inspectionRatio.max } }]);
    }
    ratios[m.grade] = asked ?? m.inspectionRatio.min;
  }
  const { perGrade, subjects } = await drawRows(db, run.id, seed, ratios);
  const digest = sampleDigest(subjects);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(inspectionSample).values({ runId: run.id, plan, seed, perGrade, subjects, digest, drawnBy: actor.id! }).returning({ id: inspectionSample.id });
    await appendAudit(tx, actor, { action: 'sample.draw', objectType: 'inspection-sample', objectId: row!.id, after: { run: run.id, model: `${run.modelCode}@${run.modelVersion}`, plan, seed, perGrade, drawn: subjects.length, digest } });
    return { id: row!.id, seed, digest, perGrade, drawn: subjects.length };
  });
}

function viewOf(viewer: Viewer, s: typeof inspectionSample.$inferSelect) {
  return {
    id: s.id,
    runId: s.runId,
    plan: s.plan,
    seed: s.seed,
    digest: s.digest,
    perGrade: s.perGrade,
    drawnAt: s.drawnAt,
    subjects: s.subjects.map((r) => ({ ...r, subjectCode: maskedSubject(viewer, r.subjectType, r.subjectCode) })),
  };
}

export async function getSample(db: Db, viewer: Viewer, id: string) {
  const [s] = await db.select().from(inspectionSample).where(eq(inspectionSample.id, id));
  // Another department's sample is "not found".
  if (!s || !(await mayReadMadeBy(db, viewer, s.drawnBy))) throw new DomainError('NOT_FOUND', 'sampling.errors.notFound');
  const states = await resultStates(db, Object.values(s.results).map((r) => r.recordId));
  const [drawer] = await db.select({ departmentId: user.departmentId }).from(user).where(eq(user.id, s.drawnBy));
  return {
    ...viewOf(viewer, s),
    // The drawing department's inspectors record results.
    mayRecord: hasAnyRole(viewer, ['filler']) && Boolean(viewer.departmentId) && drawer?.departmentId === viewer.departmentId,
    results: Object.fromEntries(Object.entries(s.results).map(([i, r]) => [i, { recordId: r.recordId, result: r.result, inspectedOn: r.inspectedOn, status: states.get(r.recordId) ?? null }])),
  };
}

export async function listSamples(db: Db, viewer: Viewer, input: { runId?: string }) {
  // Cross-department roles see every sample; others their own department's.
  const scope = hasAnyRole(viewer, CROSS_DEPARTMENT_ROLES) ? null : (viewer.departmentId ?? NO_DEPARTMENT);
  const rows = await db
    .select({ id: inspectionSample.id, runId: inspectionSample.runId, plan: inspectionSample.plan, seed: inspectionSample.seed, digest: inspectionSample.digest, perGrade: inspectionSample.perGrade, drawnAt: inspectionSample.drawnAt, modelCode: evaluationRun.modelCode, periodEnd: evaluationRun.periodEnd })
    .from(inspectionSample)
    .innerJoin(evaluationRun, eq(evaluationRun.id, inspectionSample.runId))
    .innerJoin(user, eq(user.id, inspectionSample.drawnBy))
    .where(and(input.runId ? eq(inspectionSample.runId, input.runId) : undefined, scope === null ? undefined : eq(user.departmentId, scope)))
    .orderBy(desc(inspectionSample.drawnAt))
    .limit(100);
  return rows;
}

/** Runs a sample may be drawn from: current, finished runs (not what-if). */
export async function sampleableRuns(db: Db) {
  const rows = await db
    .select({ id: evaluationRun.id, modelCode: evaluationRun.modelCode, modelVersion: evaluationRun.modelVersion, periodStart: evaluationRun.periodStart, periodEnd: evaluationRun.periodEnd, content: evaluationRun.content, distribution: evaluationRun.distribution })
    .from(evaluationRun)
    .where(and(eq(evaluationRun.isCurrent, true), eq(evaluationRun.whatIf, false), eq(evaluationRun.status, 'done')))
    .orderBy(evaluationRun.modelCode);
  return rows.map((r) => {
    const c = r.content as unknown as GradingModelContent;
    return { id: r.id, modelCode: r.modelCode, modelName: c.name, periodStart: r.periodStart, periodEnd: r.periodEnd, distribution: r.distribution, mappings: (c.definition.mappings ?? []).map((m) => ({ grade: m.grade, min: m.inspectionRatio.min, max: m.inspectionRatio.max })) };
  });
}

/** The sample as CSV rows (export), masked like the page. */
export async function sampleCsvRows(db: Db, viewer: Viewer, id: string) {
  const s = await getSample(db, viewer, id);
  return { plan: s.plan, seed: s.seed, rows: [['等级', '主体名称', '主体代码', '主体类型', '检查日期', '检查结果'], ...s.subjects.map((r, i) => [r.grade, r.subjectName, r.subjectCode, r.subjectType, s.results[String(i)]?.inspectedOn ?? '', s.results[String(i)]?.result ?? ''])] };
}
