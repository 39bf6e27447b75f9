/**
 * 联合奖惩反馈: a department that applied a measure to a list member (usually right after a lookup
 * showed the membership) records what it did. The office sees, per department, how many lookups
 * that found a member were followed by feedback, and per measure how often it was applied.
 */
import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { rowsOf } from '../db';
import { creditListMember, department, measureFeedback, queryLog, user } from '../db/schema';
import { appendAudit, type Actor } from '../audit/append';
import { DomainError, type FieldError } from '../errors';
import type { Viewer } from '../auth/viewer';
import { isIsoDate } from '../registers/dates';
import { measuresByList } from './definitions';
import { maskedSubject } from './service';
import { today } from '../flows/clock';

export interface FeedbackInput {
  memberId: string;
  measureCode: string;
  appliedOn: string;
  content: string;
  amount?: string | null;
  queryLogId?: string | null;
}

const AMOUNT = /^\d{1,15}(\.\d{1,2})?$/;

export async function recordFeedback(db: Db, actor: Actor, viewer: Viewer, input: FeedbackInput) {
  if (!viewer.departmentId) throw new DomainError('FORBIDDEN', 'records.errors.noDepartment');
  const day = await today(db);
  const errors: FieldError[] = [];
  const content = input.content.trim();
  if (!content) errors.push({ path: 'content', key: 'errors.required' });
  if (!isIsoDate(input.appliedOn)) errors.push({ path: 'appliedOn', key: 'registers.errors.badDate', params: { value: input.appliedOn } });
  else if (input.appliedOn > day) errors.push({ path: 'appliedOn', key: 'lists.errors.appliedInFuture', params: { day } });
  const amount = input.amount?.trim() || null;
  if (amount !== null && !AMOUNT.test(amount)) errors.push({ path: 'amount', key: 'lists.errors.amount' });
  if (errors.length) throw new DomainError('INVALID_INPUT', errors[0]!.key, errors[0]!.params ?? {}, errors);
  const [m] = await db.select().from(creditListMember).where(eq(creditListMember.id, input.memberId));
  if (!m) throw new DomainError('NOT_FOUND', 'lists.errors.memberNotFound');
  if (input.appliedOn < m.listedOn || (m.removedOn !== null && input.appliedOn >= m.removedOn)) {
    throw new DomainError('INVALID_INPUT', 'lists.errors.appliedOutsideMembership', { from: m.listedOn, to: m.removedOn ?? '—' }, [{ path: 'appliedOn', key: 'lists.errors.appliedOutsideMembership', params: { from: m.listedOn, to: m.removedOn ?? '—' } }]);
  }
  const measures = (await measuresByList(db, day)).get(m.listCode) ?? [];
  if (!measures.some((x) => x.code === input.measureCode)) throw new DomainError('INVALID_INPUT', 'lists.errors.measureNotOfList', {}, [{ path: 'measureCode', key: 'lists.errors.measureNotOfList' }]);
  if (input.queryLogId) {
    const [log] = await db.select({ userId: queryLog.userId }).from(queryLog).where(eq(queryLog.id, input.queryLogId));
    // Feedback counts against the caller's own lookup only.
    if (!log || log.userId !== actor.id) throw new DomainError('INVALID_INPUT', 'lists.errors.notYourLookup', {}, [{ path: 'queryLogId', key: 'lists.errors.notYourLookup' }]);
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(measureFeedback)
      .values({ memberId: m.id, listCode: m.listCode, subjectCode: m.subjectCode, measureCode: input.measureCode, appliedOn: input.appliedOn, content, amount, departmentId: viewer.departmentId!, queryLogId: input.queryLogId ?? null, createdBy: actor.id! })
      .returning({ id: measureFeedback.id });
    await appendAudit(tx, actor, { action: 'measure_feedback.record', objectType: 'list-member', objectId: m.id, after: { feedback: row!.id, list: m.listCode, subject: m.subjectCode, measure: input.measureCode, appliedOn: input.appliedOn, amount } });
    return { id: row!.id };
  });
}

export interface FeedbackRange {
  from?: string;
  to?: string;
}

export function range(r: FeedbackRange) {
  for (const d of [r.from, r.to]) if (d !== undefined && !isIsoDate(d)) throw new DomainError('INVALID_INPUT', 'registers.errors.badDate', { value: d });
  return r;
}

/** Feedback rates per department and counts per measure over a period (dates inclusive). */
export async function feedbackStats(db: Db, r: FeedbackRange) {
  const { from, to } = range(r);
  const lookupWhere = [sql`q.member_hits > 0`];
  // Query-log times are instants; the period is China days, `to` inclusive.
  if (from) lookupWhere.push(sql`q.at >= ${new Date(`${from}T00:00:00+08:00`)}`);
  if (to) lookupWhere.push(sql`q.at < ${new Date(Date.parse(`${to}T00:00:00+08:00`) + 86_400_000)}`);
  const fbWhere = [sql`true`];
  if (from) fbWhere.push(sql`f.applied_on >= ${from}::date`);
  if (to) fbWhere.push(sql`f.applied_on <= ${to}::date`);
  const byDepartment = rowsOf<{ code: string; name_zh: string; name_en: string; lookups: number; followed: number; feedbacks: number }>(
    await db.execute(sql`
      with l as (select q.department as code, count(*)::int as lookups, count(*) filter (where exists (select 1 from measure_feedback f where f.query_log_id = q.id))::int as followed
                 from query_log q where ${sql.join(lookupWhere, sql` and `)} group by q.department),
           f as (select d.code, count(*)::int as feedbacks from measure_feedback f join department d on d.id = f.department_id where ${sql.join(fbWhere, sql` and `)} group by d.code)
      select d.code, d.name_zh, d.name_en, coalesce(l.lookups, 0) as lookups, coalesce(l.followed, 0) as followed, coalesce(f.feedbacks, 0) as feedbacks
      from department d left join l on l.code = d.code left join f on f.code = d.code
      where coalesce(l.lookups, 0) > 0 or coalesce(f.feedbacks, 0) > 0
      order by d.code`),
  );
  const byMeasure = rowsOf<{ measure_code: string; feedbacks: number; departments: number; amount: string | null }>(
    await db.execute(sql`select f.measure_code, count(*)::int as feedbacks, count(distinct f.department_id)::int as departments, sum(f.amount)::text as amount
      from measure_feedback f where ${sql.join(fbWhere, sql` and `)} group by f.measure_code order by f.measure_code`),
  );
  const measures = new Map<string, string>();
  for (const list of (await measuresByList(db, await today(db))).values()) for (const m of list) measures.set(m.code, m.text);
  return {
    byDepartment: byDepartment.map((d) => ({ code: d.code, name: { 'zh-CN': d.name_zh, en: d.name_en }, lookups: Number(d.lookups), followed: Number(d.followed), feedbacks: Number(d.feedbacks), rate: Number(d.lookups) ? Number(d.followed) / Number(d.lookups) : null })),
    byMeasure: byMeasure.map((m) => ({ code: m.measure_code, text: measures.get(m.measure_code) ?? m.measure_code, feedbacks: Number(m.feedbacks), departments: Number(m.departments), amount: m.amount })),
  };
}

export const FEEDBACK_COLUMNS = ['applied_on', 'department', 'list', 'subject_code', 'subject_name', 'measure', 'content', 'amount', 'recorded_by', 'recorded_at'] as const;

/** Pages of feedback rows in the period, for the CSV/XLSX export. */
export async function* feedbackPages(db: Db, viewer: Viewer, r: FeedbackRange, pageSize = 5000): AsyncGenerator<(string | number | null)[][]> {
  const { from, to } = range(r);
  const until = new Date();
  const where = and(from ? gte(measureFeedback.appliedOn, from) : undefined, to ? sql`${measureFeedback.appliedOn} <= ${to}` : undefined, lt(measureFeedback.createdAt, until));
  for (let offset = 0; ; offset += pageSize) {
    const rows = await db
      .select({ f: measureFeedback, dept: department.nameZh, by: user.name, subjectName: creditListMember.subjectName, subjectType: creditListMember.subjectType })
      .from(measureFeedback)
      .innerJoin(department, eq(department.id, measureFeedback.departmentId))
      .innerJoin(creditListMember, eq(creditListMember.id, measureFeedback.memberId))
      .leftJoin(user, eq(user.id, measureFeedback.createdBy))
      .where(where)
      .orderBy(desc(measureFeedback.appliedOn), desc(measureFeedback.id))
      .limit(pageSize)
      .offset(offset);
    if (!rows.length) return;
    yield rows.map(({ f, dept, by, subjectName, subjectType }) => [f.appliedOn, dept, f.listCode, maskedSubject(viewer, subjectType, f.subjectCode), subjectName, f.measureCode, f.content, f.amount, by, f.createdAt.toISOString()]);
  }
}
