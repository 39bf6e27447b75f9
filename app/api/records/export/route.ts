import { getReadDb } from '@/server/db';
import { handled } from '@/server/http/errors';
import { guardRequest } from '@/server/http/guard';
import { appendAudit } from '@/server/audit/append';
import { actorOf, departmentScopeOf } from '@/server/auth/viewer';
import { RECORD_EXPORT_FORMATS, recordsExportStream, type RecordExportFormat } from '@/server/records/export';
import { TABLE_CONTENT_TYPES } from '@/server/io/stream';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** CSV or XLSX (`?format=xlsx`) of the records the caller may see, masked like the pages; the export is audited. */
export const GET = handled(async function get(request: Request) {
  const guard = await guardRequest(request, ['filler', 'editor', 'approver', 'auditor', 'admin']);
  if (!guard.ok) return guard.response;
  const { ctx } = guard;
  const p = new URL(request.url).searchParams;
  const filter = { status: p.get('status') || undefined, catalogCode: p.get('catalog') || undefined, q: p.get('q') || undefined, overdue: p.get('overdue') === '1' };
  const format: RecordExportFormat = (RECORD_EXPORT_FORMATS as readonly string[]).includes(p.get('format') ?? '') ? (p.get('format') as RecordExportFormat) : 'csv';
  const scope = departmentScopeOf(ctx.viewer);
  await appendAudit(ctx.db, actorOf(ctx.viewer), { action: 'record.export', objectType: 'record', after: { format, filter, scope } });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '');
  return new Response(recordsExportStream(await getReadDb(), ctx.viewer, scope, filter, format), {
    headers: { 'content-type': TABLE_CONTENT_TYPES[format], 'content-disposition': `attachment; filename="records-${stamp}.${format}"`, 'cache-control': 'no-store' },
  });
});
