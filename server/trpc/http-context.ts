import 'server-only';
import type { Context } from './context';
import { getAppAuth, getReadyDb } from '../runtime';
import { findViewer } from '../auth/viewer';
import { localeFromCookieHeader } from '../i18n';

/** Builds the request context from the session cookie (tRPC route, downloads, pages). */
export async function contextFromHeaders(headers: Headers): Promise<Context> {
  const db = await getReadyDb();
  const auth = await getAppAuth();
  const session = await auth.api.getSession({ headers }).catch(() => null);
  const viewer = session ? await findViewer(db, session.user.id) : null;
  return { db, viewer: viewer && !viewer.disabled ? viewer : null, locale: localeFromCookieHeader(headers.get('cookie')), headers };
}
