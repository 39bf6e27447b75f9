/**
 * The list-identification process (认定): a department (or the office) proposes a subject for a
 * list from accepted records of its own; the prior notice (拟列入告知书) is produced, numbered and
 * served; the objection window runs from service in working days; an objection is answered
 * before anything is decided; the decision goes through the flow bound to the list (or the
 * built-in step) and its approval writes the membership with its documents (两书同达); a
 * membership expires by itself (members.ts) or is removed by decision.
 *
 * Every move is checked against catalog/lists/case.ts, runs in one transaction that locks the case
 * row, and writes one audit row. Day limits and texts come from the list version the case pinned
 * when it was proposed, and dates from the working-day calendar and the engine's clock (so an
 * end-to-end test can move time).
 */
import { maskedSubject } from '../subjects/mask';
import { and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { creditListMember, department, entry, entryVersion, listCase, type CaseEligibility, listCaseDocument, listCaseGround, listCaseObjection, record, storedFile, user, type EvidenceFile } from '../db/schema';
import { memberInForce } from './in-force';
import { appendAudit, type Actor } from '../audit/append';
import { DomainError, type FieldError } from '../errors';
import { hasAnyRole, type Viewer } from '../auth/viewer';
import { loadCalendar } from '../calendar/service';
import { isIsoDate, todayCN } from '../registers/dates';
import { today } from '../flows/clock';
import { boundFlowOf, newFold, startInstance } from '../flows/engine';
import type { AuditWriter } from '../flows/adapters';
import { addWorkingDays } from '../../forms/working-days';
import { canMove, eventsFrom, nextState, OPEN_STATES, type CaseEvent, type CaseState } from '../../catalog/lists/case';
import { DOC_KIND_NAMES, type DocKind } from '../../catalog/lists/documents';
import { listSettings } from '../../catalog/lists/types';
import { addMonths } from '../../catalog/dates';
import { basisText, getListInForce, getListVersion, measuresByList, type ListVersion } from './definitions';
import { cnDate, nextCaseNo, produceDocument, type Department, type Produced } from './documents';
import { notifyOutcome } from '../notifications/service';

export const SERVICE_METHODS = ['直接送达', '邮寄送达', '电子送达', '留置送达', '公告送达'] as const;
export const MAX_EVIDENCE_FILES = 10;
const DEFAULT_RIGHTS = '根据有关规定，你（单位）依法享有陈述、申辩和提出异议的权利。';
const DEFAULT_REMEDIES = '如不服本决定，可自收到本决定书之日起六十日内依法申请行政复议，或者自收到本决定书之日起六个月内依法提起行政诉讼。';

type CaseRow = typeof listCase.$inferSelect;


const fieldError = (path: string, key: string, params: Record<string, string | number> = {}) => new DomainError('INVALID_INPUT', key, params, [{ path, key, params }]);

/** Roles that may run a department's side of a case: the department's fillers and the office's editors. */
function mayWork(viewer: Viewer, c: { departmentId: string }): boolean {
  if (hasAnyRole(viewer, ['editor'])) return true;
  return hasAnyRole(viewer, ['filler']) && viewer.departmentId === c.departmentId;
}

async function lockCase(tx: Db, viewer: Viewer | null, id: string): Promise<CaseRow> {
  const [c] = await tx.select().from(listCase).where(eq(listCase.id, id)).for('update');
  // What a caller may not see answers like what does not exist.
  if (!c || (viewer && !hasAnyRole(viewer, ['editor', 'approver', 'auditor', 'admin']) && c.departmentId !== viewer.departmentId)) throw new DomainError('NOT_FOUND', 'lists.errors.caseNotFound');
  return c;
}

function assertMayWork(viewer: Viewer, c: CaseRow) {
  if (!mayWork(viewer, c)) throw new DomainError('FORBIDDEN', 'lists.errors.notYourCase');
}

function assertMove(c: CaseRow, event: CaseEvent) {
  if (!canMove(c.state as CaseState, event)) throw new DomainError('CONFLICT', 'lists.errors.wrongState', { caseNo: c.caseNo, state: c.state });
}

async function move(tx: Db, actor: Actor, c: CaseRow, event: CaseEvent, patch: Partial<typeof listCase.$inferInsert>, audit: { after?: Record<string, unknown>; reason?: string | null }, write: AuditWriter = (e) => appendAudit(tx, actor, e).then(() => undefined)) {
  const to = nextState(c.state as CaseState, event, c.stateBeforeDecision as CaseState | null);
  if (!to) throw new DomainError('CONFLICT', 'lists.errors.wrongState', { caseNo: c.caseNo, state: c.state });
  await tx
    .update(listCase)
    .set({ ...patch, state: to, revision: sql`${listCase.revision} + 1`, updatedAt: new Date() })
    .where(eq(listCase.id, c.id));
  await write({ action: `list_case.${event}`, objectType: 'list-case', objectId: c.id, before: { state: c.state }, after: { caseNo: c.caseNo, state: to, ...audit.after }, reason: audit.reason ?? null });
  return to;
}

export async function departmentOf(db: Db, id: string): Promise<Department> {
  const [d] = await db.select({ id: department.id, code: department.code, nameZh: department.nameZh }).from(department).where(eq(department.id, id));
  if (!d) throw new DomainError('NOT_FOUND', 'lists.errors.caseNotFound');
  return d;
}

/** Values every document of a case shares. */
function commonValues(c: CaseRow, list: ListVersion, dept: Department): Record<string, string> {
  return {
    名单名称: list.content.name,
    主体名称: c.subjectName,
    统一社会信用代码: c.subjectCode,
    主体类型: c.subjectType,
    认定部门: dept.nameZh,
    事由: c.reason,
    依据: basisText(list.content.legalBasis ?? []),
    认定标准: list.content.identificationCriteria ?? '',
    移出条件: list.content.removalConditions ?? '',
    救济途径: list.content.remedies || DEFAULT_REMEDIES,
  };
}

// ---------- proposing ----------

export interface ProposeInput {
  listCode: string;
  recordIds: string[];
  reason: string;
  subjectCode?: string;
}

export async function proposeCase(db: Db, actor: Actor, viewer: Viewer, input: ProposeInput) {
  if (!viewer.departmentId) throw new DomainError('FORBIDDEN', 'records.errors.noDepartment');
  const reason = input.reason.trim();
  const errors: FieldError[] = [];
  if (!reason) errors.push({ path: 'reason', key: 'lists.errors.reasonRequired' });
  const ids = [...new Set(input.recordIds)];
  if (!ids.length) errors.push({ path: 'recordIds', key: 'lists.errors.noGrounds' });
  if (errors.length) throw new DomainError('INVALID_INPUT', errors[0]!.key, {}, errors);
  const day = await today(db);
  const list = await getListInForce(db, input.listCode, day);
  const grounds = await db.select().from(record).where(inArray(record.id, ids));
  const officeWide = hasAnyRole(viewer, ['editor']);
  const byId = new Map(grounds.map((g) => [g.id, g]));
  const allowed = new Set((list.content.groundItems ?? []).map((r) => r.code));
  const subjectCode = (input.subjectCode ?? grounds[0]?.subjectCode ?? '').trim().toUpperCase();
  for (const id of ids) {
    const g = byId.get(id);
    if (!g) errors.push({ path: 'recordIds', key: 'lists.errors.groundNotFound' });
    else if (!officeWide && g.departmentId !== viewer.departmentId) errors.push({ path: 'recordIds', key: 'lists.errors.groundOtherDepartment', params: { subject: g.subjectName } });
    else if (g.status !== 'accepted') errors.push({ path: 'recordIds', key: 'lists.errors.groundNotAccepted', params: { subject: g.subjectName } });
    else if (g.subjectCode !== subjectCode) errors.push({ path: 'recordIds', key: 'lists.errors.groundOtherSubject', params: { subject: g.subjectName } });
    else if (allowed.size && !allowed.has(g.catalogCode)) errors.push({ path: 'recordIds', key: 'lists.errors.groundNotAllowed', params: { list: list.content.name } });
  }
  if (errors.length) throw new DomainError('INVALID_INPUT', errors[0]!.key, errors[0]!.params ?? {}, errors);
  const first = grounds[0]!;
  const dept = await departmentOf(db, viewer.departmentId);
  return db.transaction((tx) => openCase(tx, actor, { list, dept, day, reason, recordIds: ids, subject: { type: first.subjectType, code: subjectCode, name: first.subjectName } }));
}

export interface OpenCaseArgs {
  list: ListVersion;
  dept: Department;
  day: string;
  reason: string;
  subject: { type: string; code: string; name: string };
  /** Accepted records grounding the case (none for a case proposed by eligibility). */
  recordIds: string[];
  eligibility?: CaseEligibility;
}

/**
 * Opens a case in `proposed` (one transaction, one audit row): refused when the subject is a
 * member now or has an open case for the list. Both proposal paths (records, eligibility) end here.
 */
export async function openCase(tx: Db, actor: Actor, a: OpenCaseArgs): Promise<{ id: string; caseNo: string }> {
  const { list, dept, day, subject } = a;
  const [listed] = await tx
    .select({ decisionNumber: creditListMember.decisionNumber, validTo: creditListMember.validTo })
    .from(creditListMember)
    .where(and(eq(creditListMember.listCode, list.code), eq(creditListMember.subjectCode, subject.code), memberInForce(day)))
    .limit(1);
  if (listed) throw new DomainError('CONFLICT', 'lists.errors.alreadyListed', { list: list.content.name, number: listed.decisionNumber ?? '—', validTo: listed.validTo ?? '—' });
  const [open] = await tx.select({ caseNo: listCase.caseNo }).from(listCase).where(and(eq(listCase.listCode, list.code), eq(listCase.subjectCode, subject.code), inArray(listCase.state, [...OPEN_STATES]))).limit(1);
  if (open) throw new DomainError('CONFLICT', 'lists.errors.caseOpen', { caseNo: open.caseNo });
  const caseNo = await nextCaseNo(tx, dept, day);
  let row: CaseRow;
  try {
    [row] = (await tx
      .insert(listCase)
      .values({ caseNo, listCode: list.code, listVersion: list.version, subjectType: subject.type, subjectCode: subject.code, subjectName: subject.name, departmentId: dept.id, state: 'proposed', reason: a.reason, proposedBy: actor.id!, eligibility: a.eligibility ?? null })
      .returning()) as [CaseRow];
  } catch (e) {
    // Two proposals at once: the partial unique index keeps one open case per subject and list.
    if ((e as { code?: string; cause?: { code?: string } }).code === '23505' || (e as { cause?: { code?: string } }).cause?.code === '23505') throw new DomainError('CONFLICT', 'lists.errors.caseOpen', { caseNo: '' });
    throw e;
  }
  if (a.recordIds.length) await tx.insert(listCaseGround).values(a.recordIds.map((recordId) => ({ caseId: row.id, recordId })));
  await appendAudit(tx, actor, {
    action: 'list_case.propose',
    objectType: 'list-case',
    objectId: row.id,
    after: { caseNo, state: 'proposed', list: `${list.code}@${list.version}`, subject: { code: subject.code, name: subject.name }, grounds: a.recordIds, ...(a.eligibility ? { eligibility: a.eligibility } : {}) },
    reason: a.reason,
  });
  return { id: row.id, caseNo };
}

// ---------- prior notice and service ----------

export async function produceNotice(db: Db, actor: Actor, viewer: Viewer, input: { id: string }) {
  return db.transaction(async (tx) => {
    const c = await lockCase(tx, viewer, input.id);
    assertMayWork(viewer, c);
    if (c.state !== 'proposed') throw new DomainError('CONFLICT', 'lists.errors.wrongState', { caseNo: c.caseNo, state: c.state });
    const [existing] = await tx.select({ id: listCaseDocument.id }).from(listCaseDocument).where(and(eq(listCaseDocument.caseId, c.id), eq(listCaseDocument.kind, 'notice')));
    if (existing) throw new DomainError('CONFLICT', 'lists.errors.noticeExists', { caseNo: c.caseNo });
    const [list, dept, day, calendar] = [await getListVersion(tx, c.listCode, c.listVersion), await departmentOf(tx, c.departmentId), await today(tx), await loadCalendar(tx)];
    const settings = listSettings(list.content);
    const doc = await produceDocument(tx, {
      caseId: c.id,
      caseNo: c.caseNo,
      kind: 'notice',
      list,
      dept,
      day,
      producedBy: actor.id,
      values: { ...commonValues(c, list, dept), 权利告知: list.content.rightsNotice || DEFAULT_RIGHTS, 异议期限: String(settings.objectionDays), 异议截止日: cnDate(addWorkingDays(day, settings.objectionDays, calendar)) },
    });
    await tx.update(listCase).set({ revision: sql`${listCase.revision} + 1`, updatedAt: new Date() }).where(eq(listCase.id, c.id));
    await appendAudit(tx, actor, { action: 'list_case.notice', objectType: 'list-case', objectId: c.id, after: { caseNo: c.caseNo, document: docAudit(doc) } });
    return doc;
  });
}

const docAudit = (d: Produced) => ({ kind: d.kind, number: d.number, fileName: d.fileName, sha256: d.sha256 });

export async function recordService(db: Db, actor: Actor, viewer: Viewer, input: { id: string; servedOn: string; method: string; note?: string }) {
  return db.transaction(async (tx) => {
    const c = await lockCase(tx, viewer, input.id);
    assertMayWork(viewer, c);
    assertMove(c, 'serve');
    const [notice] = await tx.select().from(listCaseDocument).where(and(eq(listCaseDocument.caseId, c.id), eq(listCaseDocument.kind, 'notice')));
    if (!notice) throw new DomainError('CONFLICT', 'lists.errors.noticeFirst', { caseNo: c.caseNo });
    const day = await today(tx);
    if (!isIsoDate(input.servedOn)) throw fieldError('servedOn', 'registers.errors.badDate', { value: input.servedOn });
    if (input.servedOn > day) throw fieldError('servedOn', 'lists.errors.servedInFuture', { day });
    const producedOn = todayCN(notice.producedAt);
    if (input.servedOn < producedOn) throw fieldError('servedOn', 'lists.errors.servedBeforeNotice', { day: producedOn });
    if (!(SERVICE_METHODS as readonly string[]).includes(input.method)) throw fieldError('method', 'lists.errors.serviceMethod');
    const list = await getListVersion(tx, c.listCode, c.listVersion);
    const objectionDue = addWorkingDays(input.servedOn, listSettings(list.content).objectionDays, await loadCalendar(tx));
    await move(tx, actor, c, 'serve', { servedOn: input.servedOn, serviceMethod: input.method, serviceNote: input.note?.trim() || null, objectionDue }, { after: { servedOn: input.servedOn, method: input.method, objectionDue } });
    return { objectionDue };
  });
}

// ---------- objections ----------

async function checkEvidence(tx: Db, evidence: EvidenceFile[]) {
  if (evidence.length > MAX_EVIDENCE_FILES) throw fieldError('evidence', 'lists.errors.tooManyFiles', { max: MAX_EVIDENCE_FILES });
  const hashes = evidence.map((e) => e.sha256);
  if (!hashes.length) return;
  const found = new Set((await tx.select({ sha256: storedFile.sha256 }).from(storedFile).where(inArray(storedFile.sha256, hashes))).map((r) => r.sha256));
  for (const e of evidence) if (!found.has(e.sha256)) throw fieldError('evidence', 'documents.errors.fileNotFound');
}

export async function fileObjection(db: Db, actor: Actor, viewer: Viewer, input: { id: string; content: string; filedOn?: string; evidence?: EvidenceFile[] }) {
  return db.transaction(async (tx) => {
    const c = await lockCase(tx, viewer, input.id);
    assertMayWork(viewer, c);
    assertMove(c, 'object');
    const day = await today(tx);
    const filedOn = input.filedOn ?? day;
    if (!isIsoDate(filedOn)) throw fieldError('filedOn', 'registers.errors.badDate', { value: filedOn });
    if (filedOn > day) throw fieldError('filedOn', 'lists.errors.filedInFuture', { day });
    if (c.servedOn && filedOn < c.servedOn) throw fieldError('filedOn', 'lists.errors.filedBeforeService', { day: c.servedOn });
    if (c.objectionDue && filedOn > c.objectionDue) throw new DomainError('CONFLICT', 'lists.errors.objectionLate', { due: c.objectionDue, filed: filedOn });
    const content = input.content.trim();
    if (!content) throw fieldError('content', 'errors.required');
    const evidence = input.evidence ?? [];
    await checkEvidence(tx, evidence);
    const list = await getListVersion(tx, c.listCode, c.listVersion);
    const answerDue = addWorkingDays(filedOn, listSettings(list.content).answerDays, await loadCalendar(tx));
    const [o] = await tx.insert(listCaseObjection).values({ caseId: c.id, filedOn, filedBy: actor.id!, content, evidence, answerDue }).returning({ id: listCaseObjection.id });
    await move(tx, actor, c, 'object', {}, { after: { objection: o!.id, filedOn, answerDue, evidence: evidence.map((e) => ({ fileName: e.fileName, sha256: e.sha256 })) }, reason: content });
    return { id: o!.id, answerDue };
  });
}

export async function answerObjection(db: Db, actor: Actor, viewer: Viewer, input: { id: string; objectionId: string; outcome: 'adopted' | 'not_adopted'; answer: string }) {
  return db.transaction(async (tx) => {
    const c = await lockCase(tx, viewer, input.id);
    assertMayWork(viewer, c);
    const event: CaseEvent = input.outcome === 'adopted' ? 'answer-adopted' : 'answer-not-adopted';
    assertMove(c, event);
    const [o] = await tx.select().from(listCaseObjection).where(and(eq(listCaseObjection.id, input.objectionId), eq(listCaseObjection.caseId, c.id)));
    if (!o) throw new DomainError('NOT_FOUND', 'lists.errors.objectionNotFound');
    if (o.outcome) throw new DomainError('CONFLICT', 'lists.errors.objectionAnswered');
    const answer = input.answer.trim();
    if (!answer) throw fieldError('answer', 'lists.errors.answerRequired');
    await tx.update(listCaseObjection).set({ outcome: input.outcome, answer, answeredBy: actor.id, answeredAt: new Date() }).where(eq(listCaseObjection.id, o.id));
    const adopted = input.outcome === 'adopted';
    await move(tx, actor, c, event, adopted ? { endedAt: new Date(), endReason: 'objection-adopted' } : {}, { after: { objection: o.id, outcome: input.outcome }, reason: answer });
  });
}

// ---------- decision ----------

export async function submitForDecision(db: Db, actor: Actor, viewer: Viewer, input: { id: string; periodMonths: number }) {
  return db.transaction(async (tx) => {
    const c = await lockCase(tx, viewer, input.id);
    assertMayWork(viewer, c);
    if (c.state === 'objection_open') throw new DomainError('CONFLICT', 'lists.errors.objectionOpen', { caseNo: c.caseNo });
    assertMove(c, 'submit');
    const day = await today(tx);
    if (!c.objectionDue || day <= c.objectionDue) throw new DomainError('CONFLICT', 'lists.errors.windowOpen', { due: c.objectionDue ?? '—' });
    const list = await getListVersion(tx, c.listCode, c.listVersion);
    const { periodMinMonths: min, periodMaxMonths: max } = listSettings(list.content);
    if (!Number.isInteger(input.periodMonths) || input.periodMonths < min || input.periodMonths > max) throw fieldError('periodMonths', 'lists.errors.period', { min, max });
    const label = `${c.caseNo} ${c.subjectName} · ${list.content.name}`;
    const flowCode = await boundFlowOf(tx, 'list-identification', [
      { type: 'credit-list', value: c.listCode },
      { type: 'global', value: '*' },
    ]);
    // The flow's start is part of this one user action: its events go into the submit's audit row.
    const fold = newFold();
    const instanceId = flowCode
      ? await startInstance(
          tx,
          actor,
          {
            trigger: 'list-identification',
            flowCode,
            subject: { type: 'list-case', id: c.id, label },
            data: { listCode: c.listCode, listKind: list.content.listKind ?? null, subjectType: c.subjectType, subjectCode: c.subjectCode, reason: c.reason, periodMonths: input.periodMonths },
            meta: { listCode: c.listCode, caseNo: c.caseNo },
            alsoExcluded: [c.proposedBy],
          },
          undefined,
          fold,
        )
      : null;
    await move(
      tx,
      actor,
      c,
      'submit',
      { stateBeforeDecision: c.state, decisionRequestedBy: actor.id, decisionRequestedAt: new Date(), periodMonths: input.periodMonths, flowInstanceId: instanceId },
      { after: { periodMonths: input.periodMonths, flow: fold.instances[0] ?? null, effects: fold.effects } },
    );
    return { flowInstanceId: instanceId };
  });
}

/** The built-in decision step (no flow bound): an approver who neither proposed nor submitted the case. */
export async function decideCase(db: Db, actor: Actor, viewer: Viewer, input: { id: string; decision: 'approve' | 'reject'; comment?: string }) {
  return db.transaction(async (tx) => {
    const c = await lockCase(tx, viewer, input.id);
    if (c.state !== 'in_decision') throw new DomainError('CONFLICT', 'lists.errors.wrongState', { caseNo: c.caseNo, state: c.state });
    if (c.flowInstanceId) throw new DomainError('CONFLICT', 'flowEngine.errors.flowDecides');
    if (actor.id === c.proposedBy || actor.id === c.decisionRequestedBy) throw new DomainError('FORBIDDEN', 'lists.errors.ownCase');
    if (input.decision === 'reject' && !input.comment?.trim()) throw fieldError('comment', 'lists.errors.reasonRequired');
    return applyCaseDecision(tx, actor, c.id, input.decision === 'approve' ? 'approved' : 'rejected', input.comment?.trim() || null);
  });
}

/**
 * The effect of a decision, in the caller's transaction (the flow engine's, or the built-in step's):
 * approval writes the membership, the decision and the repair notice (两书同达); rejection closes
 * the case with its reasons. Applying an approval twice (an 执行名单认定 action, then the end) is a no-op.
 */
export async function applyCaseDecision(tx: Db, actor: Actor, caseId: string, outcome: 'approved' | 'rejected', comment: string | null, write?: AuditWriter) {
  const c = await lockCase(tx, null, caseId);
  if (outcome === 'approved' && c.state === 'listed') return { state: 'listed' as const };
  if (c.state !== 'in_decision') throw new DomainError('CONFLICT', 'lists.errors.wrongState', { caseNo: c.caseNo, state: c.state });
  // Whoever proposed and submitted the case is told the decision.
  await notifyOutcome(tx, { userIds: [c.proposedBy, c.decisionRequestedBy], subjectType: 'list-case', subjectId: c.id, outcome: outcome === 'approved' ? 'listed' : 'rejected', actor, comment });
  if (outcome === 'rejected') {
    await move(tx, actor, c, 'reject', { decidedBy: actor.id, decidedAt: new Date(), decisionComment: comment, endedAt: new Date(), endReason: 'rejected' }, { reason: comment }, write);
    return { state: 'rejected' as const };
  }
  const [list, dept, day] = [await getListVersion(tx, c.listCode, c.listVersion), await departmentOf(tx, c.departmentId), await today(tx)];
  const settings = listSettings(list.content);
  const validFrom = day;
  const validTo = addMonths(day, c.periodMonths ?? settings.periodMinMonths);
  const measures = (await measuresByList(tx, day)).get(c.listCode) ?? [];
  const common = commonValues(c, list, dept);
  const decision = await produceDocument(tx, {
    caseId: c.id,
    caseNo: c.caseNo,
    kind: 'decision',
    list,
    dept,
    day,
    producedBy: actor.id,
    values: {
      ...common,
      有效期起: cnDate(validFrom),
      有效期止: cnDate(validTo),
      惩戒措施: measures.length ? measures.map((m, i) => `${i + 1}. ${m.text}（依据：${basisText(m.legalBasis) || '—'}）`).join('\n') : '（本名单未配置措施）',
      决定说明: comment ?? '',
    },
  });
  const docs = [decision];
  if (list.content.repairable !== false) {
    docs.push(
      await produceDocument(tx, {
        caseId: c.id,
        caseNo: c.caseNo,
        kind: 'repair-notice',
        list,
        dept,
        day,
        producedBy: actor.id,
        number: `${decision.number}（修复告知）`,
        values: { ...common, 有效期起: cnDate(validFrom), 有效期止: cnDate(validTo), 可申请修复日: cnDate(addMonths(validFrom, settings.periodMinMonths)) },
      }),
    );
  }
  const [member] = await tx
    .insert(creditListMember)
    .values({
      listCode: c.listCode,
      subjectCode: c.subjectCode,
      subjectName: c.subjectName,
      subjectType: c.subjectType,
      listedOn: validFrom,
      removedOn: validTo,
      validTo,
      status: 'active',
      caseId: c.id,
      listVersion: c.listVersion,
      decisionNumber: decision.number,
      departmentId: c.departmentId,
      source: c.caseNo,
    })
    .returning({ id: creditListMember.id });
  await move(tx, actor, c, 'approve', { decidedBy: actor.id, decidedAt: new Date(), decisionComment: comment, validFrom, validTo, memberId: member!.id }, { after: { member: member!.id, validFrom, validTo, decisionNumber: decision.number, documents: docs.map(docAudit) }, reason: comment }, write);
  return { state: 'listed' as const, memberId: member!.id };
}

/** The initiator withdrew the decision's flow (撤回): the case goes back to where it was submitted from. */
export async function applyCaseWithdrawal(tx: Db, actor: Actor, caseId: string, write?: AuditWriter) {
  const c = await lockCase(tx, null, caseId);
  assertMove(c, 'withdraw');
  await move(tx, actor, c, 'withdraw', { flowInstanceId: null, decisionRequestedBy: null, decisionRequestedAt: null, stateBeforeDecision: null }, {}, write);
}

export async function closeCase(db: Db, actor: Actor, viewer: Viewer, input: { id: string; reason: string }) {
  return db.transaction(async (tx) => {
    const c = await lockCase(tx, viewer, input.id);
    assertMayWork(viewer, c);
    assertMove(c, 'close');
    const reason = input.reason.trim();
    if (!reason) throw fieldError('reason', 'lists.errors.reasonRequired');
    await move(tx, actor, c, 'close', { endedAt: new Date(), endReason: 'withdrawn' }, { reason });
  });
}

// ---------- reads ----------

export interface CaseListQuery {
  state?: string;
  listCode?: string;
  q?: string;
  page: number;
  pageSize: number;
}

export async function listCases(db: Db, viewer: Viewer, scope: string | null, q: CaseListQuery) {
  const where: SQL[] = [];
  if (scope) where.push(eq(listCase.departmentId, scope));
  if (q.state === 'open') where.push(inArray(listCase.state, [...OPEN_STATES]));
  else if (q.state) where.push(eq(listCase.state, q.state));
  if (q.listCode) where.push(eq(listCase.listCode, q.listCode));
  const text = q.q?.trim();
  if (text) where.push(or(eq(listCase.subjectCode, text.toUpperCase()), ilike(listCase.subjectName, `%${text.replace(/[%_\\]/g, '\\$&')}%`), eq(listCase.caseNo, text))!);
  const cond = where.length ? and(...where) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select({ id: listCase.id, caseNo: listCase.caseNo, listCode: listCase.listCode, listVersion: listCase.listVersion, subjectName: listCase.subjectName, subjectCode: listCase.subjectCode, subjectType: listCase.subjectType, state: listCase.state, objectionDue: listCase.objectionDue, proposedAt: listCase.proposedAt, departmentZh: department.nameZh, departmentEn: department.nameEn })
      .from(listCase)
      .innerJoin(department, eq(department.id, listCase.departmentId))
      .where(cond)
      .orderBy(desc(listCase.proposedAt))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(listCase).where(cond),
  ]);
  const names = await listNames(db, [...new Set(rows.map((r) => `${r.listCode}@${r.listVersion}`))]);
  return { rows: rows.map((r) => ({ ...r, listName: names.get(`${r.listCode}@${r.listVersion}`) ?? r.listCode, subjectCode: maskedSubject(viewer, r.subjectType, r.subjectCode) })), total: total?.n ?? 0 };
}

/** Natural persons' ID numbers are masked for roles that may not see personal data in clear. */
export { maskedSubject };

async function listNames(db: Db, keys: string[]) {
  if (!keys.length) return new Map<string, string>();
  const rows = await db
    .select({ code: entry.code, version: entryVersion.version, name: sql<string>`${entryVersion.content}->>'name'` })
    .from(entryVersion)
    .innerJoin(entry, eq(entry.id, entryVersion.entryId))
    .where(and(eq(entry.kindCode, 'credit-list'), inArray(sql`${entry.code} || '@' || ${entryVersion.version}`, keys)));
  return new Map(rows.map((r) => [`${r.code}@${r.version}`, r.name]));
}

export async function getCase(db: Db, viewer: Viewer, id: string) {
  const [c] = await db.select().from(listCase).where(eq(listCase.id, id));
  if (!c || (!hasAnyRole(viewer, ['editor', 'approver', 'auditor', 'admin']) && c.departmentId !== viewer.departmentId)) throw new DomainError('NOT_FOUND', 'lists.errors.caseNotFound');
  const [list, dept, day] = [await getListVersion(db, c.listCode, c.listVersion), await departmentOf(db, c.departmentId), await today(db)];
  const settings = listSettings(list.content);
  const grounds = await db
    .select({ id: record.id, catalogCode: record.catalogCode, catalogVersion: record.catalogVersion, decisionDate: record.decisionDate, status: record.status, departmentId: record.departmentId })
    .from(listCaseGround)
    .innerJoin(record, eq(record.id, listCaseGround.recordId))
    .where(eq(listCaseGround.caseId, c.id))
    .orderBy(asc(record.decisionDate));
  const itemNames = await catalogNames(db);
  const allowed = new Set((list.content.groundItems ?? []).map((r) => r.code));
  const objections = await db
    .select({ o: listCaseObjection, filedByName: user.name })
    .from(listCaseObjection)
    .leftJoin(user, eq(user.id, listCaseObjection.filedBy))
    .where(eq(listCaseObjection.caseId, c.id))
    .orderBy(asc(listCaseObjection.filedAt));
  const documents = await db.select({ id: listCaseDocument.id, kind: listCaseDocument.kind, number: listCaseDocument.number, fileName: listCaseDocument.fileName, sha256: listCaseDocument.sha256, producedAt: listCaseDocument.producedAt }).from(listCaseDocument).where(eq(listCaseDocument.caseId, c.id)).orderBy(asc(listCaseDocument.producedAt));
  const people = await db.select({ id: user.id, name: user.name }).from(user).where(inArray(user.id, [c.proposedBy, c.decidedBy, c.decisionRequestedBy, ...objections.map((o) => o.o.answeredBy)].filter((x): x is string => Boolean(x))));
  const nameOf = (id: string | null) => (id ? (people.find((p) => p.id === id)?.name ?? null) : null);
  const [member] = c.memberId ? await db.select().from(creditListMember).where(eq(creditListMember.id, c.memberId)) : [];
  const measures = (await measuresByList(db, day)).get(c.listCode) ?? [];
  const open = eventsFrom(c.state as CaseState);
  const works = mayWork(viewer, c);
  const hasNotice = documents.some((d) => d.kind === 'notice');
  const windowClosed = Boolean(c.objectionDue && day > c.objectionDue);
  const actions = {
    produceNotice: works && c.state === 'proposed' && !hasNotice,
    serve: works && c.state === 'proposed' && hasNotice,
    object: works && open.includes('object') && Boolean(c.objectionDue && day <= c.objectionDue),
    answer: works && c.state === 'objection_open',
    submit: works && open.includes('submit') && windowClosed,
    decide: hasAnyRole(viewer, ['approver']) && c.state === 'in_decision' && !c.flowInstanceId && viewer.id !== c.proposedBy && viewer.id !== c.decisionRequestedBy,
    close: works && open.includes('close'),
    remove: hasAnyRole(viewer, ['approver']) && c.state === 'listed' && member?.status === 'active' && viewer.id !== c.proposedBy,
  };
  return {
    case: { ...c, subjectCode: maskedSubject(viewer, c.subjectType, c.subjectCode), departmentZh: dept.nameZh, proposedByName: nameOf(c.proposedBy), decidedByName: nameOf(c.decidedBy), decisionRequestedByName: nameOf(c.decisionRequestedBy) },
    list: { code: list.code, version: list.version, name: list.content.name, listKind: list.content.listKind ?? null, identificationCriteria: list.content.identificationCriteria ?? '', legalBasis: list.content.legalBasis ?? [], removalConditions: list.content.removalConditions ?? '', settings, repairable: list.content.repairable !== false },
    grounds: grounds.map((g) => ({ id: g.id, catalogCode: g.catalogCode, catalogName: itemNames.get(g.catalogCode) ?? g.catalogCode, decisionDate: g.decisionDate, meets: !allowed.size || allowed.has(g.catalogCode) })),
    groundItems: [...allowed].map((code) => ({ code, name: itemNames.get(code) ?? code })),
    objections: objections.map(({ o, filedByName }) => ({ ...o, filedByName, answeredByName: nameOf(o.answeredBy), overdue: !o.outcome && day > o.answerDue })),
    documents: documents.map((d) => ({ ...d, kindName: DOC_KIND_NAMES[d.kind as DocKind] })),
    member: member ?? null,
    measures,
    today: day,
    windowClosed,
    actions,
    serviceMethods: SERVICE_METHODS,
  };
}

async function catalogNames(db: Db) {
  const rows = await db
    .selectDistinctOn([entry.code], { code: entry.code, name: sql<string>`${entryVersion.content}->>'name'` })
    .from(entryVersion)
    .innerJoin(entry, eq(entry.id, entryVersion.entryId))
    .where(eq(entry.kindCode, 'info-catalog'))
    .orderBy(entry.code, desc(entryVersion.version));
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Accepted records of a subject that a viewer may ground a proposal on (own department, or all for the office). */
export async function groundCandidates(db: Db, viewer: Viewer, input: { listCode: string; subjectCode: string }) {
  const day = await today(db);
  const list = await getListInForce(db, input.listCode, day);
  const code = input.subjectCode.trim().toUpperCase();
  const where: SQL[] = [eq(record.subjectCode, code), eq(record.status, 'accepted')];
  if (!hasAnyRole(viewer, ['editor'])) where.push(eq(record.departmentId, viewer.departmentId ?? '00000000-0000-0000-0000-000000000000'));
  const rows = await db
    .select({ id: record.id, catalogCode: record.catalogCode, subjectName: record.subjectName, subjectType: record.subjectType, decisionDate: record.decisionDate, departmentZh: department.nameZh })
    .from(record)
    .innerJoin(department, eq(department.id, record.departmentId))
    .where(and(...where))
    .orderBy(desc(record.decisionDate))
    .limit(100);
  const names = await catalogNames(db);
  const allowed = new Set((list.content.groundItems ?? []).map((r) => r.code));
  return {
    list: { code: list.code, name: list.content.name, identificationCriteria: list.content.identificationCriteria ?? '', groundItems: [...allowed].map((c) => names.get(c) ?? c) },
    records: rows.map((r) => ({ ...r, catalogName: names.get(r.catalogCode) ?? r.catalogCode, meets: !allowed.size || allowed.has(r.catalogCode) })),
  };
}

/** A produced document or an evidence file of a case, for download (same visibility as the case). */
export async function caseFile(db: Db, viewer: Viewer, input: { caseId: string; sha256: string }) {
  await getCaseVisible(db, viewer, input.caseId);
  const [doc] = await db.select({ fileName: listCaseDocument.fileName }).from(listCaseDocument).where(and(eq(listCaseDocument.caseId, input.caseId), eq(listCaseDocument.sha256, input.sha256)));
  let fileName = doc?.fileName ?? null;
  if (!fileName) {
    const objections = await db.select({ evidence: listCaseObjection.evidence }).from(listCaseObjection).where(eq(listCaseObjection.caseId, input.caseId));
    fileName = objections.flatMap((o) => o.evidence).find((e) => e.sha256 === input.sha256)?.fileName ?? null;
  }
  if (!fileName) throw new DomainError('NOT_FOUND', 'documents.errors.fileNotFound');
  const [f] = await db.select().from(storedFile).where(eq(storedFile.sha256, input.sha256));
  if (!f) throw new DomainError('NOT_FOUND', 'documents.errors.fileNotFound');
  return { fileName, mediaType: f.mediaType, bytes: f.bytes };
}

async function getCaseVisible(db: Db, viewer: Viewer, id: string) {
  const [c] = await db.select({ departmentId: listCase.departmentId }).from(listCase).where(eq(listCase.id, id));
  if (!c || (!hasAnyRole(viewer, ['editor', 'approver', 'auditor', 'admin']) && c.departmentId !== viewer.departmentId)) throw new DomainError('NOT_FOUND', 'lists.errors.caseNotFound');
}

