import { handled } from '@/server/http/errors';
import { guardRequest } from '@/server/http/guard';
import { AUDIT_CSV_COLUMNS, AUDIT_EXPORT_FORMATS, startAuditExport, type AuditExportFormat } from '@/server/audit/export';
import { auditFilterFromSearchParams } from '@/server/audit/filter';
import { actorOf } from '@/server/auth/viewer';
import { translate } from '@/server/i18n';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * Download of the audit log, filtered exactly like the auditor's page (same parameters as the
 * `audit.list` filter): `?format=csv|xlsx|jsonl&from=…&to=…&actorName=…&department=…&action=…
 * &objectType=…&objectId=…&objectIdPrefix=…`. Auditors and admins only. The export is audited
 * before the first byte is sent; `x-total-rows` gives the row count for a progress bar.
 */
export const GET = handled(async function get(request: Request) {
  const guard = await guardRequest(request, ['auditor', 'admin']);
  if (!guard.ok) return guard.response;
  const { ctx } = guard;
  const url = new URL(request.url);
  const format = (url.searchParams.get('format') || 'csv') as AuditExportFormat;
  const filter = auditFilterFromSearchParams(url.searchParams);
  if (!AUDIT_EXPORT_FORMATS.includes(format) || !filter.success) {
    const fieldErrors = [
      ...(AUDIT_EXPORT_FORMATS.includes(format) ? [] : [{ path: 'format', message: `format must be one of ${AUDIT_EXPORT_FORMATS.join(', ')}` }]),
      ...(filter.success ? [] : filter.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))),
    ];
    return Response.json({ error: translate(ctx.locale, 'errors.invalidInput'), fieldErrors }, { status: 400 });
  }
  // People's formats get a header row in the reader's language; the JSONL bundle keeps its keys.
  const headers = AUDIT_CSV_COLUMNS.map((c) => translate(ctx.locale, `audit.columns.${c}`));
  const started = await startAuditExport(ctx.db, actorOf(ctx.viewer), format, filter.data, { headers });
  return new Response(started.body, {
    headers: {
      'content-type': started.contentType,
      'content-disposition': `attachment; filename="${started.filename}"`,
      'cache-control': 'no-store',
      'x-total-rows': String(started.totalRows),
      'x-chain-end-seq': String(started.chainEndSeq),
      'x-chain-end-hash': started.chainEndHash,
    },
  });
});
