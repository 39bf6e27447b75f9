/**
 * Spreadsheet / JSON import of a register (DESIGN §5, §7). One pipeline serves the dry run and
 * the commit: map headers → decode cells → check codes → read the entries' current state →
 * merge and validate → plan. The commit runs that same pipeline again inside ONE transaction,
 * with the entries locked and imports of the kind serialised, and writes only when the plan has
 * no error at all: new codes become draft version 1, published entries get a new draft based on
 * the latest version, open drafts are updated (revision bumped). One audit row records the whole
 * import with the file's hash and the hash of the rows it wrote. Imported drafts still need
 * submit + approval to be published: an import opens no change request (the one gate,
 * ../gate.ts, is only reached by submitting), and the importer becomes a contributor of every
 * version it wrote, so four eyes keep them from deciding it.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { entry, entryReference, entryVersion } from '../../db/schema';
import { appendAudit, type Actor } from '../../audit/append';
import { referencesOf } from '../../../catalog/kind-definition';
import type { Localized } from '../../../catalog/types';
import { codeRuleOf, getKind, type LoadedKind } from '../kinds';
import { addContributor, normalizeContent, validateContent, type Content } from '../service';
import { columnsOf, decodeCell, encodeCell, matchHeader, type Cell, type IoColumn } from './columns';
import { MSG, REFUSAL } from './messages';
import { IoRefusal, readImportFile, type FileFormat, type ParsedFile, type SheetRow } from './read';

export interface ImportIssue {
  /** Row as the sheet shows it (header = row 1); for JSON, the entry's 1-based position. */
  row: number;
  /** The column's header text as in the file ('' for the row as a whole). */
  column: string;
  message: Localized;
}

export interface ImportReport {
  ok: boolean;
  /** Non-blank data rows. */
  rows: number;
  /** Rows that can be imported as they are (no problem of their own, none in the header). */
  valid: number;
  /** Entries created (commit) or that would be created (dry run). */
  created: number;
  /** Entries that got (or would get) a new or updated draft. */
  updated: number;
  /** Rows identical to the entry's current version: nothing to write. */
  unchanged: number;
  errors: ImportIssue[];
  /** All problems found; `errors` lists the first MAX_REPORTED_ERRORS of them. */
  errorCount: number;
  committed: boolean;
  format: FileFormat;
  sha256: string;
}

export const MAX_REPORTED_ERRORS = 1000;

export interface ImportInput {
  kindCode: string;
  fileName: string;
  bytes: Uint8Array;
}

type VersionRow = typeof entryVersion.$inferSelect;

interface RowInput {
  row: number;
  code: string;
  content: Content;
  /** Fields the file speaks for; the others keep their current value on existing entries. */
  present: Set<string>;
  /** Fields whose cell could not be decoded (their validation noise is dropped). */
  failed: Set<string>;
}

type Action = 'create' | 'new-version' | 'update-draft' | 'unchanged';

interface RowPlan {
  row: number;
  code: string;
  content: Content;
  action: Action;
  entryId?: string;
  /** new-version: the version it is based on and the next version number. */
  base?: VersionRow;
  nextVersion?: number;
  /** update-draft: the open draft. */
  draft?: VersionRow;
}

export interface Analysis {
  kind: LoadedKind;
  columns: IoColumn[];
  parsed: ParsedFile;
  /** Header text per column key, as the file spells it. */
  headerOf: Map<string, string>;
  /** Missing required columns, appended to the annotated report's header. */
  missing: IoColumn[];
  issues: ImportIssue[];
  plans: RowPlan[];
  rows: number;
  valid: number;
}

// ---------- reading rows ----------

function sheetRows(columns: IoColumn[], parsed: Extract<ParsedFile, { headers: string[] }>, issues: ImportIssue[], headerOf: Map<string, string>, missing: IoColumn[]): RowInput[] {
  const index = new Map<string, number>();
  parsed.headers.forEach((h, i) => {
    const text = String(h ?? '').trim();
    if (!text) return;
    const col = matchHeader(columns, text);
    if (col === 'errors') return;
    if (!col) {
      issues.push({ row: parsed.headerRow, column: text, message: MSG.unknownColumn(text) });
      return;
    }
    if (index.has(col.key)) {
      issues.push({ row: parsed.headerRow, column: text, message: MSG.duplicateColumn(text) });
      return;
    }
    index.set(col.key, i);
    headerOf.set(col.key, text);
  });
  for (const col of columns) {
    if (col.required && !index.has(col.key)) {
      missing.push(col);
      headerOf.set(col.key, col.header);
      issues.push({ row: parsed.headerRow, column: col.header, message: MSG.missingColumn(col.header) });
    }
  }
  const fieldCols = columns.filter((c) => c.role === 'field' && index.has(c.key));
  const codeAt = index.get('code');
  return parsed.rows.map((r) => {
    const content: Content = {};
    const failed = new Set<string>();
    for (const col of fieldCols) {
      const d = decodeCell(col, r.cells[index.get(col.key)!]);
      if (d.error) {
        failed.add(col.key);
        issues.push({ row: r.row, column: headerOf.get(col.key)!, message: d.error });
      } else if (d.value !== undefined) content[col.key] = d.value;
    }
    const codeCell = codeAt === undefined ? null : r.cells[codeAt];
    const code = codeCell === null || codeCell === undefined ? '' : codeCell instanceof Date ? codeCell.toISOString().slice(0, 10) : String(codeCell).trim();
    // Missing required columns are reported once on the header, not again on every row.
    for (const m of missing) failed.add(m.key);
    return { row: r.row, code, content, present: new Set(fieldCols.map((c) => c.key)), failed };
  });
}

function jsonRows(kind: LoadedKind, columns: IoColumn[], parsed: Extract<ParsedFile, { format: 'json' }>, issues: ImportIssue[], headerOf: Map<string, string>): RowInput[] {
  if (parsed.kind && parsed.kind !== kind.code) {
    throw new IoRefusal(400, 'wrongKind', MSG.wrongKind(parsed.kind, kind.code), { fileKind: parsed.kind, kind: kind.code });
  }
  for (const c of columns) headerOf.set(c.key, c.header);
  const all = new Set(columns.filter((c) => c.role === 'field').map((c) => c.key));
  const out: RowInput[] = [];
  for (const { row, value } of parsed.entries) {
    const o = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
    const content = o?.content && typeof o.content === 'object' && !Array.isArray(o.content) ? (o.content as Content) : null;
    if (!o || !content) {
      issues.push({ row, column: '', message: MSG.badEntry() });
      continue;
    }
    out.push({ row, code: typeof o.code === 'string' || typeof o.code === 'number' ? String(o.code).trim() : '', content, present: all, failed: new Set() });
  }
  return out;
}

// ---------- state ----------

interface Existing {
  entryId: string;
  /** newest first */
  versions: VersionRow[];
}

async function loadExisting(db: Db, kindCode: string, codes: string[], lock: boolean): Promise<Map<string, Existing>> {
  const out = new Map<string, Existing>();
  for (let i = 0; i < codes.length; i += 1000) {
    const chunk = codes.slice(i, i + 1000);
    const entries = await db.select({ id: entry.id, code: entry.code }).from(entry).where(and(eq(entry.kindCode, kindCode), inArray(entry.code, chunk)));
    if (!entries.length) continue;
    const ids = entries.map((e) => e.id);
    const q = db.select().from(entryVersion).where(inArray(entryVersion.entryId, ids)).orderBy(entryVersion.entryId, desc(entryVersion.version));
    const versions = lock ? await q.for('update') : await q;
    const byEntry = new Map<string, VersionRow[]>();
    for (const v of versions) byEntry.set(v.entryId, [...(byEntry.get(v.entryId) ?? []), v]);
    for (const e of entries) out.set(e.code, { entryId: e.id, versions: byEntry.get(e.id) ?? [] });
  }
  return out;
}

/** What an existing value reads like after a trip through the file (to spot unchanged rows). */
function throughFile(columns: IoColumn[], content: Content, present: Set<string>, viaCells: boolean): Content {
  if (!viaCells) return content;
  const out: Content = {};
  for (const [k, v] of Object.entries(content)) if (!present.has(k)) out[k] = v;
  for (const col of columns) {
    if (col.role !== 'field' || !present.has(col.key)) continue;
    const d = decodeCell(col, encodeCell(col, content[col.key]) as Cell);
    if (d.value !== undefined) out[col.key] = d.value;
  }
  return out;
}

const same = (a: unknown, b: unknown) => canonicalize(a) === canonicalize(b);

// ---------- analysis ----------

export async function analyze(db: Db, kind: LoadedKind, parsed: ParsedFile, lock: boolean): Promise<Analysis> {
  const columns = columnsOf(kind, true);
  const issues: ImportIssue[] = [];
  const headerOf = new Map<string, string>();
  const missing: IoColumn[] = [];
  const inputs = parsed.format === 'json' ? jsonRows(kind, columns, parsed, issues, headerOf) : sheetRows(columns, parsed, issues, headerOf, missing);
  const codeHeader = headerOf.get('code') ?? columns[0]!.header;
  const viaCells = parsed.format !== 'json';

  const pattern = codeRuleOf(kind);
  const firstRow = new Map<string, number>();
  const usable: RowInput[] = [];
  for (const r of inputs) {
    if (!r.code) {
      if (!missing.some((m) => m.key === 'code')) issues.push({ row: r.row, column: codeHeader, message: MSG.codeRequired() });
      continue;
    }
    if (!pattern.test(r.code)) {
      issues.push({ row: r.row, column: codeHeader, message: MSG.codePattern(r.code, pattern.source) });
      continue;
    }
    const first = firstRow.get(r.code);
    if (first !== undefined) {
      issues.push({ row: r.row, column: codeHeader, message: MSG.duplicateCode(r.code, first) });
      continue;
    }
    firstRow.set(r.code, r.row);
    usable.push(r);
  }

  const existing = await loadExisting(db, kind.code, usable.map((r) => r.code), lock);
  const plans: RowPlan[] = [];
  for (const r of usable) {
    const ex = existing.get(r.code);
    let plan: RowPlan;
    let current: Content | null = null;
    if (!ex) plan = { row: r.row, code: r.code, content: r.content, action: 'create' };
    else {
      const open = ex.versions.find((v) => v.status === 'draft' || v.status === 'in_review' || v.status === 'rejected');
      if (open?.status === 'in_review') {
        issues.push({ row: r.row, column: codeHeader, message: MSG.inReview(r.code, open.version) });
        continue;
      }
      if (open) {
        current = open.content;
        plan = { row: r.row, code: r.code, content: r.content, action: 'update-draft', entryId: ex.entryId, draft: open };
      } else {
        const base = ex.versions.find((v) => v.status === 'published' || v.status === 'superseded' || v.status === 'retired');
        if (!base) {
          issues.push({ row: r.row, column: codeHeader, message: MSG.nothingPublished(r.code) });
          continue;
        }
        current = base.content;
        plan = { row: r.row, code: r.code, content: r.content, action: 'new-version', entryId: ex.entryId, base, nextVersion: (ex.versions[0]?.version ?? 0) + 1 };
      }
      // Columns the file does not have keep the entry's current values.
      const merged: Content = {};
      for (const [k, v] of Object.entries(current)) if (!r.present.has(k)) merged[k] = v;
      plan.content = { ...merged, ...r.content };
    }
    plan.content = normalizeContent(kind, plan.content);
    const fieldIssues = validateContent(kind, plan.content).filter((i) => !r.failed.has(i.path.split('.')[0] ?? ''));
    for (const fi of fieldIssues) {
      const [top = '', ...rest] = fi.path.split('.');
      issues.push({ row: r.row, column: headerOf.get(top) ?? (top ? top : ''), message: MSG.fieldIssue(rest.join('.'), fi.message) });
    }
    if (fieldIssues.length || r.failed.size) continue;
    if (current && same(plan.content, throughFile(columns, current, r.present, viaCells))) plan.action = 'unchanged';
    plans.push(plan);
  }

  issues.sort((a, b) => a.row - b.row);
  const rows = parsed.format === 'json' ? parsed.entries.length : parsed.rows.length;
  return { kind, columns, parsed, headerOf, missing, issues, plans, rows, valid: plans.length };
}

function reportOf(a: Analysis, sha256: string, committed: boolean): ImportReport {
  const count = (action: Action | Action[]) => a.plans.filter((p) => ([] as Action[]).concat(action).includes(p.action)).length;
  return {
    ok: a.issues.length === 0,
    rows: a.rows,
    valid: a.valid,
    created: count('create'),
    updated: count(['new-version', 'update-draft']),
    unchanged: count('unchanged'),
    errors: a.issues.slice(0, MAX_REPORTED_ERRORS),
    errorCount: a.issues.length,
    committed,
    format: a.parsed.format,
    sha256,
  };
}

export const sha256Hex = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

// ---------- entry points ----------

/** Reads and checks a file against the register; writes nothing. */
export async function dryRun(db: Db, input: ImportInput): Promise<{ report: ImportReport; analysis: Analysis }> {
  const kind = await getKind(db, input.kindCode);
  const parsed = await readImportFile(input.fileName, input.bytes);
  const analysis = await analyze(db, kind, parsed, false);
  return { report: reportOf(analysis, sha256Hex(input.bytes), false), analysis };
}

const CHUNK = 500;

function isUniqueViolation(e: unknown): boolean {
  for (let c: unknown = e; c && typeof c === 'object'; c = (c as { cause?: unknown }).cause) {
    if ((c as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/**
 * Writes the file when (and only when) it has no problem at all, in one transaction; otherwise
 * returns the report with `committed: false` and nothing written.
 */
export async function commitImport(db: Db, actor: Actor, input: ImportInput): Promise<ImportReport> {
  const kind = await getKind(db, input.kindCode);
  const parsed = await readImportFile(input.fileName, input.bytes);
  const fileSha = sha256Hex(input.bytes);
  const changeNote = `导入 / Import: ${input.fileName}`.slice(0, 500);
  try {
    return await db.transaction(async (tx) => {
      // One import per register at a time; entries are locked by the analysis below.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`register-import:${kind.code}`}))`);
      const a = await analyze(tx, kind, parsed, true);
      if (a.issues.length) return reportOf(a, fileSha, false);
      const written: { code: string; version: number; content: Content; versionId: string; replaced: boolean }[] = [];
      const contributors = actor.id ? [actor.id] : [];

      const creates = a.plans.filter((p) => p.action === 'create');
      for (let i = 0; i < creates.length; i += CHUNK) {
        const chunk = creates.slice(i, i + CHUNK);
        const es = await tx.insert(entry).values(chunk.map((p) => ({ kindCode: kind.code, code: p.code, createdBy: actor.id }))).returning({ id: entry.id, code: entry.code });
        const idOf = new Map(es.map((e) => [e.code, e.id]));
        const vs = await tx
          .insert(entryVersion)
          .values(chunk.map((p) => ({ entryId: idOf.get(p.code)!, kindCode: kind.code, version: 1, status: 'draft', content: p.content, authorId: actor.id, changeNote, contributorIds: contributors })))
          .returning({ id: entryVersion.id, entryId: entryVersion.entryId });
        const versionOf = new Map(vs.map((v) => [v.entryId, v.id]));
        for (const p of chunk) written.push({ code: p.code, version: 1, content: p.content, versionId: versionOf.get(idOf.get(p.code)!)!, replaced: false });
      }

      const drafts = a.plans.filter((p) => p.action === 'new-version');
      for (let i = 0; i < drafts.length; i += CHUNK) {
        const chunk = drafts.slice(i, i + CHUNK);
        const vs = await tx
          .insert(entryVersion)
          .values(chunk.map((p) => ({ entryId: p.entryId!, kindCode: kind.code, version: p.nextVersion!, status: 'draft', content: p.content, baseVersion: p.base!.version, authorId: actor.id, changeNote, contributorIds: contributors })))
          .returning({ id: entryVersion.id, entryId: entryVersion.entryId });
        const versionOf = new Map(vs.map((v) => [v.entryId, v.id]));
        for (const p of chunk) written.push({ code: p.code, version: p.nextVersion!, content: p.content, versionId: versionOf.get(p.entryId!)!, replaced: false });
      }

      for (const p of a.plans.filter((x) => x.action === 'update-draft')) {
        const [saved] = await tx
          .update(entryVersion)
          .set({ content: p.content, revision: sql`${entryVersion.revision} + 1`, updatedAt: new Date(), status: 'draft', contributorIds: addContributor(actor) })
          .where(and(eq(entryVersion.id, p.draft!.id), eq(entryVersion.revision, p.draft!.revision), inArray(entryVersion.status, ['draft', 'rejected'])))
          .returning({ id: entryVersion.id });
        if (!saved) throw new IoRefusal(409, 'concurrent', REFUSAL.concurrent());
        written.push({ code: p.code, version: p.draft!.version, content: p.content, versionId: saved.id, replaced: true });
      }

      // References of the written versions, for impact analysis (as the service does per save).
      const replaced = written.filter((w) => w.replaced).map((w) => w.versionId);
      for (let i = 0; i < replaced.length; i += 1000) await tx.delete(entryReference).where(inArray(entryReference.fromVersionId, replaced.slice(i, i + 1000)));
      const refs = written.flatMap((w) => {
        const unique = new Map(referencesOf(kind, w.content).filter((r) => r.kind && r.code).map((r) => [`${r.field}|${r.kind}|${r.code}`, r]));
        return [...unique.values()].map((r) => ({ fromVersionId: w.versionId, field: r.field, toKind: r.kind, toCode: r.code, toVersion: r.version }));
      });
      for (let i = 0; i < refs.length; i += 1000) await tx.insert(entryReference).values(refs.slice(i, i + 1000));

      const report = reportOf(a, fileSha, true);
      const rowsSha256 = sha256Hex(canonicalize([...written].sort((x, y) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0)).map((w) => ({ code: w.code, version: w.version, content: w.content })))!);
      await appendAudit(tx, actor, {
        action: 'register.import',
        objectType: 'register',
        objectId: kind.code,
        after: { file: input.fileName, format: parsed.format, kindVersion: kind.version, rows: report.rows, created: report.created, updated: report.updated, unchanged: report.unchanged, sha256: fileSha, rowsSha256 },
      });
      return report;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new IoRefusal(409, 'concurrent', REFUSAL.concurrent());
    throw e;
  }
}

export type { SheetRow };
