import { guardRequest } from '@/server/http/guard';
import { auditCsvStream } from '@/server/audit/export';
import { appendAudit } from '@/server/audit/append';
import { actorOf } from '@/server/auth/viewer';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

function parseDate(v: string | null): Date | undefined {
  if (!v) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** CSV download of the audit log, filtered like the auditor's page. Auditors and admins only. */
export async function GET(request: Request) {
  const guard = await guardRequest(request, ['auditor', 'admin']);
  if (!guard.ok) return guard.response;
  const { ctx } = guard;
  const url = new URL(request.url);
  const filter = {
    action: url.searchParams.get('action') || undefined,
    actorName: url.searchParams.get('actor') || undefined,
    from: parseDate(url.searchParams.get('from')),
    to: parseDate(url.searchParams.get('to')),
  };
  await appendAudit(ctx.db, actorOf(ctx.viewer), { action: 'audit.export', objectType: 'audit_log', after: { format: 'csv', filter } });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '');
  return new Response(auditCsvStream(ctx.db, filter), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="audit-${stamp}.csv"`,
      'cache-control': 'no-store',
    },
  });
}
