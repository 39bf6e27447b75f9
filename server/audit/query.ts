import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { auditLog } from '../db/schema';

export interface AuditListQuery {
  action?: string;
  actorName?: string;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

/** A page of the audit log, newest first, filtered by action, actor and date range. */
export async function listAudit(db: Db, q: AuditListQuery) {
  const filters: SQL[] = [];
  if (q.action) filters.push(eq(auditLog.action, q.action));
  if (q.actorName) filters.push(eq(auditLog.actorName, q.actorName));
  if (q.from) filters.push(gte(auditLog.at, q.from));
  if (q.to) filters.push(lt(auditLog.at, q.to));
  const where = filters.length ? and(...filters) : undefined;
  const rows = await db
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.seq))
    .limit(q.pageSize + 1)
    .offset((q.page - 1) * q.pageSize);
  return { rows: rows.slice(0, q.pageSize), hasMore: rows.length > q.pageSize };
}
