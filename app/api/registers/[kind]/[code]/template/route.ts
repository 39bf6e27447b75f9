import { guardRequest } from '@/server/http/guard';
import { DomainError } from '@/server/errors';
import { errorResponse, downloadResponse } from '@/server/registers/io/http';
import { templateFile } from '@/server/lists/templates';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * GET /api/registers/[kind]/[code]/template?version=N&field=noticeTemplate — a document template
 * kept in a register entry, or the default one when the field is empty (so an office can start
 * from it). Published versions for every reader; drafts for editors.
 */
export async function GET(request: Request, { params }: { params: Promise<{ kind: string; code: string }> }) {
  const guard = await guardRequest(request, ['filler', 'editor', 'approver', 'auditor', 'admin']);
  if (!guard.ok) return guard.response;
  const { ctx } = guard;
  const { kind, code } = await params;
  const url = new URL(request.url);
  try {
    const version = Number(url.searchParams.get('version'));
    const field = url.searchParams.get('field') ?? '';
    if (!Number.isInteger(version) || version < 1) throw new DomainError('NOT_FOUND', 'documents.errors.fileNotFound');
    const file = await templateFile(ctx.db, ctx.viewer, { kind, code, version, field });
    return downloadResponse({ fileName: file.fileName, contentType: file.mediaType, body: file.bytes, rows: 0 });
  } catch (e) {
    return errorResponse(e, ctx.locale);
  }
}
