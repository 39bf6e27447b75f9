/**
 * 红名单 eligibility (issue #16, grades put to work): an incentive list may name a grading model,
 * the grades that qualify, a clean period and the catalog items that count as adverse. Subjects
 * whose grade in the model's current run qualifies, with no accepted adverse record decided in the
 * clean period, on no sanction list today, not already a member and without an open case, are the
 * list's candidates. The office proposes chosen candidates: each becomes an ordinary case in
 * `proposed` (server/lists/service.ts `openCase`), so notice, objection window, four-eyes decision
 * and documents are the lists process's own. Eligibility is checked again when proposing, in the
 * proposing transaction, so a candidate who picked up a penalty since the page was read is refused.
 *
 * A natural person's ID number never reaches the browser: such candidates carry a sealed ref
 * bound to the run (server/subjects/ref.ts) that only the server can open.
 */
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { rowsOf } from '../db';
import { evaluationRun, type CaseEligibility } from '../db/schema';
import type { Actor } from '../audit/append';
import { DomainError, type FieldError } from '../errors';
import { hasAnyRole, type Viewer } from '../auth/viewer';
import { today } from '../flows/clock';
import { inForceVersions } from '../grading/models';
import { normalizeCode } from '../../forms/formats/normalize';
import { addMonths } from '../../catalog/dates';
import { LIST_DEFAULTS } from '../../catalog/lists/types';
import { OPEN_STATES } from '../../catalog/lists/case';
import type { GradingModelContent } from '../../catalog/grading/types';
import { getListInForce, listsInForce, type ListVersion } from './definitions';
import { departmentOf, openCase } from './service';
import { maskedSubject, seesPersonalCodes } from '../subjects/mask';
import { subjectRefs } from '../subjects/ref';
import { fileHref } from '../subjects/file';

export const MAX_PROPOSE_AT_ONCE = 100;
const like = (q: string) => `%${q.replace(/[%_\\]/g, '\\$&')}%`;

export interface EligibilityRule {
  list: ListVersion;
  modelCode: string;
  modelVersion: number | null;
  modelName: string;
  grades: string[];
  /** The model's own grades (A–E, or A/B/M/C/D …): a condition naming another grade finds no one. */
  modelGrades: string[];
  cleanMonths: number;
  cleanSince: string;
  adverseItems: string[];
  sanctionLists: string[];
  run: { id: string; periodStart: string; periodEnd: string; modelVersion: number | null } | null;
  day: string;
}

function mayPropose(viewer: Viewer) {
  if (!hasAnyRole(viewer, ['editor'])) throw new DomainError('FORBIDDEN', 'lists.errors.eligibilityOfficeOnly');
}

/** The incentive lists in force that have eligibility conditions (for the page's list picker). */
export async function eligibilityLists(db: Db, viewer: Viewer) {
  mayPropose(viewer);
  const day = await today(db);
  return (await listsInForce(db, day)).filter((l) => l.content.nature === 'incentive' && l.content.eligibilityModel && l.content.eligibilityGrades?.length).map((l) => ({ code: l.code, name: l.content.name }));
}

export async function ruleOf(db: Db, listCode: string): Promise<EligibilityRule> {
  const day = await today(db);
  const list = await getListInForce(db, listCode, day);
  const c = list.content;
  if (c.nature !== 'incentive' || !c.eligibilityModel || !c.eligibilityGrades?.length) throw new DomainError('INVALID_INPUT', 'lists.errors.noEligibilityRule', { list: c.name });
  const modelCode = c.eligibilityModel.code;
  const model = (await inForceVersions(db, 'grading-model', day)).get(modelCode);
  const [run] = await db
    .select({ id: evaluationRun.id, periodStart: evaluationRun.periodStart, periodEnd: evaluationRun.periodEnd, modelVersion: evaluationRun.modelVersion })
    .from(evaluationRun)
    .where(and(eq(evaluationRun.modelCode, modelCode), eq(evaluationRun.isCurrent, true), eq(evaluationRun.whatIf, false), eq(evaluationRun.status, 'done')))
    .orderBy(desc(evaluationRun.periodEnd))
    .limit(1);
  const cleanMonths = c.eligibilityCleanMonths ?? LIST_DEFAULTS.eligibilityCleanMonths;
  const sanctionLists = (await listsInForce(db, day)).filter((l) => l.content.nature !== 'incentive').map((l) => l.code);
  return {
    list,
    modelCode,
    modelVersion: model?.version ?? null,
    modelName: String((model?.content as GradingModelContent | undefined)?.name ?? modelCode),
    modelGrades: ((model?.content as GradingModelContent | undefined)?.definition?.bands ?? []).map((b) => b.grade),
    grades: c.eligibilityGrades,
    cleanMonths,
    cleanSince: addMonths(day, -cleanMonths),
    adverseItems: (c.eligibilityAdverseItems ?? []).map((r) => r.code),
    sanctionLists,
    run: run ?? null,
    day,
  };
}

const inList = (values: string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

/** The SQL condition "this result's subject meets the rule", over `evaluation_result er`. */
function meets(rule: EligibilityRule): SQL {
  const parts: SQL[] = [sql`er.run_id = ${rule.run!.id}`, sql`er.grade in (${inList(rule.grades)})`];
  if (rule.adverseItems.length)
    parts.push(sql`not exists (select 1 from record r where r.subject_code = er.subject_code and r.status = 'accepted' and r.catalog_code in (${inList(rule.adverseItems)}) and coalesce(r.decision_date, (r.created_at at time zone 'Asia/Shanghai')::date) >= ${rule.cleanSince}::date)`);
  const memberOf = [...rule.sanctionLists, rule.list.code];
  parts.push(sql`not exists (select 1 from credit_list_member m where m.subject_code = er.subject_code and m.status = 'active' and m.listed_on <= ${rule.day}::date and (m.removed_on is null or m.removed_on > ${rule.day}::date) and m.list_code in (${inList(memberOf)}))`);
  parts.push(sql`not exists (select 1 from list_case c where c.subject_code = er.subject_code and c.list_code = ${rule.list.code} and c.state in (${inList([...OPEN_STATES])}))`);
  return sql.join(parts, sql` and `);
}

/** Natural persons' candidacies travel as sealed refs bound to the run (server/subjects/ref.ts). */
const refsFor = (db: Db, runId: string) => subjectRefs(db, `eligible:${runId}`);

interface CandidateRow {
  subject_code: string;
  subject_name: string;
  subject_type: string;
  grade: string;
  score: number | string;
}

export async function eligibleSubjects(db: Db, viewer: Viewer, input: { listCode: string; q?: string; page: number; pageSize: number }) {
  mayPropose(viewer);
  const rule = await ruleOf(db, input.listCode);
  const summary = {
    list: { code: rule.list.code, name: rule.list.content.name },
    model: { code: rule.modelCode, name: rule.modelName },
    grades: rule.grades,
    // Grades the list names that its model does not have: said on the page, not silently matched to no one.
    unknownGrades: rule.modelGrades.length ? rule.grades.filter((g) => !rule.modelGrades.includes(g)) : [],
    modelGrades: rule.modelGrades,
    cleanMonths: rule.cleanMonths,
    cleanSince: rule.cleanSince,
    adverseItems: rule.adverseItems,
    run: rule.run ? { periodStart: rule.run.periodStart, periodEnd: rule.run.periodEnd } : null,
  };
  if (!rule.run) return { ...summary, rows: [], total: 0 };
  const q = input.q?.trim() ?? '';
  const search = q ? sql` and (er.subject_code = ${normalizeCode(q)} or er.subject_name ilike ${like(q)})` : sql``;
  const where = sql`${meets(rule)}${search}`;
  const [counted] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from evaluation_result er where ${where}`));
  const rows = rowsOf<CandidateRow>(
    await db.execute(sql`select er.subject_code, er.subject_name, er.subject_type, er.grade, er.score from evaluation_result er where ${where} order by er.score desc, er.subject_code limit ${input.pageSize}::int offset ${(input.page - 1) * input.pageSize}::int`),
  );
  const clear = seesPersonalCodes(viewer);
  const refs = await refsFor(db, rule.run.id);
  return {
    ...summary,
    total: Number(counted?.n ?? 0),
    rows: await Promise.all(rows.map(async (r) => ({
      key: r.subject_type === '自然人' && !clear ? `p:${refs.seal(r.subject_code)}` : r.subject_code,
      subjectCode: maskedSubject(viewer, r.subject_type, r.subject_code),
      // The credit file's address never carries a masked ID number.
      fileHref: await fileHref(db, viewer, r.subject_type, r.subject_code),
      subjectName: r.subject_name,
      subjectType: r.subject_type,
      grade: r.grade,
      score: Number(r.score),
    }))),
  };
}

/**
 * Proposes the chosen candidates, each as its own case (one transaction and one audit row per
 * case, so one refusal does not undo the others). Returns what was proposed and, in words, what
 * was not and why.
 */
export async function proposeEligible(db: Db, actor: Actor, viewer: Viewer, input: { listCode: string; keys: string[] }) {
  mayPropose(viewer);
  if (!viewer.departmentId) throw new DomainError('FORBIDDEN', 'records.errors.noDepartment');
  const keys = [...new Set(input.keys.map((k) => k.trim()).filter(Boolean))];
  if (!keys.length) throw new DomainError('INVALID_INPUT', 'lists.errors.noCandidates', {}, [{ path: 'keys', key: 'lists.errors.noCandidates' }]);
  if (keys.length > MAX_PROPOSE_AT_ONCE) throw new DomainError('INVALID_INPUT', 'lists.errors.tooManyCandidates', { max: MAX_PROPOSE_AT_ONCE }, [{ path: 'keys', key: 'lists.errors.tooManyCandidates', params: { max: MAX_PROPOSE_AT_ONCE } }]);
  const rule = await ruleOf(db, input.listCode);
  if (!rule.run) throw new DomainError('CONFLICT', 'lists.errors.noCurrentRun', { model: rule.modelName });
  const run = rule.run;
  const codes = keys.filter((k) => !k.startsWith('p:')).map((k) => normalizeCode(k));
  const hashed = keys.filter((k) => k.startsWith('p:'));
  // Natural persons' keys open only under this run.
  const refs = await refsFor(db, run.id);
  const resolved = hashed.map((k) => refs.open(k.slice(2))).filter((c): c is string => Boolean(c));
  const dept = await departmentOf(db, viewer.departmentId);
  const proposed: { id: string; caseNo: string; subjectName: string }[] = [];
  const refused: FieldError[] = [];
  const unresolved = hashed.length - resolved.length;
  if (unresolved > 0) refused.push({ path: 'keys', key: 'lists.errors.candidateNotFound', params: { n: unresolved } });
  for (const code of [...codes, ...resolved]) {
    try {
      const c = await db.transaction(async (tx) => {
        const [r] = rowsOf<CandidateRow>(await tx.execute(sql`select er.subject_code, er.subject_name, er.subject_type, er.grade, er.score from evaluation_result er where ${meets(rule)} and er.subject_code = ${code}`));
        if (!r) {
          const [known] = rowsOf<{ subject_name: string }>(await tx.execute(sql`select er.subject_name from evaluation_result er where er.run_id = ${run.id} and er.subject_code = ${code}`));
          throw new DomainError('CONFLICT', 'lists.errors.notEligible', { subject: known?.subject_name ?? '—' });
        }
        const eligibility: CaseEligibility = { modelCode: rule.modelCode, modelVersion: run.modelVersion, modelName: rule.modelName, runId: run.id, periodStart: run.periodStart, periodEnd: run.periodEnd, grade: r.grade, score: Number(r.score), cleanMonths: rule.cleanMonths, cleanSince: rule.cleanSince };
        const reason = `符合「${rule.list.content.name}」入选条件：${rule.modelName}（评价期 ${run.periodStart} 至 ${run.periodEnd}）评价等级 ${r.grade}（${Number(r.score)} 分）；自 ${rule.cleanSince} 以来无不良记录，且未列入失信惩戒类名单。`;
        const opened = await openCase(tx, actor, { list: rule.list, dept, day: rule.day, reason, recordIds: [], eligibility, subject: { type: r.subject_type, code: r.subject_code, name: r.subject_name } });
        return { ...opened, subjectName: r.subject_name };
      });
      proposed.push(c);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      refused.push({ path: 'keys', key: e.key, params: e.params });
    }
  }
  return { proposed, refused };
}
