import { guardRequest } from '@/server/http/guard';
import { hasAnyRole } from '@/server/auth/viewer';
import { errorResponse, readUploadForm } from '@/server/registers/io/http';
import { IoRefusal, REFUSAL } from '@/server/registers/io';
import { translate } from '@/server/i18n';
import { isUploadPurpose, MAX_EVIDENCE_BYTES, storeUpload } from '@/server/files/upload';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const tooLarge = (size: number) => new IoRefusal(413, 'fileTooLarge', { 'zh-CN': `文件过大（${(size / 1048576).toFixed(1)} MB），上限 10 MB。`, en: `The file is too large (${(size / 1048576).toFixed(1)} MB); the limit is 10 MB.` });

/**
 * POST /api/files — multipart: purpose (template:notice | template:decision | template:repair-notice |
 * template:removal | evidence), file. Templates: editors; evidence: department users and editors.
 * Answers `{ fileName, sha256, size, mediaType, placeholders? }` to put into the entry or objection.
 */
export async function POST(request: Request) {
  const guard = await guardRequest(request, ['editor', 'filler']);
  if (!guard.ok) return guard.response;
  const { ctx } = guard;
  try {
    const form = await readUploadForm(request, MAX_EVIDENCE_BYTES, tooLarge);
    const purpose = String(form.get('purpose') ?? '');
    if (!isUploadPurpose(purpose)) return Response.json({ error: translate(ctx.locale, 'documents.errors.purpose') }, { status: 400 });
    if (purpose !== 'evidence' && !hasAnyRole(ctx.viewer, ['editor'])) return Response.json({ error: translate(ctx.locale, 'errors.forbidden') }, { status: 403 });
    const file = form.get('file');
    if (!file || typeof file === 'string') throw new IoRefusal(400, 'noFile', REFUSAL.noFile());
    const stored = await storeUpload(ctx.db, ctx.viewer.id, purpose, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    return Response.json(stored, { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    return errorResponse(e, ctx.locale);
  }
}
