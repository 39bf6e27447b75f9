import { getReadDb } from '@/server/db';
import { handled } from '@/server/http/errors';
import { guardRequest } from '@/server/http/guard';
import { appendAudit } from '@/server/audit/append';
import { actorOf } from '@/server/auth/viewer';
import { isDomainError } from '@/server/errors';
import { translate } from '@/server/i18n';
import { QUERY_LOG_COLUMNS, queryLogPages, queryLogWhere, type QueryLogFilter } from '@/server/grading/lookup';
import { CONTENT_TYPES, tableStream } from '@/server/grading/export';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** CSV of the query log as filtered on the page; auditors and admins only; the export is audited. */
export const GET = handled(async function get(request: Request) {
  const guard = await guardRequest(request, ['auditor', 'admin']);
  if (!guard.ok) return guard.response;
  const { ctx } = guard;
  const p = new URL(request.url).searchParams;
  const filter: QueryLogFilter = { from: p.get('from') || undefined, to: p.get('to') || undefined, userId: p.get('userId') || undefined, department: p.get('department') || undefined, subject: p.get('subject') || undefined, purpose: p.get('purpose') || undefined };
  try {
    queryLogWhere(filter);
  } catch (e) {
    if (isDomainError(e)) return Response.json({ error: translate(ctx.locale, e.key, e.params) }, { status: 400 });
    throw e;
  }
  await appendAudit(ctx.db, actorOf(ctx.viewer), { action: 'query_log.export', objectType: 'query-log', after: { format: 'csv', filter } });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '');
  return new Response(tableStream('csv', 'query-log', QUERY_LOG_COLUMNS, queryLogPages(await getReadDb(), filter)), {
    headers: { 'content-type': CONTENT_TYPES.csv, 'content-disposition': `attachment; filename="query-log-${stamp}.csv"`, 'cache-control': 'no-store' },
  });
});
