/**
 * Word documents from templates kept as data (DESIGN §8): an office uploads its DOCX (红头 layout)
 * with `{{占位符}}` placeholders; the system fills it with docxtemplater (a maintained library that
 * copes with Word splitting a placeholder over several runs) and keeps the produced file.
 *
 * An upload is untrusted: before any library inflates it, every part's real inflated size is
 * checked with zlib's output cap (a ZIP may declare small sizes and inflate to gigabytes), and the
 * file must be a Word document (word/document.xml). The same checks run before filling.
 */
import { inflateRawSync } from 'node:zlib';
import PizZip from 'pizzip';
import Docxtemplater from 'docxtemplater';
import { DomainError } from '../errors';

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** Upload limit of a template (compressed). */
export const MAX_TEMPLATE_BYTES = 2 * 1024 * 1024;
/** What all parts of a document may inflate to, together. */
const MAX_INFLATED_BYTES = 40 * 1024 * 1024;
const MAX_PARTS = 500;
const DELIMITERS = { start: '{{', end: '}}' };

interface CompressedData {
  compressedSize: number;
  uncompressedSize: number;
  compressionMethod?: string;
  getCompressedContent(): Uint8Array | Buffer | string;
}

function refuseNotDocx(): never {
  throw new DomainError('INVALID_INPUT', 'documents.errors.notDocx', {}, [{ path: 'file', key: 'documents.errors.notDocx' }]);
}

/** Opens a DOCX after checking every part's real inflated size; refuses anything else. */
function openDocx(bytes: Uint8Array): PizZip {
  if (bytes.length > MAX_TEMPLATE_BYTES * 5) throw new DomainError('INVALID_INPUT', 'documents.errors.tooLarge', { limit: '2 MB' }, [{ path: 'file', key: 'documents.errors.tooLarge', params: { limit: '2 MB' } }]);
  let zip: PizZip;
  try {
    zip = new PizZip(bytes);
  } catch {
    refuseNotDocx();
  }
  const files = Object.values(zip.files);
  if (files.length > MAX_PARTS) refuseNotDocx();
  let total = 0;
  for (const f of files) {
    if (f.dir) continue;
    const data = (f as unknown as { _data?: CompressedData })._data;
    if (!data || typeof data.getCompressedContent !== 'function') continue;
    const raw = data.getCompressedContent();
    const buf = typeof raw === 'string' ? Buffer.from(raw, 'binary') : Buffer.from(raw);
    let size: number;
    if (data.compressionMethod === '\x00\x00') size = buf.length; // STORE: the bytes are the content
    else {
      try {
        size = inflateRawSync(buf, { maxOutputLength: MAX_INFLATED_BYTES - total + 1 }).length;
      } catch (e) {
        if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new DomainError('INVALID_INPUT', 'documents.errors.inflatesTooMuch', { limit: '40 MB' }, [{ path: 'file', key: 'documents.errors.inflatesTooMuch', params: { limit: '40 MB' } }]);
        refuseNotDocx();
      }
    }
    total += size;
    if (total > MAX_INFLATED_BYTES) throw new DomainError('INVALID_INPUT', 'documents.errors.inflatesTooMuch', { limit: '40 MB' }, [{ path: 'file', key: 'documents.errors.inflatesTooMuch', params: { limit: '40 MB' } }]);
  }
  if (!zip.file('word/document.xml')) refuseNotDocx();
  return zip;
}

type Parser = (tag: string) => { get: (scope: unknown) => unknown };
const plainParser: Parser = (tag) => ({ get: (scope) => (scope && typeof scope === 'object' && Object.hasOwn(scope, tag) ? (scope as Record<string, unknown>)[tag] : '') });

function templater(zip: PizZip, parser: Parser = plainParser) {
  try {
    return new Docxtemplater(zip, { paragraphLoop: true, linebreaks: true, delimiters: DELIMITERS, parser, nullGetter: () => '', errorLogging: false });
  } catch (e) {
    // A template docxtemplater cannot parse (e.g. an unclosed {{): name the first problem.
    const detail = (e as { properties?: { errors?: { properties?: { explanation?: string } }[] } }).properties?.errors?.[0]?.properties?.explanation ?? '';
    throw new DomainError('INVALID_INPUT', 'documents.errors.badTemplate', { detail }, [{ path: 'file', key: 'documents.errors.badTemplate', params: { detail } }]);
  }
}

/** The placeholders a template uses, in the order first seen. */
export function placeholdersOf(bytes: Uint8Array): string[] {
  // docxtemplater compiles every tag through the parser when it opens the template: record them.
  const seen = new Set<string>();
  templater(openDocx(bytes), (tag) => {
    seen.add(tag.trim());
    return plainParser(tag);
  });
  return [...seen];
}

/** Fills a template; values are plain text (line breaks become Word line breaks). */
export function fillDocx(template: Uint8Array, values: Record<string, string>): Uint8Array {
  const doc = templater(openDocx(template));
  doc.render(values);
  return doc.getZip().generate({ type: 'uint8array', compression: 'DEFLATE' });
}

/** The text of a document, paragraph by paragraph (print view, tests). */
export function docxText(bytes: Uint8Array): string {
  const xml = openDocx(bytes).file('word/document.xml')!.asText();
  const paragraphs: string[] = [];
  for (const p of xml.split('</w:p>')) {
    let text = '';
    // Text runs and explicit breaks, in document order.
    for (const m of p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:br\/>|<w:tab\/>/g)) text += m[1] !== undefined ? m[1] : m[0] === '<w:tab/>' ? '\t' : '\n';
    if (text || p.includes('<w:p')) paragraphs.push(unescapeXml(text));
  }
  return paragraphs.join('\n').trim();
}

function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface DocParagraph {
  text: string;
  style?: 'redTitle' | 'title' | 'number' | 'body' | 'right';
}

const RUN_PROPS: Record<NonNullable<DocParagraph['style']>, string> = {
  redTitle: '<w:rFonts w:eastAsia="SimSun"/><w:b/><w:color w:val="C00000"/><w:sz w:val="44"/>',
  title: '<w:rFonts w:eastAsia="SimHei"/><w:b/><w:sz w:val="36"/>',
  number: '<w:rFonts w:eastAsia="FangSong"/><w:sz w:val="32"/>',
  body: '<w:rFonts w:eastAsia="FangSong"/><w:sz w:val="32"/>',
  right: '<w:rFonts w:eastAsia="FangSong"/><w:sz w:val="32"/>',
};
const ALIGN: Record<NonNullable<DocParagraph['style']>, string> = { redTitle: 'center', title: 'center', number: 'center', body: 'both', right: 'right' };

/**
 * A plain Word document (the default templates the office starts from and replaces with its own
 * 红头 files): one paragraph per line, a red heading, 仿宋 body. Valid OOXML that Word and
 * LibreOffice open.
 */
export function buildDocx(paragraphs: DocParagraph[]): Uint8Array {
  const body = paragraphs
    .map((p) => {
      const style = p.style ?? 'body';
      const indent = style === 'body' ? '<w:ind w:firstLineChars="200" w:firstLine="640"/>' : '';
      return `<w:p><w:pPr><w:jc w:val="${ALIGN[style]}"/>${indent}<w:spacing w:line="560" w:lineRule="exact"/></w:pPr><w:r><w:rPr>${RUN_PROPS[style]}</w:rPr><w:t xml:space="preserve">${escapeXml(p.text)}</w:t></w:r></w:p>`;
    })
    .join('');
  const zip = new PizZip();
  // A fixed timestamp: the same paragraphs always give the same bytes (and the same stored hash).
  const opts = { date: new Date(Date.UTC(2020, 0, 1)) };
  zip.file('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>', opts);
  zip.file('_rels/.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>', opts);
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>`,
    opts,
  );
  return zip.generate({ type: 'uint8array', compression: 'DEFLATE' });
}
