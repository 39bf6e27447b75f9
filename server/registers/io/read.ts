/**
 * Reading an uploaded file into rows, within limits checked before the expensive part: the byte
 * size first, then the row count (CSV while scanning records, XLSX by counting `<row>` tags in
 * the compressed sheet, JSON after a parse bounded by the byte limit). A refusal is an
 * `IoRefusal` carrying its HTTP status and a message in both languages.
 */
import ExcelJS from 'exceljs';
import { CsvError, parse } from 'csv-parse/sync';
import { DomainError, type MessageParams } from '../../errors';
import { restoreText } from '../../io/stream';
import { findBadText } from '../../limits/text';
import type { Localized } from '../../../catalog/types';
import { isBlank, type Cell } from './columns';
import { REFUSAL } from './messages';
import { measureXlsx, ZipFormatError, ZipSizeLieError } from './zip';

export const IMPORT_LIMITS = {
  maxBytes: 10 * 1048576,
  maxRows: 20_000,
  /** Unpacked size of a workbook we agree to parse (zip bombs, sheets full of formatting). */
  maxUnpackedBytes: 200 * 1048576,
} as const;

export type IoStatus = 400 | 409 | 413 | 415;

/** A refusal of a whole file or request: nothing was read into the registers, nothing written. */
export class IoRefusal extends DomainError {
  readonly status: IoStatus;
  readonly text: Localized;
  constructor(status: IoStatus, key: string, text: Localized, params: MessageParams = {}) {
    super(status === 409 ? 'CONFLICT' : 'INVALID_INPUT', `registersIo.errors.${key}`, params);
    this.status = status;
    this.text = text;
  }
}

export type FileFormat = 'xlsx' | 'csv' | 'json';

export interface SheetRow {
  /** 1-based row number as the spreadsheet shows it. */
  row: number;
  cells: Cell[];
}

export type ParsedFile =
  | { format: 'xlsx' | 'csv'; headerRow: number; headers: string[]; rows: SheetRow[] }
  | { format: 'json'; kind: string | null; entries: { row: number; value: unknown }[] };

const tooManyRows = () => new IoRefusal(413, 'tooManyRows', REFUSAL.tooManyRows(IMPORT_LIMITS.maxRows), { limit: IMPORT_LIMITS.maxRows });

export function checkSize(size: number) {
  if (size > IMPORT_LIMITS.maxBytes) {
    throw new IoRefusal(413, 'fileTooLarge', REFUSAL.fileTooLarge(IMPORT_LIMITS.maxBytes, size), { limitMb: IMPORT_LIMITS.maxBytes / 1048576, sizeMb: (size / 1048576).toFixed(1) });
  }
  if (size === 0) throw new IoRefusal(400, 'empty', REFUSAL.empty());
}

/** The format by extension (what people see), confirmed by the first bytes. */
export function detectFormat(name: string, bytes: Uint8Array): FileFormat {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (ext === 'xlsx' || ext === 'xlsm') {
    if (!zip) throw new IoRefusal(415, 'notXlsx', REFUSAL.notXlsx(name), { name });
    return 'xlsx';
  }
  if (ext === 'csv') return 'csv';
  if (ext === 'json') return 'json';
  if (!ext || ext === 'blob') {
    if (zip) return 'xlsx';
    const first = String.fromCharCode(...bytes.subarray(0, 64)).replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart()[0];
    if (first === '{' || first === '[') return 'json';
  }
  throw new IoRefusal(415, 'unsupportedType', REFUSAL.unsupportedType(name || ext), { name: name || ext });
}

/** UTF-8 (with or without BOM), else GB18030 — what Excel on a Chinese Windows saves CSV as. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** The delimiter of a CSV by its first line: tab (a sheet pasted from Excel), comma, else semicolon. */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r|\n/) >>> 0);
  return !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : firstLine.includes(',') ? ',' : firstLine.includes(';') ? ';' : ',';
}

const csvUnreadable = (e: CsvError, records: number) => {
  const line = Number(e.lines ?? records + 1);
  if (e.code === 'CSV_QUOTE_NOT_CLOSED') return new IoRefusal(400, 'csvQuoteNotClosed', REFUSAL.csvQuoteNotClosed(line), { line });
  return new IoRefusal(400, 'csvUnreadable', REFUSAL.csvUnreadable(line, e.code), { line, code: e.code });
};

/**
 * RFC 4180 records (quoted fields may hold delimiters, quotes and line breaks), parsed by
 * csv-parse. Records are numbered as a spreadsheet shows them (a quoted line break stays in its
 * row); blank records are skipped but counted. Stops with the row limit as soon as more than
 * `maxRecords` non-blank records have been seen, so a million-row file is never held in full.
 * A quote inside an unquoted field is kept as text, as Excel writes it.
 */
export function parseCsv(text: string, maxRecords: number): { row: number; cells: string[] }[] {
  const out: { row: number; cells: string[] }[] = [];
  let n = 0;
  // csv-parse builds (and, under relax_column_count, drops) a CsvError for every row whose length
  // differs from the header's; capturing a stack trace for each was most of the time of a file
  // of short rows. The parse is synchronous, so nothing else runs while the limit is lowered.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    parse(text, {
      delimiter: delimiterOf(text),
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
      on_record: (record: string[]) => {
        n += 1;
        if (record.some((c) => c.trim() !== '')) {
          out.push({ row: n, cells: record.map(restoreText) });
          if (out.length > maxRecords) throw tooManyRows();
        }
        // Nothing is collected by csv-parse itself: the records are kept here.
        return null;
      },
    });
  } catch (e) {
    if (e instanceof IoRefusal) throw e;
    if (e instanceof CsvError) throw csvUnreadable(e, n);
    throw e;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  return out;
}

/** exceljs cell values (rich text, formulas, hyperlinks, errors) to plain cells. */
export function normalizeCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return restoreText(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    if ('result' in o) return normalizeCell(o.result);
    if ('formula' in o || 'sharedFormula' in o) return null;
    if ('text' in o) return normalizeCell(o.text);
    if ('error' in o) return String(o.error);
  }
  return String(v);
}

export interface SheetLimits {
  maxRows: number;
  maxUnpackedBytes: number;
  /** The refusal naming this import's row limit. */
  tooManyRows: () => IoRefusal;
}

/**
 * The first worksheet of an XLSX upload, read within limits: rows are counted from the compressed
 * sheet and the unpacked size checked (zip bombs) before exceljs parses anything. Shared by the
 * register and the record imports, which pass their own limits.
 */
export async function readXlsxSheet(name: string, bytes: Uint8Array, limits: SheetLimits): Promise<{ format: 'xlsx'; headerRow: number; headers: string[]; rows: SheetRow[] }> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let size;
  try {
    size = await measureXlsx(buf, limits.maxRows + 1, limits.maxUnpackedBytes);
  } catch (e) {
    if (e instanceof ZipFormatError) throw new IoRefusal(415, 'notXlsx', REFUSAL.notXlsx(name), { name });
    if (e instanceof ZipSizeLieError) throw new IoRefusal(413, 'unpackedLies', REFUSAL.unpackedLies(name, e.entry), { name, part: e.entry });
    throw e;
  }
  if (size.unpackedBytes > limits.maxUnpackedBytes) {
    throw new IoRefusal(413, 'unpackedTooLarge', REFUSAL.unpackedTooLarge(limits.maxUnpackedBytes), { limitMb: limits.maxUnpackedBytes / 1048576 });
  }
  if (size.rows > limits.maxRows + 1) throw limits.tooManyRows();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw new IoRefusal(400, 'unreadable', REFUSAL.unreadable(name, (e as Error).message), { name, reason: (e as Error).message });
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new IoRefusal(400, 'empty', REFUSAL.empty());
  let headerRow = 0;
  let headers: string[] = [];
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells = ((row.values as unknown[]) ?? []).slice(1).map(normalizeCell);
    for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
    if (cells.every((c) => isBlank(c))) return;
    if (!headerRow) {
      headerRow = rowNumber;
      headers = cells.map((c) => (c === null ? '' : c instanceof Date ? c.toISOString().slice(0, 10) : String(c).trim()));
      return;
    }
    rows.push({ row: rowNumber, cells });
  });
  if (rows.length > limits.maxRows) throw limits.tooManyRows();
  if (!headerRow || !rows.length) throw new IoRefusal(400, 'empty', REFUSAL.empty());
  return { format: 'xlsx', headerRow, headers, rows };
}

function readCsv(bytes: Uint8Array): ParsedFile {
  const text = decodeText(bytes).replace(/^\uFEFF/, '');
  const records = parseCsv(text, IMPORT_LIMITS.maxRows + 1);
  const [header, ...rest] = records;
  if (!header || !rest.length) throw new IoRefusal(400, 'empty', REFUSAL.empty());
  return { format: 'csv', headerRow: header.row, headers: header.cells, rows: rest.map((r) => ({ row: r.row, cells: r.cells })) };
}

function readJson(name: string, bytes: Uint8Array): ParsedFile {
  let doc: unknown;
  try {
    doc = JSON.parse(decodeText(bytes).replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new IoRefusal(400, 'unreadable', REFUSAL.unreadable(name, (e as Error).message), { name, reason: (e as Error).message });
  }
  const obj = doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : null;
  const list = Array.isArray(doc) ? doc : Array.isArray(obj?.entries) ? (obj!.entries as unknown[]) : null;
  if (!list) {
    const reason = 'expected { "entries": [ … ] } or an array of entries';
    throw new IoRefusal(400, 'unreadable', REFUSAL.unreadable(name, reason), { name, reason });
  }
  if (list.length > IMPORT_LIMITS.maxRows) throw tooManyRows();
  if (!list.length) throw new IoRefusal(400, 'empty', REFUSAL.empty());
  const kind = obj && typeof obj.kind === 'string' ? obj.kind : obj && typeof obj.kind === 'object' && obj.kind && typeof (obj.kind as { code?: unknown }).code === 'string' ? String((obj.kind as { code: string }).code) : null;
  // JSON has no header row: entry i is "row" i + 1.
  return { format: 'json', kind, entries: list.map((value, i) => ({ row: i + 1, value })) };
}

/**
 * Refuses a file holding text the database cannot store as given (NUL, unpaired surrogates:
 * server/limits/text.ts), naming the first row and column, before any row is analysed.
 */
export function assertStorableText(parsed: { headerRow: number; headers: string[]; rows: { row: number; cells: unknown[] }[] } | { entries: { row: number; value: unknown }[] }): void {
  if ('entries' in parsed) {
    for (const e of parsed.entries) {
      const bad = findBadText(e.value);
      if (bad) throw new IoRefusal(400, 'badText', REFUSAL.badText(e.row, bad.path || '—', bad.reason === 'nul'), { row: e.row, column: bad.path || '—', kind: bad.reason });
    }
    return;
  }
  const header = parsed.headers.findIndex((h) => findBadText(h));
  if (header >= 0) throw new IoRefusal(400, 'badText', REFUSAL.badText(parsed.headerRow, `#${header + 1}`, findBadText(parsed.headers[header])!.reason === 'nul'), { row: parsed.headerRow, column: `#${header + 1}`, kind: findBadText(parsed.headers[header])!.reason });
  for (const r of parsed.rows) {
    for (let i = 0; i < r.cells.length; i++) {
      const bad = findBadText(r.cells[i]);
      if (!bad) continue;
      const column = parsed.headers[i] || `#${i + 1}`;
      throw new IoRefusal(400, 'badText', REFUSAL.badText(r.row, column, bad.reason === 'nul'), { row: r.row, column, kind: bad.reason });
    }
  }
}

export async function readImportFile(name: string, bytes: Uint8Array): Promise<ParsedFile> {
  checkSize(bytes.byteLength);
  const format = detectFormat(name, bytes);
  const parsed =
    format === 'xlsx'
      ? await readXlsxSheet(name, bytes, { maxRows: IMPORT_LIMITS.maxRows, maxUnpackedBytes: IMPORT_LIMITS.maxUnpackedBytes, tooManyRows })
      : format === 'csv'
        ? readCsv(bytes)
        : readJson(name, bytes);
  assertStorableText(parsed);
  return parsed;
}
