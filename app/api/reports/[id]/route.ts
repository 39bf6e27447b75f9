import { guardRequest } from '@/server/http/guard';
import { actorOf } from '@/server/auth/viewer';
import { appendAudit } from '@/server/audit/append';
import { DomainError } from '@/server/errors';
import { errorResponse, downloadResponse } from '@/server/registers/io/http';
import { reportFile } from '@/server/reports/service';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A credit report as issued (DOCX). Every download is audited. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const guard = await guardRequest(request, ['filler', 'editor', 'approver', 'auditor', 'admin']);
  if (!guard.ok) return guard.response;
  const { ctx } = guard;
  const { id } = await params;
  try {
    if (!UUID.test(id)) throw new DomainError('NOT_FOUND', 'creditReport.errors.notFound');
    const file = await reportFile(ctx.db, ctx.viewer, id);
    await appendAudit(ctx.db, actorOf(ctx.viewer), { action: 'credit_report.download', objectType: 'credit-report', objectId: id, after: { fileName: file.fileName } });
    return downloadResponse({ fileName: file.fileName, contentType: file.mediaType, body: file.bytes, rows: 0 });
  } catch (e) {
    return errorResponse(e, ctx.locale);
  }
}
