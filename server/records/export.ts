/**
 * Records as CSV or XLSX, streamed page by page (keyset on id), in the caller's department scope and with
 * the same masking as pages and API results: personal data fields per the pinned catalog version,
 * and natural persons' ID numbers (keep 4 + 4) for roles without the right.
 */
import { and, asc, eq, gt, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { department, record, recordDisclosure } from '../db/schema';
import { publicationState } from '../disclosure/view';
import type { Viewer } from '../auth/viewer';
import { maskRecord } from '../../forms/masking';
import { todayCN } from '../registers/dates';
import { getPinnedVersion, mayUnmask, personalRules } from './service';
import { subjectSearch } from './subject-search';
import { tableStream, xlsxText, TABLE_FORMATS, type TableFormat } from '../io/stream';

export interface RecordExportFilter {
  status?: string;
  catalogCode?: string;
  q?: string;
  overdue?: boolean;
}

/** The last four: the record's disclosure (issue 15) — class, 公示截止日, 可申请修复日, publication state. */
export const RECORD_CSV_COLUMNS = ['id', 'catalog', 'catalog_version', 'department', 'subject_type', 'subject_code', 'subject_name', 'status', 'decision_date', 'due_date', 'overdue', 'data', 'severity', 'public_until', 'repairable_from', 'publication'];

/** Pages of export cells (keyset on id), masked for the viewer like pages and API results. */
async function* recordExportPages(db: Db, viewer: Viewer, scope: string | null, filter: RecordExportFilter, pageSize: number): AsyncGenerator<(string | number)[][]> {
  const today = todayCN();
  const rules = new Map<string, ReturnType<typeof personalRules>>();
  let lastId: string | null = null;
  for (;;) {
    const where: SQL[] = [];
    if (scope) where.push(eq(record.departmentId, scope));
    if (filter.status) where.push(eq(record.status, filter.status));
    if (filter.catalogCode) where.push(eq(record.catalogCode, filter.catalogCode));
    if (filter.q?.trim()) where.push(subjectSearch({ name: record.subjectName, code: record.subjectCode, type: record.subjectType }, filter.q));
    if (filter.overdue) where.push(lt(record.dueDate, today), sql`${record.publishedAt} is null`);
    if (lastId) where.push(gt(record.id, lastId));
    const rows = await db
      .select({ r: record, dept: department.code, d: recordDisclosure })
      .from(record)
      .leftJoin(department, eq(department.id, record.departmentId))
      .leftJoin(recordDisclosure, eq(recordDisclosure.recordId, record.id))
      .where(where.length ? and(...where) : undefined)
      .orderBy(asc(record.id))
      .limit(pageSize);
    if (rows.length === 0) return;
    lastId = rows[rows.length - 1]!.r.id;
    const cells: (string | number)[][] = [];
    for (const { r, dept, d } of rows) {
      const key = `${r.catalogCode}@${r.catalogVersion}`;
      if (!rules.has(key)) rules.set(key, personalRules((await getPinnedVersion(db, r.catalogCode, r.catalogVersion)).content.dataItems));
      const unmasked = mayUnmask(viewer, r);
      const data = unmasked ? r.data : maskRecord(r.data, rules.get(key)!);
      const code = !unmasked && r.subjectType === '自然人' ? maskRecord({ v: r.subjectCode }, { v: { keepStart: 4, keepEnd: 4 } }).v : r.subjectCode;
      cells.push([r.id, r.catalogCode, r.catalogVersion, dept ?? '', r.subjectType, code, r.subjectName, r.status, r.decisionDate ?? '', r.dueDate ?? '', r.dueDate && r.dueDate < today && !r.publishedAt ? 'yes' : 'no', xlsxText(JSON.stringify(data)), d?.severity ?? '', d?.publicUntil ?? '', d?.repairableFrom ?? '', ['accepted', 'revoked', 'repaired'].includes(r.status) ? publicationState(d, r.status, today) : '']);
    }
    yield cells;
  }
}

export const RECORD_EXPORT_FORMATS = TABLE_FORMATS;
export type RecordExportFormat = TableFormat;

/** The records the viewer may see, filtered, as CSV (UTF-8 with BOM) or XLSX, streamed. */
export function recordsExportStream(db: Db, viewer: Viewer, scope: string | null, filter: RecordExportFilter, format: RecordExportFormat, pageSize = 2000): ReadableStream<Uint8Array> {
  return tableStream(format, 'records', RECORD_CSV_COLUMNS, recordExportPages(db, viewer, scope, filter, pageSize));
}
