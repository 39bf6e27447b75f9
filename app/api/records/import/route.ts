import { handled } from '@/server/http/errors';
import { guardRequest } from '@/server/http/guard';
import { actorOf } from '@/server/auth/viewer';
import { IoRefusal, REFUSAL } from '@/server/registers/io';
import { downloadResponse, errorResponse, readUploadForm } from '@/server/registers/io/http';
import { IMPORT_MSG, importRecords, RECORD_IMPORT_LIMITS, RECORD_IMPORT_MODES, recordImportReportFile, type ImportProgress, type RecordImportMode } from '@/server/records/import';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const tooLarge = (size: number) =>
  new IoRefusal(413, 'fileTooLarge', IMPORT_MSG.fileTooLarge(RECORD_IMPORT_LIMITS.maxBytes, size), { limitMb: RECORD_IMPORT_LIMITS.maxBytes / 1048576, sizeMb: (size / 1048576).toFixed(1) });

const readForm = (request: Request) => readUploadForm(request, RECORD_IMPORT_LIMITS.maxBytes, tooLarge);

/**
 * POST /api/records/import — multipart: file (.xlsx | .csv), item (catalog item code),
 * mode = dry-run | commit-valid | commit-all, optional report=xlsx (dry run: the annotated workbook).
 * Fillers of a providing department. Refusals of the request or the whole file (limits, type)
 * come back before any work as `{ error, message }` with 400 / 403 / 404 / 413 / 415. Otherwise
 * 200 with NDJSON: `{"type":"progress","phase","done","total"}` lines, then one
 * `{"type":"report", ok, rows, valid, inserted, skipped, errors, errorCount, …}` line (or
 * `{"type":"error", error, message}` when something failed after streaming began).
 */
export const POST = handled(async function post(request: Request) {
  const guard = await guardRequest(request, ['filler']);
  if (!guard.ok) return guard.response;
  const { ctx } = guard;
  const url = new URL(request.url);
  let input;
  try {
    const form = await readForm(request);
    const field = (name: string) => {
      const v = form.get(name);
      return typeof v === 'string' && v ? v : url.searchParams.get(name);
    };
    const mode = (field('mode') ?? 'dry-run') as RecordImportMode;
    if (!RECORD_IMPORT_MODES.includes(mode)) throw new IoRefusal(400, 'badMode', IMPORT_MSG.badMode());
    const report = field('report');
    if (report && report !== 'xlsx') throw new IoRefusal(400, 'badFormat', REFUSAL.badFormat());
    if (report && mode !== 'dry-run') throw new IoRefusal(400, 'reportNeedsDryRun', REFUSAL.reportNeedsDryRun());
    const file = form.get('file');
    if (!file || typeof file === 'string') throw new IoRefusal(400, 'noFile', REFUSAL.noFile());
    input = { itemCode: field('item') ?? '', fileName: file.name || 'upload', bytes: new Uint8Array(await file.arrayBuffer()), mode };
    if (report) {
      const out = await recordImportReportFile(ctx.db, ctx.viewer, { ...input, locale: ctx.locale });
      return downloadResponse(out, { 'x-import-ok': String(out.report.ok), 'x-import-errors': String(out.report.errorCount) });
    }
  } catch (e) {
    return errorResponse(e, ctx.locale);
  }

  const job = input;
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (o: unknown) => controller.enqueue(encoder.encode(JSON.stringify(o) + '\n'));
      let last = '';
      const onProgress = (p: ImportProgress) => {
        const key = `${p.phase}:${p.done}`;
        if (key !== last) send({ type: 'progress', ...p });
        last = key;
      };
      try {
        const report = await importRecords(ctx.db, actorOf(ctx.viewer), ctx.viewer, { ...job, onProgress });
        send({ type: 'report', ...report });
      } catch (e) {
        // Refusals found while reading (row limit, zip bomb) arrive after the 200: say them in-band.
        let status = 500;
        let body: object = { error: 'Internal error' };
        try {
          const res = errorResponse(e, ctx.locale);
          status = res.status;
          body = (await res.json()) as object;
        } catch {
          console.error(e);
        }
        send({ type: 'error', status, ...body });
      }
      controller.close();
    },
  });
  return new Response(stream, { headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } });
});
