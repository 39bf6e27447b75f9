import { guardRequest } from '@/server/http/guard';
import { appendAudit } from '@/server/audit/append';
import { actorOf } from '@/server/auth/viewer';
import { DomainError } from '@/server/errors';
import { errorResponse } from '@/server/registers/io/http';
import { sampleCsvRows } from '@/server/sampling/service';
import { TABLE_CONTENT_TYPES, TABLE_FORMATS, tableStream, type TableFormat } from '@/server/io/stream';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** GET /api/sampling/:id/export?format=csv|xlsx — a drawn inspection sample (masked like the page); audited. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const guard = await guardRequest(request, ['editor', 'filler']);
  if (!guard.ok) return guard.response;
  const { ctx } = guard;
  const { id } = await params;
  const format = (new URL(request.url).searchParams.get('format') ?? 'csv') as TableFormat;
  try {
    if (!TABLE_FORMATS.includes(format)) return Response.json({ error: 'format' }, { status: 400 });
    if (!UUID.test(id)) throw new DomainError('NOT_FOUND', 'sampling.errors.notFound');
    const out = await sampleCsvRows(ctx.db, ctx.viewer, id);
    await appendAudit(ctx.db, actorOf(ctx.viewer), { action: 'sample.export', objectType: 'inspection-sample', objectId: id, after: { format, rows: out.rows.length - 1, seed: out.seed } });
    const [header, ...rows] = out.rows;
    async function* pages() {
      yield rows;
    }
    return new Response(tableStream(format, '抽查名单', header!, pages()), {
      headers: { 'content-type': TABLE_CONTENT_TYPES[format], 'content-disposition': `attachment; filename="inspection-sample-${id.slice(0, 8)}.${format}"`, 'cache-control': 'no-store' },
    });
  } catch (e) {
    return errorResponse(e, ctx.locale);
  }
}
