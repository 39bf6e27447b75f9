/**
 * Reading the audit log: the auditor's page (newest first, paged), counts for progress bars,
 * the action names for the filter, and the ascending keyset walk every export streams from.
 */
import { and, asc, count, desc, gt, lt, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, type Db } from '../db';
import { auditLog } from '../db/schema';
import { auditFilterInputSchema, auditWhere, resolveAuditFilter, type AuditFilter } from './filter';
import { displayParts } from './personal';

export type AuditRow = typeof auditLog.$inferSelect;

/**
 * A row as people see it (the audit page): personal values masked, whatever the role (an auditor
 * reveals them with a reason, ./reveal.ts); `pending` while the chainer has not sealed it yet (no
 * seq and hash yet, shown as 待上链). The salt never leaves the server.
 */
export interface AuditListRow {
  id: number;
  seq: number | null;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  role: string | null;
  department: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  prevHash: string | null;
  hash: string | null;
  pending: boolean;
  /** Personal values in this row are shown masked. */
  masked: boolean;
}

export function listRowOf(r: AuditRow): AuditListRow {
  const shown = displayParts({ before: r.before ?? null, after: r.after ?? null, reason: r.reason }, r.personal);
  return {
    id: r.id,
    seq: r.seq,
    at: r.at,
    actorId: r.actorId,
    actorName: r.actorName,
    role: r.role,
    department: r.department,
    action: r.action,
    objectType: r.objectType,
    objectId: r.objectId,
    before: shown.parts.before,
    after: shown.parts.after,
    reason: shown.parts.reason as string | null,
    prevHash: r.prevHash,
    hash: r.hash,
    pending: r.seq === null,
    masked: shown.masked,
  };
}

export interface AuditListQuery extends AuditFilter {
  page: number;
  pageSize: number;
  /** Keyset cursor: rows with seq below this (the last row of the previous page). When the
   *  client knows it, deep pages cost an index range scan instead of skipping OFFSET rows. */
  beforeSeq?: number;
}

/** tRPC input of `audit.list`: the wire filter plus the page. */
export const auditListInputSchema = auditFilterInputSchema
  .extend({ page: z.number().int().min(1).max(100_000).default(1), pageSize: z.number().int().min(1).max(200).default(50), beforeSeq: z.number().int().min(1).optional() })
  .transform((input, ctx): AuditListQuery => ({ ...resolveAuditFilter(input, ctx), page: input.page, pageSize: input.pageSize, beforeSeq: input.beforeSeq }));

/** A page of the audit log, newest first (rows still waiting for the chainer on top), filtered by
 *  `auditWhere`, personal values masked: by keyset when the caller passes `beforeSeq`, else by
 *  page number (a jump straight to page n). */
export async function listAudit(db: Db, q: AuditListQuery): Promise<{ rows: AuditListRow[]; hasMore: boolean }> {
  const keyset = q.beforeSeq !== undefined;
  const rows = await db
    .select()
    .from(auditLog)
    .where(keyset ? and(auditWhere(q), lt(auditLog.seq, q.beforeSeq!)) : auditWhere(q))
    .orderBy(sql`${auditLog.seq} desc nulls first`, desc(auditLog.id))
    .limit(q.pageSize + 1)
    .offset(keyset ? 0 : (q.page - 1) * q.pageSize);
  return { rows: rows.slice(0, q.pageSize).map(listRowOf), hasMore: rows.length > q.pageSize };
}

/** Rows matching a filter, optionally only up to `maxSeq` (an export's snapshot). */
export async function countAudit(db: Db, filter: AuditFilter, maxSeq?: number): Promise<number> {
  const parts: (SQL | undefined)[] = [auditWhere(filter)];
  if (maxSeq !== undefined) parts.push(lte(auditLog.seq, maxSeq));
  const [row] = await db.select({ n: count() }).from(auditLog).where(and(...parts));
  return Number(row?.n ?? 0);
}

/** The distinct action names in the log, for the filter's suggestions. */
export async function listAuditActions(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(asc(auditLog.action));
  return rows.map((r) => r.action);
}

/**
 * A row as the exports write it: every column already text, rendered by PostgreSQL (`at` as
 * ISO-8601 UTC with milliseconds, exactly `Date#toISOString`; `before`/`after` as JSON text).
 * The driver then parses no JSON and no timestamps, and the exports only concatenate — the
 * difference between ~20k and well over 100k rows/s.
 */
export interface AuditExportRow {
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  role: string | null;
  department: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  /** JSON text, or null for SQL NULL. */
  before: string | null;
  after: string | null;
  reason: string | null;
  prevHash: string;
  hash: string;
  /** Set on rows with personal values (hash rule v2): the salt and the JSON text of the paths. */
  salt: string | null;
  personal: string | null;
}

// Raw SQL rather than a Drizzle select: Drizzle's per-field result mapping was a third of the
// export's CPU time. Aliases give the row its AuditExportRow keys on both drivers; seq as
// float8 arrives as a JS number on both (exact far beyond any audit log's length).
const exportSelect = sql`select ${auditLog.seq}::float8 as "seq",
  to_char(${auditLog.at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "at",
  ${auditLog.actorId}::text as "actorId", ${auditLog.actorName} as "actorName", ${auditLog.role} as "role",
  ${auditLog.department} as "department", ${auditLog.action} as "action", ${auditLog.objectType} as "objectType",
  ${auditLog.objectId} as "objectId", ${auditLog.before}::text as "before", ${auditLog.after}::text as "after",
  ${auditLog.reason} as "reason", ${auditLog.prevHash} as "prevHash", ${auditLog.hash} as "hash",
  ${auditLog.salt} as "salt", ${auditLog.personal}::text as "personal"
  from ${auditLog}`;

/**
 * The filtered chain in ascending seq (rows not chained yet are not part of it), page by page,
 * by keyset on seq (never OFFSET, never the whole table in memory). The next page is requested
 * while the caller works on the current one, so the database and the serialiser overlap; at
 * most two pages are held at a time.
 */
export async function* auditExportPages(
  db: Db,
  filter: AuditFilter,
  opts: { maxSeq?: number; pageSize?: number } = {},
): AsyncGenerator<AuditExportRow[]> {
  const pageSize = opts.pageSize ?? 2000;
  const where = auditWhere(filter);
  const fetchAfter = async (lastSeq: number): Promise<AuditExportRow[]> => {
    const cond = and(gt(auditLog.seq, lastSeq), opts.maxSeq !== undefined ? lte(auditLog.seq, opts.maxSeq) : undefined, where);
    return rowsOf<AuditExportRow>(await db.execute(sql`${exportSelect} where ${cond} order by ${auditLog.seq} limit ${pageSize}`));
  };
  let pending: Promise<AuditExportRow[]> | null = fetchAfter(0);
  try {
    while (pending) {
      const page: AuditExportRow[] = await pending;
      pending = page.length === pageSize ? fetchAfter(page[page.length - 1]!.seq) : null;
      if (page.length) yield page;
    }
  } finally {
    // Stopped early (client went away): let a prefetch in flight settle without an unhandled rejection.
    pending?.catch(() => {});
  }
}
