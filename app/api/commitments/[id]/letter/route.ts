import { auditedFileDownload, UUID_PATTERN } from '@/server/http/file-download';
import { commitmentLetter } from '@/server/commitments/service';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The commitment letter (DOCX) for whoever may see the commitment. Every download is audited. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return auditedFileDownload(request, {
    valid: UUID_PATTERN.test(id),
    notFoundKey: 'commitments.errors.notFound',
    load: (ctx) => commitmentLetter(ctx.db, ctx.viewer, id),
    audit: (file) => ({ action: 'commitment.download', objectType: 'commitment', objectId: id, after: { fileName: file.fileName } }),
  });
}
