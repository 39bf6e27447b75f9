/**
 * Import / export of a register (XLSX, CSV, JSON). Route handlers and (later) procedures call
 * these; the pieces live in ./io/:
 *   columns.ts  columns from the kind definition + the cell codec per widget
 *   read.ts     reading an upload within limits (10 MB, 20,000 rows), refusals with HTTP status
 *   import.ts   dry run and all-or-nothing commit in one transaction, one audit row
 *   export.ts   streamed XLSX / JSON export (audited), the template with its 说明 sheet
 *   report.ts   the annotated workbook and CSV of an import's problems
 */
import 'server-only';
import type { Db } from '../db';
import type { Actor } from '../audit/append';
import type { Locale } from '../../catalog/types';
import { commitImport, dryRun, type ImportInput, type ImportReport } from './io/import';
import { annotatedWorkbook, reportCsv } from './io/report';
import type { DownloadFile } from './io/export';

export { exportRegister, registerTemplate, XLSX_TYPE, type DownloadFile, type ExportFormat } from './io/export';
export { IMPORT_LIMITS, IoRefusal, type IoStatus } from './io/read';
export { MAX_REPORTED_ERRORS, type ImportInput, type ImportIssue, type ImportReport } from './io/import';
export { columnsOf, type IoColumn } from './io/columns';
export { REFUSAL } from './io/messages';

export type ImportMode = 'dry-run' | 'commit';

/** Dry run (writes nothing) or commit (writes everything or nothing). */
export async function importRegister(db: Db, actor: Actor, input: ImportInput & { mode: ImportMode }): Promise<ImportReport> {
  if (input.mode === 'commit') return commitImport(db, actor, input);
  return (await dryRun(db, input)).report;
}

/** A dry run whose result is a file: the annotated workbook, or the problem list as CSV. */
export async function importReportFile(db: Db, input: ImportInput & { format: 'xlsx' | 'csv'; locale: Locale }): Promise<DownloadFile & { report: ImportReport }> {
  const { report, analysis } = await dryRun(db, input);
  const file = input.format === 'xlsx' ? await annotatedWorkbook(analysis, input.locale, input.fileName) : reportCsv(analysis, input.fileName);
  return { ...file, report };
}
