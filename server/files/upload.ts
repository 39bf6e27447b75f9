/**
 * What may be uploaded, per purpose: a DOCX template of a list document (editors; checked to be a
 * Word file with only the placeholders that document knows), or evidence for an objection
 * (department users; PDF, images, Word, Excel, text). The bytes are stored content-addressed; the
 * object that refers to them (list entry, objection) is what gets audited.
 */
import type { Db } from '../db';
import { DomainError } from '../errors';
import { DOC_KINDS, DOC_KIND_NAMES, unknownPlaceholders, type DocKind } from '../../catalog/lists/documents';
import { DOCX_MEDIA_TYPE, MAX_TEMPLATE_BYTES, placeholdersOf } from '../documents/docx';
import { putFile } from './service';

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

/** Evidence types by extension, checked against the file's first bytes where a signature exists. */
const EVIDENCE_TYPES: Record<string, { mediaType: string; magic?: number[] }> = {
  pdf: { mediaType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46] },
  png: { mediaType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47] },
  jpg: { mediaType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  jpeg: { mediaType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  docx: { mediaType: DOCX_MEDIA_TYPE, magic: [0x50, 0x4b, 0x03, 0x04] },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: [0x50, 0x4b, 0x03, 0x04] },
  txt: { mediaType: 'text/plain; charset=utf-8' },
};

export type UploadPurpose = `template:${DocKind}` | 'evidence';

export function isUploadPurpose(v: string): v is UploadPurpose {
  return v === 'evidence' || (v.startsWith('template:') && (DOC_KINDS as readonly string[]).includes(v.slice(9)));
}

const refuse = (key: string, params: Record<string, string | number> = {}) => new DomainError('INVALID_INPUT', key, params, [{ path: 'file', key, params }]);

/** `userId` null: an anonymous visitor's evidence from the public objection form (same type and size checks). */
export async function storeUpload(db: Db, userId: string | null, purpose: UploadPurpose, file: { name: string; bytes: Uint8Array }) {
  const fileName = file.name.replace(/[\\/]/g, '_').slice(0, 200) || 'upload';
  if (!file.bytes.length) throw refuse('documents.errors.empty');
  if (purpose === 'evidence') {
    const ext = fileName.toLowerCase().split('.').pop() ?? '';
    const type = EVIDENCE_TYPES[ext];
    if (!type) throw refuse('documents.errors.evidenceType', { types: Object.keys(EVIDENCE_TYPES).join('、') });
    if (file.bytes.length > MAX_EVIDENCE_BYTES) throw refuse('documents.errors.tooLarge', { limit: '10 MB' });
    if (type.magic && !type.magic.every((b, i) => file.bytes[i] === b)) throw refuse('documents.errors.evidenceMismatch', { ext });
    const ref = await putFile(db, { bytes: file.bytes, mediaType: type.mediaType, createdBy: userId });
    return { fileName, ...ref };
  }
  const kind = purpose.slice(9) as DocKind;
  if (file.bytes.length > MAX_TEMPLATE_BYTES) throw refuse('documents.errors.tooLarge', { limit: '2 MB' });
  if (!fileName.toLowerCase().endsWith('.docx')) throw refuse('documents.errors.notDocx');
  const placeholders = placeholdersOf(file.bytes);
  const unknown = unknownPlaceholders(kind, placeholders);
  if (unknown.length) throw refuse('documents.errors.unknownPlaceholders', { document: DOC_KIND_NAMES[kind]['zh-CN'], placeholders: unknown.map((u) => `{{${u}}}`).join('、') });
  const ref = await putFile(db, { bytes: file.bytes, mediaType: DOCX_MEDIA_TYPE, placeholders, createdBy: userId });
  return { fileName, ...ref, placeholders };
}
