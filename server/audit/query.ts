/**
 * Reading the audit log: the auditor's page (newest first, paged), counts for progress bars,
 * the action names for the filter, and the ascending keyset walk every export streams from.
 */
import { and, asc, count, desc, gt, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db';
import { auditLog } from '../db/schema';
import { auditFilterInputSchema, auditWhere, resolveAuditFilter, type AuditFilter } from './filter';

export type AuditRow = typeof auditLog.$inferSelect;

export interface AuditListQuery extends AuditFilter {
  page: number;
  pageSize: number;
}

/** tRPC input of `audit.list`: the wire filter plus the page. */
export const auditListInputSchema = auditFilterInputSchema
  .extend({ page: z.number().int().min(1).max(100_000).default(1), pageSize: z.number().int().min(1).max(200).default(50) })
  .transform((input, ctx): AuditListQuery => ({ ...resolveAuditFilter(input, ctx), page: input.page, pageSize: input.pageSize }));

/** A page of the audit log, newest first, filtered by `auditWhere`. */
export async function listAudit(db: Db, q: AuditListQuery): Promise<{ rows: AuditRow[]; hasMore: boolean }> {
  const rows = await db
    .select()
    .from(auditLog)
    .where(auditWhere(q))
    .orderBy(desc(auditLog.seq))
    .limit(q.pageSize + 1)
    .offset((q.page - 1) * q.pageSize);
  return { rows: rows.slice(0, q.pageSize), hasMore: rows.length > q.pageSize };
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
 * The filtered log in ascending seq, page by page, by keyset on seq (never OFFSET, never the
 * whole table in memory). The next page is requested while the caller works on the current
 * one, so the database and the serialiser overlap; at most two pages are held at a time.
 */
export async function* auditPagesAscending(
  db: Db,
  filter: AuditFilter,
  opts: { maxSeq?: number; pageSize?: number } = {},
): AsyncGenerator<AuditRow[]> {
  const pageSize = opts.pageSize ?? 5000;
  const where = auditWhere(filter);
  const fetchAfter = (lastSeq: number) =>
    db
      .select()
      .from(auditLog)
      .where(and(gt(auditLog.seq, lastSeq), opts.maxSeq !== undefined ? lte(auditLog.seq, opts.maxSeq) : undefined, where))
      .orderBy(asc(auditLog.seq))
      .limit(pageSize);
  let pending: Promise<AuditRow[]> | null = fetchAfter(0);
  try {
    while (pending) {
      const page: AuditRow[] = await pending;
      pending = page.length === pageSize ? fetchAfter(page[page.length - 1]!.seq) : null;
      if (page.length) yield page;
    }
  } finally {
    // Stopped early (client went away): let a prefetch in flight settle without an unhandled rejection.
    pending?.catch(() => {});
  }
}
