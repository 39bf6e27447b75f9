/** Streamed CSV / XLSX of pages of rows (evaluation results, the query log), via server/io/stream. */
import { stringify } from 'csv-stringify/sync';
import { streamOf, xlsxStreamOf } from '../io/stream';

const enc = new TextEncoder();

async function* csvChunks(header: readonly string[], pages: AsyncGenerator<(string | number | null)[][]>): AsyncGenerator<Uint8Array> {
  // BOM: Excel opens UTF-8 CSV with Chinese text correctly only with it.
  yield enc.encode('\uFEFF' + stringify([header as string[]]));
  for await (const rows of pages) yield enc.encode(stringify(rows));
}

export function tableStream(format: 'csv' | 'xlsx', sheet: string, header: readonly string[], pages: AsyncGenerator<(string | number | null)[][]>): ReadableStream<Uint8Array> {
  return format === 'xlsx' ? xlsxStreamOf(sheet, header, pages) : streamOf(csvChunks(header, pages));
}

export const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;
