import { auditedFileDownload, SHA256_PATTERN, UUID_PATTERN } from '@/server/http/file-download';
import { caseFile } from '@/server/lists/service';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** A case's produced document or evidence file, for whoever may see the case. Every download is audited. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string; sha: string }> }) {
  const { id, sha } = await params;
  return auditedFileDownload(request, {
    valid: UUID_PATTERN.test(id) && SHA256_PATTERN.test(sha),
    notFoundKey: 'documents.errors.fileNotFound',
    load: (ctx) => caseFile(ctx.db, ctx.viewer, { caseId: id, sha256: sha }),
    audit: (file) => ({ action: 'list_case.download', objectType: 'list-case', objectId: id, after: { fileName: file.fileName, sha256: sha } }),
  });
}
