import { guardRequest } from '@/server/http/guard';
import { actorOf } from '@/server/auth/viewer';
import { appendAudit } from '@/server/audit/append';
import { DomainError } from '@/server/errors';
import { errorResponse, downloadResponse } from '@/server/registers/io/http';
import { evidenceFile } from '@/server/objections/service';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHA = /^[0-9a-f]{64}$/;

/** An evidence file of an objection or a repair application (`kind` objection | repair), for whoever may see it. Audited. */
export async function GET(request: Request, { params }: { params: Promise<{ kind: string; id: string; sha: string }> }) {
  const guard = await guardRequest(request, ['filler', 'editor', 'approver', 'auditor', 'admin']);
  if (!guard.ok) return guard.response;
  const { ctx } = guard;
  const { kind, id, sha } = await params;
  try {
    if ((kind !== 'objection' && kind !== 'repair') || !UUID.test(id) || !SHA.test(sha)) throw new DomainError('NOT_FOUND', 'documents.errors.fileNotFound');
    const file = await evidenceFile(ctx.db, ctx.viewer, { kind, id, sha256: sha });
    await appendAudit(ctx.db, actorOf(ctx.viewer), { action: `${kind === 'objection' ? 'objection' : 'repair'}.download`, objectType: kind === 'objection' ? 'objection' : 'repair-application', objectId: id, after: { fileName: file.fileName, sha256: sha } });
    return downloadResponse({ fileName: file.fileName, contentType: file.mediaType, body: file.bytes, rows: 0 });
  } catch (e) {
    return errorResponse(e, ctx.locale);
  }
}
