/**
 * Reading evaluations: runs (for the progress bar and the distribution chart), results paged,
 * one subject's explanation (per-indicator value and points with the rule in plain words), the
 * mapped measures with the sanction measures' legal basis resolved at read time, and the pages
 * the exports stream.
 */
import { and, asc, count, desc, eq, gt, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { evaluationResult, evaluationRun } from '../db/schema';
import type { IndicatorScores, ResultMeasures } from '../db/schema/grading';
import { DomainError } from '../errors';
import { describeRule, type ExplainNames } from '../../catalog/grading/explain';
import { adjustmentOf } from '../../catalog/grading/score';
import type { GradingModelContent, Indicator } from '../../catalog/grading/types';
import type { Localized } from '../../catalog/types';
import { inForceVersions } from './models';
import { normalizeCode } from '../../forms/formats/normalize';
import { subjectSearch } from '../records/subject-search';
import { maskedSubject, seesPersonalCodes } from '../subjects/mask';
import { subjectRefs } from '../subjects/ref';
import type { Viewer } from '../auth/viewer';

export function runView(r: typeof evaluationRun.$inferSelect) {
  return {
    id: r.id,
    code: r.modelCode,
    /** 0 only for a what-if run of an unsaved draft (never listed) */
    version: r.modelVersion ?? 0,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    status: r.status,
    done: r.done,
    total: r.total,
    isCurrent: r.isCurrent,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    createdAt: r.createdAt,
    distribution: r.distribution ?? {},
    error: r.error,
    modelName: (r.content as { name?: string }).name ?? r.modelCode,
  };
}

export async function listRuns(db: Db, code?: string) {
  const where = [eq(evaluationRun.whatIf, false)];
  if (code) where.push(eq(evaluationRun.modelCode, code));
  const rows = await db.select().from(evaluationRun).where(and(...where)).orderBy(desc(evaluationRun.createdAt)).limit(200);
  return rows.map(runView);
}

export async function getRun(db: Db, id: string) {
  const [r] = await db.select().from(evaluationRun).where(eq(evaluationRun.id, id));
  if (!r) throw new DomainError('NOT_FOUND', 'grading.errors.runNotFound');
  return r;
}

export interface ResultQuery {
  runId: string;
  grade?: string;
  q?: string;
  page: number;
  pageSize: number;
}

function resultWhere(query: Pick<ResultQuery, 'runId' | 'grade' | 'q'>): SQL {
  const where: SQL[] = [eq(evaluationResult.runId, query.runId)];
  if (query.grade) where.push(eq(evaluationResult.grade, query.grade));
  if (query.q?.trim()) where.push(subjectSearch({ name: evaluationResult.subjectName, code: evaluationResult.subjectCode, type: evaluationResult.subjectType }, query.q));
  return and(...where)!;
}

/**
 * A page of results. A natural person's ID number is masked for roles that may not see it
 * (issue 11); every row carries `ref`, the handle the page sends back to explain that subject.
 */
export async function listResults(db: Db, viewer: Pick<Viewer, 'roles'>, query: ResultQuery) {
  await getRun(db, query.runId);
  const refs = await subjectRefs(db, `evaluation-run:${query.runId}`);
  const where = resultWhere(query);
  const [total] = await db.select({ n: count() }).from(evaluationResult).where(where);
  const rows = await db
    .select({ subjectCode: evaluationResult.subjectCode, subjectName: evaluationResult.subjectName, subjectType: evaluationResult.subjectType, score: evaluationResult.score, grade: evaluationResult.grade, vetoedBy: evaluationResult.vetoedBy })
    .from(evaluationResult)
    .where(where)
    .orderBy(desc(evaluationResult.score), asc(evaluationResult.subjectCode))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  return { rows: rows.map((r) => ({ ...r, subjectCode: maskedSubject(viewer, r.subjectType, r.subjectCode), ref: refs.seal(r.subjectCode) })), total: total?.n ?? 0 };
}

/** Display names for rule descriptions: catalog items and lists by code, data items by key. */
export async function explainNames(db: Db): Promise<ExplainNames> {
  const refs: Record<string, string> = {};
  const items: Record<string, string> = {};
  for (const [code, v] of await inForceVersions(db, 'info-catalog')) {
    const c = v.content as { name?: string; dataItems?: { ui?: { fields?: Record<string, { label?: Localized }> } } };
    refs[code] = c.name ?? code;
    for (const [k, f] of Object.entries(c.dataItems?.ui?.fields ?? {})) if (f.label?.['zh-CN']) items[k] ??= f.label['zh-CN'];
  }
  for (const [code, v] of await inForceVersions(db, 'credit-list')) refs[code] = (v.content as { name?: string }).name ?? code;
  return { refs, items };
}

export interface IndicatorExplanation {
  indicatorId: string;
  name: Localized;
  /** names of the branches above it */
  path: string[];
  /** the indicator's full points */
  points: number;
  value: number | string | null;
  adjustment: number;
  /** the points the subject got */
  score: number;
  rule: Localized;
}

/** Per leaf: what the rule counted, what it gave, in plain words. */
export function explanationOf(content: GradingModelContent, scores: IndicatorScores, names: ExplainNames): IndicatorExplanation[] {
  const out: IndicatorExplanation[] = [];
  const walk = (nodes: Indicator[], path: string[]) => {
    for (const n of nodes) {
      if (n.children?.length) walk(n.children, [...path, n.name['zh-CN']]);
      else if (n.rule) {
        const [value, points] = scores[n.id] ?? [null, 0];
        out.push({ indicatorId: n.id, name: n.name, path, points: n.points, value, adjustment: adjustmentOf(n.rule.points, value), score: Number(points), rule: describeRule(n.rule, n.points, names) });
      }
    }
  };
  walk(content.definition.indicators, []);
  return out;
}

/** One subject's explanation, asked by `ref` (from a results row) or by a typed code. */
export async function explainResult(db: Db, viewer: Pick<Viewer, 'roles'>, runId: string, asked: { ref?: string; subjectCode?: string }) {
  const run = await getRun(db, runId);
  // Stored codes are normalised; a code pasted with spaces or in lower case finds its result.
  const opened = asked.ref ? (await subjectRefs(db, `evaluation-run:${runId}`)).open(asked.ref) : null;
  if (asked.ref && !opened) throw new DomainError('NOT_FOUND', 'grading.errors.resultNotFound', { subject: '—' });
  const subjectCode = opened ?? normalizeCode(asked.subjectCode ?? '');
  const [r] = await db.select().from(evaluationResult).where(and(eq(evaluationResult.runId, runId), eq(evaluationResult.subjectCode, subjectCode)));
  if (!r) throw new DomainError('NOT_FOUND', 'grading.errors.resultNotFound', { subject: opened ? '—' : subjectCode });
  const content = run.content as unknown as GradingModelContent;
  const veto = (content.definition.vetoes ?? []).find((v) => v.id === r.vetoedBy) ?? null;
  return {
    subjectCode: maskedSubject(viewer, r.subjectType, r.subjectCode),
    subjectName: r.subjectName,
    score: r.score,
    grade: r.grade,
    gradeLabel: content.definition.bands.find((b) => b.grade === r.grade)?.label ?? null,
    vetoedBy: r.vetoedBy,
    veto: veto ? { id: veto.id, label: veto.label, grade: veto.grade } : null,
    indicators: explanationOf(content, r.scores, await explainNames(db)),
  };
}

/** The mapped measures of a result, each sanction measure resolved to its entry in force with its legal basis. */
export async function resolveMeasures(db: Db, measures: ResultMeasures | null, cache?: Map<string, { title: string; legalBasis: unknown[] }>) {
  const published = cache ?? new Map([...(await inForceVersions(db, 'sanction-measure')).entries()].map(([code, v]) => [code, { title: String((v.content as { text?: string }).text ?? code), legalBasis: ((v.content as { legalBasis?: unknown[] }).legalBasis ?? []) as unknown[] }]));
  return {
    inspectionRatio: measures?.inspectionRatio ?? null,
    frequency: measures?.frequency ?? null,
    incentives: measures?.incentives ?? [],
    sanctionMeasures: (measures?.sanctionMeasures ?? []).map((s) => {
      const p = published.get(s.code);
      // A measure retired since the run no longer applies: say so rather than show it as in force.
      return { code: s.code, title: p?.title ?? null, legalBasis: p?.legalBasis ?? [], inForce: Boolean(p) };
    }),
  };
}

export const RESULT_COLUMNS = ['subject_code', 'subject_name', 'subject_type', 'score', 'grade', 'vetoed_by'] as const;

/**
 * Pages of a run's results for the exports (keyset on subject code): natural persons' ID numbers
 * masked as on the page, and a veto by its name rather than its id.
 */
export async function* resultPages(db: Db, viewer: Pick<Viewer, 'roles'>, query: Pick<ResultQuery, 'runId' | 'grade' | 'q'>, pageSize = 5000): AsyncGenerator<(string | number | null)[][]> {
  const run = await getRun(db, query.runId);
  const vetoName = new Map(((run.content as unknown as GradingModelContent).definition.vetoes ?? []).map((v) => [v.id, v.label['zh-CN'] || v.id]));
  const clear = seesPersonalCodes(viewer);
  let after: string | null = null;
  for (;;) {
    const where: SQL = after === null ? resultWhere(query) : and(resultWhere(query), gt(evaluationResult.subjectCode, after))!;
    const rows = await db
      .select({ c: evaluationResult.subjectCode, n: evaluationResult.subjectName, t: evaluationResult.subjectType, s: evaluationResult.score, g: evaluationResult.grade, v: evaluationResult.vetoedBy })
      .from(evaluationResult)
      .where(where)
      .orderBy(asc(evaluationResult.subjectCode))
      .limit(pageSize);
    if (!rows.length) return;
    after = rows[rows.length - 1]!.c;
    yield rows.map((r) => [clear ? r.c : maskedSubject(viewer, r.t, r.c), r.n, r.t, r.s, r.g, r.v === null ? null : (vetoName.get(r.v) ?? r.v)]);
  }
}

