import { handled } from '@/server/http/errors';
import { guardRequest } from '@/server/http/guard';
import { REGISTER_WRITERS } from '@/server/registers/access';
import { actorOf } from '@/server/auth/viewer';
import { importRegister, importReportFile, IoRefusal, REFUSAL, type ImportMode } from '@/server/registers/io';
import { downloadResponse, errorResponse, readUploadForm } from '@/server/registers/io/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * POST /api/registers/:kind/import — multipart: file (.xlsx | .csv | .json), mode=dry-run|commit,
 * optional report=xlsx|csv (dry run only: the annotated workbook / the problem list).
 * Register writers only (server/registers/access.ts: the rule register.create uses). 200 report
 * JSON (dry run; commit that wrote), 422 report JSON (commit refused because of row errors;
 * nothing written), 400 / 413 / 415 / 404 / 409 `{ error, message }`.
 */
export const POST = handled(async function post(request: Request, { params }: { params: Promise<{ kind: string }> }) {
  const guard = await guardRequest(request, REGISTER_WRITERS);
  if (!guard.ok) return guard.response;
  const { ctx } = guard;
  const { kind } = await params;
  const url = new URL(request.url);
  try {
    const form = await readUploadForm(request);
    const field = (name: string) => {
      const v = form.get(name);
      return typeof v === 'string' && v ? v : url.searchParams.get(name);
    };
    const mode = (field('mode') ?? 'dry-run') as ImportMode;
    if (mode !== 'dry-run' && mode !== 'commit') throw new IoRefusal(400, 'badMode', REFUSAL.badMode());
    const report = field('report') as 'xlsx' | 'csv' | null;
    if (report && report !== 'xlsx' && report !== 'csv') throw new IoRefusal(400, 'badFormat', REFUSAL.badFormat());
    if (report && mode !== 'dry-run') throw new IoRefusal(400, 'reportNeedsDryRun', REFUSAL.reportNeedsDryRun());
    const file = form.get('file');
    if (!file || typeof file === 'string') throw new IoRefusal(400, 'noFile', REFUSAL.noFile());
    const input = { kindCode: kind, fileName: file.name || 'upload', bytes: new Uint8Array(await file.arrayBuffer()) };
    if (report) {
      const out = await importReportFile(ctx.db, { ...input, format: report, locale: ctx.locale });
      return downloadResponse(out, { 'x-import-ok': String(out.report.ok), 'x-import-errors': String(out.report.errorCount) });
    }
    const result = await importRegister(ctx.db, actorOf(ctx.viewer), { ...input, mode });
    const status = mode === 'commit' && !result.committed ? 422 : 200;
    return Response.json(result, { status, headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    return errorResponse(e, ctx.locale);
  }
});
