/**
 * Just enough of the ZIP format to size up an uploaded .xlsx before handing it to exceljs:
 * exceljs inflates and parses the whole workbook in memory, so a 10 MB file holding a million
 * rows (XML compresses ~20:1) would cost gigabytes. We read the central directory, refuse
 * archives whose declared unpacked size is absurd, and stream-inflate the first worksheet only
 * to count its `<row>` elements, stopping as soon as the limit is passed.
 */
import { createInflateRaw } from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export class ZipFormatError extends Error {}

export function zipEntries(buf: Buffer): ZipEntry[] {
  // End of central directory: the last 22+ bytes (plus an optional comment up to 64 KiB).
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new ZipFormatError('broken central directory');
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    out.push({
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function dataOf(buf: Buffer, e: ZipEntry): Buffer {
  const p = e.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50) throw new ZipFormatError(`broken local header for ${e.name}`);
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const end = start + e.compressedSize;
  if (end > buf.length) throw new ZipFormatError(`truncated entry ${e.name}`);
  return buf.subarray(start, end);
}

async function* inflateChunks(buf: Buffer, e: ZipEntry): AsyncGenerator<Buffer> {
  const data = dataOf(buf, e);
  if (e.method === 0) {
    yield data;
    return;
  }
  if (e.method !== 8) throw new ZipFormatError(`unsupported compression ${e.method} for ${e.name}`);
  const inflater = createInflateRaw();
  inflater.end(data);
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
  } finally {
    inflater.destroy();
  }
}

async function readText(buf: Buffer, e: ZipEntry, maxBytes = 4 * 1048576): Promise<string> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of inflateChunks(buf, e)) {
    n += c.length;
    if (n > maxBytes) throw new ZipFormatError(`${e.name} is too large`);
    parts.push(c);
  }
  return Buffer.concat(parts).toString('utf8');
}

/** The path of the first worksheet in workbook order (what exceljs calls worksheets[0]). */
async function firstSheetPath(buf: Buffer, entries: ZipEntry[]): Promise<string | null> {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const wb = byName.get('xl/workbook.xml');
  const rels = byName.get('xl/_rels/workbook.xml.rels');
  if (wb && rels) {
    const sheet = /<(?:\w+:)?sheet\b[^>]*?\br:id="([^"]+)"/.exec(await readText(buf, wb));
    if (sheet) {
      const relsXml = await readText(buf, rels);
      for (const m of relsXml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
        const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
        const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
        if (id === sheet[1] && target) return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
      }
    }
  }
  return entries.find((e) => /^xl\/worksheets\/[^/]+\.xml$/.test(e.name))?.name ?? null;
}

export interface XlsxSize {
  /** `<row>` elements in the first worksheet, counted up to `stopAfter + 1`. */
  rows: number;
  unpackedBytes: number;
}

/**
 * Counts the rows of the first worksheet without parsing it, stopping past `stopAfter` rows or
 * `maxUnpacked` inflated bytes (declared sizes can lie; inflated ones cannot).
 */
export async function measureXlsx(buf: Buffer, stopAfter: number, maxUnpacked: number): Promise<XlsxSize> {
  const entries = zipEntries(buf);
  let unpackedBytes = entries.reduce((s, e) => s + e.size, 0);
  if (unpackedBytes > maxUnpacked) return { rows: 0, unpackedBytes };
  const path = await firstSheetPath(buf, entries);
  const sheet = path ? entries.find((e) => e.name === path) : undefined;
  if (!sheet) throw new ZipFormatError('no worksheet');
  let rows = 0;
  let tail = '';
  const re = /<(?:\w+:)?row[\s>/]/g;
  let inflated = 0;
  for await (const chunk of inflateChunks(buf, sheet)) {
    inflated += chunk.length;
    if (inflated > maxUnpacked) {
      unpackedBytes = Math.max(unpackedBytes, inflated);
      break;
    }
    // Tags are ASCII: latin1 decoding is exact for them and cheap; keep a tail for split tags.
    const text = tail + chunk.toString('latin1');
    re.lastIndex = 0;
    let last = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      rows += 1;
      last = m.index + m[0].length;
    }
    if (rows > stopAfter) break;
    tail = text.slice(Math.max(last, text.length - 8));
  }
  return { rows, unpackedBytes };
}
