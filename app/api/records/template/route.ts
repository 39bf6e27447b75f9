import { handled } from '@/server/http/errors';
import { guardRequest } from '@/server/http/guard';
import { recordTemplate } from '@/server/records/import';
import { downloadResponse, errorResponse } from '@/server/registers/io/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * GET /api/records/template?item=CODE — the import template of the current version of a catalog
 * item the filler's department provides: headers, drop-down lists for code lists, a 说明 sheet.
 */
export const GET = handled(async function get(request: Request) {
  const guard = await guardRequest(request, ['filler']);
  if (!guard.ok) return guard.response;
  const { ctx } = guard;
  try {
    const item = new URL(request.url).searchParams.get('item') ?? '';
    return downloadResponse(await recordTemplate(ctx.db, ctx.viewer, item));
  } catch (e) {
    return errorResponse(e, ctx.locale);
  }
});
