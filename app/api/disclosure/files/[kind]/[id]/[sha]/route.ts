import { auditedFileDownload, SHA256_PATTERN, UUID_PATTERN } from '@/server/http/file-download';
import { evidenceFile } from '@/server/objections/service';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** An evidence file of an objection or a repair application (`kind` objection | repair), for whoever may see it. Audited. */
export async function GET(request: Request, { params }: { params: Promise<{ kind: string; id: string; sha: string }> }) {
  const { kind, id, sha } = await params;
  const objection = kind === 'objection';
  return auditedFileDownload(request, {
    valid: (objection || kind === 'repair') && UUID_PATTERN.test(id) && SHA256_PATTERN.test(sha),
    notFoundKey: 'documents.errors.fileNotFound',
    load: (ctx) => evidenceFile(ctx.db, ctx.viewer, { kind: objection ? 'objection' : 'repair', id, sha256: sha }),
    audit: (file) => ({ action: objection ? 'objection.download' : 'repair.download', objectType: objection ? 'objection' : 'repair-application', objectId: id, after: { fileName: file.fileName, sha256: sha } }),
  });
}
