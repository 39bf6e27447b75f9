/**
 * Sizes up an uploaded .xlsx before exceljs parses it. exceljs inflates and parses the whole
 * workbook in memory, so a 10 MB upload can cost gigabytes: a million rows (XML compresses
 * ~20:1), or a zip bomb whose part (say xl/sharedStrings.xml) declares a small size and
 * inflates to gigabytes. The archive is read with yauzl, which stops an entry as soon as it
 * inflates past the size the archive declares for it; we add the declared sizes before
 * inflating anything, keep a running count of inflated bytes across every part, and count the
 * first worksheet's `<row>` elements on the way, stopping at whichever limit is passed first.
 * Nothing inflated is kept except workbook.xml and its relationships (to find the first sheet).
 */
import yauzl from 'yauzl';

export class ZipFormatError extends Error {}

/** An entry inflated to more than the archive declares for it: a forged archive (zip bomb). */
export class ZipSizeLieError extends Error {
  readonly entry: string;
  constructor(entry: string) {
    super(`${entry} inflates to more than its declared size`);
    this.entry = entry;
  }
}

export interface XlsxSize {
  /** `<row>` elements in the first worksheet, counted up to `stopAfter + 1`. */
  rows: number;
  /** Bytes declared or inflated, whichever is larger; past `maxUnpacked` the walk stopped there. */
  unpackedBytes: number;
}

function openZip(buf: Buffer): Promise<{ zip: yauzl.ZipFile; entries: yauzl.Entry[] }> {
  return new Promise((resolve, reject) => {
    // validateEntrySizes: yauzl errors an entry's stream the moment it passes its declared size.
    yauzl.fromBuffer(buf, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (err, zip) => {
      if (err || !zip) return reject(new ZipFormatError(err?.message ?? 'not a zip archive'));
      const entries: yauzl.Entry[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        entries.push(e);
        zip.readEntry();
      });
      zip.on('end', () => resolve({ zip, entries }));
      zip.on('error', (e: Error) => reject(new ZipFormatError(e.message)));
      zip.readEntry();
    });
  });
}

function openStream(zip: yauzl.ZipFile, e: yauzl.Entry): Promise<NodeJS.ReadableStream & { destroy(): void }> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(e, (err, stream) => (err || !stream ? reject(new ZipFormatError(err?.message ?? `cannot read ${e.fileName}`)) : resolve(stream)));
  });
}

/**
 * Inflates one entry chunk by chunk. `onChunk` returns false to stop early. yauzl's size check
 * surfaces as a stream error "too many bytes in the stream" (index.js, AssertByteCountStream);
 * the zip-bomb test in io.test.ts fails if that wording ever changes.
 */
async function inflate(zip: yauzl.ZipFile, e: yauzl.Entry, onChunk: (chunk: Buffer) => boolean): Promise<void> {
  const stream = await openStream(zip, e);
  let inflated = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      // yauzl already stops here; checked again so the limit never rests on one option.
      if (inflated > e.uncompressedSize) throw new ZipSizeLieError(e.fileName);
      if (!onChunk(chunk)) break;
    }
  } catch (err) {
    if (err instanceof ZipSizeLieError) throw err;
    const message = (err as Error).message ?? '';
    if (/too many bytes in the stream/.test(message)) throw new ZipSizeLieError(e.fileName);
    throw new ZipFormatError(`${e.fileName}: ${message}`);
  } finally {
    stream.destroy();
  }
}

/** The path of the first worksheet in workbook order (what exceljs calls worksheets[0]). */
function firstSheetPath(entries: yauzl.Entry[], text: Map<string, string>): string | null {
  const wb = text.get('xl/workbook.xml');
  const rels = text.get('xl/_rels/workbook.xml.rels');
  if (wb && rels) {
    const sheet = /<(?:\w+:)?sheet\b[^>]*?\br:id="([^"]+)"/.exec(wb);
    if (sheet) {
      for (const m of rels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
        const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
        const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
        if (id === sheet[1] && target) return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
      }
    }
  }
  return entries.find((e) => /^xl\/worksheets\/[^/]+\.xml$/.test(e.fileName))?.fileName ?? null;
}

/** workbook.xml and its relationships are small; a larger one is not a workbook we read. */
const MAX_INDEX_PART = 4 * 1048576;

/**
 * Counts the rows of the first worksheet and the inflated size of every part, stopping past
 * `stopAfter` rows or `maxUnpacked` bytes (declared or inflated). Throws `ZipSizeLieError` when a
 * part inflates past its declared size and `ZipFormatError` when the archive is not readable.
 */
export async function measureXlsx(buf: Buffer, stopAfter: number, maxUnpacked: number): Promise<XlsxSize> {
  const { zip, entries } = await openZip(buf);
  try {
    const declared = entries.reduce((s, e) => s + e.uncompressedSize, 0);
    if (declared > maxUnpacked) return { rows: 0, unpackedBytes: declared };

    let unpacked = 0;
    const over = () => unpacked > maxUnpacked;
    const text = new Map<string, string>();
    const indexParts = entries.filter((e) => e.fileName === 'xl/workbook.xml' || e.fileName === 'xl/_rels/workbook.xml.rels');
    for (const e of indexParts) {
      const parts: Buffer[] = [];
      let size = 0;
      await inflate(zip, e, (c) => {
        unpacked += c.length;
        size += c.length;
        if (size > MAX_INDEX_PART) throw new ZipFormatError(`${e.fileName} is too large`);
        parts.push(c);
        return true;
      });
      text.set(e.fileName, Buffer.concat(parts).toString('utf8'));
    }
    const path = firstSheetPath(entries, text);
    const sheet = path ? entries.find((e) => e.fileName === path) : undefined;
    if (!sheet) throw new ZipFormatError('no worksheet');

    let rows = 0;
    let tail = '';
    const re = /<(?:\w+:)?row[\s>/]/g;
    await inflate(zip, sheet, (chunk) => {
      unpacked += chunk.length;
      if (over()) return false;
      // Tags are ASCII: latin1 decoding is exact for them and cheap; keep a tail for split tags.
      const s = tail + chunk.toString('latin1');
      re.lastIndex = 0;
      let last = 0;
      for (let m = re.exec(s); m; m = re.exec(s)) {
        rows += 1;
        last = m.index + m[0].length;
      }
      tail = s.slice(Math.max(last, s.length - 8));
      return rows <= stopAfter;
    });
    if (over() || rows > stopAfter) return { rows, unpackedBytes: Math.max(declared, unpacked) };

    // Every other part too: exceljs inflates them all (shared strings, styles, drawings…).
    for (const e of entries) {
      if (e === sheet || indexParts.includes(e) || e.fileName.endsWith('/')) continue;
      await inflate(zip, e, (c) => {
        unpacked += c.length;
        return !over();
      });
      if (over()) break;
    }
    return { rows, unpackedBytes: Math.max(declared, unpacked) };
  } finally {
    zip.close();
  }
}
