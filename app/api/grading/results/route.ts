import { getReadDb } from '@/server/db';
import { handled } from '@/server/http/errors';
import { guardRequest } from '@/server/http/guard';
import { appendAudit } from '@/server/audit/append';
import { actorOf } from '@/server/auth/viewer';
import { isDomainError } from '@/server/errors';
import { translate } from '@/server/i18n';
import { getRun, RESULT_COLUMNS, resultPages } from '@/server/grading/results';
import { CONTENT_TYPES, tableStream } from '@/server/grading/export';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A run's results as CSV or XLSX (?runId=…&format=csv|xlsx&grade=&q=), streamed; audited. */
export const GET = handled(async function get(request: Request) {
  const guard = await guardRequest(request, ['editor', 'admin', 'approver', 'auditor']);
  if (!guard.ok) return guard.response;
  const { ctx } = guard;
  const p = new URL(request.url).searchParams;
  const format = p.get('format') ?? 'csv';
  if (format !== 'csv' && format !== 'xlsx') return Response.json({ error: translate(ctx.locale, 'grading.errors.badFormat') }, { status: 400 });
  const runId = p.get('runId') ?? '';
  if (!UUID.test(runId)) return Response.json({ error: translate(ctx.locale, 'grading.errors.runNotFound') }, { status: 404 });
  let run;
  try {
    run = await getRun(ctx.db, runId);
  } catch (e) {
    if (isDomainError(e)) return Response.json({ error: translate(ctx.locale, e.key, e.params) }, { status: 404 });
    throw e;
  }
  const query = { runId, grade: p.get('grade') || undefined, q: p.get('q') || undefined };
  await appendAudit(ctx.db, actorOf(ctx.viewer), { action: 'grading.results.export', objectType: 'evaluation-run', objectId: runId, after: { format, grade: query.grade ?? null, q: query.q ?? null } });
  const name = `${run.modelCode}-${run.periodStart}-${run.periodEnd}.${format}`;
  return new Response(tableStream(format, 'results', RESULT_COLUMNS, resultPages(await getReadDb(), ctx.viewer, query)), {
    headers: { 'content-type': CONTENT_TYPES[format], 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' },
  });
});
