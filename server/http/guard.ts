import 'server-only';
import type { Role } from '../auth/roles';
import { hasAnyRole } from '../auth/viewer';
import { contextFromHeaders } from '../trpc/http-context';
import { translate } from '../i18n';
import { findBadTextInUrl } from '../limits/text';
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
  // The same refusal as tRPC input (server/limits/text.ts): a NUL in ?q= used to be a 500 from the audit row's jsonb.
  const bad = findBadTextInUrl(new URL(request.url));
  if (bad) {
    const params = { kind: bad.reason, path: bad.path };
    return { ok: false, response: Response.json({ error: translate(ctx.locale, 'limits.badText', params), message: { 'zh-CN': translate('zh-CN', 'limits.badText', params), en: translate('en', 'limits.badText', params) } }, { status: 400 }) };
  }
  return { ok: true, ctx: { ...ctx, viewer: ctx.viewer } };
}
