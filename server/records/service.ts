/**
 * Department filling (DESIGN §5): a filler enters records of the catalog items their department
 * provides. A record pins the catalog-item version it was entered under; the server prepares and
 * validates it with the same compiled validator the browser used (forms/effective), strips
 * hidden and forged fields, and refuses with field errors. Submission goes to the built-in
 * single approval step (an approver who is not the submitter) until the flow engine is bound.
 * 双公示 records get due date = decision date + 7 working days on the office calendar.
 */
import { and, asc, count, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { department, entry, entryVersion, record, user } from '../db/schema';
import { appendAudit, type Actor } from '../audit/append';
import { DomainError, type FieldError } from '../errors';
import type { Viewer } from '../auth/viewer';
import { hasAnyRole } from '../auth/viewer';
import { prepare } from '../../forms/effective';
import type { FieldIssue } from '../../forms/ajv';
import { checkUscc, checkResidentId, isUsccPlaceholder, describeFormatFailure } from '../../forms/formats';
import { maskRecord, defaultMaskFor, type MaskRule } from '../../forms/masking';
import type { FormDefinition } from '../../forms/definition';
import { IN_FORCE_STATUSES } from '../registers/service';
import { todayCN } from '../registers/dates';
import { dueDate } from '../calendar/service';
import { startBoundFlow } from '../flows/engine';
import { SUBJECT_TYPE_OF } from '../flows/bindings';
import { subjectSearch } from './subject-search';

export const SUBJECT_TYPES = ['法人及非法人组织', '自然人', '个体工商户'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

interface CatalogVersion {
  code: string;
  version: number;
  content: {
    name: string;
    providingDepartments: string[];
    subjectTypes: string[];
    dualPublicity?: boolean;
    decisionDateField?: string;
    dataItems: FormDefinition;
  };
}

function formKey(c: { code: string; version: number }) {
  return `catalog:${c.code}@${c.version}`;
}

/** Catalog items in force on `day` that the viewer's department provides (all for the office). */
export async function listFillableItems(db: Db, viewer: Viewer, day = todayCN()) {
  const rows = await db
    .select({ code: entry.code, version: entryVersion.version, content: entryVersion.content })
    .from(entryVersion)
    .innerJoin(entry, eq(entry.id, entryVersion.entryId))
    .where(
      and(
        eq(entryVersion.kindCode, 'info-catalog'),
        inArray(entryVersion.status, [...IN_FORCE_STATUSES]),
        sql`${entryVersion.validFrom} <= ${day}`,
        or(sql`${entryVersion.validTo} is null`, sql`${entryVersion.validTo} > ${day}`)!,
      ),
    )
    .orderBy(asc(entry.code));
  const all = rows as unknown as CatalogVersion[];
  if (hasAnyRole(viewer, ['editor', 'admin'])) return all;
  return all.filter((r) => viewer.departmentCode && r.content.providingDepartments?.includes(viewer.departmentCode));
}

async function getFillableItem(db: Db, viewer: Viewer, code: string): Promise<CatalogVersion> {
  const item = (await listFillableItems(db, viewer)).find((r) => r.code === code);
  // Not provided by the viewer's department looks the same as not existing: nothing leaks.
  if (!item) throw new DomainError('NOT_FOUND', 'records.errors.itemNotAvailable', { code });
  return item;
}

export async function getPinnedVersion(db: Db, code: string, version: number): Promise<CatalogVersion> {
  const [row] = await db
    .select({ code: entry.code, version: entryVersion.version, content: entryVersion.content })
    .from(entryVersion)
    .innerJoin(entry, eq(entry.id, entryVersion.entryId))
    .where(and(eq(entry.kindCode, 'info-catalog'), eq(entry.code, code), eq(entryVersion.version, version)));
  if (!row) throw new DomainError('NOT_FOUND', 'records.errors.itemNotAvailable', { code });
  return row as unknown as CatalogVersion;
}

export async function getFillForm(db: Db, viewer: Viewer, code: string) {
  const item = await getFillableItem(db, viewer, code);
  return { code: item.code, version: item.version, key: formKey(item), name: item.content.name, subjectTypes: item.content.subjectTypes, definition: item.content.dataItems, dualPublicity: Boolean(item.content.dualPublicity) };
}

function toFieldErrors(issues: FieldIssue[], prefix = 'data.'): FieldError[] {
  return issues.map((i) => ({ path: `${prefix}${i.path}`, key: 'registers.errors.field', params: { zh: i.message['zh-CN'], en: i.message.en } }));
}

export interface RecordInput {
  catalogCode: string;
  catalogVersion: number;
  subjectType: string;
  subjectCode: string;
  subjectName: string;
  data: Record<string, unknown>;
}

export function checkSubject(input: RecordInput): FieldError[] {
  const errors: FieldError[] = [];
  if (!(SUBJECT_TYPES as readonly string[]).includes(input.subjectType)) errors.push({ path: 'subjectType', key: 'records.errors.subjectType' });
  if (!input.subjectName.trim()) errors.push({ path: 'subjectName', key: 'errors.required' });
  const code = input.subjectCode.trim().toUpperCase();
  if (input.subjectType === '自然人') {
    if (!checkResidentId(code).ok) {
      const m = describeFormatFailure('resident-id', code, { 'zh-CN': '身份证号码', en: 'Resident ID number' });
      errors.push({ path: 'subjectCode', key: 'registers.errors.field', params: { zh: m?.['zh-CN'] ?? '身份证号码无效', en: m?.en ?? 'Invalid ID number' } });
    }
  } else if (!(input.subjectType === '个体工商户' && isUsccPlaceholder(code)) && !checkUscc(code).ok) {
    const m = describeFormatFailure('uscc', code, { 'zh-CN': '统一社会信用代码', en: 'Unified social credit code' });
    errors.push({ path: 'subjectCode', key: 'registers.errors.field', params: { zh: m?.['zh-CN'] ?? '统一社会信用代码无效', en: m?.en ?? 'Invalid code' } });
  }
  return errors;
}

async function assertCurrentVersion(db: Db, viewer: Viewer, input: RecordInput) {
  const item = await getFillableItem(db, viewer, input.catalogCode);
  if (item.version !== input.catalogVersion) {
    throw new DomainError('CONFLICT', 'records.errors.versionSuperseded', { code: input.catalogCode, version: input.catalogVersion, current: item.version });
  }
  return item;
}

function requireDepartment(viewer: Viewer): string {
  if (!viewer.departmentId) throw new DomainError('FORBIDDEN', 'records.errors.noDepartment');
  return viewer.departmentId;
}

/** Saves a draft (new or existing). Drafts may be incomplete; hidden and forged fields are still stripped. */
export async function saveRecordDraft(db: Db, actor: Actor, viewer: Viewer, input: RecordInput & { id?: string; revision?: number }) {
  const item = await assertCurrentVersion(db, viewer, input);
  const prepared = prepare(item.content.dataItems, formKey(item), input.data);
  return db.transaction(async (tx) => {
    if (input.id) {
      const existing = await getOwnRecord(tx, viewer, input.id);
      if (existing.status !== 'draft' && existing.status !== 'rejected') throw new DomainError('CONFLICT', 'records.errors.notEditable');
      const updated = await tx
        .update(record)
        .set({ subjectType: input.subjectType, subjectCode: input.subjectCode.trim().toUpperCase(), subjectName: input.subjectName.trim(), data: prepared.data, revision: sql`${record.revision} + 1`, updatedAt: new Date(), status: 'draft' })
        .where(and(eq(record.id, input.id), eq(record.revision, input.revision ?? existing.revision)))
        .returning();
      if (!updated[0]) throw new DomainError('CONFLICT', 'records.errors.staleRecord');
      await appendAudit(tx, actor, { action: 'record.save_draft', objectType: 'record', objectId: input.id, after: { catalog: `${item.code}@${item.version}`, stripped: prepared.stripped } });
      return updated[0];
    }
    const [created] = await tx
      .insert(record)
      .values({
        catalogCode: item.code,
        catalogVersion: item.version,
        departmentId: requireDepartment(viewer),
        subjectType: input.subjectType,
        subjectCode: input.subjectCode.trim().toUpperCase(),
        subjectName: input.subjectName.trim(),
        data: prepared.data,
        createdBy: actor.id!,
      })
      .returning();
    await appendAudit(tx, actor, { action: 'record.create', objectType: 'record', objectId: created!.id, after: { catalog: `${item.code}@${item.version}`, subject: created!.subjectCode } });
    return created!;
  });
}

/** Full validation with the pinned version's compiled validator, then status submitted. */
export async function submitRecord(db: Db, actor: Actor, viewer: Viewer, input: RecordInput & { id?: string; revision?: number }) {
  const item = await assertCurrentVersion(db, viewer, input);
  const prepared = prepare(item.content.dataItems, formKey(item), input.data);
  const errors = [...checkSubject(input), ...toFieldErrors(prepared.issues)];
  if (errors.length) throw new DomainError('INVALID_RECORD', 'records.errors.invalid', { count: errors.length }, errors);
  let due: string | null = null;
  let decision: string | null = null;
  if (item.content.dualPublicity && item.content.decisionDateField) {
    const v = prepared.data[item.content.decisionDateField];
    if (typeof v === 'string') {
      decision = v;
      due = await dueDate(db, v, 7);
    }
  }
  const saved = await saveRecordDraft(db, actor, viewer, input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(record)
      .set({ status: 'submitted', submittedAt: new Date(), decisionDate: decision, dueDate: due, data: prepared.data })
      .where(and(eq(record.id, saved.id), eq(record.revision, saved.revision)))
      .returning();
    if (!row) throw new DomainError('CONFLICT', 'records.errors.staleRecord');
    await appendAudit(tx, actor, { action: 'record.submit', objectType: 'record', objectId: row.id, after: { catalog: `${item.code}@${item.version}`, subject: row.subjectCode, dueDate: due } });
    // A flow bound to this catalog item (or its category) takes over the decision.
    const category = (item.content as { category?: string }).category;
    const flowInstanceId = await startBoundFlow(tx, actor, {
      trigger: 'record-submit',
      scopes: [{ type: 'catalog-item', value: item.code }, ...(category ? [{ type: 'catalog-category' as const, value: category }] : [])],
      subject: { type: SUBJECT_TYPE_OF['record-submit'], id: row.id, label: `${item.code} ${row.subjectName}` },
      data: row.data,
      meta: { catalogCode: item.code, catalogVersion: item.version, category: category ?? null, subjectType: row.subjectType },
    });
    if (!flowInstanceId) return row;
    const [bound] = await tx.update(record).set({ flowInstanceId }).where(eq(record.id, row.id)).returning();
    return bound!;
  });
}

async function getOwnRecord(db: Db, viewer: Viewer, id: string) {
  const [row] = await db.select().from(record).where(eq(record.id, id));
  if (!row) throw new DomainError('NOT_FOUND', 'records.errors.notFound');
  if (!canSee(viewer, row)) throw new DomainError('NOT_FOUND', 'records.errors.notFound');
  return row;
}

function canSee(viewer: Viewer, row: { departmentId: string }) {
  return hasAnyRole(viewer, ['admin', 'editor', 'approver', 'auditor']) || row.departmentId === viewer.departmentId;
}

/** Who sees personal data unmasked: the owning department's fillers and the approvers deciding it. */
export function mayUnmask(viewer: Viewer, row: { departmentId: string }) {
  return (viewer.roles.includes('filler') && row.departmentId === viewer.departmentId) || viewer.roles.includes('approver');
}

export function personalRules(def: FormDefinition): Record<string, MaskRule> {
  const rules: Record<string, MaskRule> = {};
  for (const [key, ui] of Object.entries(def.ui?.fields ?? {})) {
    const u = ui as { personal?: boolean; mask?: MaskRule };
    if (!u.personal) continue;
    const format = (def.schema.properties[key] as { format?: string } | undefined)?.format;
    rules[key] = u.mask ?? defaultMaskFor(format ?? 'resident-id') ?? { keepStart: 4, keepEnd: 4 };
  }
  return rules;
}

export async function getRecord(db: Db, viewer: Viewer, id: string) {
  const row = await getOwnRecord(db, viewer, id);
  const item = await getPinnedVersion(db, row.catalogCode, row.catalogVersion);
  const masked = !mayUnmask(viewer, row);
  const rules = personalRules(item.content.dataItems);
  const subjectRule = row.subjectType === '自然人' ? { keepStart: 4, keepEnd: 4 } : null;
  return {
    record: {
      ...row,
      subjectCode: masked && subjectRule ? maskRecord({ v: row.subjectCode }, { v: subjectRule }).v : row.subjectCode,
      data: masked ? maskRecord(row.data, rules) : row.data,
    },
    masked,
    form: { key: formKey(item), definition: item.content.dataItems, name: item.content.name, version: item.version },
  };
}

/**
 * `data` (a copy of record `id`'s data, e.g. kept by its approval flow) masked for `viewer` by the
 * rules of the record's pinned catalog version. A record that no longer exists masks everything
 * it can: nothing is shown that its page would hide.
 */
export async function maskedRecordData(db: Db, viewer: Viewer, id: string, data: Record<string, unknown>): Promise<{ data: Record<string, unknown>; masked: boolean }> {
  const [row] = await db.select({ departmentId: record.departmentId, catalogCode: record.catalogCode, catalogVersion: record.catalogVersion }).from(record).where(eq(record.id, id));
  if (row && mayUnmask(viewer, row)) return { data, masked: false };
  if (!row) return { data: {}, masked: true };
  const item = await getPinnedVersion(db, row.catalogCode, row.catalogVersion);
  return { data: maskRecord(data, personalRules(item.content.dataItems)), masked: true };
}

/** Explicit, audited reveal of a masked record for someone allowed to see the record at all. */
export async function revealRecord(db: Db, actor: Actor, viewer: Viewer, id: string, reason: string) {
  if (!reason.trim()) throw new DomainError('INVALID_INPUT', 'records.errors.revealReason', {}, [{ path: 'reason', key: 'records.errors.revealReason' }]);
  const row = await getOwnRecord(db, viewer, id);
  await appendAudit(db, actor, { action: 'record.reveal', objectType: 'record', objectId: id, reason, after: { subject: row.subjectCode } });
  return { subjectCode: row.subjectCode, data: row.data };
}

export interface RecordListQuery {
  status?: string;
  catalogCode?: string;
  q?: string;
  overdue?: boolean;
  page: number;
  pageSize: number;
}

export async function listRecords(db: Db, viewer: Viewer, scope: string | null, q: RecordListQuery) {
  const filters: SQL[] = [];
  if (scope) filters.push(eq(record.departmentId, scope));
  if (q.status) filters.push(eq(record.status, q.status));
  if (q.catalogCode) filters.push(eq(record.catalogCode, q.catalogCode));
  if (q.q?.trim()) filters.push(subjectSearch({ name: record.subjectName, code: record.subjectCode, type: record.subjectType }, q.q));
  const today = todayCN();
  if (q.overdue) filters.push(lt(record.dueDate, today), sql`${record.publishedAt} is null`);
  const where = filters.length ? and(...filters) : undefined;
  const [total] = await db.select({ n: count() }).from(record).where(where);
  const rows = await db
    .select({
      id: record.id,
      catalogCode: record.catalogCode,
      catalogVersion: record.catalogVersion,
      subjectType: record.subjectType,
      subjectCode: record.subjectCode,
      subjectName: record.subjectName,
      status: record.status,
      dueDate: record.dueDate,
      decisionDate: record.decisionDate,
      publishedAt: record.publishedAt,
      updatedAt: record.updatedAt,
      departmentId: record.departmentId,
      departmentNameZh: department.nameZh,
      departmentNameEn: department.nameEn,
      createdByName: user.username,
    })
    .from(record)
    .leftJoin(department, eq(department.id, record.departmentId))
    .leftJoin(user, eq(user.id, record.createdBy))
    .where(where)
    .orderBy(desc(record.updatedAt))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return {
    total: total?.n ?? 0,
    rows: rows.map((r) => ({
      ...r,
      overdue: Boolean(r.dueDate && r.dueDate < today && !r.publishedAt),
      subjectCode: r.subjectType === '自然人' && !mayUnmask(viewer, r) ? maskRecord({ v: r.subjectCode }, { v: { keepStart: 4, keepEnd: 4 } }).v : r.subjectCode,
    })),
  };
}

/** Dashboard figures: overdue 双公示 records and waiting submissions, in the viewer's scope. */
export async function recordDashboard(db: Db, scope: string | null) {
  const today = todayCN();
  const base = scope ? [eq(record.departmentId, scope)] : [];
  const [overdue] = await db.select({ n: count() }).from(record).where(and(...base, lt(record.dueDate, today), sql`${record.publishedAt} is null`));
  const [waiting] = await db.select({ n: count() }).from(record).where(and(...base, eq(record.status, 'submitted')));
  const [drafts] = await db.select({ n: count() }).from(record).where(and(...base, eq(record.status, 'draft')));
  return { overdue: overdue?.n ?? 0, waiting: waiting?.n ?? 0, drafts: drafts?.n ?? 0 };
}

type RecordDecision = { id: string; decision: 'accept' | 'reject'; comment?: string };

/** The built-in approval step for records; with a bound flow only the flow decides. */
export async function decideRecord(db: Db, actor: Actor, input: RecordDecision) {
  return db.transaction(async (tx) => {
    const row = await lockSubmitted(tx, input.id);
    if (row.flowInstanceId) throw new DomainError('CONFLICT', 'flowEngine.errors.flowDecides', { instance: row.flowInstanceId });
    if (row.createdBy === actor.id) throw new DomainError('FORBIDDEN', 'registers.errors.ownChange');
    if (input.decision === 'reject' && !input.comment?.trim()) throw new DomainError('INVALID_INPUT', 'registers.errors.rejectCommentRequired', {}, [{ path: 'comment', key: 'registers.errors.rejectCommentRequired' }]);
    return applyRecordDecision(tx, actor, input);
  });
}

async function lockSubmitted(tx: Db, id: string) {
  const [row] = await tx.select().from(record).where(eq(record.id, id)).for('update');
  if (!row) throw new DomainError('NOT_FOUND', 'records.errors.notFound');
  if (row.status !== 'submitted') throw new DomainError('CONFLICT', 'registers.errors.requestDecided', { status: row.status });
  return row;
}

/** The effect of a decision; the flow engine runs it inside its transaction when its instance ends. */
export async function applyRecordDecision(tx: Db, actor: Actor, input: RecordDecision) {
  const row = await lockSubmitted(tx, input.id);
  const now = new Date();
  const accepted = input.decision === 'accept';
  await tx
    .update(record)
    .set({ status: accepted ? 'accepted' : 'rejected', decidedBy: actor.id, decidedAt: now, reviewComment: input.comment ?? null, publishedAt: accepted ? now : null })
    .where(eq(record.id, row.id));
  await appendAudit(tx, actor, { action: accepted ? 'record.accept' : 'record.reject', objectType: 'record', objectId: row.id, reason: input.comment ?? null, after: { status: accepted ? 'accepted' : 'rejected' } });
  return { status: accepted ? 'accepted' : 'rejected' };
}

/** A withdrawn flow (撤回) puts the record back to draft so its submitter can edit and resubmit. */
export async function applyRecordWithdrawal(tx: Db, actor: Actor, id: string) {
  await lockSubmitted(tx, id);
  await tx.update(record).set({ status: 'draft', revision: sql`${record.revision} + 1`, updatedAt: new Date() }).where(eq(record.id, id));
  await appendAudit(tx, actor, { action: 'record.withdraw', objectType: 'record', objectId: id, after: { status: 'draft' } });
}
