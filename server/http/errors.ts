import type { Locale } from '../i18n';
import { localeFromCookieHeader, translate } from '../i18n';
import { classifyDbError } from '../db/failure';

/** Seconds a client (or the load balancer) should wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 2;

/** 503 with the retry message in the caller's language and both languages in `message`. */
export function unavailableResponse(locale: Locale): Response {
  const message = { 'zh-CN': translate('zh-CN', 'infra.unavailable'), en: translate('en', 'infra.unavailable') };
  return Response.json({ error: message[locale], message, code: 'infra.unavailable' }, { status: 503, headers: { 'cache-control': 'no-store', 'retry-after': String(RETRY_AFTER_SECONDS) } });
}

/**
 * The answer of a route handler for an error no refusal table knows: a database that cannot
 * answer is 503 "try again", a concurrent duplicate 409, anything else 500 — each with a
 * translated message and never the error's own text (which may carry SQL).
 */
export function unexpectedErrorResponse(e: unknown, locale: Locale): Response {
  const failure = classifyDbError(e);
  if (failure?.kind === 'unavailable') return unavailableResponse(locale);
  const key = failure?.kind === 'duplicate' ? 'infra.duplicate' : 'errors.internal';
  if (!failure) console.error('[http] unexpected error:', e);
  const message = { 'zh-CN': translate('zh-CN', key), en: translate('en', key) };
  return Response.json({ error: message[locale], message, code: key }, { status: failure ? 409 : 500, headers: { 'cache-control': 'no-store' } });
}

/**
 * Wraps a route handler so that an error it did not answer itself becomes
 * `unexpectedErrorResponse` in the caller's language instead of Next's bare 500.
 */
export function handled<A extends unknown[]>(fn: (request: Request, ...rest: A) => Promise<Response>) {
  return async (request: Request, ...rest: A): Promise<Response> => {
    try {
      return await fn(request, ...rest);
    } catch (e) {
      return unexpectedErrorResponse(e, localeFromCookieHeader(request.headers.get('cookie')));
    }
  };
}
