/**
 * Credit repair (信用修复): an application for a published record or a list membership once its
 * 可申请修复日 is reached, with the obligations fulfilled (statement and evidence) and a 信用修复承诺
 * (commitment.ts). Deadlines to accept and to decide are working days from the disclosure rule
 * (data: the national figures were not recovered). Decided through the flow bound to
 * `credit-repair` — its tasks go to the authority that decided the record (谁认定、谁修复) — or,
 * without one, by an approver in the built-in step; never by the applicant.
 *
 * Approval's effects, in the deciding transaction, one audit row each: 终止公示 (the record leaves
 * publication and grading), the memberships grounded on it end with a 移出决定书, their measures
 * lift, and the subject is re-graded incrementally; each change goes on the credit-change feed.
 */
import { and, count, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { creditListMember, department, listCase, listCaseGround, record, recordDisclosure, repairApplication, repairCommitment, storedFile, user, type EvidenceFile } from '../db/schema';
import { appendAudit, type Actor } from '../audit/append';
import { DomainError } from '../errors';
import { hasAnyRole, type Viewer } from '../auth/viewer';
import { loadCalendar } from '../calendar/service';
import { today } from '../flows/clock';
import { boundFlowOf, newFold, startInstance } from '../flows/engine';
import { appendTo, type AuditWriter } from '../flows/adapters';
import { addWorkingDays } from '../../forms/working-days';
import { addMonths } from '../../catalog/dates';
import { maskedSubject } from '../subjects/mask';
import { getPinnedVersion } from '../records/service';
import { nextSequence } from '../lists/documents';
import { getListInForce, getListVersion, measuresByList } from '../lists/definitions';
import { listSettings } from '../../catalog/lists/types';
import { removeMemberIn } from '../lists/members';
import { ruleInForce } from '../disclosure/rules';
import { recordChange } from '../disclosure/feed';
import { regradeSubject } from './regrade';
import { createRepairCommitment } from './commitment';

const MAX_EVIDENCE_FILES = 10;
/** Used when no disclosure rule gives them (the office sets them in the rules). */
const FALLBACK = { acceptDays: 3, decideDays: 10 };

type AppRow = typeof repairApplication.$inferSelect;


const fieldError = (path: string, key: string, params: Record<string, string | number> = {}) => new DomainError('INVALID_INPUT', key, params, [{ path, key, params }]);

export interface ApplyInput {
  targetType: 'record' | 'membership';
  targetId: string;
  obligationsStatement: string;
  evidence?: EvidenceFile[];
  /** The subject makes the 信用修复承诺 (the letter is shown before it is made). */
  commitment: { made: boolean; legalRepresentative?: string };
}

interface Ground {
  departmentId: string;
  subjectType: string;
  subjectCode: string;
  subjectName: string;
  recordId: string | null;
  memberId: string | null;
  repairableFrom: string;
  acceptDays: number;
  decideDays: number;
  label: string;
}

async function groundOf(tx: Db, input: ApplyInput, day: string): Promise<Ground> {
  if (input.targetType === 'record') {
    const [r] = await tx.select({ r: record, d: recordDisclosure }).from(record).leftJoin(recordDisclosure, eq(recordDisclosure.recordId, record.id)).where(eq(record.id, input.targetId));
    if (!r) throw new DomainError('NOT_FOUND', 'repair.errors.targetNotFound');
    const published = r.r.status === 'accepted' && r.d?.published && !r.d.endedOn && (!r.d.publicUntil || r.d.publicUntil >= day);
    if (!published) throw new DomainError('CONFLICT', 'repair.errors.notPublished');
    if (!r.d?.repairableFrom) throw new DomainError('CONFLICT', 'repair.errors.noRule');
    if (day < r.d.repairableFrom) throw new DomainError('CONFLICT', 'repair.errors.tooEarly', { date: r.d.repairableFrom });
    const rule = await ruleInForce(tx, r.r.catalogCode, r.r.decisionDate ?? day);
    const item = await getPinnedVersion(tx, r.r.catalogCode, r.r.catalogVersion);
    return { departmentId: r.r.departmentId, subjectType: r.r.subjectType, subjectCode: r.r.subjectCode, subjectName: r.r.subjectName, recordId: r.r.id, memberId: null, repairableFrom: r.d.repairableFrom, acceptDays: rule?.content.repairAcceptDays ?? FALLBACK.acceptDays, decideDays: rule?.content.repairDecideDays ?? FALLBACK.decideDays, label: `${r.r.subjectName} · ${item.content.name}` };
  }
  const [m] = await tx.select().from(creditListMember).where(eq(creditListMember.id, input.targetId));
  if (!m) throw new DomainError('NOT_FOUND', 'repair.errors.targetNotFound');
  if (m.status !== 'active' || (m.removedOn !== null && m.removedOn <= day)) throw new DomainError('CONFLICT', 'repair.errors.notPublished');
  if (!m.departmentId) throw new DomainError('CONFLICT', 'repair.errors.noRule');
  const [c] = m.caseId ? await tx.select({ listVersion: listCase.listVersion }).from(listCase).where(eq(listCase.id, m.caseId)) : [];
  const list = c ? await getListVersion(tx, m.listCode, c.listVersion) : await getListInForce(tx, m.listCode, day);
  if (list.content.repairable === false) throw new DomainError('CONFLICT', 'repair.errors.notRepairable', { list: list.content.name });
  const settings = listSettings(list.content);
  const repairableFrom = addMonths(m.listedOn, settings.periodMinMonths);
  if (day < repairableFrom) throw new DomainError('CONFLICT', 'repair.errors.tooEarly', { date: repairableFrom });
  // The list's own deadlines (its settings; the defaults when the office left them empty).
  return { departmentId: m.departmentId, subjectType: m.subjectType, subjectCode: m.subjectCode, subjectName: m.subjectName, recordId: null, memberId: m.id, repairableFrom, acceptDays: settings.repairAcceptDays, decideDays: settings.repairDecideDays, label: `${m.subjectName} · ${list.content.name}` };
}

export async function applyForRepair(db: Db, actor: Actor, viewer: Viewer, input: ApplyInput) {
  if (!hasAnyRole(viewer, ['filler', 'editor'])) throw new DomainError('FORBIDDEN', 'repair.errors.notAllowed');
  const statement = input.obligationsStatement.trim();
  if (!statement) throw fieldError('obligationsStatement', 'repair.errors.statementRequired');
  if (!input.commitment?.made) throw fieldError('commitment', 'repair.errors.commitmentRequired');
  const evidence = input.evidence ?? [];
  if (evidence.length > MAX_EVIDENCE_FILES) throw fieldError('evidence', 'repair.errors.tooManyFiles', { max: MAX_EVIDENCE_FILES });
  return db.transaction(async (tx) => {
    const day = await today(tx);
    const g = await groundOf(tx, input, day);
    const [open] = await tx
      .select({ no: repairApplication.applicationNo })
      .from(repairApplication)
      .where(and(eq(repairApplication.state, 'in_decision'), g.recordId ? eq(repairApplication.recordId, g.recordId) : eq(repairApplication.memberId, g.memberId!)))
      .limit(1);
    if (open) throw new DomainError('CONFLICT', 'repair.errors.alreadyOpen', { no: open.no });
    if (evidence.length) {
      const found = new Set((await tx.select({ sha256: storedFile.sha256 }).from(storedFile).where(inArray(storedFile.sha256, evidence.map((e) => e.sha256)))).map((r) => r.sha256));
      for (const e of evidence) if (!found.has(e.sha256)) throw fieldError('evidence', 'documents.errors.fileNotFound');
    }
    const commitment = await createRepairCommitment(tx, actor, { subjectType: g.subjectType, subjectCode: g.subjectCode, subjectName: g.subjectName, legalRepresentative: input.commitment.legalRepresentative, day });
    const cal = await loadCalendar(tx);
    const acceptDue = addWorkingDays(day, g.acceptDays, cal);
    const decideDue = addWorkingDays(day, g.decideDays, cal);
    const [d] = await tx.select({ code: department.code }).from(department).where(eq(department.id, g.departmentId));
    const year = Number(day.slice(0, 4));
    const applicationNo = `XF-${d?.code ?? 'X'}-${year}-${String(await nextSequence(tx, g.departmentId, 'repair-application', year)).padStart(5, '0')}`;
    let row: AppRow;
    try {
      [row] = (await tx
        .insert(repairApplication)
        .values({ applicationNo, targetType: input.targetType, recordId: g.recordId, memberId: g.memberId, departmentId: g.departmentId, subjectType: g.subjectType, subjectCode: g.subjectCode, subjectName: g.subjectName, obligationsStatement: statement, evidence, commitmentId: commitment.id, filedOn: day, filedBy: actor.id!, acceptDue, decideDue, state: 'in_decision' })
        .returning()) as [AppRow];
    } catch (e) {
      const code = (e as { code?: string; cause?: { code?: string } }).code ?? (e as { cause?: { code?: string } }).cause?.code;
      if (code === '23505') throw new DomainError('CONFLICT', 'repair.errors.alreadyOpen', { no: '' });
      throw e;
    }
    const [dept] = await tx.select({ code: department.code }).from(department).where(eq(department.id, g.departmentId));
    const flowCode = await boundFlowOf(tx, 'credit-repair', [{ type: 'global', value: '*' }]);
    const fold = newFold();
    const instanceId = flowCode
      ? await startInstance(
          tx,
          actor,
          {
            trigger: 'credit-repair',
            flowCode,
            subject: { type: 'repair-application', id: row.id, label: `${applicationNo} ${g.label}` },
            // 谁认定、谁修复: the flow's conditions and assignees can use the deciding department.
            data: { targetType: input.targetType, subjectType: g.subjectType, departmentCode: dept?.code ?? null, repairableFrom: g.repairableFrom, acceptDue, decideDue },
            meta: { applicationNo, departmentId: g.departmentId, departmentCode: dept?.code ?? null },
            alsoExcluded: [actor.id!],
          },
          undefined,
          fold,
        )
      : null;
    if (instanceId) await tx.update(repairApplication).set({ flowInstanceId: instanceId }).where(eq(repairApplication.id, row.id));
    await appendAudit(tx, actor, {
      action: 'repair.apply',
      objectType: 'repair-application',
      objectId: row.id,
      after: { applicationNo, target: { type: input.targetType, id: input.targetId }, subject: { code: g.subjectCode, name: g.subjectName }, repairableFrom: g.repairableFrom, acceptDue, decideDue, commitment: { id: commitment.id, item: `${commitment.itemCode}@${commitment.itemVersion}` }, evidence: evidence.map((e) => ({ fileName: e.fileName, sha256: e.sha256 })), flow: fold.instances[0] ?? null, effects: fold.effects },
      reason: statement,
    });
    return { id: row.id, applicationNo, acceptDue, decideDue, flowInstanceId: instanceId };
  });
}

async function lockApp(tx: Db, id: string) {
  const [a] = await tx.select().from(repairApplication).where(eq(repairApplication.id, id)).for('update');
  if (!a) throw new DomainError('NOT_FOUND', 'repair.errors.notFound');
  return a;
}

/** The built-in step (no flow bound): an approver who did not file it. */
export async function decideRepair(db: Db, actor: Actor, viewer: Viewer, input: { id: string; decision: 'approve' | 'reject'; comment?: string }) {
  if (!hasAnyRole(viewer, ['approver'])) throw new DomainError('FORBIDDEN', 'repair.errors.notAllowed');
  return db.transaction(async (tx) => {
    const a = await lockApp(tx, input.id);
    if (a.state !== 'in_decision') throw new DomainError('CONFLICT', 'repair.errors.decided', { no: a.applicationNo });
    if (a.flowInstanceId) throw new DomainError('CONFLICT', 'flowEngine.errors.flowDecides');
    if (a.filedBy === actor.id) throw new DomainError('FORBIDDEN', 'repair.errors.ownApplication');
    if (input.decision === 'reject' && !input.comment?.trim()) throw fieldError('comment', 'repair.errors.reasonRequired');
    return applyRepairDecision(tx, actor, a.id, input.decision === 'approve' ? 'approved' : 'rejected', input.comment?.trim() || null);
  });
}

/** The decision's effects, in the caller's transaction (the flow engine's or the built-in step's). */
export async function applyRepairDecision(tx: Db, actor: Actor, id: string, outcome: 'approved' | 'rejected', comment: string | null, write: AuditWriter = appendTo(tx, actor)) {
  const a = await lockApp(tx, id);
  if (a.state !== 'in_decision') throw new DomainError('CONFLICT', 'repair.errors.decided', { no: a.applicationNo });
  const day = await today(tx);
  if (outcome === 'rejected') {
    await tx.update(repairApplication).set({ state: 'rejected', decidedBy: actor.id, decidedAt: new Date(), decisionComment: comment }).where(eq(repairApplication.id, a.id));
    await write({ action: 'repair.reject', objectType: 'repair-application', objectId: a.id, after: { applicationNo: a.applicationNo, state: 'rejected' }, reason: comment });
    return { state: 'rejected' as const };
  }
  const effects: Record<string, unknown> = {};
  const memberIds: string[] = [];
  if (a.recordId) {
    // 终止公示: the record leaves publication (and, no longer accepted, grading).
    const [r] = await tx.select().from(record).where(eq(record.id, a.recordId)).for('update');
    if (!r || r.status !== 'accepted') throw new DomainError('CONFLICT', 'repair.errors.notPublished');
    const [d] = await tx.select().from(recordDisclosure).where(eq(recordDisclosure.recordId, r.id));
    await tx.update(record).set({ status: 'repaired', updatedAt: new Date() }).where(eq(record.id, r.id));
    await tx.update(recordDisclosure).set({ endedOn: day, endReason: 'repaired' }).where(and(eq(recordDisclosure.recordId, r.id), isNull(recordDisclosure.endedOn)));
    await recordChange(tx, { kind: 'repair', recordId: r.id, catalogCode: r.catalogCode, subjectType: r.subjectType, subjectCode: r.subjectCode, subjectName: r.subjectName, effectiveOn: day, detail: { application: a.applicationNo, publicUntil: d?.publicUntil ?? null, severity: d?.severity ?? null } });
    await appendAudit(tx, actor, { action: 'record.publication_end', objectType: 'record', objectId: r.id, before: { status: 'accepted', publicUntil: d?.publicUntil ?? null }, after: { status: 'repaired', endedOn: day, reason: 'repaired', application: a.applicationNo } });
    effects.publicationEnded = r.id;
    const grounded = await tx.select({ memberId: listCase.memberId }).from(listCaseGround).innerJoin(listCase, eq(listCase.id, listCaseGround.caseId)).where(eq(listCaseGround.recordId, r.id));
    memberIds.push(...grounded.map((g) => g.memberId).filter((x): x is string => Boolean(x)));
  }
  if (a.memberId) memberIds.push(a.memberId);
  const ended = [];
  const lifted: { list: string; measures: string[] }[] = [];
  const measures = await measuresByList(tx, day);
  for (const mid of [...new Set(memberIds)]) {
    const [m] = await tx.select().from(creditListMember).where(eq(creditListMember.id, mid)).for('update');
    if (!m || m.status !== 'active' || (m.removedOn !== null && m.removedOn <= day)) continue;
    // 移出 with its decision document from the list's template (one audit row: list_member.remove).
    const doc = await removeMemberIn(tx, actor, a.departmentId, m, `信用修复（${a.applicationNo}）`, day, 'repaired');
    await recordChange(tx, { kind: 'membership-end', memberId: m.id, listCode: m.listCode, subjectType: m.subjectType, subjectCode: m.subjectCode, subjectName: m.subjectName, effectiveOn: day, detail: { application: a.applicationNo, reason: 'repaired', document: doc.number } });
    ended.push({ member: m.id, list: m.listCode, document: doc.number });
    lifted.push({ list: m.listCode, measures: (measures.get(m.listCode) ?? []).map((x) => x.code) });
  }
  effects.memberships = ended;
  if (lifted.length) {
    // The measures in force for that ground stop applying to the subject (the lookup no longer shows them).
    await appendAudit(tx, actor, { action: 'repair.measures_lift', objectType: 'repair-application', objectId: a.id, after: { applicationNo: a.applicationNo, subject: a.subjectCode, lifted } });
    effects.measuresLifted = lifted;
  }
  const grades = await regradeSubject(tx, a.subjectCode);
  await appendAudit(tx, actor, { action: 'repair.regrade', objectType: 'repair-application', objectId: a.id, after: { applicationNo: a.applicationNo, subject: a.subjectCode, grades } });
  effects.grades = grades;
  await tx.update(repairApplication).set({ state: 'approved', decidedBy: actor.id, decidedAt: new Date(), decisionComment: comment, effects }).where(eq(repairApplication.id, a.id));
  await write({ action: 'repair.approve', objectType: 'repair-application', objectId: a.id, after: { applicationNo: a.applicationNo, state: 'approved', memberships: ended.length, grades: grades.length }, reason: comment });
  return { state: 'approved' as const, effects };
}

// ---------- reads ----------

function maySee(viewer: Viewer, a: { departmentId: string; filedBy: string }) {
  return hasAnyRole(viewer, ['editor', 'approver', 'auditor', 'admin']) || a.departmentId === viewer.departmentId || a.filedBy === viewer.id;
}

export async function listRepairs(db: Db, viewer: Viewer, scope: string | null, q: { state?: string; q?: string; page: number; pageSize: number }) {
  const where: SQL[] = [];
  if (scope) where.push(or(eq(repairApplication.departmentId, scope), eq(repairApplication.filedBy, viewer.id))!);
  if (q.state) where.push(eq(repairApplication.state, q.state));
  const text = q.q?.trim();
  if (text) where.push(or(eq(repairApplication.subjectCode, text.toUpperCase()), sql`${repairApplication.subjectName} ilike ${`%${text.replace(/[%_\\]/g, '\\$&')}%`}`, eq(repairApplication.applicationNo, text))!);
  const cond = where.length ? and(...where) : undefined;
  const [rows, [total]] = await Promise.all([
    db.select({ a: repairApplication, departmentZh: department.nameZh, departmentEn: department.nameEn }).from(repairApplication).innerJoin(department, eq(department.id, repairApplication.departmentId)).where(cond).orderBy(desc(repairApplication.filedAt)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(repairApplication).where(cond),
  ]);
  const day = await today(db);
  return {
    total: total?.n ?? 0,
    rows: rows.map(({ a, departmentZh, departmentEn }) => ({ id: a.id, applicationNo: a.applicationNo, targetType: a.targetType, subjectName: a.subjectName, subjectCode: maskedSubject(viewer, a.subjectType, a.subjectCode), state: a.state, filedOn: a.filedOn, decideDue: a.decideDue, overdue: a.state === 'in_decision' && a.decideDue < day, department: { 'zh-CN': departmentZh, en: departmentEn ?? departmentZh } })),
  };
}

export async function getRepair(db: Db, viewer: Viewer, id: string) {
  const [a] = await db.select().from(repairApplication).where(eq(repairApplication.id, id));
  if (!a || !maySee(viewer, a)) throw new DomainError('NOT_FOUND', 'repair.errors.notFound');
  const [c] = a.commitmentId ? await db.select().from(repairCommitment).where(eq(repairCommitment.id, a.commitmentId)) : [];
  const [dept] = await db.select({ nameZh: department.nameZh, nameEn: department.nameEn }).from(department).where(eq(department.id, a.departmentId));
  const people = await db.select({ id: user.id, name: user.name }).from(user).where(inArray(user.id, [a.filedBy, a.decidedBy].filter((x): x is string => Boolean(x))));
  const nameOf = (uid: string | null) => (uid ? (people.find((p) => p.id === uid)?.name ?? null) : null);
  let target: Record<string, unknown> | null = null;
  if (a.recordId) {
    const [r] = await db.select({ r: record, d: recordDisclosure }).from(record).leftJoin(recordDisclosure, eq(recordDisclosure.recordId, record.id)).where(eq(record.id, a.recordId));
    if (r) {
      const item = await getPinnedVersion(db, r.r.catalogCode, r.r.catalogVersion);
      target = { kind: 'record', id: r.r.id, catalogName: item.content.name, decisionDate: r.r.decisionDate, status: r.r.status, severity: r.d?.severity ?? null, publicUntil: r.d?.publicUntil ?? null, repairableFrom: r.d?.repairableFrom ?? null, endedOn: r.d?.endedOn ?? null };
    }
  } else if (a.memberId) {
    const [m] = await db.select().from(creditListMember).where(eq(creditListMember.id, a.memberId));
    if (m) target = { kind: 'membership', id: m.id, listCode: m.listCode, decisionNumber: m.decisionNumber, listedOn: m.listedOn, validTo: m.validTo, status: m.status };
  }
  return {
    application: { ...a, subjectCode: maskedSubject(viewer, a.subjectType, a.subjectCode), filedByName: nameOf(a.filedBy), decidedByName: nameOf(a.decidedBy), department: { 'zh-CN': dept?.nameZh ?? '', en: dept?.nameEn ?? dept?.nameZh ?? '' } },
    commitment: c ? { itemCode: c.itemCode, itemVersion: c.itemVersion, letter: c.letter, committedOn: c.committedOn } : null,
    target,
    actions: { decide: hasAnyRole(viewer, ['approver']) && a.state === 'in_decision' && !a.flowInstanceId && a.filedBy !== viewer.id },
  };
}

/** Open repair applications per record / membership (the lookup shows 修复申请中). */
export async function openRepairsFor(db: Db, ids: { recordIds: string[]; memberIds: string[] }) {
  const conds: SQL[] = [];
  if (ids.recordIds.length) conds.push(inArray(repairApplication.recordId, ids.recordIds));
  if (ids.memberIds.length) conds.push(inArray(repairApplication.memberId, ids.memberIds));
  if (!conds.length) return new Set<string>();
  const rows = await db.select({ recordId: repairApplication.recordId, memberId: repairApplication.memberId }).from(repairApplication).where(and(eq(repairApplication.state, 'in_decision'), or(...conds)));
  return new Set(rows.flatMap((r) => [r.recordId, r.memberId]).filter((x): x is string => Boolean(x)));
}
