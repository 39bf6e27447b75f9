import 'server-only';
import type { Role } from '../auth/roles';
import { hasAnyRole } from '../auth/viewer';
import { contextFromHeaders } from '../trpc/http-context';
import { translate } from '../i18n';
import type { Context } from '../trpc/context';

/**
 * The route-handler twin of the tRPC authorize middleware: downloads call this first.
 * Returns the context, or a 401/403 Response to send back as is.
 */
export async function guardRequest(request: Request, roles: readonly Role[]): Promise<{ ok: true; ctx: Context & { viewer: NonNullable<Context['viewer']> } } | { ok: false; response: Response }> {
  const ctx = await contextFromHeaders(request.headers);
  if (!ctx.viewer) {
    return { ok: false, response: Response.json({ error: translate(ctx.locale, 'errors.unauthorized') }, { status: 401 }) };
  }
  if (!hasAnyRole(ctx.viewer, roles)) {
    return { ok: false, response: Response.json({ error: translate(ctx.locale, 'errors.forbidden') }, { status: 403 }) };
  }
  return { ok: true, ctx: { ...ctx, viewer: ctx.viewer } };
}
