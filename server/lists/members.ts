/**
 * List memberships (credit_list_member): what the subject lookup shows (逢办必查) with the measures
 * that apply and their legal basis, the members page, expiry at valid-to (the sweeper) and removal
 * by decision with its 移出决定书. A membership's `removed_on` is the day it ends — the decided
 * valid-to, or the removal day — which is what grading reads, so grades pick memberships up as
 * they start and end.
 */
import { and, asc, count, desc, eq, ilike, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { creditListMember, department, listCase } from '../db/schema';
import { appendAudit, SYSTEM_ACTOR, type Actor } from '../audit/append';
import { DomainError } from '../errors';
import { hasAnyRole, type Viewer } from '../auth/viewer';
import { todayCN } from '../registers/dates';
import { now as clockNow } from '../flows/clock';
import { nextState, type CaseState } from '../../catalog/lists/case';
import { basisText, getListInForce, getListVersion, listsInForce, measuresByList, type ListVersion } from './definitions';
import { cnDate, produceDocument } from './documents';
import { maskedSubject } from './service';
import { today } from '../flows/clock';
import { memberInForce } from './in-force';

type MemberRow = typeof creditListMember.$inferSelect;

const activeOn = memberInForce;

/** Memberships in force for each subject, with the measures that apply (the lookup's 名单 section). */
export async function membershipsOf(db: Db, subjectCodes: string[], day: string) {
  const out = new Map<string, Awaited<ReturnType<typeof viewsOf>>>();
  if (!subjectCodes.length) return out;
  const rows = await db
    .select({ m: creditListMember, departmentZh: department.nameZh, departmentEn: department.nameEn })
    .from(creditListMember)
    .leftJoin(department, eq(department.id, creditListMember.departmentId))
    .where(and(inArray(creditListMember.subjectCode, subjectCodes), activeOn(day)))
    .orderBy(asc(creditListMember.listedOn));
  const views = await viewsOf(db, rows, day);
  for (const v of views) out.set(v.subjectCode, [...(out.get(v.subjectCode) ?? []), v]);
  return out;
}

async function viewsOf(db: Db, rows: { m: MemberRow; departmentZh: string | null; departmentEn: string | null }[], day: string) {
  if (!rows.length) return [];
  const [lists, measures] = await Promise.all([listsInForce(db, day), measuresByList(db, day)]);
  const byCode = new Map(lists.map((l) => [l.code, l.content]));
  return rows.map(({ m, departmentZh, departmentEn }) => {
    const list = byCode.get(m.listCode);
    return {
      id: m.id,
      subjectCode: m.subjectCode,
      listCode: m.listCode,
      listName: list?.name ?? m.listCode,
      listKind: list?.listKind ?? null,
      nature: list?.nature ?? 'sanction',
      legalBasis: list?.legalBasis ?? [],
      decisionNumber: m.decisionNumber,
      department: departmentZh ? { 'zh-CN': departmentZh, en: departmentEn ?? departmentZh } : null,
      listedOn: m.listedOn,
      validTo: m.validTo ?? m.removedOn,
      caseId: m.caseId,
      measures: measures.get(m.listCode) ?? [],
    };
  });
}

export interface MemberListQuery {
  listCode?: string;
  status?: 'active' | 'ended';
  q?: string;
  page: number;
  pageSize: number;
}

export async function listMembers(db: Db, viewer: Viewer, q: MemberListQuery) {
  const day = await today(db);
  const where: SQL[] = [];
  if (q.listCode) where.push(eq(creditListMember.listCode, q.listCode));
  if (q.status === 'active') where.push(activeOn(day));
  else if (q.status === 'ended') where.push(sql`not (${activeOn(day)})`);
  const text = q.q?.trim();
  if (text) where.push(or(eq(creditListMember.subjectCode, text.toUpperCase()), ilike(creditListMember.subjectName, `%${text.replace(/[%_\\]/g, '\\$&')}%`))!);
  const cond = where.length ? and(...where) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select({ m: creditListMember, departmentZh: department.nameZh, departmentEn: department.nameEn })
      .from(creditListMember)
      .leftJoin(department, eq(department.id, creditListMember.departmentId))
      .where(cond)
      .orderBy(desc(creditListMember.listedOn), asc(creditListMember.subjectCode))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(creditListMember).where(cond),
  ]);
  const names = new Map((await listsInForce(db, day)).map((l) => [l.code, l.content.name]));
  return {
    total: total?.n ?? 0,
    rows: rows.map(({ m, departmentZh, departmentEn }) => ({
      id: m.id,
      listCode: m.listCode,
      listName: names.get(m.listCode) ?? m.listCode,
      subjectName: m.subjectName,
      subjectCode: maskedSubject(viewer, m.subjectType, m.subjectCode),
      decisionNumber: m.decisionNumber,
      listedOn: m.listedOn,
      validTo: m.validTo ?? m.removedOn,
      status: m.status === 'active' && m.removedOn !== null && m.removedOn <= day ? 'expired' : m.status,
      endReason: m.endReason,
      caseId: m.caseId,
      department: departmentZh ? { 'zh-CN': departmentZh, en: departmentEn ?? departmentZh } : null,
      canRemove: hasAnyRole(viewer, ['approver']) && m.status === 'active' && (m.removedOn === null || m.removedOn > day),
    })),
  };
}

/** Moves the case of a membership (if any) with it, and writes the one audit row of the change. */
async function endMembership(tx: Db, actor: Actor, m: MemberRow, to: 'expired' | 'removed' | 'revoked' | 'repaired', patch: { removedOn: string; reason: string | null; document?: Record<string, unknown> }) {
  await tx.update(creditListMember).set({ status: to, removedOn: patch.removedOn, endedAt: new Date(), endReason: to === 'expired' ? 'expired' : (patch.reason ?? 'removed') }).where(eq(creditListMember.id, m.id));
  if (m.caseId) {
    const [c] = await tx.select().from(listCase).where(eq(listCase.id, m.caseId)).for('update');
    const next = c ? nextState(c.state as CaseState, to === 'expired' ? 'expire' : 'remove') : null;
    if (c && next) await tx.update(listCase).set({ state: next, endedAt: new Date(), endReason: to, revision: sql`${listCase.revision} + 1`, updatedAt: new Date() }).where(eq(listCase.id, c.id));
  }
  await appendAudit(tx, actor, {
    action: to === 'expired' ? 'list_member.expire' : to === 'revoked' ? 'list_member.revoke' : 'list_member.remove',
    objectType: 'list-member',
    objectId: m.id,
    before: { status: m.status, removedOn: m.removedOn },
    after: { status: to, list: m.listCode, subject: { code: m.subjectCode, name: m.subjectName }, case: m.caseId, removedOn: patch.removedOn, ...(patch.document ? { document: patch.document } : {}) },
    reason: patch.reason,
  });
}

/**
 * Expires memberships whose period has passed (the sweeper, on the engine's clock). Rows are
 * claimed with SKIP LOCKED, so several app instances never expire one twice.
 */
export async function expireMemberships(db: Db, opts: { now?: Date; limit?: number } = {}): Promise<number> {
  const day = todayCN(opts.now ?? (await clockNow(db)));
  let done = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(creditListMember)
        .where(and(eq(creditListMember.status, 'active'), lte(creditListMember.removedOn, day)))
        .orderBy(asc(creditListMember.removedOn))
        .limit(opts.limit ?? 100)
        .for('update', { skipLocked: true });
      for (const m of due) await endMembership(tx, SYSTEM_ACTOR, m, 'expired', { removedOn: m.removedOn!, reason: null });
      return due.length;
    });
    done += n;
    if (n < (opts.limit ?? 100)) return done;
  }
}

/** Removal by decision (移出): an approver who did not propose the case; writes the 移出决定书. */
export async function removeMember(db: Db, actor: Actor, viewer: Viewer, input: { memberId: string; reason: string }) {
  const reason = input.reason.trim();
  if (!reason) throw new DomainError('INVALID_INPUT', 'lists.errors.reasonRequired', {}, [{ path: 'reason', key: 'lists.errors.reasonRequired' }]);
  return db.transaction(async (tx) => {
    const [m] = await tx.select().from(creditListMember).where(eq(creditListMember.id, input.memberId)).for('update');
    if (!m) throw new DomainError('NOT_FOUND', 'lists.errors.memberNotFound');
    const day = await today(tx);
    if (m.status !== 'active' || (m.removedOn !== null && m.removedOn <= day)) throw new DomainError('CONFLICT', 'lists.errors.memberEnded', { status: m.status });
    const [c] = m.caseId ? await tx.select().from(listCase).where(eq(listCase.id, m.caseId)) : [];
    if (c && c.proposedBy === actor.id) throw new DomainError('FORBIDDEN', 'lists.errors.ownCase');
    return removeMemberIn(tx, actor, viewer.departmentId, m, reason, day);
  });
}

/**
 * Removal of a locked, active membership inside the caller's transaction (a removal decision, a
 * credit repair): the 移出决定书 from the list's template, the membership's end and its case's,
 * one audit row. `status` 'revoked' is a listing undone on objection, 'repaired' one ended by credit
 * repair (停止使用): neither counts in grading any more (server/grading/compile.ts).
 */
export async function removeMemberIn(tx: Db, actor: Actor, fallbackDepartmentId: string | null, m: MemberRow, reason: string, day: string, status: 'removed' | 'revoked' | 'repaired' = 'removed') {
  {
    const [c] = m.caseId ? await tx.select().from(listCase).where(eq(listCase.id, m.caseId)) : [];
    const list: ListVersion = c ? await getListVersion(tx, c.listCode, c.listVersion) : await getListInForce(tx, m.listCode, day);
    const deptId = m.departmentId ?? c?.departmentId ?? fallbackDepartmentId;
    if (!deptId) throw new DomainError('FORBIDDEN', 'records.errors.noDepartment');
    const [dept] = await tx.select({ id: department.id, code: department.code, nameZh: department.nameZh }).from(department).where(eq(department.id, deptId));
    const doc = await produceDocument(tx, {
      caseId: c?.id ?? null,
      memberId: m.id,
      caseNo: c?.caseNo ?? m.decisionNumber ?? m.subjectCode,
      kind: 'removal',
      list,
      dept: dept!,
      day,
      producedBy: actor.id,
      values: {
        名单名称: list.content.name,
        主体名称: m.subjectName,
        统一社会信用代码: m.subjectCode,
        主体类型: m.subjectType,
        认定部门: dept!.nameZh,
        事由: c?.reason ?? '',
        依据: basisText(list.content.legalBasis ?? []),
        有效期起: cnDate(m.listedOn),
        移出日期: cnDate(day),
        移出事由: reason,
        救济途径: list.content.remedies ?? '',
      },
    });
    await endMembership(tx, actor, m, status, { removedOn: status === 'revoked' ? m.listedOn : day, reason, document: { kind: doc.kind, number: doc.number, sha256: doc.sha256 } });
    return doc;
  }
}

