import { guardRequest } from '@/server/http/guard';
import { appendAudit } from '@/server/audit/append';
import { actorOf, departmentScopeOf } from '@/server/auth/viewer';
import { recordsCsvStream } from '@/server/records/export';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** CSV of the records the caller may see, masked like the pages; the export is audited. */
export async function GET(request: Request) {
  const guard = await guardRequest(request, ['filler', 'editor', 'approver', 'auditor', 'admin']);
  if (!guard.ok) return guard.response;
  const { ctx } = guard;
  const p = new URL(request.url).searchParams;
  const filter = { status: p.get('status') || undefined, catalogCode: p.get('catalog') || undefined, q: p.get('q') || undefined, overdue: p.get('overdue') === '1' };
  const scope = departmentScopeOf(ctx.viewer);
  await appendAudit(ctx.db, actorOf(ctx.viewer), { action: 'record.export', objectType: 'record', after: { format: 'csv', filter, scope } });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '');
  return new Response(recordsCsvStream(ctx.db, ctx.viewer, scope, filter), {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="records-${stamp}.csv"`, 'cache-control': 'no-store' },
  });
}
