import { handled } from '@/server/http/errors';
import { guardRequest } from '@/server/http/guard';
import { actorOf } from '@/server/auth/viewer';
import { exportRegister, IoRefusal, REFUSAL, registerTemplate } from '@/server/registers/io';
import { downloadResponse, errorResponse } from '@/server/registers/io/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * GET /api/registers/:kind/export?format=xlsx|json&asOf=YYYY-MM-DD  — any signed-in role; audited.
 * GET /api/registers/:kind/export?format=xlsx&template=1             — the import template.
 */
export const GET = handled(async function get(request: Request, { params }: { params: Promise<{ kind: string }> }) {
  const guard = await guardRequest(request, ['admin', 'editor', 'filler', 'approver', 'auditor']);
  if (!guard.ok) return guard.response;
  const { ctx } = guard;
  const { kind } = await params;
  const url = new URL(request.url);
  const format = url.searchParams.get('format') ?? 'xlsx';
  const asOf = url.searchParams.get('asOf') || undefined;
  const template = ['1', 'true'].includes(url.searchParams.get('template') ?? '');
  try {
    if (format !== 'xlsx' && format !== 'json') throw new IoRefusal(400, 'badFormat', REFUSAL.badFormat());
    if (template) {
      if (format !== 'xlsx') throw new IoRefusal(400, 'badFormat', REFUSAL.badFormat());
      return downloadResponse(await registerTemplate(ctx.db, kind));
    }
    const file = await exportRegister(ctx.db, actorOf(ctx.viewer), { kindCode: kind, format, asOf });
    return downloadResponse(file, { 'x-export-rows': String(file.rows) });
  } catch (e) {
    return errorResponse(e, ctx.locale);
  }
});
