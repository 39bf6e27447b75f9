import 'server-only';
import type { Db } from '../db';
import type { Context } from './context';
import { getReadyDb, getSessionKeys } from '../runtime';
import { viewerFromCookie, type SessionKeys } from '../auth/session';
import { localeFromCookieHeader } from '../i18n';
import { isDbUnavailable } from '../db/failure';
import { testHooksEnabled } from '../flows/clock';

/**
 * The request context from the session cookie. When the database cannot answer the session
 * lookup, the context says so (`unavailable`) instead of treating the caller as signed out:
 * procedures and downloads then answer 503 "try again", not 401 "please sign in".
 */
export async function buildContext(db: Db, keys: SessionKeys, headers: Headers): Promise<Context> {
  const locale = localeFromCookieHeader(headers.get('cookie'));
  try {
    const viewer = await viewerFromCookie(db, headers.get('cookie'), keys);
    return { db, viewer: viewer && !viewer.disabled ? viewer : null, locale, headers };
  } catch (e) {
    if (!isDbUnavailable(e)) throw e;
    return { db, viewer: null, locale, headers, unavailable: true };
  }
}

const fault = globalThis as unknown as { __creditDbFault?: number };

/** E2E only (app/api/test/db-fault): the next `n` session lookups fail as a dropped connection does. */
export function setSimulatedDbFault(n: number) {
  fault.__creditDbFault = n;
}

/** The context of a request to this app (tRPC route, downloads, pages). */
export async function contextFromHeaders(headers: Headers): Promise<Context> {
  if (fault.__creditDbFault && testHooksEnabled() && headers.get('cookie')) {
    fault.__creditDbFault--;
    return { db: await getReadyDb(), viewer: null, locale: localeFromCookieHeader(headers.get('cookie')), headers, unavailable: true };
  }
  return buildContext(await getReadyDb(), await getSessionKeys(), headers);
}
