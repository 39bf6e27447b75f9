/** Reading a document template out of a list entry version (or the default template of the field). */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { entry, entryVersion } from '../db/schema';
import { DomainError } from '../errors';
import { hasAnyRole, type Viewer } from '../auth/viewer';
import { IN_FORCE_STATUSES } from '../registers/status';
import { DOC_KINDS, DOC_KIND_NAMES, TEMPLATE_FIELD, type DocKind } from '../../catalog/lists/documents';
import type { TemplateRef } from '../../catalog/lists/types';
import { DOCX_MEDIA_TYPE } from '../documents/docx';
import { getFile } from '../files/service';
import { defaultTemplate } from './default-templates';

export async function templateFile(db: Db, viewer: Viewer, input: { kind: string; code: string; version: number; field: string }) {
  const docKind = DOC_KINDS.find((k) => TEMPLATE_FIELD[k] === input.field) as DocKind | undefined;
  const [v] = await db
    .select({ status: entryVersion.status, content: entryVersion.content })
    .from(entryVersion)
    .innerJoin(entry, eq(entry.id, entryVersion.entryId))
    .where(and(eq(entry.kindCode, input.kind), eq(entry.code, input.code), eq(entryVersion.version, input.version)));
  // Drafts and versions under review are the editors' (and approvers') business; others see them as missing.
  const visible = v && ((IN_FORCE_STATUSES as readonly string[]).includes(v.status) || hasAnyRole(viewer, ['editor', 'approver', 'auditor', 'admin']));
  if (!docKind || !v || !visible) throw new DomainError('NOT_FOUND', 'documents.errors.fileNotFound');
  const ref = (v.content as Record<string, unknown>)[input.field] as TemplateRef | undefined;
  if (!ref) return { fileName: `${DOC_KIND_NAMES[docKind]['zh-CN']}（通用模板）.docx`, mediaType: DOCX_MEDIA_TYPE, bytes: defaultTemplate(docKind) };
  const f = await getFile(db, ref.sha256);
  return { fileName: ref.fileName, mediaType: f.mediaType, bytes: f.bytes };
}
