/**
 * Streamed downloads shared by every export (audit history, records, evaluation results):
 * a pull-driven byte stream over an async generator, and an XLSX writer over pages of rows that
 * waits for the zip and the client to catch up, so memory stays flat whatever the row count.
 * Every text cell of a CSV or XLSX export passes `inertText`, so a spreadsheet never runs what
 * someone typed into a record, a register or a lookup purpose as a formula.
 */
import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';

/** A pull-driven byte stream over an async generator: one chunk per pull, so a slow client
 *  simply stops the database reads. Cancelling (client gone) closes the generator. */
export function streamOf(chunks: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (e) {
        controller.error(e);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/** What makes a spreadsheet read a cell as a formula (OWASP "CSV injection"): = + - @, a tab or a CR first. */
const FORMULA_LEAD = /^[=+\-@\t\r]/;
/** A plain number keeps its sign: "-12.5" is an amount, not a formula. */
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const formulaLike = (s: string) => FORMULA_LEAD.test(s) && !PLAIN_NUMBER.test(s);

/**
 * Text for a CSV or XLSX cell: a leading apostrophe on text a spreadsheet would run as a formula,
 * so `=HYPERLINK(…)` typed into a lookup purpose shows as text. Numbers (and numeric text such
 * as "-12.5") are left alone. Machine formats (JSON, the audit JSONL bundle) never pass here.
 */
export function inertText(s: string): string {
  return formulaLike(s) ? `'${s}` : s;
}

/** `inertText` on string cells; numbers, dates, booleans and empty cells as they are. */
export function inertCell<T>(v: T): T | string {
  return typeof v === 'string' ? inertText(v) : v;
}

/**
 * Undoes `inertText` on a cell read back from an uploaded file, so an exported register (or an
 * annotated import report) imports with the values it was exported with.
 */
export function restoreText(s: string): string {
  return s.length > 1 && s.charCodeAt(0) === 39 && formulaLike(s.slice(1)) ? s.slice(1) : s;
}

/** Excel's limits: 1,048,576 rows per sheet, 32,767 characters per cell. (Characters XML
 *  cannot carry are dropped by exceljs itself.) */
export const XLSX_ROWS_PER_SHEET = 1_000_000;
const XLSX_MAX_CELL = 32_767;

export function xlsxText(v: string | null): string {
  if (!v) return '';
  return v.length > XLSX_MAX_CELL ? `${v.slice(0, XLSX_MAX_CELL - 1)}…` : v;
}

/** The part of a Node or readable-stream@2 writable we wait on (archiver ships the latter). */
interface DrainableStream {
  _writableState?: { length: number; needDrain: boolean };
  destroyed?: boolean;
  on(event: 'drain' | 'close', fn: () => void): unknown;
  removeListener(event: 'drain' | 'close', fn: () => void): unknown;
}

/** Resolves once `stream` has drained, at once if it holds nothing, or when `out` closes
 *  (the client went away, nothing will drain any more). */
function drained(stream: DrainableStream, out: PassThrough): Promise<void> {
  const state = stream._writableState;
  if (!state?.needDrain || stream.destroyed || out.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.removeListener('drain', done);
      stream.removeListener('close', done);
      out.removeListener('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
    out.on('close', done);
  });
}

/**
 * exceljs writes a worksheet's XML into the zip's input stream without heeding backpressure
 * (exceljs issues #1894, #2916): on a million rows that buffered the whole uncompressed sheet,
 * ~700 MB. After each page we wait until the zip side has taken what we wrote, and until the
 * client has taken the zip. This reaches into the worksheet's stream and its pipes, which
 * exceljs 4 does not type; if a later version changes them we merely stop waiting (memory
 * then grows, the output stays right).
 */
async function zipCaughtUp(sheet: unknown, out: PassThrough): Promise<void> {
  const pipes = (sheet as { stream?: { pipes?: unknown } }).stream?.pipes;
  if (Array.isArray(pipes)) {
    for (const p of pipes as DrainableStream[]) if (typeof p?.on === 'function') await drained(p, out);
  }
  await drained(out as unknown as DrainableStream, out);
}

/**
 * Pages of rows as XLSX, written by exceljs's streaming WorkbookWriter: each row is committed
 * as soon as it is added, the zip is written into a PassThrough, and that is bridged to a web
 * ReadableStream. After each page the writer waits for the zip and the client to catch up
 * (`zipCaughtUp`), so a slow client holds back the database reads instead of filling memory.
 * A sheet past Excel's row limit continues on `<name>-2`, `<name>-3` …
 */
export function xlsxStreamOf(sheetName: string, header: readonly string[], pages: AsyncGenerator<(string | number | null)[][]>): ReadableStream<Uint8Array> {
  const pass = new PassThrough({ highWaterMark: 1 << 20 });
  const produce = async () => {
    // Loaded on first use: exceljs is large, and CSV/JSONL exports never need it.
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: pass, useStyles: false, useSharedStrings: false });
    let sheetNo = 1;
    let sheet = workbook.addWorksheet(sheetName);
    sheet.addRow(header.map(inertText)).commit();
    let rowsInSheet = 0;
    for await (const page of pages) {
      if (pass.destroyed) return;
      for (const cells of page) {
        if (rowsInSheet === XLSX_ROWS_PER_SHEET) {
          sheet.commit();
          sheet = workbook.addWorksheet(`${sheetName}-${++sheetNo}`);
          sheet.addRow(header.map(inertText)).commit();
          rowsInSheet = 0;
        }
        sheet.addRow(cells.map(inertCell)).commit();
        rowsInSheet += 1;
      }
      await zipCaughtUp(sheet, pass);
    }
    sheet.commit();
    await workbook.commit();
  };
  produce().catch((e: unknown) => pass.destroy(e as Error));
  pass.on('close', () => {
    void pages.return(undefined);
  });
  return Readable.toWeb(pass) as unknown as ReadableStream<Uint8Array>;
}

const enc = new TextEncoder();

async function* csvChunks(header: readonly string[], pages: AsyncGenerator<(string | number | null)[][]>): AsyncGenerator<Uint8Array> {
  // BOM: spreadsheet programs open UTF-8 CSV with Chinese text correctly only with it.
  yield enc.encode('\uFEFF' + stringify([header.map(inertText)]));
  for await (const rows of pages) yield enc.encode(stringify(rows.map((cells) => cells.map(inertCell))));
}

export const TABLE_FORMATS = ['csv', 'xlsx'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];
export const TABLE_CONTENT_TYPES: Record<TableFormat, string> = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

/** Pages of rows as CSV (UTF-8 with BOM, header row) or XLSX, streamed. */
export function tableStream(format: TableFormat, sheet: string, header: readonly string[], pages: AsyncGenerator<(string | number | null)[][]>): ReadableStream<Uint8Array> {
  return format === 'xlsx' ? xlsxStreamOf(sheet, header, pages) : streamOf(csvChunks(header, pages));
}
