/**
 * Credit commitments (信用承诺, issue 16). At the counter a department's filler picks a commitable
 * item (register `commitment-item`, the version in force is pinned) for a subject; in one
 * transaction and one audit row:
 * - the 承诺编码 is given (行政区划 6 + 日期 8 + 流水号 6, a lock per number space),
 * - the letter is produced from the item's template kept as data (its `{{占位符}}` filled with the
 *   subject's data) as a DOCX and stored,
 * - the signed commitment is submitted as an XYCN record through the one gate (records/gate.ts),
 * - for 容缺受理 the supply deadline is set in working days from the calendar.
 * Follow-up: the sweep `markOverdueCommitments` flags commitments whose deadline passed and tells
 * the filler who took them; the fulfilment check records 已履行 / 未履行 with checker and date as
 * a second XYCN record (履行状态, read by grading's commitment-fulfilment rule); a broken
 * commitment proposes a 重点关注 list case through the lists process (lists/service.ts).
 */
import { and, asc, count, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { rowsOf } from '../db';
import { commitment, department, record, systemSetting } from '../db/schema';
import { appendAudit, SYSTEM_ACTOR, type Actor } from '../audit/append';
import { DomainError, type FieldError } from '../errors';
import { hasAnyRole, type Viewer } from '../auth/viewer';
import { inForceVersions } from '../grading/models';
import { checkSubject, subjectOf, submitRecordIn } from '../records/service';
import { loadCalendar } from '../calendar/service';
import { addWorkingDays } from '../../forms/working-days';
import { todayCN } from '../registers/dates';
import { now as clockNow } from '../flows/clock';
import { buildDocx, DOCX_MEDIA_TYPE, type DocParagraph } from '../documents/docx';
import { getFile, putFile } from '../files/service';
import { cnDate } from '../lists/documents';
import { proposeCase } from '../lists/service';
import { notifyOutcome } from '../notifications/service';
import { maskedSubject } from '../subjects/mask';
import { subjectRefs } from '../subjects/ref';
import { noteSubject } from '../subjects/master';
import { DEFERRED_MATERIAL_TYPES, nationalCommitmentType } from '../../catalog/kinds/commitment-item';

export const COMMITMENT_ITEM_KIND = 'commitment-item';
export const COMMITMENT_CATALOG = 'XYCN';
/** The list a broken or false commitment is proposed for (重点关注名单). */
export const ATTENTION_LIST_SETTING = 'commitments.attention-list';
export const DEFAULT_ATTENTION_LIST = 'CL-ZDGZ';
/** 行政区划代码 of the commitment numbers (the office sets it; 000000 until then). */
export const REGION_SETTING = 'commitments.region-code';

export interface CommitmentItem {
  code: string;
  version: number;
  matterName: string;
  commitmentType: string;
  departments: string[];
  industry: string | null;
  letterTemplate: string;
  supplyDeadlineDays: number;
  verificationMethod: string | null;
  breachConsequence: string | null;
}

type Row = typeof commitment.$inferSelect;

async function today(db: Db) {
  return todayCN(await clockNow(db));
}

async function setting(db: Db, key: string): Promise<unknown> {
  const [row] = await db.select({ value: systemSetting.value }).from(systemSetting).where(eq(systemSetting.key, key));
  return row?.value;
}

/** The commitable items a viewer's department may take commitments for (the version in force). */
export async function commitableItems(db: Db, viewer: Viewer): Promise<CommitmentItem[]> {
  const day = await today(db);
  const out: CommitmentItem[] = [];
  for (const v of (await inForceVersions(db, COMMITMENT_ITEM_KIND, day)).values()) {
    const c = v.content as Record<string, unknown>;
    const departments = (c.departments as string[] | undefined) ?? [];
    if (!hasAnyRole(viewer, ['editor']) && !(viewer.departmentCode && departments.includes(viewer.departmentCode))) continue;
    out.push({
      code: v.code,
      version: v.version,
      matterName: String(c.matterName ?? v.code),
      commitmentType: String(c.commitmentType ?? '其他'),
      departments,
      industry: (c.industry as string) ?? null,
      letterTemplate: String(c.letterTemplate ?? ''),
      supplyDeadlineDays: Number(c.supplyDeadlineDays ?? 0),
      verificationMethod: (c.verificationMethod as string) ?? null,
      breachConsequence: (c.breachConsequence as string) ?? null,
    });
  }
  return out.sort((a, b) => a.code.localeCompare(b.code));
}

/** `{{名称}}` placeholders filled from `values` (unknown ones stay as written, so a typo shows). */
export function fillLetter(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*([^{}\s]{1,40})\s*\}\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? values[name]! : whole));
}

export function letterDocx(title: string, commitmentNo: string, text: string): Uint8Array {
  const paragraphs: DocParagraph[] = [{ text: title, style: 'title' }, { text: `承诺编码：${commitmentNo}`, style: 'number' }];
  for (const line of text.split(/\r?\n/)) if (line.trim()) paragraphs.push({ text: line.trim(), style: 'body' });
  paragraphs.push({ text: '承诺人（签章）：', style: 'right' });
  return buildDocx(paragraphs);
}

async function nextCommitmentNo(tx: Db, day: string): Promise<string> {
  const region = String((await setting(tx, REGION_SETTING)) ?? '000000').replace(/\D/g, '').padStart(6, '0').slice(0, 6);
  const prefix = `${region}${day.replaceAll('-', '')}`;
  // One number space per region and day: serialised by a transaction lock, checked by the unique index.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`commitment-no:${prefix}`}))`);
  const [row] = rowsOf<{ last: string | null }>(await tx.execute(sql`select max(commitment_no) as last from commitment where commitment_no like ${`${prefix}%`}`));
  const serial = row?.last ? Number(row.last.slice(-6)) + 1 : 1;
  return `${prefix}${String(serial).padStart(6, '0')}`;
}

export interface IssueInput {
  itemCode: string;
  subjectType: string;
  subjectCode: string;
  subjectName: string;
  legalRepresentative?: string;
  /** What is missing (容缺受理) or the particular matter, added to the letter's record. */
  note?: string;
}

export async function issueCommitment(db: Db, actor: Actor, viewer: Viewer, input: IssueInput) {
  if (!viewer.departmentId || !hasAnyRole(viewer, ['filler'])) throw new DomainError('FORBIDDEN', 'commitments.errors.fillerOnly');
  const items = await commitableItems(db, viewer);
  const item = items.find((i) => i.code === input.itemCode);
  if (!item) throw new DomainError('NOT_FOUND', 'commitments.errors.itemNotAvailable', { code: input.itemCode });
  const errors: FieldError[] = checkSubject({ catalogCode: COMMITMENT_CATALOG, catalogVersion: 0, data: {}, ...input });
  if (errors.length) throw new DomainError('INVALID_INPUT', errors[0]!.key, errors[0]!.params ?? {}, errors);
  const s = subjectOf(input);
  const legalRep = input.legalRepresentative?.trim() || null;
  if (s.type !== '自然人' && !legalRep) throw new DomainError('INVALID_INPUT', 'commitments.errors.legalRepRequired', {}, [{ path: 'legalRepresentative', key: 'commitments.errors.legalRepRequired' }]);
  const day = await today(db);
  const deferred = DEFERRED_MATERIAL_TYPES.includes(item.commitmentType) && item.supplyDeadlineDays > 0;
  const supplyDue = deferred ? addWorkingDays(day, item.supplyDeadlineDays, await loadCalendar(db)) : null;
  const [dept] = await db.select({ nameZh: department.nameZh }).from(department).where(eq(department.id, viewer.departmentId));
  return db.transaction(async (tx) => {
    const commitmentNo = await nextCommitmentNo(tx, day);
    const values: Record<string, string> = {
      主体名称: s.name,
      统一社会信用代码: s.code,
      法定代表人: legalRep ?? s.name,
      承诺日期: cnDate(day),
      承诺编码: commitmentNo,
      事项名称: item.matterName,
      补正期限: supplyDue ? cnDate(supplyDue) : '',
      受理单位: dept?.nameZh ?? '',
    };
    const text = fillLetter(item.letterTemplate, values);
    const letter = await putFile(tx, { bytes: letterDocx('信用承诺书', commitmentNo, text), mediaType: DOCX_MEDIA_TYPE, createdBy: actor.id });
    const { row: rec, audit: recordAudit } = await submitRecordIn(tx, actor, viewer, {
      catalogCode: COMMITMENT_CATALOG,
      catalogVersion: await xycnVersion(tx, viewer),
      subjectType: s.type,
      subjectCode: s.code,
      subjectName: s.name,
      data: {
        code: commitmentNo,
        subjectName: s.name,
        subjectCategory: s.type,
        identify: s.code,
        commitmentTypeId: nationalCommitmentType(item.commitmentType),
        reason: item.matterName,
        content: text.slice(0, 4000),
        liabilityBreachCommitment: (item.breachConsequence || '如违反承诺，依法承担相应责任并记入信用记录。').slice(0, 4000),
        commitmentDate: day,
        ...(supplyDue ? { commitmentValidity: supplyDue } : {}),
        acceptanceUnit: dept?.nameZh ?? '',
        publicationType: '特定范围内公开',
        ...(input.note?.trim() ? { remarks: input.note.trim().slice(0, 512) } : {}),
      },
    });
    const [row] = await tx
      .insert(commitment)
      .values({ commitmentNo, itemCode: item.code, itemVersion: item.version, matterName: item.matterName, commitmentType: item.commitmentType, departmentId: viewer.departmentId!, subjectType: s.type, subjectCode: s.code, subjectName: s.name, legalRepresentative: legalRep, signedOn: day, supplyDue, recordId: rec.id, letterSha256: letter.sha256, createdBy: actor.id! })
      .returning();
    await noteSubject(tx, { code: s.code, type: s.type, name: s.name, legalRepresentative: legalRep, day });
    await appendAudit(tx, actor, {
      action: 'commitment.issue',
      objectType: 'commitment',
      objectId: row!.id,
      after: { commitmentNo, item: `${item.code}@${item.version}`, type: item.commitmentType, subject: { code: s.code, name: s.name }, supplyDue, letter: letter.sha256, record: { id: rec.id, ...recordAudit } },
    });
    return { id: row!.id, commitmentNo, supplyDue, recordId: rec.id };
  });
}

async function xycnVersion(tx: Db, viewer: Viewer): Promise<number> {
  const { listFillableItems } = await import('../records/service');
  const item = (await listFillableItems(tx, viewer, await today(tx))).find((i) => i.code === COMMITMENT_CATALOG);
  if (!item) throw new DomainError('NOT_FOUND', 'commitments.errors.catalogNotProvided');
  return item.version;
}

function maySee(viewer: Viewer, c: { departmentId: string }) {
  return hasAnyRole(viewer, ['editor', 'approver', 'auditor', 'admin']) || c.departmentId === viewer.departmentId;
}

async function getRow(db: Db, viewer: Viewer, id: string, lock = false): Promise<Row> {
  const q = db.select().from(commitment).where(eq(commitment.id, id));
  const [c] = lock ? await q.for('update') : await q;
  if (!c || !maySee(viewer, c)) throw new DomainError('NOT_FOUND', 'commitments.errors.notFound');
  return c;
}

export function view(viewer: Viewer, c: Row, extra: { departmentName?: string | null; recordStatus?: string | null } = {}) {
  return {
    id: c.id,
    commitmentNo: c.commitmentNo,
    itemCode: c.itemCode,
    itemVersion: c.itemVersion,
    matterName: c.matterName,
    commitmentType: c.commitmentType,
    subjectType: c.subjectType,
    subjectCode: maskedSubject(viewer, c.subjectType, c.subjectCode),
    subjectName: c.subjectName,
    legalRepresentative: c.legalRepresentative,
    signedOn: c.signedOn,
    supplyDue: c.supplyDue,
    state: c.state,
    checkOutcome: c.checkOutcome,
    checkedOn: c.checkedOn,
    checkNote: c.checkNote,
    recordId: c.recordId,
    checkRecordId: c.checkRecordId,
    caseId: c.caseId,
    departmentName: extra.departmentName ?? null,
    recordStatus: extra.recordStatus ?? null,
  };
}

export async function getCommitment(db: Db, viewer: Viewer, id: string) {
  const c = await getRow(db, viewer, id);
  const [d] = await db.select({ nameZh: department.nameZh }).from(department).where(eq(department.id, c.departmentId));
  const [r] = await db.select({ status: record.status }).from(record).where(eq(record.id, c.recordId));
  let checker: string | null = null;
  if (c.checkedBy) {
    const rows = rowsOf<{ name: string }>(await db.execute(sql`select name from "user" where id = ${c.checkedBy}`));
    checker = rows[0]?.name ?? null;
  }
  // The credit file's address never carries a masked ID number: an opaque ref instead.
  const shown = maskedSubject(viewer, c.subjectType, c.subjectCode);
  const fileHref = `/subjects/${shown === c.subjectCode ? encodeURIComponent(c.subjectCode) : (await subjectRefs(db, 'credit-file')).seal(c.subjectCode)}`;
  return { ...view(viewer, c, { departmentName: d?.nameZh, recordStatus: r?.status }), checker, fileHref };
}

export async function listCommitments(db: Db, viewer: Viewer, scope: string | null, input: { state?: string; q?: string; page: number; pageSize: number }) {
  const where = and(
    scope ? eq(commitment.departmentId, scope) : undefined,
    input.state ? eq(commitment.state, input.state) : undefined,
    input.q?.trim() ? sql`(${commitment.subjectName} ilike ${`%${input.q.trim().replace(/[%_\\]/g, '\\$&')}%`} or ${commitment.subjectCode} = ${input.q.trim().toUpperCase()} or ${commitment.commitmentNo} = ${input.q.trim()})` : undefined,
  );
  const [total] = await db.select({ n: count() }).from(commitment).where(where);
  const rows = await db.select().from(commitment).where(where).orderBy(desc(commitment.createdAt)).limit(input.pageSize).offset((input.page - 1) * input.pageSize);
  return { total: Number(total?.n ?? 0), rows: rows.map((c) => view(viewer, c)) };
}

export async function commitmentLetter(db: Db, viewer: Viewer, id: string) {
  const c = await getRow(db, viewer, id);
  const f = await getFile(db, c.letterSha256);
  return { fileName: `信用承诺书-${c.commitmentNo}.docx`, mediaType: f.mediaType, bytes: f.bytes };
}

/**
 * The sweep: 容缺受理 commitments whose supply deadline passed without a check are flagged overdue
 * (one audit row each, by the system) and the filler who took them is told. Claims with SKIP LOCKED.
 */
export async function markOverdueCommitments(db: Db, opts: { now?: Date } = {}): Promise<number> {
  const day = todayCN(opts.now ?? (await clockNow(db)));
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(commitment)
      .where(and(eq(commitment.state, 'pending'), lt(commitment.supplyDue, day), isNull(commitment.checkOutcome)))
      .limit(500)
      .for('update', { skipLocked: true });
    for (const c of due) {
      await tx.update(commitment).set({ state: 'overdue', overdueAt: new Date(), revision: sql`${commitment.revision} + 1` }).where(eq(commitment.id, c.id));
      await appendAudit(tx, SYSTEM_ACTOR, { action: 'commitment.overdue', objectType: 'commitment', objectId: c.id, before: { state: c.state }, after: { commitmentNo: c.commitmentNo, state: 'overdue', supplyDue: c.supplyDue, day } });
      await notifyOutcome(tx, { userIds: [c.createdBy], subjectType: 'commitment', subjectId: c.id, outcome: 'commitmentOverdue', actor: { id: null, name: null }, detail: { commitmentNo: c.commitmentNo, supplyDue: c.supplyDue } });
    }
    return due.length;
  });
}

export const CHECK_OUTCOMES = ['已履行', '未履行'] as const;

export interface CheckInput {
  id: string;
  outcome: (typeof CHECK_OUTCOMES)[number];
  /** 未履行的承诺内容 (required when not kept). */
  note?: string;
  /** 承诺不实 (a false commitment) as well as not kept. */
  falseCommitment?: boolean;
  revision?: number;
}

/**
 * 履约核查: the checker and date, 已履行 / 未履行, as an XYCN record with 履行状态 through the gate.
 * A broken commitment is then proposed for the 重点关注 list when its signing record is accepted
 * (the case's ground); `proposeAttention` does it later otherwise.
 */
export async function checkCommitment(db: Db, actor: Actor, viewer: Viewer, input: CheckInput) {
  if (!hasAnyRole(viewer, ['filler'])) throw new DomainError('FORBIDDEN', 'commitments.errors.fillerOnly');
  const note = input.note?.trim() ?? '';
  if (!(CHECK_OUTCOMES as readonly string[]).includes(input.outcome)) throw new DomainError('INVALID_INPUT', 'commitments.errors.badOutcome');
  if (input.outcome === '未履行' && !note) throw new DomainError('INVALID_INPUT', 'commitments.errors.noteRequired', {}, [{ path: 'note', key: 'commitments.errors.noteRequired' }]);
  const day = await today(db);
  const result = await db.transaction(async (tx) => {
    const c = await getRow(tx, viewer, input.id, true);
    if (c.departmentId !== viewer.departmentId) throw new DomainError('FORBIDDEN', 'commitments.errors.otherDepartment');
    if (input.revision !== undefined && input.revision !== c.revision) throw new DomainError('CONFLICT', 'commitments.errors.stale');
    if (c.checkOutcome) throw new DomainError('CONFLICT', 'commitments.errors.alreadyChecked', { outcome: c.checkOutcome, day: c.checkedOn ?? '' });
    const [signed] = await tx.select().from(record).where(eq(record.id, c.recordId));
    const [dept] = await tx.select({ nameZh: department.nameZh }).from(department).where(eq(department.id, c.departmentId));
    const kept = input.outcome === '已履行';
    const { row: rec, audit: recordAudit } = await submitRecordIn(tx, actor, viewer, {
      catalogCode: COMMITMENT_CATALOG,
      catalogVersion: await xycnVersion(tx, viewer),
      subjectType: c.subjectType,
      subjectCode: c.subjectCode,
      subjectName: c.subjectName,
      data: {
        ...(signed?.data ?? {}),
        fulfillmentStatus: kept ? '全部履行' : '全部未履行',
        ...(kept ? {} : { unperformedCommitmentContent: note.slice(0, 4000), liabilityBreachCommitmentContent: input.falseCommitment ? '承诺不实，拟列入重点关注名单' : '未履行承诺，拟列入重点关注名单' }),
        fulfillmentStatusDate: day,
        acceptanceConfirmUnit: dept?.nameZh ?? '',
      },
    });
    const state = kept ? 'fulfilled' : 'broken';
    await tx.update(commitment).set({ state, checkOutcome: input.outcome, checkedBy: actor.id, checkedOn: day, checkNote: note || null, checkRecordId: rec.id, revision: sql`${commitment.revision} + 1` }).where(eq(commitment.id, c.id));
    await appendAudit(tx, actor, { action: 'commitment.check', objectType: 'commitment', objectId: c.id, before: { state: c.state }, after: { commitmentNo: c.commitmentNo, state, outcome: input.outcome, falseCommitment: Boolean(input.falseCommitment), checkedOn: day, record: { id: rec.id, ...recordAudit } }, reason: note || null });
    return { state, checkRecordId: rec.id, signedStatus: signed?.status ?? null };
  });
  let proposed: { caseNo: string; id: string } | null = null;
  if (result.state === 'broken' && result.signedStatus === 'accepted') proposed = await proposeAttention(db, actor, viewer, { id: input.id });
  return { ...result, proposed };
}

/** A broken commitment proposed for the 重点关注 list (its signing record as the ground). */
export async function proposeAttention(db: Db, actor: Actor, viewer: Viewer, input: { id: string }) {
  const c = await getRow(db, viewer, input.id);
  if (c.state !== 'broken') throw new DomainError('CONFLICT', 'commitments.errors.notBroken');
  if (c.caseId) throw new DomainError('CONFLICT', 'commitments.errors.alreadyProposed');
  const [signed] = await db.select({ status: record.status }).from(record).where(eq(record.id, c.recordId));
  if (signed?.status !== 'accepted') throw new DomainError('CONFLICT', 'commitments.errors.recordNotAccepted');
  const listCode = String((await setting(db, ATTENTION_LIST_SETTING)) ?? DEFAULT_ATTENTION_LIST);
  // One case per broken commitment, however many ask at once: the commitment row is locked, and
  // the second caller finds the case the first one proposed.
  return db.transaction(async (tx) => {
    const [locked] = await tx.select({ caseId: commitment.caseId }).from(commitment).where(eq(commitment.id, c.id)).for('update');
    if (locked?.caseId) throw new DomainError('CONFLICT', 'commitments.errors.alreadyProposed');
    const proposed = await proposeCase(tx, actor, viewer, { listCode, recordIds: [c.recordId], subjectCode: c.subjectCode, reason: `信用承诺未履行（承诺编码 ${c.commitmentNo}，${c.matterName}）：${c.checkNote ?? ''}`.slice(0, 2000) });
    await tx.update(commitment).set({ caseId: proposed.id }).where(eq(commitment.id, c.id));
    return proposed;
  });
}

/** Commitments of one subject (the credit file), newest first. */
export async function commitmentsOf(db: Db, viewer: Viewer, subjectCode: string) {
  const rows = await db.select().from(commitment).where(eq(commitment.subjectCode, subjectCode)).orderBy(desc(commitment.signedOn), asc(commitment.commitmentNo));
  // The credit file is about the subject across departments: every role that opens it sees them.
  return rows.map((c) => view(viewer, c));
}
