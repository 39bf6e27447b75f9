/**
 * The downloadable import report. XLSX: the uploaded rows as they were, an extra last column
 * "错误 / Errors" per row, the faulty cells filled red, missing required columns appended to the
 * header (red) so they can be filled in, and a second sheet listing every problem. Fix it and
 * upload it again: import ignores the Errors column. CSV: the problem list only.
 */
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import type { Locale } from '../../../catalog/types';
import { encodeCell, ERRORS_HEADER, type Cell } from './columns';
import { layoutDataSheet, XLSX_TYPE, type DownloadFile } from './export';
import { inertCell, inertText } from '../../io/stream';
import type { Analysis, ImportIssue } from './import';

export const RED: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
export const RED_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FF9C0006' } };

/** A problem found in an upload, whichever import found it. */
export interface ReportIssue {
  row: number;
  column: string;
  message: { 'zh-CN': string; en: string };
}

/** Fills the faulty cells of one data row red and writes its problems into the Errors column. */
export function markRowIssues(row: ExcelJS.Row, issues: readonly ReportIssue[], colIndex: (column: string) => number, errorsAt: number, locale: Locale): void {
  for (const i of issues) {
    const at = colIndex(i.column);
    if (at > 0) {
      row.getCell(at).fill = RED;
      row.getCell(at).font = RED_FONT;
    }
  }
  const cell = row.getCell(errorsAt);
  cell.value = issues.map((i) => (i.column ? `${i.column}：${i.message[locale]}` : i.message[locale])).join('\n');
  cell.font = RED_FONT;
  cell.alignment = { wrapText: true, vertical: 'top' };
}

/** The second sheet: every problem, in both languages. */
export function addProblemsSheet(wb: ExcelJS.Workbook, issues: readonly ReportIssue[]): void {
  const list = wb.addWorksheet('问题列表 Problems');
  list.columns = [
    { header: '行 Row', key: 'row', width: 8 },
    { header: '列 Column', key: 'column', width: 28 },
    { header: '问题', key: 'zh', width: 70 },
    { header: 'Problem', key: 'en', width: 70 },
  ];
  list.getRow(1).font = { bold: true };
  for (const i of issues) list.addRow({ row: i.row, column: i.column, zh: i.message['zh-CN'], en: i.message.en }).alignment = { wrapText: true, vertical: 'top' };
}

export function reportBaseName(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, '').replace(/[\\/:*?"<>|\r\n\t]+/g, '_').trim().slice(0, 80) || 'import';
}

/** The sheet view of what was uploaded (JSON entries are laid out as template rows). */
function sheetOf(a: Analysis): { headers: string[]; headerRow: number; rows: { row: number; cells: Cell[] }[] } {
  if (a.parsed.format !== 'json') return { headers: a.parsed.headers.map((h) => String(h ?? '')), headerRow: a.parsed.headerRow, rows: a.parsed.rows };
  const cols = a.columns.filter((c) => c.role !== 'meta');
  return {
    headers: cols.map((c) => c.header),
    headerRow: 0,
    rows: a.parsed.entries.map(({ row, value }) => {
      const o = (value && typeof value === 'object' ? value : {}) as { code?: unknown; content?: Record<string, unknown> };
      return { row, cells: cols.map((c) => (c.role === 'code' ? (o.code == null ? null : String(o.code)) : encodeCell(c, o.content?.[c.key]))) };
    }),
  };
}

const textOf = (i: ImportIssue, locale: Locale) => (i.column ? `${i.column}：${i.message[locale]}` : i.message[locale]);

export async function annotatedWorkbook(a: Analysis, locale: Locale, fileName: string): Promise<DownloadFile> {
  const sheet = sheetOf(a);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('导入报告 Report', { views: [{ state: 'frozen', ySplit: 1 }] });
  const missing = a.missing.map((c) => c.header).filter((h) => !sheet.headers.includes(h));
  const headers = [...sheet.headers, ...missing];
  const errorsAt = headers.length + 1;
  const fileColumns = headers.map((h) => a.columns.find((c) => c.header === h || a.headerOf.get(c.key) === h)).map((c, i) => c ?? { key: `_${i}`, role: 'field' as const, header: headers[i]!, label: { 'zh-CN': headers[i]!, en: headers[i]! }, widget: 'text' as const, required: false });
  layoutDataSheet(ws, fileColumns);
  ws.getColumn(errorsAt).width = 60;
  const header = ws.getRow(1);
  header.getCell(errorsAt).value = ERRORS_HEADER;
  header.getCell(errorsAt).font = { bold: true, ...RED_FONT };

  const byRow = new Map<number, ImportIssue[]>();
  for (const i of a.issues) byRow.set(i.row, [...(byRow.get(i.row) ?? []), i]);
  const colIndex = (column: string) => headers.indexOf(column) + 1;

  // Header problems (unknown, duplicate, missing columns) sit on the header row.
  const headIssues = sheet.headerRow ? (byRow.get(sheet.headerRow) ?? []) : [];
  for (const i of headIssues) {
    const at = colIndex(i.column);
    if (at > 0) {
      header.getCell(at).fill = RED;
      header.getCell(at).note = i.message[locale];
    }
  }
  if (headIssues.length) {
    header.getCell(errorsAt).value = `${ERRORS_HEADER}\n${headIssues.map((i) => textOf(i, locale)).join('\n')}`;
    header.getCell(errorsAt).alignment = { wrapText: true, vertical: 'top' };
  }

  for (const r of sheet.rows) {
    const row = ws.addRow(r.cells.map((c) => (c === undefined ? null : inertCell(c))));
    for (let i = 1; i <= r.cells.length; i++) if (r.cells[i - 1] instanceof Date) row.getCell(i).numFmt = 'yyyy-mm-dd';
    const issues = byRow.get(r.row) ?? [];
    if (issues.length) markRowIssues(row, issues, colIndex, errorsAt, locale);
  }
  addProblemsSheet(wb, a.issues);

  const buf = await wb.xlsx.writeBuffer();
  return { fileName: `${reportBaseName(fileName)}-report.xlsx`, contentType: XLSX_TYPE, body: new Uint8Array(buf as ArrayBuffer), rows: sheet.rows.length };
}

export function reportCsv(a: Analysis, fileName: string): DownloadFile {
  // Column names come from the uploaded file: keep a spreadsheet from reading them as formulas.
  const lines = [['行 Row', '列 Column', '问题', 'Problem'], ...a.issues.map((i) => [i.row, inertText(i.column), inertText(i.message['zh-CN']), inertText(i.message.en)])];
  // BOM so that spreadsheet programs open the UTF-8 Chinese text correctly.
  const body = new TextEncoder().encode('\uFEFF' + stringify(lines));
  return { fileName: `${reportBaseName(fileName)}-report.csv`, contentType: 'text/csv; charset=utf-8', body, rows: a.issues.length };
}

