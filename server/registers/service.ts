/**
 * The one lifecycle of every governed entry (DESIGN §3):
 *   draft ─submit→ in_review ─approve→ published (valid_from) → superseded / retired
 * Published versions are immutable; a change is a new draft based on one. Saves carry the
 * revision they read (optimistic concurrency → CONFLICT with both versions). Publishing and
 * retiring go through a change request opened by the one gate (gate.ts): the flow bound to the
 * kind decides, or else an approver in one built-in step (`decideChangeRequest`) — never the
 * requester nor anyone who wrote a revision of the version (its contributors, kept on the
 * version). Every mutation writes one audit row (objectType 'register-entry', objectId
 * '<kind>/<code>') in its transaction; submits take an idempotency key (a retry or a double
 * click returns the first result).
 */
import { and, asc, count, desc, eq, gt, ilike, inArray, isNull, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../db';
import { changeRequest, edition, editionItem, entry, entryReference, entryVersion, user } from '../db/schema';
import { appendAudit, type Actor } from '../audit/append';
import { DomainError, type FieldError } from '../errors';
import { validateWith, type FieldIssue } from '../../forms/ajv';
import { normalizeCodesBySchema } from '../../forms/formats/normalize';
import { kindDefinitionProblems, referencesOf, titleOf } from '../../catalog/kind-definition';
import { formDefinitionProblems } from '../../forms/definition';
import { hasSemanticValidator, semanticIssues } from '../../catalog/kinds/semantic';
import { semanticContextFor } from './semantic-context';
import { META_KIND_CODE } from '../../catalog/kinds';
import type { KindDefinition } from '../../catalog/types';
import { codeRuleOf, getKind, validatorKey, type LoadedKind } from './kinds';
import { isIsoDate, todayCN } from './dates';
import { IN_FORCE_STATUSES } from './status';
import { appendTo, type AuditWriter } from '../flows/adapters';
import { withIdempotency } from '../idempotency';
import { changeContributors, openChangeRequest } from './gate';
import { notifyOutcome } from '../notifications/service';

export type Content = Record<string, unknown>;
export { IN_FORCE_STATUSES };

export function objectIdOf(kindCode: string, code: string) {
  return `${kindCode}/${code}`;
}

// ---------- validation ----------

/** Field errors as DomainError field errors; messages are already localized by Ajv/x-messages. */
function toFieldErrors(issues: FieldIssue[]): FieldError[] {
  return issues.map((i) => ({ path: i.path, key: 'registers.errors.field', params: { zh: i.message['zh-CN'], en: i.message.en } }));
}

/** Content as stored: codes (fields with format uscc / resident-id) normalised as people type them. */
export function normalizeContent(kind: LoadedKind, content: Content): Content {
  return normalizeCodesBySchema(kind.schema, content) as Content;
}

export function validateContent(kind: LoadedKind, content: Content): FieldIssue[] {
  const issues = validateWith(validatorKey(kind), kind.schema, content);
  // Data items (form definitions) must be usable forms: schema compiles, conditions point at fields…
  for (const [field, ui] of Object.entries(kind.ui.fields)) {
    const def = content[field];
    if (ui.widget !== 'form-definition' || !def || typeof def !== 'object') continue;
    for (const p of formDefinitionProblems(def as never)) issues.push({ path: `${field}.${p.path}`.replace(/\.$/, ''), keyword: 'definition', message: p.message });
  }
  if (kind.code === META_KIND_CODE && issues.length === 0) {
    for (const p of kindDefinitionProblems(content as unknown as Omit<KindDefinition, 'code'>)) {
      issues.push({ path: p.path, keyword: 'definition', message: p.message });
    }
  }
  return issues;
}

function assertValid(kind: LoadedKind, content: Content, issues = validateContent(kind, content)) {
  if (issues.length) {
    const first = issues[0]!;
    throw new DomainError('INVALID_RECORD', 'registers.errors.invalidContent', { count: issues.length, zh: first.message['zh-CN'], en: first.message.en }, toFieldErrors(issues));
  }
}

/** Kind-specific semantic checks (catalog/kinds/semantic.ts), e.g. a flow graph's problems: at submit, not at save. */
async function assertSemantics(db: Db, kind: LoadedKind, content: Content, code: string) {
  if (!hasSemanticValidator(kind.code)) return;
  assertValid(kind, content, semanticIssues(kind.code, content, await semanticContextFor(db, kind.code, content, code)));
}

function assertCode(kind: LoadedKind, code: string) {
  const pattern = codeRuleOf(kind);
  if (!pattern.test(code)) {
    throw new DomainError('INVALID_INPUT', 'registers.errors.codePattern', { code, pattern: pattern.source }, [
      { path: 'code', key: 'registers.errors.codePattern', params: { code, pattern: pattern.source } },
    ]);
  }
}

// ---------- reads ----------

type VersionRow = typeof entryVersion.$inferSelect;

export interface EntryListQuery {
  kindCode: string;
  /** YYYY-MM-DD: the versions in force that day. Without it: the working view (latest version of each entry). */
  asOf?: string;
  q?: string;
  status?: string;
  page: number;
  pageSize: number;
  /** false: only published versions are visible (access.ts#mayReadDrafts) */
  drafts: boolean;
}

export async function listEntries(db: Db, query: EntryListQuery) {
  const kind = await getKind(db, query.kindCode);
  const filters: SQL[] = [eq(entryVersion.kindCode, query.kindCode)];
  if (query.asOf) {
    if (!isIsoDate(query.asOf)) throw new DomainError('INVALID_INPUT', 'registers.errors.badDate', { value: query.asOf });
    filters.push(inArray(entryVersion.status, [...IN_FORCE_STATUSES]), lte(entryVersion.validFrom, query.asOf), or(isNull(entryVersion.validTo), gt(entryVersion.validTo, query.asOf))!);
  } else {
    filters.push(
      query.drafts
        ? eq(entryVersion.version, sql`(select max(v2.version) from entry_version v2 where v2.entry_id = ${entryVersion.entryId})`)
        : eq(entryVersion.version, sql`(select max(v2.version) from entry_version v2 where v2.entry_id = ${entryVersion.entryId} and v2.status in ('published', 'superseded', 'retired'))`),
    );
    if (query.status) filters.push(eq(entryVersion.status, query.status));
  }
  if (query.q) {
    const like = `%${query.q.replace(/[%_\\]/g, '\\$&')}%`;
    filters.push(or(ilike(entry.code, like), ilike(sql`${entryVersion.content}->>${kind.ui.titleField}`, like))!);
  }
  const where = and(...filters);
  const [total] = await db.select({ n: count() }).from(entryVersion).innerJoin(entry, eq(entry.id, entryVersion.entryId)).where(where);
  const rows = await db
    .select({
      entryId: entry.id,
      code: entry.code,
      versionId: entryVersion.id,
      version: entryVersion.version,
      status: entryVersion.status,
      content: entryVersion.content,
      validFrom: entryVersion.validFrom,
      validTo: entryVersion.validTo,
      updatedAt: entryVersion.updatedAt,
    })
    .from(entryVersion)
    .innerJoin(entry, eq(entry.id, entryVersion.entryId))
    .where(where)
    .orderBy(asc(entry.code))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  return { kind, total: total?.n ?? 0, rows };
}

/** All versions of the entries of a register in force on `asOf` (for diffs, exports, editions). */
export async function snapshot(db: Db, kindCode: string, asOf: string) {
  return db
    .select({ code: entry.code, versionId: entryVersion.id, version: entryVersion.version, content: entryVersion.content })
    .from(entryVersion)
    .innerJoin(entry, eq(entry.id, entryVersion.entryId))
    .where(and(eq(entryVersion.kindCode, kindCode), inArray(entryVersion.status, [...IN_FORCE_STATUSES]), lte(entryVersion.validFrom, asOf), or(isNull(entryVersion.validTo), gt(entryVersion.validTo, asOf))))
    .orderBy(asc(entry.code));
}

async function getEntryRow(db: Db, kindCode: string, code: string) {
  const [row] = await db.select().from(entry).where(and(eq(entry.kindCode, kindCode), eq(entry.code, code)));
  if (!row) throw new DomainError('NOT_FOUND', 'registers.errors.entryNotFound', { kind: kindCode, code });
  return row;
}

export interface EntryReadOptions {
  asOf?: string;
  /** false: only published versions and no change requests (access.ts#mayReadDrafts) */
  drafts: boolean;
}

export async function getEntry(db: Db, kindCode: string, code: string, opts: EntryReadOptions) {
  const kind = await getKind(db, kindCode);
  const e = await getEntryRow(db, kindCode, code);
  const all = await db
    .select({
      id: entryVersion.id,
      version: entryVersion.version,
      status: entryVersion.status,
      content: entryVersion.content,
      baseVersion: entryVersion.baseVersion,
      revision: entryVersion.revision,
      validFrom: entryVersion.validFrom,
      validTo: entryVersion.validTo,
      authorId: entryVersion.authorId,
      authorName: user.name,
      createdAt: entryVersion.createdAt,
      updatedAt: entryVersion.updatedAt,
      publishedAt: entryVersion.publishedAt,
      changeNote: entryVersion.changeNote,
      contributorIds: entryVersion.contributorIds,
    })
    .from(entryVersion)
    .leftJoin(user, eq(user.id, entryVersion.authorId))
    .where(eq(entryVersion.entryId, e.id))
    .orderBy(desc(entryVersion.version));
  const rows = opts.drafts ? all : all.filter((v) => (IN_FORCE_STATUSES as readonly string[]).includes(v.status));
  // Nothing published yet: to a reader without the right to drafts, the entry does not exist.
  if (rows.length === 0) throw new DomainError('NOT_FOUND', 'registers.errors.entryNotFound', { kind: kindCode, code });
  // 参与编辑人 of each version, by name (they may not decide its change request).
  const ids = [...new Set(rows.flatMap((v) => v.contributorIds))];
  const names = new Map((ids.length ? await db.select({ id: user.id, name: user.name }).from(user).where(inArray(user.id, ids)) : []).map((u) => [u.id, u.name]));
  const versions = rows.map((v) => ({ ...v, contributors: v.contributorIds.flatMap((id) => (names.has(id) ? [{ id, name: names.get(id)! }] : [])) }));
  const requests = opts.drafts ? await db.select().from(changeRequest).where(eq(changeRequest.entryId, e.id)).orderBy(desc(changeRequest.requestedAt)) : [];
  const day = opts.asOf ?? todayCN();
  const inForce = versions.find((v) => (IN_FORCE_STATUSES as readonly string[]).includes(v.status) && v.validFrom !== null && v.validFrom <= day && (v.validTo === null || v.validTo > day)) ?? null;
  return { kind, entry: e, versions, requests, inForce };
}

async function getVersion(db: Db, versionId: string): Promise<VersionRow> {
  const [v] = await db.select().from(entryVersion).where(eq(entryVersion.id, versionId));
  if (!v) throw new DomainError('NOT_FOUND', 'registers.errors.versionNotFound');
  return v;
}

// ---------- drafts ----------

async function writeReferences(db: Db, kind: LoadedKind, versionId: string, content: Content) {
  await db.delete(entryReference).where(eq(entryReference.fromVersionId, versionId));
  const refs = referencesOf(kind, content).filter((r) => r.kind && r.code);
  const unique = new Map(refs.map((r) => [`${r.field}|${r.kind}|${r.code}`, r]));
  if (unique.size) {
    await db.insert(entryReference).values([...unique.values()].map((r) => ({ fromVersionId: versionId, field: r.field, toKind: r.kind, toCode: r.code, toVersion: r.version })));
  }
}

export async function createEntry(db: Db, actor: Actor, given: { kindCode: string; code: string; content: Content; changeNote?: string }) {
  const kind = await getKind(db, given.kindCode);
  const input = { ...given, content: normalizeContent(kind, given.content) };
  const code = input.code.trim();
  assertCode(kind, code);
  assertValid(kind, input.content);
  return db.transaction(async (tx) => {
    const [dup] = await tx.select({ id: entry.id }).from(entry).where(and(eq(entry.kindCode, kind.code), eq(entry.code, code)));
    if (dup) throw new DomainError('CONFLICT', 'registers.errors.codeTaken', { code }, [{ path: 'code', key: 'registers.errors.codeTaken', params: { code } }]);
    const [e] = await tx.insert(entry).values({ kindCode: kind.code, code, createdBy: actor.id }).returning();
    const [v] = await tx
      .insert(entryVersion)
      .values({ entryId: e!.id, kindCode: kind.code, version: 1, status: 'draft', content: input.content, authorId: actor.id, changeNote: input.changeNote ?? null, contributorIds: actor.id ? [actor.id] : [] })
      .returning();
    await writeReferences(tx, kind, v!.id, input.content);
    await appendAudit(tx, actor, { action: 'entry.create', objectType: 'register-entry', objectId: objectIdOf(kind.code, code), after: { version: 1, content: input.content } });
    return { entryId: e!.id, versionId: v!.id, version: 1, revision: v!.revision };
  });
}

/**
 * Starts a new draft based on the latest published version; refuses while another draft or review
 * is open. With `content`, the draft starts with the editor's first change already in it (one
 * action, one audit row): editors that show the published version open no draft until the user
 * first changes something (a draft made at view time would be an audited 新建草稿 nobody asked for).
 */
export async function startDraft(db: Db, actor: Actor, input: { kindCode: string; code: string; content?: Content; changeNote?: string }) {
  const kind = input.content ? await getKind(db, input.kindCode) : null;
  if (kind && input.content) assertValid(kind, input.content);
  return db.transaction(async (tx) => {
    const e = await getEntryRow(tx, input.kindCode, input.code);
    const versions = await tx.select().from(entryVersion).where(eq(entryVersion.entryId, e.id)).orderBy(desc(entryVersion.version)).for('update');
    const open = versions.find((v) => v.status === 'draft' || v.status === 'in_review' || v.status === 'rejected');
    if (open) throw new DomainError('CONFLICT', 'registers.errors.openDraftExists', { version: open.version });
    const base = versions.find((v) => v.status === 'published' || v.status === 'superseded' || v.status === 'retired');
    if (!base) throw new DomainError('CONFLICT', 'registers.errors.nothingPublished');
    const next = (versions[0]?.version ?? 0) + 1;
    const content = input.content ?? base.content;
    const [v] = await tx
      .insert(entryVersion)
      .values({ entryId: e.id, kindCode: e.kindCode, version: next, status: 'draft', content, baseVersion: base.version, authorId: actor.id, changeNote: input.changeNote ?? null, contributorIds: actor.id ? [actor.id] : [] })
      .returning();
    if (kind) await writeReferences(tx, kind, v!.id, content);
    await appendAudit(tx, actor, {
      action: 'entry.start_draft',
      objectType: 'register-entry',
      objectId: objectIdOf(e.kindCode, e.code),
      ...(input.content ? { before: { version: base.version, content: base.content }, after: { version: next, baseVersion: base.version, content } } : { after: { version: next, baseVersion: base.version } }),
    });
    return { versionId: v!.id, version: next, revision: v!.revision };
  });
}

/** The version's contributors plus `actor` (four eyes: whoever wrote a revision may not decide it). */
export function addContributor(actor: Actor): SQL {
  if (!actor.id) return sql`${entryVersion.contributorIds}`;
  return sql`case when ${actor.id}::uuid = any(${entryVersion.contributorIds}) then ${entryVersion.contributorIds} else array_append(${entryVersion.contributorIds}, ${actor.id}::uuid) end`;
}

export interface SaveDraftInput {
  versionId: string;
  /** the revision the editor read; a newer one in the database is a CONFLICT */
  revision: number;
  content: Content;
  changeNote?: string;
}

export async function saveDraft(db: Db, actor: Actor, given: SaveDraftInput) {
  const current = await getVersion(db, given.versionId);
  const kind = await getKind(db, current.kindCode);
  const input = { ...given, content: normalizeContent(kind, given.content) };
  if (current.status !== 'draft' && current.status !== 'rejected') throw new DomainError('CONFLICT', 'registers.errors.notEditable', { status: current.status });
  assertValid(kind, input.content);
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(entryVersion)
      .set({ content: input.content, revision: sql`${entryVersion.revision} + 1`, updatedAt: new Date(), changeNote: input.changeNote ?? current.changeNote, status: 'draft', contributorIds: addContributor(actor) })
      .where(and(eq(entryVersion.id, input.versionId), eq(entryVersion.revision, input.revision), inArray(entryVersion.status, ['draft', 'rejected'])))
      .returning();
    const saved = updated[0];
    if (!saved) {
      const theirs = await getVersion(tx, input.versionId);
      throw new StaleDraftError(theirs);
    }
    const [e] = await tx.select().from(entry).where(eq(entry.id, saved.entryId));
    await writeReferences(tx, kind, saved.id, input.content);
    await appendAudit(tx, actor, {
      action: 'entry.save_draft',
      objectType: 'register-entry',
      objectId: objectIdOf(saved.kindCode, e!.code),
      before: { version: saved.version, revision: input.revision, content: current.content },
      after: { version: saved.version, revision: saved.revision, content: input.content },
    });
    return { versionId: saved.id, version: saved.version, revision: saved.revision };
  });
}

/** CONFLICT that carries the version now in the database, so the UI can show both. */
export class StaleDraftError extends DomainError {
  readonly current: { revision: number; content: Content; updatedAt: Date; status: string };
  constructor(theirs: VersionRow) {
    super('CONFLICT', 'registers.errors.staleDraft', { revision: theirs.revision });
    this.current = { revision: theirs.revision, content: theirs.content, updatedAt: theirs.updatedAt, status: theirs.status };
  }
}

// ---------- impact ----------

/**
 * How many entries of a kind hold a value for each of `fields` in their latest version (a draft
 * included, retired entries not): what removing a field from the kind would take out of them.
 */
export async function fieldUsage(db: Db, kindCode: string, fields: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = Object.fromEntries(fields.map((f) => [f, 0]));
  if (!fields.length) return out;
  const rows = rowsOf<{ field: string; n: number | string }>(
    await db.execute(sql`
      select f.field, count(*) as n
      from (select distinct on (entry_id) content, status from entry_version where kind_code = ${kindCode} order by entry_id, version desc) v
      cross join jsonb_array_elements_text(${JSON.stringify(fields)}::jsonb) as f(field)
      where v.status <> 'retired' and v.content ? f.field and v.content -> f.field not in ('null'::jsonb, '""'::jsonb, '[]'::jsonb)
      group by f.field`),
  );
  for (const r of rows) out[r.field] = Number(r.n);
  return out;
}

/** Entries whose current versions reference (kind, code): what a change or retirement affects. */
export async function impactOf(db: Db, kindCode: string, code: string, opts: { drafts: boolean }) {
  return db
    .selectDistinct({ kindCode: entry.kindCode, code: entry.code, version: entryVersion.version, status: entryVersion.status, field: entryReference.field, pinnedVersion: entryReference.toVersion })
    .from(entryReference)
    .innerJoin(entryVersion, eq(entryVersion.id, entryReference.fromVersionId))
    .innerJoin(entry, eq(entry.id, entryVersion.entryId))
    .where(
      and(
        eq(entryReference.toKind, kindCode),
        eq(entryReference.toCode, code),
        inArray(entryVersion.status, opts.drafts ? ['draft', 'in_review', 'published'] : ['published']),
        // only versions still in force or being worked on
        or(isNull(entryVersion.validTo), gt(entryVersion.validTo, todayCN()))!,
      ),
    )
    .orderBy(entry.kindCode, entry.code);
}

// ---------- change requests ----------

export interface SubmitInput {
  versionId: string;
  revision: number;
  effectiveDate: string;
  reason?: string;
}

export async function submitForApproval(db: Db, actor: Actor, input: SubmitInput & { idempotencyKey?: string }) {
  const { idempotencyKey, ...request } = input;
  if (!isIsoDate(request.effectiveDate)) throw new DomainError('INVALID_INPUT', 'registers.errors.badDate', { value: request.effectiveDate }, [{ path: 'effectiveDate', key: 'registers.errors.badDate', params: { value: request.effectiveDate } }]);
  return withIdempotency(db, actor, 'register.submit', idempotencyKey, request, async (tx) => {
    const v = await getVersion(tx, request.versionId);
    const kind = await getKind(tx, v.kindCode);
    if (v.status !== 'draft' && v.status !== 'rejected') throw new DomainError('CONFLICT', 'registers.errors.notEditable', { status: v.status });
    if (v.revision !== request.revision) throw new StaleDraftError(v);
    assertValid(kind, v.content);
    const [e] = await tx.select().from(entry).where(eq(entry.id, v.entryId));
    await assertSemantics(tx, kind, v.content, e!.code);
    if (v.version > 1) {
      const impact = await impactOf(tx, v.kindCode, e!.code, { drafts: true });
      const others = impact.filter((i) => !(i.kindCode === v.kindCode && i.code === e!.code));
      if (others.length > 0 && !request.reason?.trim()) {
        throw new DomainError('INVALID_INPUT', 'registers.errors.reasonRequired', { count: others.length }, [{ path: 'reason', key: 'registers.errors.reasonRequired', params: { count: others.length } }]);
      }
    }
    const updated = await tx
      .update(entryVersion)
      .set({ status: 'in_review', updatedAt: new Date() })
      .where(and(eq(entryVersion.id, v.id), eq(entryVersion.revision, request.revision), inArray(entryVersion.status, ['draft', 'rejected'])))
      .returning({ id: entryVersion.id });
    if (!updated.length) throw new StaleDraftError(await getVersion(tx, v.id));
    const { changeRequest: cr, fold } = await openChangeRequest(tx, actor, { version: v, entryCode: e!.code, action: 'publish', effectiveDate: request.effectiveDate, reason: request.reason?.trim() || null });
    await appendAudit(tx, actor, {
      action: 'entry.submit',
      objectType: 'register-entry',
      objectId: objectIdOf(v.kindCode, e!.code),
      after: { version: v.version, effectiveDate: request.effectiveDate, changeRequest: cr.id, flow: fold.instances[0] ?? null, effects: fold.effects },
      reason: request.reason ?? null,
    });
    return cr;
  });
}

export async function requestRetirement(db: Db, actor: Actor, input: { kindCode: string; code: string; effectiveDate: string; reason: string; idempotencyKey?: string }) {
  const { idempotencyKey, ...request } = input;
  if (!isIsoDate(request.effectiveDate)) throw new DomainError('INVALID_INPUT', 'registers.errors.badDate', { value: request.effectiveDate });
  if (!request.reason.trim()) throw new DomainError('INVALID_INPUT', 'registers.errors.retireReasonRequired', {}, [{ path: 'reason', key: 'registers.errors.retireReasonRequired' }]);
  return withIdempotency(db, actor, 'register.requestRetire', idempotencyKey, request, async (tx) => {
    const e = await getEntryRow(tx, request.kindCode, request.code);
    const versions = await tx.select().from(entryVersion).where(eq(entryVersion.entryId, e.id)).orderBy(desc(entryVersion.version)).for('update');
    const published = versions.find((v) => v.status === 'published');
    if (!published) throw new DomainError('CONFLICT', 'registers.errors.nothingToRetire');
    const [open] = await tx.select({ id: changeRequest.id }).from(changeRequest).where(and(eq(changeRequest.entryId, e.id), eq(changeRequest.status, 'open')));
    if (open) throw new DomainError('CONFLICT', 'registers.errors.requestOpen');
    const { changeRequest: cr, fold } = await openChangeRequest(tx, actor, { version: published, entryCode: e.code, action: 'retire', effectiveDate: request.effectiveDate, reason: request.reason.trim() });
    await appendAudit(tx, actor, {
      action: 'entry.request_retire',
      objectType: 'register-entry',
      objectId: objectIdOf(e.kindCode, e.code),
      after: { version: published.version, effectiveDate: request.effectiveDate, changeRequest: cr.id, flow: fold.instances[0] ?? null, effects: fold.effects },
      reason: request.reason,
    });
    return cr;
  });
}

export async function listOpenRequests(db: Db) {
  return db
    .select({
      id: changeRequest.id,
      kindCode: changeRequest.kindCode,
      code: entry.code,
      action: changeRequest.action,
      version: entryVersion.version,
      baseVersion: entryVersion.baseVersion,
      content: entryVersion.content,
      effectiveDate: changeRequest.effectiveDate,
      reason: changeRequest.reason,
      requestedAt: changeRequest.requestedAt,
      requestedBy: changeRequest.requestedBy,
      requesterName: user.name,
    })
    .from(changeRequest)
    .innerJoin(entry, eq(entry.id, changeRequest.entryId))
    .innerJoin(entryVersion, eq(entryVersion.id, changeRequest.versionId))
    .leftJoin(user, eq(user.id, changeRequest.requestedBy))
    .where(eq(changeRequest.status, 'open'))
    .orderBy(asc(changeRequest.requestedAt));
}

/**
 * The built-in single-step decision: an approver who is not the author decides. When a flow is
 * bound to the register (server/flows) the request carries its instance and only the flow decides.
 */
export async function decideChangeRequest(db: Db, actor: Actor, input: DecisionInput) {
  return db.transaction(async (tx) => {
    const cr = await lockOpenRequest(tx, input.id);
    // A bound approval flow decides this request; its instance calls applyChangeRequestDecision.
    if (cr.flowInstanceId) throw new DomainError('CONFLICT', 'flowEngine.errors.flowDecides', { instance: cr.flowInstanceId });
    const v = await getVersion(tx, cr.versionId);
    if (cr.requestedBy === actor.id || (cr.action === 'publish' && v.authorId === actor.id)) throw new DomainError('FORBIDDEN', 'registers.errors.ownChange');
    if (cr.action === 'publish' && actor.id && changeContributors(v).includes(actor.id)) throw new DomainError('FORBIDDEN', 'trustGate.errors.contributorDecides');
    if (input.decision === 'reject' && !input.comment?.trim()) throw new DomainError('INVALID_INPUT', 'registers.errors.rejectCommentRequired', {}, [{ path: 'comment', key: 'registers.errors.rejectCommentRequired' }]);
    return applyDecision(tx, actor, cr, v, input);
  });
}

type DecisionInput = { id: string; decision: 'approve' | 'reject'; comment?: string };

async function lockOpenRequest(tx: Db, id: string) {
  const [cr] = await tx.select().from(changeRequest).where(eq(changeRequest.id, id)).for('update');
  if (!cr) throw new DomainError('NOT_FOUND', 'registers.errors.requestNotFound');
  if (cr.status !== 'open') throw new DomainError('CONFLICT', 'registers.errors.requestDecided', { status: cr.status });
  return cr;
}

/** The effect of a decision, run by the flow engine inside its transaction when its instance ends. */
export async function applyChangeRequestDecision(tx: Db, actor: Actor, input: DecisionInput, audit: AuditWriter = appendTo(tx, actor)) {
  const cr = await lockOpenRequest(tx, input.id);
  return applyDecision(tx, actor, cr, await getVersion(tx, cr.versionId), input, audit);
}

async function applyDecision(tx: Db, actor: Actor, cr: typeof changeRequest.$inferSelect, v: VersionRow, input: DecisionInput, audit: AuditWriter = appendTo(tx, actor)) {
  const [e] = await tx.select().from(entry).where(eq(entry.id, cr.entryId));
  const objectId = objectIdOf(cr.kindCode, e!.code);
  const now = new Date();
  await tx.update(changeRequest).set({ status: input.decision === 'approve' ? 'approved' : 'rejected', decidedBy: actor.id, decidedAt: now, decisionComment: input.comment ?? null }).where(eq(changeRequest.id, cr.id));
  // The editor who asked (and the version's author) is told the outcome.
  await notifyOutcome(tx, { userIds: [cr.requestedBy, v.authorId], subjectType: 'change-request', subjectId: cr.id, outcome: input.decision === 'approve' ? 'approved' : 'rejected', actor, comment: input.comment ?? null });
  if (input.decision === 'reject') {
    if (cr.action === 'publish') await tx.update(entryVersion).set({ status: 'rejected', updatedAt: now }).where(eq(entryVersion.id, v.id));
    await audit({ action: 'change_request.reject', objectType: 'register-entry', objectId, after: { changeRequest: cr.id, action: cr.action, version: v.version }, reason: input.comment ?? null });
    return { status: 'rejected' as const };
  }
  if (cr.action === 'publish') {
    // The version in force until now ends the day the new one starts.
    const previous = await tx
      .select()
      .from(entryVersion)
      .where(and(eq(entryVersion.entryId, v.entryId), eq(entryVersion.status, 'published'), ne(entryVersion.id, v.id)));
    for (const p of previous) {
      const validTo = p.validTo && p.validTo < cr.effectiveDate ? p.validTo : cr.effectiveDate;
      await tx.update(entryVersion).set({ status: 'superseded', validTo }).where(eq(entryVersion.id, p.id));
    }
    await tx.update(entryVersion).set({ status: 'published', validFrom: cr.effectiveDate, validTo: null, publishedAt: now, publishedBy: actor.id }).where(eq(entryVersion.id, v.id));
    await audit({
      action: 'entry.publish',
      objectType: 'register-entry',
      objectId,
      before: previous[0] ? { version: previous[0].version, content: previous[0].content } : null,
      after: { version: v.version, content: v.content, validFrom: cr.effectiveDate, changeRequest: cr.id },
      reason: input.comment ?? null,
    });
  } else {
    await tx.update(entryVersion).set({ status: 'retired', validTo: cr.effectiveDate }).where(eq(entryVersion.id, v.id));
    await audit({ action: 'entry.retire', objectType: 'register-entry', objectId, before: { version: v.version, validTo: v.validTo }, after: { version: v.version, validTo: cr.effectiveDate }, reason: cr.reason });
  }
  return { status: 'approved' as const };
}

export async function withdrawRequest(db: Db, actor: Actor, id: string) {
  return db.transaction(async (tx) => {
    const [cr] = await tx.select().from(changeRequest).where(eq(changeRequest.id, id)).for('update');
    if (!cr) throw new DomainError('NOT_FOUND', 'registers.errors.requestNotFound');
    if (cr.requestedBy !== actor.id) throw new DomainError('FORBIDDEN', 'registers.errors.notYourRequest');
    if (cr.status !== 'open') throw new DomainError('CONFLICT', 'registers.errors.requestDecided', { status: cr.status });
    // With a bound flow the initiator withdraws the flow instance (撤回), which then calls back here.
    if (cr.flowInstanceId) throw new DomainError('CONFLICT', 'flowEngine.errors.flowWithdraws', { instance: cr.flowInstanceId });
    await applyRequestWithdrawal(tx, actor, cr);
  });
}

/** The effect of withdrawing an open request: the version goes back to draft. Also run by the flow engine. */
export async function applyRequestWithdrawal(tx: Db, actor: Actor, cr: { id: string; action: string; versionId: string; entryId: string; kindCode: string }, audit: AuditWriter = appendTo(tx, actor)) {
  await tx.update(changeRequest).set({ status: 'withdrawn', decidedAt: new Date() }).where(eq(changeRequest.id, cr.id));
  if (cr.action === 'publish') await tx.update(entryVersion).set({ status: 'draft', revision: sql`${entryVersion.revision} + 1` }).where(eq(entryVersion.id, cr.versionId));
  const [e] = await tx.select().from(entry).where(eq(entry.id, cr.entryId));
  await audit({ action: 'change_request.withdraw', objectType: 'register-entry', objectId: objectIdOf(cr.kindCode, e!.code), after: { changeRequest: cr.id } });
}

// ---------- editions ----------

export async function createEdition(db: Db, actor: Actor, input: { kindCode: string; name: string; asOf: string; note?: string }) {
  if (!isIsoDate(input.asOf)) throw new DomainError('INVALID_INPUT', 'registers.errors.badDate', { value: input.asOf });
  const name = input.name.trim();
  if (!name) throw new DomainError('INVALID_INPUT', 'errors.required', {}, [{ path: 'name', key: 'errors.required' }]);
  await getKind(db, input.kindCode);
  return db.transaction(async (tx) => {
    const [dup] = await tx.select({ id: edition.id }).from(edition).where(and(eq(edition.kindCode, input.kindCode), eq(edition.name, name)));
    if (dup) throw new DomainError('CONFLICT', 'registers.errors.editionExists', { name }, [{ path: 'name', key: 'registers.errors.editionExists', params: { name } }]);
    const items = await snapshot(tx, input.kindCode, input.asOf);
    const [ed] = await tx.insert(edition).values({ kindCode: input.kindCode, name, asOf: input.asOf, note: input.note ?? null, createdBy: actor.id }).returning();
    if (items.length) await tx.insert(editionItem).values(items.map((i) => ({ editionId: ed!.id, entryVersionId: i.versionId })));
    await appendAudit(tx, actor, { action: 'edition.create', objectType: 'register-edition', objectId: `${input.kindCode}/${name}`, after: { asOf: input.asOf, entries: items.length, versions: items.map((i) => `${i.code}@${i.version}`) } });
    return { id: ed!.id, entries: items.length };
  });
}

export async function listEditions(db: Db, kindCode: string) {
  return db
    .select({ id: edition.id, name: edition.name, asOf: edition.asOf, note: edition.note, createdAt: edition.createdAt, entries: sql<number>`(select count(*)::int from ${editionItem} where ${editionItem.editionId} = ${edition.id})` })
    .from(edition)
    .where(eq(edition.kindCode, kindCode))
    .orderBy(desc(edition.createdAt));
}

export async function getEdition(db: Db, id: string) {
  const [ed] = await db.select().from(edition).where(eq(edition.id, id));
  if (!ed) throw new DomainError('NOT_FOUND', 'registers.errors.editionNotFound');
  const items = await db
    .select({ code: entry.code, version: entryVersion.version, content: entryVersion.content, validFrom: entryVersion.validFrom })
    .from(editionItem)
    .innerJoin(entryVersion, eq(entryVersion.id, editionItem.entryVersionId))
    .innerJoin(entry, eq(entry.id, entryVersion.entryId))
    .where(eq(editionItem.editionId, id))
    .orderBy(asc(entry.code));
  return { edition: ed, kind: await getKind(db, ed.kindCode), items };
}

export { titleOf };
