import { guardRequest } from '@/server/http/guard';
import { actorOf } from '@/server/auth/viewer';
import { appendAudit } from '@/server/audit/append';
import { DomainError } from '@/server/errors';
import { errorResponse, downloadResponse } from '@/server/registers/io/http';
import { caseFile } from '@/server/lists/service';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHA = /^[0-9a-f]{64}$/;

/** A case's produced document or evidence file, for whoever may see the case. Every download is audited. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string; sha: string }> }) {
  const guard = await guardRequest(request, ['filler', 'editor', 'approver', 'auditor', 'admin']);
  if (!guard.ok) return guard.response;
  const { ctx } = guard;
  const { id, sha } = await params;
  try {
    if (!UUID.test(id) || !SHA.test(sha)) throw new DomainError('NOT_FOUND', 'documents.errors.fileNotFound');
    const file = await caseFile(ctx.db, ctx.viewer, { caseId: id, sha256: sha });
    await appendAudit(ctx.db, actorOf(ctx.viewer), { action: 'list_case.download', objectType: 'list-case', objectId: id, after: { fileName: file.fileName, sha256: sha } });
    return downloadResponse({ fileName: file.fileName, contentType: file.mediaType, body: file.bytes, rows: 0 });
  } catch (e) {
    return errorResponse(e, ctx.locale);
  }
}
