/**
 * Department filling (DESIGN §5): a filler enters records of the catalog items their department
 * provides. A record pins the catalog-item version it was entered under; the server prepares and
 * validates it with the same compiled validator the browser used (forms/effective), strips
 * hidden and forged fields, and refuses with field errors. Submission goes through the one gate
 * (gate.ts): the bound flow, or the built-in single approval step. Four eyes: nobody who wrote a
 * revision of a record (its contributors) decides it. A record keeps the catalog item and version
 * it was created under (only an explicit re-pin moves a draft off a superseded version).
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
import { normalizeCode } from '../../forms/formats';
import { SUBJECT_TYPES, normalizeSubject, subjectCodeProblem, type Subject } from '../../forms/subject';
import { maskSubjectCodeIn } from '../subjects/mask';
import { maskRecord, defaultMaskFor, type MaskRule } from '../../forms/masking';
import type { FormDefinition } from '../../forms/definition';
import { IN_FORCE_STATUSES } from '../registers/status';
import { todayCN } from '../registers/dates';
import { dueDate } from '../calendar/service';
import { appendTo, type AuditWriter } from '../flows/adapters';
import { withIdempotency } from '../idempotency';
import { noteSubject } from '../subjects/master';
import { readCacheKeysOnce } from '../db/cache-version';
import { submitRecords } from './gate';
import { catalogInForce } from './catalog-cache';
import { subjectSearch } from './subject-search';
import { notifyOutcome } from '../notifications/service';
import { stampDisclosure } from '../disclosure/rules';

export { SUBJECT_TYPES, type SubjectType } from '../../forms/subject';

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
  const rows = await catalogInForce(db, day, () => db
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
    .orderBy(asc(entry.code)));
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

/** The record's subject as stored: code normalised as people type it (./forms/formats/normalize). */
export function subjectOf(input: Pick<RecordInput, 'subjectType' | 'subjectCode' | 'subjectName'>): Subject {
  return normalizeSubject({ type: input.subjectType, code: input.subjectCode, name: input.subjectName });
}

/** The subject's one check — the same function the fill page runs when the code field is left. */
export function checkSubject(input: RecordInput): FieldError[] {
  const errors: FieldError[] = [];
  const s = subjectOf(input);
  if (!(SUBJECT_TYPES as readonly string[]).includes(s.type)) errors.push({ path: 'subjectType', key: 'records.errors.subjectType' });
  if (!s.name) errors.push({ path: 'subjectName', key: 'errors.required' });
  const m = subjectCodeProblem(s.type, s.code);
  if (m) errors.push({ path: 'subjectCode', key: 'registers.errors.field', params: { zh: m['zh-CN'], en: m.en } });
  return errors;
}

function requireDepartment(viewer: Viewer): string {
  if (!viewer.departmentId) throw new DomainError('FORBIDDEN', 'records.errors.noDepartment');
  return viewer.departmentId;
}

export interface SaveRecordInput extends RecordInput {
  id?: string;
  revision?: number;
  /** Move a draft pinned to a superseded catalog version onto the current one (explicitly). */
  repin?: boolean;
}

type RecordRow = typeof record.$inferSelect;

/**
 * The catalog item and version a save or submit writes under. A new record takes the current
 * version the form was filled in; an existing one keeps the item and version it was created
 * under (another `catalogCode` is refused, it would swap the data under the old item), except by
 * the explicit re-pin of a draft whose version was superseded onto the current one.
 */
async function pinnedItem(db: Db, viewer: Viewer, input: SaveRecordInput, existing: RecordRow | null): Promise<{ item: CatalogVersion; repinnedFrom: number | null }> {
  if (existing && existing.catalogCode !== input.catalogCode) {
    throw new DomainError('CONFLICT', 'trustGate.errors.catalogFixed', { code: existing.catalogCode, other: input.catalogCode });
  }
  const item = await getFillableItem(db, viewer, existing?.catalogCode ?? input.catalogCode);
  const superseded = () => new DomainError('CONFLICT', 'records.errors.versionSuperseded', { code: item.code, version: existing?.catalogVersion ?? input.catalogVersion, current: item.version });
  if (!existing) {
    if (item.version !== input.catalogVersion) throw superseded();
    return { item, repinnedFrom: null };
  }
  if (existing.catalogVersion === item.version) {
    if (input.catalogVersion !== item.version) throw new DomainError('CONFLICT', 'trustGate.errors.versionFixed', { code: item.code, version: existing.catalogVersion });
    return { item, repinnedFrom: null };
  }
  if (input.repin && input.catalogVersion === item.version) return { item, repinnedFrom: existing.catalogVersion };
  throw superseded();
}

/** A draft only its own department's fillers may write (an approver role elsewhere does not widen it). */
async function editableRecord(tx: Db, viewer: Viewer, id: string): Promise<RecordRow> {
  const existing = await getOwnRecord(tx, viewer, id);
  if (existing.departmentId !== viewer.departmentId) throw new DomainError('NOT_FOUND', 'records.errors.notFound');
  if (existing.status !== 'draft' && existing.status !== 'rejected') throw new DomainError('CONFLICT', 'records.errors.notEditable');
  return existing;
}

const withContributor = (ids: readonly string[], actor: Actor) => [...new Set([...ids, ...(actor.id ? [actor.id] : [])])];
/** The subject columns of a record, normalised the one way every path does (forms/subject.ts). */
const subjectColumns = (input: RecordInput) => {
  const s = subjectOf(input);
  return { subjectType: s.type, subjectCode: s.code, subjectName: s.name };
};

/** Saves a draft (new or existing). Drafts may be incomplete; hidden and forged fields are still stripped. */
export async function saveRecordDraft(db: Db, actor: Actor, viewer: Viewer, input: SaveRecordInput) {
  return db.transaction(async (tx) => {
    const existing = input.id ? await editableRecord(tx, viewer, input.id) : null;
    const { item, repinnedFrom } = await pinnedItem(tx, viewer, input, existing);
    // Fields bound to the subject are set from the header, so even a draft never disagrees with it.
    const prepared = prepare(item.content.dataItems, formKey(item), input.data, { subject: subjectOf(input) });
    if (existing) {
      const updated = await tx
        .update(record)
        .set({ ...subjectColumns(input), catalogVersion: item.version, data: prepared.data, revision: sql`${record.revision} + 1`, updatedAt: new Date(), status: 'draft', contributorIds: withContributor(existing.contributorIds, actor) })
        .where(and(eq(record.id, existing.id), eq(record.revision, input.revision ?? existing.revision), inArray(record.status, ['draft', 'rejected'])))
        .returning();
      if (!updated[0]) throw new DomainError('CONFLICT', 'records.errors.staleRecord');
      await appendAudit(tx, actor, { action: 'record.save_draft', objectType: 'record', objectId: existing.id, after: { catalog: `${item.code}@${item.version}`, repinnedFrom, stripped: prepared.stripped } });
      return updated[0];
    }
    const [created] = await tx
      .insert(record)
      .values({ catalogCode: item.code, catalogVersion: item.version, departmentId: requireDepartment(viewer), ...subjectColumns(input), data: prepared.data, createdBy: actor.id!, contributorIds: withContributor([], actor) })
      .returning();
    await appendAudit(tx, actor, { action: 'record.create', objectType: 'record', objectId: created!.id, after: { catalog: `${item.code}@${item.version}`, subject: created!.subjectCode } });
    return created!;
  });
}

/**
 * Full validation with the pinned version's compiled validator, then the gate (gate.ts): the
 * record becomes submitted and the bound flow starts, or the built-in step opens. ONE
 * transaction with ONE audit row, whether the record is new or a saved draft; with an
 * idempotency key a retry returns the first result and writes nothing new.
 */
export async function submitRecord(db: Db, actor: Actor, viewer: Viewer, input: SaveRecordInput & { idempotencyKey?: string }, onReplay?: (first: typeof record.$inferSelect) => Promise<void>) {
  const { idempotencyKey, ...request } = input;
  return withIdempotency(
    db,
    actor,
    'record.submit',
    idempotencyKey,
    request,
    async (tx) => {
      const { row, audit } = await submitRecordIn(tx, actor, viewer, request);
      await appendAudit(tx, actor, { action: 'record.submit', objectType: 'record', objectId: row.id, after: audit });
      return row;
    },
    onReplay,
  );
}

/**
 * The body of a record submission inside the caller's transaction, without its audit row: the
 * caller's one user action (a submit, a commitment signed or checked) writes it with `audit`.
 */
export async function submitRecordIn(tx: Db, actor: Actor, viewer: Viewer, request: SaveRecordInput) {
  // A submit changes no cached definition: one read of every cache's version serves the whole transaction.
  readCacheKeysOnce(tx);
  const existing = request.id ? await editableRecord(tx, viewer, request.id) : null;
  const { item, repinnedFrom } = await pinnedItem(tx, viewer, request, existing);
  const prepared = prepare(item.content.dataItems, formKey(item), request.data, { subject: subjectOf(request) });
  const errors = [...checkSubject(request), ...toFieldErrors(prepared.issues)];
  if (errors.length) throw new DomainError('INVALID_RECORD', 'records.errors.invalid', { count: errors.length }, errors);
  let dueDateOf: string | null = null;
  let decisionDate: string | null = null;
  if (item.content.dualPublicity && item.content.decisionDateField) {
    const v = prepared.data[item.content.decisionDateField];
    if (typeof v === 'string') {
      decisionDate = v;
      dueDateOf = await dueDate(tx, v, 7);
    }
  }
  const category = (item.content as { category?: string }).category ?? null;
  const outcome = await submitRecords(tx, actor, {
    departmentId: existing?.departmentId ?? requireDepartment(viewer),
    item: { code: item.code, version: item.version, category },
    rows: [{ existing: existing ? { id: existing.id, revision: request.revision ?? existing.revision } : undefined, ...subjectColumns(request), data: prepared.data, decisionDate, dueDate: dueDateOf, contributors: withContributor(existing?.contributorIds ?? [], actor) }],
  });
  const [row] = await tx.select().from(record).where(eq(record.id, outcome.ids[0]!));
  return {
    row: row!,
    audit: {
      catalog: `${item.code}@${item.version}`,
      subject: row!.subjectCode,
      dueDate: dueDateOf,
      created: !existing,
      repinnedFrom,
      stripped: prepared.stripped,
      flow: outcome.fold.instances[0] ?? null,
      effects: outcome.fold.effects,
    },
  };
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
  const contributors = row.contributorIds.length ? await db.select({ id: user.id, name: user.name }).from(user).where(inArray(user.id, row.contributorIds)) : [];
  return {
    /** 参与编辑人: who wrote a revision of it (they may not decide it), in the order they joined. */
    contributors: row.contributorIds.flatMap((id) => contributors.filter((c) => c.id === id)),
    record: {
      ...row,
      subjectCode: masked && subjectRule ? maskRecord({ v: row.subjectCode }, { v: subjectRule }).v : row.subjectCode,
      data: masked ? maskSubjectCodeIn(maskRecord(row.data, rules), row.subjectType, row.subjectCode) : row.data,
    },
    // Only when something was actually hidden: no "masked" notice over a record without personal data.
    masked: masked && (subjectRule !== null || Object.keys(rules).some((k) => row.data[k] !== undefined && row.data[k] !== null && row.data[k] !== '')),
    form: { key: formKey(item), definition: item.content.dataItems, name: item.content.name, version: item.version },
  };
}

/**
 * `data` (a copy of record `id`'s data, e.g. kept by its approval flow) masked for `viewer` by the
 * rules of the record's pinned catalog version. A record that no longer exists masks everything
 * it can: nothing is shown that its page would hide.
 */
export async function maskedRecordData(db: Db, viewer: Viewer, id: string, data: Record<string, unknown>): Promise<{ data: Record<string, unknown>; masked: boolean }> {
  const [row] = await db.select({ departmentId: record.departmentId, catalogCode: record.catalogCode, catalogVersion: record.catalogVersion, subjectType: record.subjectType, subjectCode: record.subjectCode }).from(record).where(eq(record.id, id));
  if (row && mayUnmask(viewer, row)) return { data, masked: false };
  if (!row) return { data: {}, masked: true };
  const item = await getPinnedVersion(db, row.catalogCode, row.catalogVersion);
  return { data: maskSubjectCodeIn(maskRecord(data, personalRules(item.content.dataItems)), row.subjectType, row.subjectCode), masked: true };
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
    if (actor.id && row.contributorIds.includes(actor.id)) throw new DomainError('FORBIDDEN', 'trustGate.errors.contributorDecides');
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
export async function applyRecordDecision(tx: Db, actor: Actor, input: RecordDecision, audit: AuditWriter = appendTo(tx, actor)) {
  const row = await lockSubmitted(tx, input.id);
  const now = new Date();
  const accepted = input.decision === 'accept';
  await tx
    .update(record)
    .set({ status: accepted ? 'accepted' : 'rejected', decidedBy: actor.id, decidedAt: now, reviewComment: input.comment ?? null, publishedAt: accepted ? now : null })
    .where(eq(record.id, row.id));
  // An accepted record is judged by the disclosure rule in force on its decision date (class, 公示截止日, 可申请修复日).
  const disclosure = accepted ? await stampDisclosure(tx, row.id) : null;
  await audit({ action: accepted ? 'record.accept' : 'record.reject', objectType: 'record', objectId: row.id, reason: input.comment ?? null, after: { status: accepted ? 'accepted' : 'rejected', ...(disclosure ? { disclosure: { severity: disclosure.severity, published: disclosure.published, publicUntil: disclosure.publicUntil, repairableFrom: disclosure.repairableFrom } } : {}) } });
  // Subjects as master data (issue 16): an accepted record tells the subject's name on that day.
  if (accepted) await noteSubject(tx, { code: row.subjectCode, type: row.subjectType, name: row.subjectName, day: todayCN(now) });
  // The filler who wrote it is told (in-app; e-mail/SMS when switched on).
  await notifyOutcome(tx, { userIds: [row.createdBy, ...row.contributorIds], subjectType: 'record', subjectId: row.id, outcome: accepted ? 'accepted' : 'rejected', actor, comment: input.comment ?? null });
  return { status: accepted ? 'accepted' : 'rejected' };
}

/** A withdrawn flow (撤回) puts the record back to draft so its submitter can edit and resubmit. */
export async function applyRecordWithdrawal(tx: Db, actor: Actor, id: string, audit: AuditWriter = appendTo(tx, actor)) {
  await lockSubmitted(tx, id);
  await tx.update(record).set({ status: 'draft', revision: sql`${record.revision} + 1`, updatedAt: new Date() }).where(eq(record.id, id));
  await audit({ action: 'record.withdraw', objectType: 'record', objectId: id, after: { status: 'draft' } });
}
