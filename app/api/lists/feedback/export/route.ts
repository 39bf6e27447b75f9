import { guardRequest } from '@/server/http/guard';
import { appendAudit } from '@/server/audit/append';
import { actorOf } from '@/server/auth/viewer';
import { errorResponse } from '@/server/registers/io/http';
import { FEEDBACK_COLUMNS, feedbackPages, range as checkRange } from '@/server/lists/feedback';
import { translate } from '@/server/i18n';
import { TABLE_CONTENT_TYPES, TABLE_FORMATS, tableStream, type TableFormat } from '@/server/io/stream';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/lists/feedback/export?format=csv|xlsx&from&to — the feedback rows of the period; audited. */
export async function GET(request: Request) {
  const guard = await guardRequest(request, ['editor', 'auditor', 'admin']);
  if (!guard.ok) return guard.response;
  const { ctx } = guard;
  const p = new URL(request.url).searchParams;
  const format = (p.get('format') ?? 'csv') as TableFormat;
  const range = { from: p.get('from') || undefined, to: p.get('to') || undefined };
  try {
    if (!TABLE_FORMATS.includes(format)) return Response.json({ error: 'format' }, { status: 400 });
    checkRange(range);
  } catch (e) {
    return errorResponse(e, ctx.locale);
  }
  await appendAudit(ctx.db, actorOf(ctx.viewer), { action: 'measure_feedback.export', objectType: 'measure-feedback', after: { format, ...range } });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(tableStream(format, translate(ctx.locale, 'lists.feedback.sheet'), FEEDBACK_COLUMNS.map((c) => translate(ctx.locale, `lists.feedback.columns.${c}`)), feedbackPages(ctx.db, ctx.viewer, range)), {
    headers: { 'content-type': TABLE_CONTENT_TYPES[format], 'content-disposition': `attachment; filename="measure-feedback-${stamp}.${format}"`, 'cache-control': 'no-store' },
  });
}
