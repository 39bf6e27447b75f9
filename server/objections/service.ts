/**
 * Objections (异议) against a published record or a list membership: filed by a department on
 * behalf of a subject (or from the public pages, `filePublicObjection`), with the disputed items
 * and evidence; the providing department must answer within the working days its disclosure rule
 * (or the list) sets. While open, the lookup shows 异议处理中. With a flow bound to the
 * `objection` trigger the flow starts at filing (its tasks carry the deadlines and escalation),
 * and its approval applies the department's answer; without one an approver confirms or returns
 * the answer in the built-in step (`decideObjectionAnswer`): four eyes either way — the answerer
 * never applies their own answer, and neither does whoever filed the objection.
 *
 * Outcomes: 核实无误 (upheld), 已修正 (the record is corrected as a new revision; the old one stays
 * readable; the correction passes the record's form definition), 撤销 (the record is revoked: it
 * leaves publication, lists and grading; memberships grounded on it are revoked too). Every move is
 * one transaction with one audit row; corrections and revocations go on the credit-change feed.
 */
import { maskSubjectCodeIn } from '../subjects/mask';
import { and, asc, count, desc, eq, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { creditListMember, department, flowInstance, listCase, listCaseGround, objection, record, recordDisclosure, recordRevision, repairApplication, storedFile, user, type EvidenceFile } from '../db/schema';
import { appendAudit, SYSTEM_ACTOR, type Actor } from '../audit/append';
import { DomainError, type FieldError } from '../errors';
import { hasAnyRole, type Viewer } from '../auth/viewer';
import { loadCalendar } from '../calendar/service';
import { todayCN } from '../registers/dates';
import { now as clockNow, today } from '../flows/clock';
import { boundFlowOf, newFold, startInstance } from '../flows/engine';
import type { FoldedAudit } from '../flows/run';
import { appendTo, type AuditWriter } from '../flows/adapters';
import { addWorkingDays } from '../../forms/working-days';
import { prepare } from '../../forms/effective';
import { maskRecord } from '../../forms/masking';
import { maskedSubject } from '../subjects/mask';
import { getPinnedVersion, mayUnmask, personalRules } from '../records/service';
import { nextSequence } from '../lists/documents';
import { getListVersion, getListInForce } from '../lists/definitions';
import { listSettings } from '../../catalog/lists/types';
import { removeMemberIn } from '../lists/members';
import { ruleInForce, stampDisclosure } from '../disclosure/rules';
import { recordChange } from '../disclosure/feed';
import { regradeSubject } from '../repair/regrade';
import { recordDataChanges } from './diff';

export const OUTCOMES = ['upheld', 'corrected', 'revoked'] as const;
export type ObjectionOutcome = (typeof OUTCOMES)[number];
export const MAX_EVIDENCE_FILES = 10;
/** When no rule gives one (the office sets it per catalog item in the disclosure rules). */
const FALLBACK_ANSWER_DAYS = 5;

type ObjectionRow = typeof objection.$inferSelect;


const fieldError = (path: string, key: string, params: Record<string, string | number> = {}) => new DomainError('INVALID_INPUT', key, params, [{ path, key, params }]);

/** A department's fillers (their own department's objections) and the office's editors. */
function mayWork(viewer: Viewer, o: { departmentId: string }) {
  if (hasAnyRole(viewer, ['editor'])) return true;
  return hasAnyRole(viewer, ['filler']) && viewer.departmentId === o.departmentId;
}

function maySee(viewer: Viewer, o: { departmentId: string; filedBy: string | null }) {
  return hasAnyRole(viewer, ['editor', 'approver', 'auditor', 'admin']) || o.departmentId === viewer.departmentId || o.filedBy === viewer.id;
}

async function checkEvidence(tx: Db, evidence: EvidenceFile[]) {
  if (evidence.length > MAX_EVIDENCE_FILES) throw fieldError('evidence', 'objections.errors.tooManyFiles', { max: MAX_EVIDENCE_FILES });
  const hashes = evidence.map((e) => e.sha256);
  if (!hashes.length) return;
  const found = new Set((await tx.select({ sha256: storedFile.sha256 }).from(storedFile).where(inArray(storedFile.sha256, hashes))).map((r) => r.sha256));
  for (const e of evidence) if (!found.has(e.sha256)) throw fieldError('evidence', 'documents.errors.fileNotFound');
}

export interface FileInput {
  targetType: 'record' | 'membership';
  targetId: string;
  content: string;
  disputedItems?: string[];
  evidence?: EvidenceFile[];
}

export interface PublicContact {
  name: string;
  phone?: string;
  email?: string;
}

interface Target {
  departmentId: string;
  subjectType: string;
  subjectCode: string;
  subjectName: string;
  recordId: string | null;
  memberId: string | null;
  answerDays: number;
  label: string;
}

async function targetOf(tx: Db, input: FileInput, day: string): Promise<Target> {
  if (input.targetType === 'record') {
    const [r] = await tx.select().from(record).where(eq(record.id, input.targetId)).for('update');
    if (!r || !['accepted', 'revoked', 'repaired'].includes(r.status)) throw new DomainError('NOT_FOUND', 'objections.errors.targetNotFound');
    if (r.status === 'revoked') throw new DomainError('CONFLICT', 'objections.errors.recordRevoked');
    const rule = await ruleInForce(tx, r.catalogCode, r.decisionDate ?? day);
    const item = await getPinnedVersion(tx, r.catalogCode, r.catalogVersion);
    return { departmentId: r.departmentId, subjectType: r.subjectType, subjectCode: r.subjectCode, subjectName: r.subjectName, recordId: r.id, memberId: null, answerDays: rule?.content.objectionAnswerDays ?? FALLBACK_ANSWER_DAYS, label: `${r.subjectName} · ${item.content.name}` };
  }
  const [m] = await tx.select().from(creditListMember).where(eq(creditListMember.id, input.targetId)).for('update');
  if (!m) throw new DomainError('NOT_FOUND', 'objections.errors.targetNotFound');
  if (m.status === 'revoked') throw new DomainError('CONFLICT', 'objections.errors.recordRevoked');
  if (!m.departmentId) throw new DomainError('CONFLICT', 'objections.errors.noDepartment');
  const [c] = m.caseId ? await tx.select({ listVersion: listCase.listVersion }).from(listCase).where(eq(listCase.id, m.caseId)) : [];
  const list = c ? await getListVersion(tx, m.listCode, c.listVersion) : await getListInForce(tx, m.listCode, day);
  return { departmentId: m.departmentId, subjectType: m.subjectType, subjectCode: m.subjectCode, subjectName: m.subjectName, recordId: null, memberId: m.id, answerDays: listSettings(list.content).answerDays, label: `${m.subjectName} · ${list.content.name}` };
}

/**
 * Starts the flow bound to the objection trigger for `o`, if one is bound (null: the built-in
 * review decides). Its start goes into the audit row of the action that caused it (`fold`).
 */
async function startObjectionFlow(tx: Db, actor: Actor, o: ObjectionRow, label: string, fold: FoldedAudit): Promise<string | null> {
  const flowCode = await boundFlowOf(tx, 'objection', [{ type: 'global', value: '*' }]);
  if (!flowCode) return null;
  return startInstance(
    tx,
    actor,
    {
      trigger: 'objection',
      flowCode,
      subject: { type: 'objection', id: o.id, label },
      data: { targetType: o.targetType, subjectType: o.subjectType, channel: o.channel, disputedItems: o.disputedItems, answerDue: o.answerDue },
      meta: { trackingNo: o.trackingNo, departmentId: o.departmentId },
      alsoExcluded: o.filedBy ? [o.filedBy] : [],
    },
    undefined,
    fold,
  );
}

/**
 * The flow that decides a new answer: the objection's running instance; when its last instance
 * has ended (its approver sent the previous answer back), a new instance of the flow bound now
 * (null when none is bound any more: the built-in review then decides). An objection that had no
 * flow keeps the built-in review.
 */
async function flowForAnswer(tx: Db, actor: Actor, o: ObjectionRow, fold: FoldedAudit): Promise<string | null> {
  if (!o.flowInstanceId) return null;
  const [last] = await tx.select({ status: flowInstance.status, label: flowInstance.subjectLabel }).from(flowInstance).where(eq(flowInstance.id, o.flowInstanceId));
  if (last?.status === 'running') return o.flowInstanceId;
  return startObjectionFlow(tx, actor, o, last?.label ?? `${o.trackingNo} ${o.subjectName}`, fold);
}

async function nextTrackingNo(tx: Db, departmentId: string, day: string) {
  const year = Number(day.slice(0, 4));
  const [d] = await tx.select({ code: department.code }).from(department).where(eq(department.id, departmentId));
  return `YY-${d?.code ?? 'X'}-${year}-${String(await nextSequence(tx, departmentId, 'objection', year)).padStart(5, '0')}`;
}

async function fileIn(tx: Db, actor: Actor, input: FileInput & { channel: 'department' | 'public'; contact?: PublicContact | null; filedBy: string | null }) {
  const content = input.content.trim();
  const errors: FieldError[] = [];
  if (!content) errors.push({ path: 'content', key: 'objections.errors.contentRequired' });
  if (errors.length) throw new DomainError('INVALID_INPUT', errors[0]!.key, {}, errors);
  const day = await today(tx);
  const t = await targetOf(tx, input, day);
  const open = await tx
    .select({ trackingNo: objection.trackingNo })
    .from(objection)
    .where(and(ne(objection.state, 'closed'), t.recordId ? eq(objection.recordId, t.recordId) : eq(objection.memberId, t.memberId!)))
    .limit(1);
  if (open[0]) throw new DomainError('CONFLICT', 'objections.errors.alreadyOpen', { no: open[0].trackingNo });
  const evidence = input.evidence ?? [];
  await checkEvidence(tx, evidence);
  const disputedItems = [...new Set((input.disputedItems ?? []).map((s) => s.trim()).filter(Boolean))].slice(0, 50);
  const answerDue = addWorkingDays(day, t.answerDays, await loadCalendar(tx));
  const trackingNo = await nextTrackingNo(tx, t.departmentId, day);
  const [o] = await tx
    .insert(objection)
    .values({ trackingNo, targetType: input.targetType, recordId: t.recordId, memberId: t.memberId, departmentId: t.departmentId, subjectType: t.subjectType, subjectCode: t.subjectCode, subjectName: t.subjectName, channel: input.channel, contact: input.contact ?? null, content, disputedItems, evidence, filedOn: day, filedBy: input.filedBy, answerDue })
    .returning();
  const fold = newFold();
  const instanceId = await startObjectionFlow(tx, actor, o!, `${trackingNo} ${t.label}`, fold);
  if (instanceId) await tx.update(objection).set({ flowInstanceId: instanceId }).where(eq(objection.id, o!.id));
  await appendAudit(tx, actor, {
    action: 'objection.file',
    objectType: 'objection',
    objectId: o!.id,
    after: { trackingNo, channel: input.channel, target: { type: input.targetType, id: input.targetId }, subject: { code: t.subjectCode, name: t.subjectName }, disputedItems, answerDue, evidence: evidence.map((e) => ({ fileName: e.fileName, sha256: e.sha256 })), flow: fold.instances[0] ?? null, effects: fold.effects },
    reason: content,
  });
  return { id: o!.id, trackingNo, answerDue };
}

/** A department user files on behalf of the subject (any department may bring one in; the providing department answers). */
export async function fileObjection(db: Db, actor: Actor, viewer: Viewer, input: FileInput) {
  if (!hasAnyRole(viewer, ['filler', 'editor'])) throw new DomainError('FORBIDDEN', 'objections.errors.notAllowed');
  return db.transaction((tx) => fileIn(tx, actor, { ...input, channel: 'department', filedBy: viewer.id }));
}

/**
 * The public pages' objection (issue 17 calls this): channel 'public', the person's contact
 * details, and the tracking number to quote. The caller has checked the request (rate limit, captcha).
 */
export async function filePublicObjection(db: Db, input: FileInput & { contact: PublicContact }) {
  const name = input.contact.name?.trim();
  if (!name) throw fieldError('contact.name', 'objections.errors.contactRequired');
  if (!input.contact.phone?.trim() && !input.contact.email?.trim()) throw fieldError('contact.phone', 'objections.errors.contactRequired');
  const actor: Actor = { ...SYSTEM_ACTOR, name: `public:${name}` };
  return db.transaction((tx) => fileIn(tx, actor, { ...input, channel: 'public', contact: { name, phone: input.contact.phone?.trim() || undefined, email: input.contact.email?.trim() || undefined }, filedBy: null }));
}

const digits = (s: string) => s.replace(/\D/g, '');

/** Whether `given` is the phone (digits compared) or e-mail (case-insensitive) the filer left. */
function contactMatches(contact: PublicContact | null, given: string): boolean {
  const g = given.trim();
  if (!contact || !g) return false;
  if (contact.email && g.includes('@')) return contact.email.trim().toLowerCase() === g.toLowerCase();
  const d = digits(g);
  return Boolean(contact.phone && d.length >= 5 && digits(contact.phone) === d);
}

/**
 * What the public may read back: state, outcome, answer and deadline, nothing else (no staff).
 * Tracking numbers run in sequence, so the phone or e-mail given at filing is required too; a
 * wrong one gets the same "not found" as a wrong number. Only objections filed from the public pages.
 */
export async function objectionStatusByTrackingNo(db: Db, trackingNo: string, contact: string) {
  const no = trackingNo.trim().slice(0, 60);
  const [o] = no
    ? await db
        .select({ trackingNo: objection.trackingNo, state: objection.state, outcome: objection.outcome, answer: objection.answer, answerDue: objection.answerDue, filedOn: objection.filedOn, contact: objection.contact, channel: objection.channel, subjectName: objection.subjectName })
        .from(objection)
        .where(eq(objection.trackingNo, no))
    : [];
  if (!o || o.channel !== 'public' || !contactMatches(o.contact as PublicContact | null, contact)) throw new DomainError('NOT_FOUND', 'objections.errors.notFound');
  return { trackingNo: o.trackingNo, subjectName: o.subjectName, state: o.state, outcome: o.state === 'closed' ? o.outcome : null, answer: o.state === 'closed' ? o.answer : null, answerDue: o.answerDue, filedOn: o.filedOn };
}

async function lockObjection(tx: Db, viewer: Viewer | null, id: string): Promise<ObjectionRow> {
  const [o] = await tx.select().from(objection).where(eq(objection.id, id)).for('update');
  if (!o || (viewer && !maySee(viewer, o))) throw new DomainError('NOT_FOUND', 'objections.errors.notFound');
  return o;
}

export interface AnswerInput {
  id: string;
  outcome: ObjectionOutcome;
  answer: string;
  /** For 已修正: the record's data as corrected (the whole data, validated by the record's form definition). */
  correctedData?: Record<string, unknown>;
  revision?: number;
}

/**
 * The providing department's answer. Someone other than who filed it (four eyes). With a flow
 * running, the answer waits for the flow's approval; otherwise it applies at once.
 */
export async function answerObjection(db: Db, actor: Actor, viewer: Viewer, input: AnswerInput) {
  return db.transaction(async (tx) => {
    const o = await lockObjection(tx, viewer, input.id);
    if (!mayWork(viewer, o)) throw new DomainError('FORBIDDEN', 'objections.errors.notYourObjection');
    if (o.state === 'closed') throw new DomainError('CONFLICT', 'objections.errors.closed', { no: o.trackingNo });
    if (input.revision !== undefined && input.revision !== o.revision) throw new DomainError('CONFLICT', 'objections.errors.stale');
    if (o.filedBy && o.filedBy === actor.id) throw new DomainError('FORBIDDEN', 'objections.errors.ownObjection');
    const answer = input.answer.trim();
    if (!answer) throw fieldError('answer', 'objections.errors.answerRequired');
    if (!(OUTCOMES as readonly string[]).includes(input.outcome)) throw fieldError('outcome', 'objections.errors.outcome');
    let correctedData: Record<string, unknown> | null = null;
    let correctsRevision: number | null = null;
    if (input.outcome === 'corrected') {
      if (!o.recordId) throw fieldError('outcome', 'objections.errors.correctMembership');
      ({ data: correctedData, revision: correctsRevision } = await validatedCorrection(tx, o.recordId, input.correctedData));
    }
    await tx
      .update(objection)
      .set({ state: 'answered', outcome: input.outcome, answer, correctedData, correctsRevision, answeredBy: actor.id, answeredAt: new Date(), decidedBy: null, decidedAt: null, decisionComment: null, revision: sql`${objection.revision} + 1` })
      .where(eq(objection.id, o.id));
    // After the answer is written: a flow that decides at once applies this answer.
    const fold = newFold();
    const flowId = await flowForAnswer(tx, actor, o, fold);
    if (flowId !== o.flowInstanceId) await tx.update(objection).set({ flowInstanceId: flowId }).where(eq(objection.id, o.id));
    const started = fold.instances[0] ? { flow: fold.instances[0], effects: fold.effects } : {};
    await appendAudit(tx, actor, { action: 'objection.answer', objectType: 'objection', objectId: o.id, after: { trackingNo: o.trackingNo, outcome: input.outcome, ...(flowId ? { awaitingFlow: flowId } : { awaitingApprover: true }), ...started }, reason: answer });
    const [now] = await tx.select({ state: objection.state }).from(objection).where(eq(objection.id, o.id));
    return { state: now!.state as 'answered' | 'closed' | 'open', byFlow: Boolean(flowId) };
  });
}

/**
 * The built-in step (no flow bound): an approver who neither answered nor filed the objection
 * confirms the answer (its outcome then applies) or returns it to the department with a reason.
 */
export async function decideObjectionAnswer(db: Db, actor: Actor, viewer: Viewer, input: { id: string; decision: 'approve' | 'return'; comment?: string; revision?: number }) {
  if (!hasAnyRole(viewer, ['approver'])) throw new DomainError('FORBIDDEN', 'objections.errors.decideNotAllowed');
  return db.transaction(async (tx) => {
    const o = await lockObjection(tx, null, input.id);
    if (o.flowInstanceId) throw new DomainError('CONFLICT', 'flowEngine.errors.flowDecides');
    if (o.state !== 'answered') throw new DomainError('CONFLICT', o.state === 'closed' ? 'objections.errors.closed' : 'objections.errors.answerFirst', { no: o.trackingNo });
    if (input.revision !== undefined && input.revision !== o.revision) throw new DomainError('CONFLICT', 'objections.errors.stale');
    if (o.answeredBy === actor.id || (o.filedBy && o.filedBy === actor.id)) throw new DomainError('FORBIDDEN', 'objections.errors.ownAnswer');
    const comment = input.comment?.trim() || null;
    if (input.decision === 'return' && !comment) throw fieldError('comment', 'objections.errors.returnReason');
    await tx.update(objection).set({ decidedBy: actor.id, decidedAt: new Date(), decisionComment: comment }).where(eq(objection.id, o.id));
    await applyObjectionOutcome(tx, actor, o.id, input.decision === 'approve' ? 'approved' : 'rejected', comment);
    return { state: input.decision === 'approve' ? ('closed' as const) : ('open' as const) };
  });
}

/** The corrected data passes the pinned form definition, and changes something. */
async function validatedCorrection(tx: Db, recordId: string, data: Record<string, unknown> | undefined): Promise<{ data: Record<string, unknown>; revision: number }> {
  const [r] = await tx.select().from(record).where(eq(record.id, recordId));
  if (!r) throw new DomainError('NOT_FOUND', 'objections.errors.targetNotFound');
  if (r.status === 'revoked') throw new DomainError('CONFLICT', 'objections.errors.recordRevoked');
  const item = await getPinnedVersion(tx, r.catalogCode, r.catalogVersion);
  const prepared = prepare(item.content.dataItems, `catalog:${r.catalogCode}@${r.catalogVersion}`, data ?? {}, { subject: { type: r.subjectType, code: r.subjectCode, name: r.subjectName } as never });
  if (prepared.issues.length) {
    const errors = prepared.issues.map((i) => ({ path: `correctedData.${i.path}`, key: 'registers.errors.field', params: { zh: i.message['zh-CN'], en: i.message.en } }));
    throw new DomainError('INVALID_RECORD', 'objections.errors.correctionInvalid', { count: errors.length }, errors);
  }
  if (!recordDataChanges(item.content.dataItems, r.data, prepared.data).length) throw fieldError('correctedData', 'objections.errors.nothingCorrected');
  return { data: prepared.data, revision: r.revision };
}

/**
 * Applies an objection's answer (the built-in path, or the flow's approval): upheld closes it;
 * corrected writes the new revision and keeps the old one; revoked takes the record (or the
 * listing) out of publication, lists and grading. Returns what it did, for the audit row.
 */
export async function applyAnswer(tx: Db, actor: Actor, id: string, audit: AuditWriter = appendTo(tx, actor)) {
  const o = await lockObjection(tx, null, id);
  if (o.state !== 'answered' || !o.outcome) throw new DomainError('CONFLICT', 'objections.errors.answerFirst', { no: o.trackingNo });
  const day = await today(tx);
  const effect: Record<string, unknown> = {};
  if (o.outcome === 'corrected' && o.recordId) {
    const [r] = await tx.select().from(record).where(eq(record.id, o.recordId)).for('update');
    if (!r || r.status === 'revoked') throw new DomainError('CONFLICT', 'objections.errors.recordRevoked');
    // The correction was drafted on one revision of the record: a record changed since is not overwritten.
    if (o.correctsRevision !== null && o.correctsRevision !== r.revision) throw new DomainError('CONFLICT', 'objections.errors.recordChanged', { no: o.trackingNo });
    // And it still passes the record's form definition (the answer may have waited in a flow).
    const { data } = await validatedCorrection(tx, r.id, o.correctedData ?? undefined);
    const item = await getPinnedVersion(tx, r.catalogCode, r.catalogVersion);
    const changes = recordDataChanges(item.content.dataItems, r.data, data);
    await tx.insert(recordRevision).values({ recordId: r.id, revision: r.revision, data: r.data, subjectName: r.subjectName, replacedBy: actor.id, objectionId: o.id, reason: o.answer });
    const decisionField = (item.content as { decisionDateField?: string }).decisionDateField;
    const decisionDate = decisionField && typeof data[decisionField] === 'string' ? (data[decisionField] as string) : r.decisionDate;
    await tx.update(record).set({ data, decisionDate, revision: sql`${record.revision} + 1`, updatedAt: new Date() }).where(eq(record.id, r.id));
    const disclosure = await stampDisclosure(tx, r.id);
    // The feed leaves the platform: the change is worded on masked data (personal fields, the person's own ID).
    const outward = (d: Record<string, unknown>) => maskSubjectCodeIn(maskRecord(d, personalRules(item.content.dataItems)), r.subjectType, r.subjectCode);
    const feedChanges = recordDataChanges(item.content.dataItems, outward(r.data), outward(data));
    await recordChange(tx, { kind: 'correction', recordId: r.id, catalogCode: r.catalogCode, subjectType: r.subjectType, subjectCode: r.subjectCode, subjectName: r.subjectName, effectiveOn: day, detail: { objection: o.trackingNo, revision: r.revision + 1, changes: feedChanges.map((c) => c.text['zh-CN']), publicUntil: disclosure?.publicUntil ?? null } });
    effect.revision = r.revision + 1;
    effect.changes = changes.map((c) => c.text['zh-CN']);
    effect.grades = await regradeSubject(tx, r.subjectCode);
    // The record's own history shows the correction (the diff is worded on masked data).
    await audit({ action: 'record.correct', objectType: 'record', objectId: r.id, before: { revision: r.revision }, after: { revision: r.revision + 1, objection: o.trackingNo, changes: feedChanges.map((c) => c.text['zh-CN']) }, reason: o.answer });
  } else if (o.outcome === 'revoked') {
    effect.revoked = await revokeTarget(tx, actor, o, day);
    effect.grades = await regradeSubject(tx, o.subjectCode);
    if (o.recordId) await audit({ action: 'record.revoke', objectType: 'record', objectId: o.recordId, after: { status: 'revoked', objection: o.trackingNo }, reason: o.answer });
  }
  await tx.update(objection).set({ state: 'closed', closedAt: new Date(), revision: sql`${objection.revision} + 1` }).where(eq(objection.id, o.id));
  return effect;
}

/** 撤销: the record leaves publication and grading, and every listing grounded on it (or the disputed listing) is revoked with its 移出决定书. */
async function revokeTarget(tx: Db, actor: Actor, o: ObjectionRow, day: string) {
  const memberIds: string[] = [];
  if (o.recordId) {
    const [r] = await tx.select().from(record).where(eq(record.id, o.recordId)).for('update');
    if (!r || r.status === 'revoked') throw new DomainError('CONFLICT', 'objections.errors.recordRevoked');
    await tx.update(record).set({ status: 'revoked', updatedAt: new Date(), revision: sql`${record.revision} + 1` }).where(eq(record.id, r.id));
    await tx.update(recordDisclosure).set({ endedOn: day, endReason: 'revoked' }).where(and(eq(recordDisclosure.recordId, r.id), isNull(recordDisclosure.endedOn)));
    await recordChange(tx, { kind: 'revocation', recordId: r.id, catalogCode: r.catalogCode, subjectType: r.subjectType, subjectCode: r.subjectCode, subjectName: r.subjectName, effectiveOn: day, detail: { objection: o.trackingNo, reason: o.answer } });
    const grounded = await tx
      .select({ memberId: listCase.memberId })
      .from(listCaseGround)
      .innerJoin(listCase, eq(listCase.id, listCaseGround.caseId))
      .where(eq(listCaseGround.recordId, r.id));
    memberIds.push(...grounded.map((g) => g.memberId).filter((x): x is string => Boolean(x)));
  } else if (o.memberId) memberIds.push(o.memberId);
  const revoked = [];
  for (const id of memberIds) {
    const [m] = await tx.select().from(creditListMember).where(eq(creditListMember.id, id)).for('update');
    if (!m || m.status === 'revoked' || m.status === 'expired') continue;
    const doc = await removeMemberIn(tx, actor, o.departmentId, m, `异议${o.trackingNo}核实后撤销：${o.answer ?? ''}`, day, 'revoked');
    await recordChange(tx, { kind: 'revocation', memberId: m.id, listCode: m.listCode, subjectType: m.subjectType, subjectCode: m.subjectCode, subjectName: m.subjectName, effectiveOn: day, detail: { objection: o.trackingNo, document: doc.number } });
    revoked.push({ member: m.id, list: m.listCode, document: doc.number });
  }
  return { record: o.recordId, memberships: revoked };
}

/** The flow's approval applies the answer; a rejection sends the answer back (the objection is open again). */
export async function applyObjectionOutcome(tx: Db, actor: Actor, id: string, outcome: 'approved' | 'rejected', comment: string | null, audit: AuditWriter = appendTo(tx, actor)) {
  const o = await lockObjection(tx, null, id);
  if (o.state === 'closed') return;
  if (outcome === 'approved') {
    const effect = await applyAnswer(tx, actor, id, audit);
    await audit({ action: 'objection.close', objectType: 'objection', objectId: id, after: { trackingNo: o.trackingNo, outcome: o.outcome, ...effect }, reason: comment });
    return;
  }
  // Whoever sent it back (the built-in review or the flow's approver) and why: the department reads it on the objection.
  await tx.update(objection).set({ state: 'open', outcome: null, answer: null, correctedData: null, correctsRevision: null, answeredBy: null, answeredAt: null, decidedBy: actor.id, decidedAt: new Date(), decisionComment: comment, revision: sql`${objection.revision} + 1` }).where(eq(objection.id, id));
  await audit({ action: 'objection.answer_returned', objectType: 'objection', objectId: id, after: { trackingNo: o.trackingNo }, reason: comment });
}

/** Overdue objections are flagged once (the sweeper); the bound flow's own deadlines escalate them. */
export async function flagOverdueObjections(db: Db, opts: { now?: Date } = {}): Promise<number> {
  const day = todayCN(opts.now ?? (await clockNow(db)));
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(objection)
      .where(and(ne(objection.state, 'closed'), lt(objection.answerDue, day), isNull(objection.overdueAt)))
      .limit(200)
      .for('update', { skipLocked: true });
    for (const o of due) {
      await tx.update(objection).set({ overdueAt: new Date() }).where(eq(objection.id, o.id));
      await appendAudit(tx, SYSTEM_ACTOR, { action: 'objection.overdue', objectType: 'objection', objectId: o.id, after: { trackingNo: o.trackingNo, answerDue: o.answerDue, day } });
    }
    return due.length;
  });
}

// ---------- reads ----------

export interface ObjectionListQuery {
  state?: 'open' | 'closed';
  q?: string;
  page: number;
  pageSize: number;
}

export async function listObjections(db: Db, viewer: Viewer, scope: string | null, q: ObjectionListQuery) {
  const day = await today(db);
  const where: SQL[] = [];
  if (scope) where.push(or(eq(objection.departmentId, scope), eq(objection.filedBy, viewer.id))!);
  if (q.state === 'open') where.push(ne(objection.state, 'closed'));
  else if (q.state === 'closed') where.push(eq(objection.state, 'closed'));
  const text = q.q?.trim();
  if (text) where.push(or(eq(objection.subjectCode, text.toUpperCase()), sql`${objection.subjectName} ilike ${`%${text.replace(/[%_\\]/g, '\\$&')}%`}`, eq(objection.trackingNo, text))!);
  const cond = where.length ? and(...where) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select({ o: objection, departmentZh: department.nameZh, departmentEn: department.nameEn })
      .from(objection)
      .innerJoin(department, eq(department.id, objection.departmentId))
      .where(cond)
      .orderBy(desc(objection.filedAt))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(objection).where(cond),
  ]);
  return {
    total: total?.n ?? 0,
    today: day,
    rows: rows.map(({ o, departmentZh, departmentEn }) => ({
      id: o.id,
      trackingNo: o.trackingNo,
      targetType: o.targetType,
      subjectName: o.subjectName,
      subjectCode: maskedSubject(viewer, o.subjectType, o.subjectCode),
      channel: o.channel,
      state: o.state,
      outcome: o.outcome,
      filedOn: o.filedOn,
      answerDue: o.answerDue,
      overdue: o.state !== 'closed' && o.answerDue < day,
      department: { 'zh-CN': departmentZh, en: departmentEn ?? departmentZh },
    })),
  };
}

export async function getObjection(db: Db, viewer: Viewer, id: string) {
  const [o] = await db.select().from(objection).where(eq(objection.id, id));
  if (!o || !maySee(viewer, o)) throw new DomainError('NOT_FOUND', 'objections.errors.notFound');
  const day = await today(db);
  const [dept] = await db.select({ nameZh: department.nameZh, nameEn: department.nameEn }).from(department).where(eq(department.id, o.departmentId));
  const people = await db.select({ id: user.id, name: user.name }).from(user).where(inArray(user.id, [o.filedBy, o.answeredBy, o.decidedBy].filter((x): x is string => Boolean(x))));
  const nameOf = (uid: string | null) => (uid ? (people.find((p) => p.id === uid)?.name ?? null) : null);
  let target: Record<string, unknown> | null = null;
  if (o.recordId) {
    const [r] = await db.select().from(record).where(eq(record.id, o.recordId));
    if (r) {
      const item = await getPinnedVersion(db, r.catalogCode, r.catalogVersion);
      const unmasked = mayUnmask(viewer, r);
      const rules = personalRules(item.content.dataItems);
      const show = (d: Record<string, unknown>) => (unmasked ? d : maskRecord(d, rules));
      const fields = Object.entries(item.content.dataItems.schema.properties).map(([key, p]) => ({ key, type: String((p as { type?: string }).type ?? 'string'), format: (p as { format?: string }).format ?? null, label: (item.content.dataItems.ui?.fields?.[key] as { label?: { 'zh-CN': string; en: string } } | undefined)?.label ?? { 'zh-CN': String((p as { title?: string }).title ?? key), en: String((p as { title?: string }).title ?? key) } }));
      // A correction waiting for review reads as the plain-language diff it would make (on what this viewer may see).
      const proposed = o.state === 'answered' && o.outcome === 'corrected' && o.correctedData ? recordDataChanges(item.content.dataItems, show(r.data), show(o.correctedData)).map((c) => c.text) : [];
      target = { kind: 'record', id: r.id, catalogName: item.content.name, status: r.status, revision: r.revision, data: show(r.data), fields, proposed, editable: unmasked && mayWork(viewer, o), form: unmasked && mayWork(viewer, o) ? { key: `catalog:${r.catalogCode}@${r.catalogVersion}`, definition: item.content.dataItems } : null };
    }
  } else if (o.memberId) {
    const [m] = await db.select().from(creditListMember).where(eq(creditListMember.id, o.memberId));
    if (m) target = { kind: 'membership', id: m.id, listCode: m.listCode, decisionNumber: m.decisionNumber, listedOn: m.listedOn, validTo: m.validTo, status: m.status };
  }
  const works = mayWork(viewer, o);
  return {
    objection: { ...o, correctedData: null, subjectCode: maskedSubject(viewer, o.subjectType, o.subjectCode), contact: hasAnyRole(viewer, ['editor']) || works ? o.contact : null, filedByName: nameOf(o.filedBy), answeredByName: nameOf(o.answeredBy), decidedByName: nameOf(o.decidedBy), department: { 'zh-CN': dept?.nameZh ?? '', en: dept?.nameEn ?? dept?.nameZh ?? '' }, overdue: o.state !== 'closed' && o.answerDue < day },
    target,
    today: day,
    actions: {
      answer: works && o.state === 'open' && o.filedBy !== viewer.id,
      decide: hasAnyRole(viewer, ['approver']) && o.state === 'answered' && !o.flowInstanceId && o.answeredBy !== viewer.id && o.filedBy !== viewer.id,
    },
  };
}

/** Open objections per record / membership (the lookup's 异议处理中). */
export async function openObjectionsFor(db: Db, ids: { recordIds: string[]; memberIds: string[] }) {
  const conds: SQL[] = [];
  if (ids.recordIds.length) conds.push(inArray(objection.recordId, ids.recordIds));
  if (ids.memberIds.length) conds.push(inArray(objection.memberId, ids.memberIds));
  if (!conds.length) return new Set<string>();
  const rows = await db.select({ recordId: objection.recordId, memberId: objection.memberId }).from(objection).where(and(ne(objection.state, 'closed'), or(...conds)));
  return new Set(rows.flatMap((r) => [r.recordId, r.memberId]).filter((x): x is string => Boolean(x)));
}

/** Earlier revisions of a record, oldest first, each with the plain-language changes to the next one. */
export async function recordRevisions(db: Db, viewer: Viewer, recordId: string) {
  const [r] = await db.select().from(record).where(eq(record.id, recordId));
  if (!r) return [];
  const item = await getPinnedVersion(db, r.catalogCode, r.catalogVersion);
  const revs = await db.select().from(recordRevision).where(eq(recordRevision.recordId, recordId)).orderBy(asc(recordRevision.revision));
  const unmasked = mayUnmask(viewer, r);
  const rules = personalRules(item.content.dataItems);
  const show = (d: Record<string, unknown>) => (unmasked ? d : maskRecord(d, rules));
  return revs.map((rev, i) => {
    const next = revs[i + 1]?.data ?? r.data;
    return { revision: rev.revision, replacedAt: rev.replacedAt, reason: rev.reason, objectionId: rev.objectionId, data: show(rev.data), changes: recordDataChanges(item.content.dataItems, show(rev.data), show(next)).map((c) => c.text) };
  });
}

/** What the objection form shows about its target: names and the disputable data items, no data values. */
export async function targetInfo(db: Db, viewer: Viewer, input: { targetType: 'record' | 'membership'; targetId: string }) {
  const day = await today(db);
  if (input.targetType === 'record') {
    const [r] = await db.select().from(record).where(eq(record.id, input.targetId));
    if (!r || r.status === 'draft' || r.status === 'submitted' || r.status === 'rejected') throw new DomainError('NOT_FOUND', 'objections.errors.targetNotFound');
    const item = await getPinnedVersion(db, r.catalogCode, r.catalogVersion);
    const [d] = await db.select({ nameZh: department.nameZh, nameEn: department.nameEn }).from(department).where(eq(department.id, r.departmentId));
    const fields = Object.entries(item.content.dataItems.schema.properties).map(([key, p]) => ({ key, label: (item.content.dataItems.ui?.fields?.[key] as { label?: { 'zh-CN': string; en: string } } | undefined)?.label ?? { 'zh-CN': String((p as { title?: string }).title ?? key), en: String((p as { title?: string }).title ?? key) } }));
    return { subjectName: r.subjectName, subjectCode: maskedSubject(viewer, r.subjectType, r.subjectCode), what: item.content.name, decisionDate: r.decisionDate, department: { 'zh-CN': d?.nameZh ?? '', en: d?.nameEn ?? d?.nameZh ?? '' }, fields, revoked: r.status === 'revoked', today: day };
  }
  const [m] = await db.select().from(creditListMember).where(eq(creditListMember.id, input.targetId));
  if (!m) throw new DomainError('NOT_FOUND', 'objections.errors.targetNotFound');
  const [d] = m.departmentId ? await db.select({ nameZh: department.nameZh, nameEn: department.nameEn }).from(department).where(eq(department.id, m.departmentId)) : [];
  // The list by its name (the version the listing was made under), with the decision's number.
  const list = await (m.listVersion !== null ? getListVersion(db, m.listCode, m.listVersion) : getListInForce(db, m.listCode, day)).catch(() => null);
  const what = [list?.content.name ?? m.listCode, m.decisionNumber].filter(Boolean).join(' · ');
  return { subjectName: m.subjectName, subjectCode: maskedSubject(viewer, m.subjectType, m.subjectCode), what, decisionDate: m.listedOn, department: { 'zh-CN': d?.nameZh ?? '', en: d?.nameEn ?? d?.nameZh ?? '' }, fields: [], revoked: m.status === 'revoked', today: day };
}

/** An evidence file of an objection or a repair application, for whoever may see that case. */
export async function evidenceFile(db: Db, viewer: Viewer, input: { kind: 'objection' | 'repair'; id: string; sha256: string }) {
  let files: EvidenceFile[] = [];
  if (input.kind === 'objection') {
    const [o] = await db.select().from(objection).where(eq(objection.id, input.id));
    if (!o || !maySee(viewer, o)) throw new DomainError('NOT_FOUND', 'documents.errors.fileNotFound');
    files = o.evidence;
  } else {
    const [a] = await db.select().from(repairApplication).where(eq(repairApplication.id, input.id));
    if (!a || !(hasAnyRole(viewer, ['editor', 'approver', 'auditor', 'admin']) || a.departmentId === viewer.departmentId || a.filedBy === viewer.id)) throw new DomainError('NOT_FOUND', 'documents.errors.fileNotFound');
    files = a.evidence;
  }
  const e = files.find((f) => f.sha256 === input.sha256);
  if (!e) throw new DomainError('NOT_FOUND', 'documents.errors.fileNotFound');
  const [f] = await db.select().from(storedFile).where(eq(storedFile.sha256, input.sha256));
  if (!f) throw new DomainError('NOT_FOUND', 'documents.errors.fileNotFound');
  return { fileName: e.fileName, mediaType: f.mediaType, bytes: f.bytes };
}
