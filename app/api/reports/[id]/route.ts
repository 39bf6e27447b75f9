import { auditedFileDownload, UUID_PATTERN } from '@/server/http/file-download';
import { reportFile } from '@/server/reports/service';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** A credit report as issued (DOCX). Every download is audited. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return auditedFileDownload(request, {
    valid: UUID_PATTERN.test(id),
    notFoundKey: 'creditReport.errors.notFound',
    load: (ctx) => reportFile(ctx.db, ctx.viewer, id),
    audit: (file) => ({ action: 'credit_report.download', objectType: 'credit-report', objectId: id, after: { fileName: file.fileName } }),
  });
}
