/**
 * Subject lookup 逢办必查 (issue #6 §5): a department looks a subject up by USCC (exact code) or
 * name (contains) and must say why. It sees the current grade per industry (the current run of
 * each model) with its explanation and mapped measures (sanction measures with their legal basis,
 * resolved now), and the subject's accepted records by catalog item, masked per role exactly like
 * the records pages. Every lookup writes one query-log row and one audit row in one transaction.
 * Auditors read the query log (filter, page, CSV export).
 */
import { and, asc, count, desc, eq, gte, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { rowsOf } from '../db';
import { evaluationResult, evaluationRun, queryLog, record } from '../db/schema';
import { insertAudited, type Actor } from '../audit/append';
import { randomUUID } from 'node:crypto';
import { DomainError } from '../errors';
import type { Viewer } from '../auth/viewer';
import { getPinnedVersion, mayUnmask, personalRules } from '../records/service';
import { maskQueryLogRow } from '../audit/reveal';
import { maskRecord } from '../../forms/masking';
import { normalizeCode } from '../../forms/formats/normalize';
import { addDays, isIsoDate } from '../../catalog/grading/period';
import { explainNames, explanationOf, resolveMeasures } from './results';
import { inForceVersions } from './models';
import { runContents } from './run-content';
import { membershipsOf } from '../lists/members';
import { disclosureOf, openProcesses, type DisclosureFacts } from '../disclosure/lookup';
import { todayCN } from '../registers/dates';
import { now as clockNow } from '../flows/clock';
import { subjectRefs } from '../subjects/ref';

const MAX_SUBJECTS = 20;
const MAX_RECORDS_PER_ITEM = 50;
const like = (q: string) => `%${q.replace(/[%_\\]/g, '\\$&')}%`;

/**
 * A query that can only be a code (15–18 letters and digits) is matched on the code alone: no
 * subject name looks like that, and a substring search over every record's subject name would
 * scan the whole table on every 逢办必查 lookup.
 */
const CODE_LIKE = /^[0-9A-Za-z]{15,18}$/;

async function findSubjects(db: Db, q: string) {
  // Codes are stored normalised; the query is matched as a code the way people type one.
  const code = normalizeCode(q);
  const byCode = CODE_LIKE.test(code);
  const byRecord = byCode ? eq(record.subjectCode, code) : or(eq(record.subjectCode, code), ilike(record.subjectName, like(q)))!;
  const byResult = byCode ? sql`er.subject_code = ${code}` : sql`(er.subject_code = ${code} or er.subject_name ilike ${like(q)})`;
  const byMember = byCode ? sql`m.subject_code = ${code}` : sql`(m.subject_code = ${code} or m.subject_name ilike ${like(q)})`;
  return rowsOf<{ code: string; name: string; type: string }>(
    await db.execute(sql`select code, max(name) as name, max(type) as type from (
      select subject_code as code, subject_name as name, subject_type as type from record where status = 'accepted' and ${byRecord}
      union all
      select er.subject_code, er.subject_name, er.subject_type from evaluation_result er join evaluation_run run on run.id = er.run_id and run.is_current where ${byResult}
      union all
      select m.subject_code, m.subject_name, m.subject_type from credit_list_member m where m.status = 'active' and ${byMember}
    ) s group by code order by code limit ${MAX_SUBJECTS}::int`),
  );
}

export async function gradesOf(db: Db, subjectCode: string, names: Awaited<ReturnType<typeof explainNames>>, measureCache: Parameters<typeof resolveMeasures>[2]) {
  const rows = await db
    .select({ r: evaluationResult, run: { id: evaluationRun.id, modelCode: evaluationRun.modelCode, modelVersion: evaluationRun.modelVersion, periodStart: evaluationRun.periodStart, periodEnd: evaluationRun.periodEnd } })
    .from(evaluationResult)
    .innerJoin(evaluationRun, and(eq(evaluationRun.id, evaluationResult.runId), eq(evaluationRun.isCurrent, true)))
    .where(eq(evaluationResult.subjectCode, subjectCode))
    .orderBy(asc(evaluationRun.modelCode), desc(evaluationRun.periodEnd));
  const contents = await runContents(db, rows.map((x) => x.run.id));
  const out = [];
  for (const { r, run } of rows) {
    const content = contents.get(run.id)!;
    out.push({
      modelCode: run.modelCode,
      modelName: content.name,
      industry: content.industry,
      version: run.modelVersion,
      period: { start: run.periodStart, end: run.periodEnd },
      score: r.score,
      grade: r.grade,
      gradeLabel: content.definition.bands.find((b) => b.grade === r.grade)?.label ?? null,
      vetoedBy: r.vetoedBy ? ((content.definition.vetoes ?? []).find((v) => v.id === r.vetoedBy)?.label ?? null) : null,
      explanation: explanationOf(content, r.scores, names),
      measures: await resolveMeasures(db, r.measures, measureCache),
    });
  }
  return out;
}

async function recordsOf(db: Db, viewer: Viewer, subjectCode: string) {
  const rows = await db.select().from(record).where(and(eq(record.subjectCode, subjectCode), eq(record.status, 'accepted'))).orderBy(asc(record.catalogCode), desc(record.decisionDate));
  // 公示与修复 (issue 15): class, 公示截止日, 可申请修复日, publication state, 异议处理中 / 修复申请中.
  const disclosures = await disclosureOf(db, rows.map((r) => r.id), todayCN(await clockNow(db)));
  const groups = new Map<string, { catalogCode: string; catalogName: string; total: number; rows: ({ id: string; catalogVersion: number; decisionDate: string | null; masked: boolean; data: Record<string, unknown> } & DisclosureFacts)[] }>();
  // A subject's records share a few catalog versions: read each once.
  const pinned = new Map<string, ReturnType<typeof getPinnedVersion>>();
  for (const r of rows) {
    const key = `${r.catalogCode}@${r.catalogVersion}`;
    if (!pinned.has(key)) pinned.set(key, getPinnedVersion(db, r.catalogCode, r.catalogVersion));
    const item = await pinned.get(key)!;
    const g = groups.get(r.catalogCode) ?? { catalogCode: r.catalogCode, catalogName: item.content.name, total: 0, rows: [] };
    groups.set(r.catalogCode, g);
    g.total++;
    if (g.rows.length >= MAX_RECORDS_PER_ITEM) continue;
    const masked = !mayUnmask(viewer, r);
    g.rows.push({ id: r.id, catalogVersion: r.catalogVersion, decisionDate: r.decisionDate, masked, data: masked ? maskRecord(r.data, personalRules(item.content.dataItems)) : r.data, ...disclosures(r.id, r.status, r.revision) });
  }
  return [...groups.values()];
}

export async function lookupSubjects(db: Db, actor: Actor, viewer: Viewer, input: { query: string; purpose: string }) {
  const query = input.query.trim();
  const purpose = input.purpose.trim();
  const fieldErrors = [];
  if (!query) fieldErrors.push({ path: 'query', key: 'grading.errors.queryRequired' });
  if (!purpose) fieldErrors.push({ path: 'purpose', key: 'grading.errors.purposeRequired' });
  if (fieldErrors.length) throw new DomainError('INVALID_INPUT', fieldErrors[0]!.key, {}, fieldErrors);
  const found = await findSubjects(db, query);
  // The names and measures explanations need, read only when something was found.
  const names = found.length ? await explainNames(db) : { refs: {}, items: {} };
  const measureCache = new Map(found.length ? [...(await inForceVersions(db, 'sanction-measure')).entries()].map(([code, v]) => [code, { title: String((v.content as { text?: string }).text ?? code), legalBasis: ((v.content as { legalBasis?: unknown[] }).legalBasis ?? []) as unknown[] }]) : []);
  const day = todayCN(await clockNow(db));
  const memberships = await membershipsOf(db, found.map((s) => s.code), day);
  const memberOpen = await openProcesses(db, [], [...memberships.values()].flat().map((m) => m.id));
  const subjects = [];
  const refs = found.length ? await subjectRefs(db, 'credit-file') : null;
  for (const s of found) {
    // Natural persons' ID numbers stay masked for roles that may not unmask personal data.
    const maskCode = s.type === '自然人' && !viewer.roles.includes('approver');
    subjects.push({
      code: maskCode ? maskRecord({ v: s.code }, { v: { keepStart: 4, keepEnd: 4 } }).v : s.code,
      name: s.name,
      type: s.type,
      // The credit file (issue 16); a masked ID number travels as an opaque ref, not in the address.
      fileHref: `/subjects/${maskCode ? refs!.seal(s.code) : encodeURIComponent(s.code)}`,
      grades: await gradesOf(db, s.code, names, measureCache),
      records: await recordsOf(db, viewer, s.code),
      // 逢办必查: list memberships in force, with the measures that apply and their legal basis.
      lists: (memberships.get(s.code) ?? []).map((m) => ({ ...m, objectionOpen: memberOpen.objections.has(m.id), repairOpen: memberOpen.repairs.has(m.id) })),
    });
  }
  const memberHits = subjects.reduce((n, s) => n + s.lists.length, 0);
  const queryLogId = randomUUID();
  await insertAudited(
    db,
    db.insert(queryLog).values({
      id: queryLogId,
      userId: actor.id,
      // Who looked, as auditors read it: the person's name with the account, as of the lookup.
      userName: `${viewer.name}（${viewer.username}）`,
      department: actor.department,
      query,
      subjectCode: found.map((s) => s.code).join(',').slice(0, 2000) || null,
      subjectName: found.map((s) => s.name).join('、').slice(0, 2000) || null,
      purpose,
      resultCount: found.length,
      memberHits,
    }),
    actor,
    { action: 'subject.lookup', objectType: 'query-log', objectId: queryLogId, after: { query, subjects: found.map((s) => s.code), resultCount: found.length, memberHits }, reason: purpose },
  );
  return { subjects, queryLogId, today: day };
}

// ---------- the query log ----------

export interface QueryLogFilter {
  from?: string;
  to?: string;
  userId?: string;
  department?: string;
  subject?: string;
  purpose?: string;
}

export function queryLogWhere(f: QueryLogFilter): SQL | undefined {
  const where: SQL[] = [];
  for (const [k, v] of [['from', f.from], ['to', f.to]] as const) {
    if (v !== undefined && !isIsoDate(v)) throw new DomainError('INVALID_INPUT', 'grading.errors.badDate', { value: v }, [{ path: k, key: 'grading.errors.badDate', params: { value: v } }]);
  }
  // dates are China days; `to` is inclusive
  if (f.from) where.push(gte(queryLog.at, new Date(`${f.from}T00:00:00+08:00`)));
  if (f.to) where.push(lt(queryLog.at, new Date(`${addDays(f.to, 1)}T00:00:00+08:00`)));
  if (f.userId) where.push(eq(queryLog.userId, f.userId));
  if (f.department) where.push(eq(queryLog.department, f.department));
  if (f.subject?.trim()) {
    const l = like(f.subject.trim());
    where.push(or(ilike(queryLog.subjectCode, l), ilike(queryLog.subjectName, l), ilike(queryLog.query, l))!);
  }
  if (f.purpose?.trim()) where.push(ilike(queryLog.purpose, like(f.purpose.trim())));
  return where.length ? and(...where) : undefined;
}

export async function listQueryLog(db: Db, f: QueryLogFilter & { page: number; pageSize: number }) {
  const where = queryLogWhere(f);
  const [total] = await db.select({ n: count() }).from(queryLog).where(where);
  const rows = await db
    .select()
    .from(queryLog)
    .where(where)
    .orderBy(desc(queryLog.at), desc(queryLog.id))
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  // Looked-up ID and phone numbers are masked for every role (auditors reveal a row with a reason).
  return { rows: rows.map(maskQueryLogRow), total: total?.n ?? 0 };
}

export const QUERY_LOG_COLUMNS = ['at', 'user', 'department', 'query', 'subject_code', 'subject_name', 'purpose', 'result_count'] as const;

/** Pages of the filtered query log for the CSV export (offset paging on a frozen upper bound). */
export async function* queryLogPages(db: Db, f: QueryLogFilter, pageSize = 5000): AsyncGenerator<(string | number | null)[][]> {
  const until = new Date();
  for (let offset = 0; ; offset += pageSize) {
    const where = and(queryLogWhere(f), lt(queryLog.at, until));
    const rows = await db.select().from(queryLog).where(where).orderBy(asc(queryLog.at), asc(queryLog.id)).limit(pageSize).offset(offset);
    if (!rows.length) return;
    yield rows.map(maskQueryLogRow).map((r) => [r.at.toISOString(), r.userName, r.department, r.query, r.subjectCode, r.subjectName, r.purpose, r.resultCount]);
  }
}
