/**
 * Streams the filtered audit log as CSV, page by page (keyset on seq), so memory stays flat
 * whatever the table size. The export itself is audited by the caller.
 */
import { and, asc, eq, gt, gte, lt, type SQL } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../db';
import { auditLog } from '../db/schema';
import type { AuditListQuery } from './query';

export const AUDIT_CSV_COLUMNS = ['seq', 'at', 'actor', 'role', 'department', 'action', 'object_type', 'object_id', 'before', 'after', 'reason', 'prev_hash', 'hash'] as const;

export function auditCsvStream(db: Db, q: Omit<AuditListQuery, 'page' | 'pageSize'>, pageSize = 5000): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let lastSeq = 0;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        // BOM so that spreadsheet programs open the UTF-8 Chinese text correctly.
        controller.enqueue(enc.encode('\uFEFF' + stringify([AUDIT_CSV_COLUMNS as unknown as string[]])));
        return;
      }
      const filters: SQL[] = [gt(auditLog.seq, lastSeq)];
      if (q.action) filters.push(eq(auditLog.action, q.action));
      if (q.actorName) filters.push(eq(auditLog.actorName, q.actorName));
      if (q.from) filters.push(gte(auditLog.at, q.from));
      if (q.to) filters.push(lt(auditLog.at, q.to));
      const rows = await db.select().from(auditLog).where(and(...filters)).orderBy(asc(auditLog.seq)).limit(pageSize);
      if (rows.length === 0) {
        controller.close();
        return;
      }
      lastSeq = rows[rows.length - 1]!.seq;
      const lines = rows.map((r) => [
        r.seq,
        r.at.toISOString(),
        r.actorName ?? '',
        r.role ?? '',
        r.department ?? '',
        r.action,
        r.objectType ?? '',
        r.objectId ?? '',
        r.before == null ? '' : JSON.stringify(r.before),
        r.after == null ? '' : JSON.stringify(r.after),
        r.reason ?? '',
        r.prevHash,
        r.hash,
      ]);
      controller.enqueue(enc.encode(stringify(lines)));
    },
  });
}
