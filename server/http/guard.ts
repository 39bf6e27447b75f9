import 'server-only';
import type { Role } from '../auth/roles';
import { hasAnyRole } from '../auth/viewer';
import { contextFromHeaders } from '../trpc/http-context';
import { localeFromCookieHeader, translate } from '../i18n';
import { findBadTextInUrl } from '../limits/text';
import type { Context } from '../trpc/context';
import { unavailableResponse } from './errors';
import { isSameOriginRequest } from './origin';

export type Guarded = { ok: true; ctx: Context & { viewer: NonNullable<Context['viewer']> } } | { ok: false; response: Response };

/** 403 for a state-changing request from another origin (origin.ts), or null to go on. */
export function refuseForeignOrigin(request: Request): Response | null {
  if (isSameOriginRequest(request)) return null;
  const locale = localeFromCookieHeader(request.headers.get('cookie'));
  return Response.json({ error: 'FOREIGN_ORIGIN', message: translate(locale, 'security.foreignOrigin') }, { status: 403 });
}

/** The decision of `guardRequest` for a built context: 503 when the session could not be read, 401, 403, or the context. */
export function guardContext(ctx: Context, roles: readonly Role[]): Guarded {
  if (ctx.unavailable) return { ok: false, response: unavailableResponse(ctx.locale) };
  if (!ctx.viewer) {
    return { ok: false, response: Response.json({ error: translate(ctx.locale, 'errors.unauthorized') }, { status: 401 }) };
  }
  if (!hasAnyRole(ctx.viewer, roles)) {
    return { ok: false, response: Response.json({ error: translate(ctx.locale, 'errors.forbidden') }, { status: 403 }) };
  }
  return { ok: true, ctx: { ...ctx, viewer: ctx.viewer } };
}

/**
 * The route-handler twin of the tRPC authorize middleware: downloads and uploads call this first.
 * Refuses a state-changing request from another origin before looking at the session, then
 * returns the context, or a 401/403 Response (503 when the database cannot answer) to send back as is.
 */
export async function guardRequest(request: Request, roles: readonly Role[]): Promise<Guarded> {
  const foreign = refuseForeignOrigin(request);
  if (foreign) return { ok: false, response: foreign };
  const guarded = guardContext(await contextFromHeaders(request.headers), roles);
  if (!guarded.ok) return guarded;
  const { ctx } = guarded;
  // The same refusal as tRPC input (server/limits/text.ts): a NUL in ?q= used to be a 500 from the audit row's jsonb.
  const bad = findBadTextInUrl(new URL(request.url));
  if (bad) {
    const params = { kind: bad.reason, path: bad.path };
    return { ok: false, response: Response.json({ error: translate(ctx.locale, 'limits.badText', params), message: { 'zh-CN': translate('zh-CN', 'limits.badText', params), en: translate('en', 'limits.badText', params) } }, { status: 400 }) };
  }
  return guarded;
}
