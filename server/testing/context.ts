/** Builders for tRPC callers in tests: a real context for a seeded user, or for nobody. */
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { user } from '../db/schema';
import { findViewer, type Viewer } from '../auth/viewer';
import type { Context } from '../trpc/context';
import { translate, type Locale } from '../i18n';
import type { TRPCError } from '@trpc/server';

export async function viewerByUsername(db: Db, username: string): Promise<Viewer> {
  const [row] = await db.select({ id: user.id }).from(user).where(eq(user.username, username));
  if (!row) throw new Error(`no user ${username}`);
  const v = await findViewer(db, row.id);
  if (!v) throw new Error(`no viewer ${username}`);
  return v;
}

export function contextFor(db: Db, viewer: Viewer | null, locale: Locale = 'zh-CN'): Context {
  return { db, viewer, locale, headers: new Headers() };
}

/** The error a call was refused with; fails the test when the call succeeds. */
export async function refusal(p: Promise<unknown>): Promise<TRPCError> {
  try {
    await p;
  } catch (e) {
    return e as TRPCError;
  }
  throw new Error('expected a refusal');
}

/** What the user reads for a refused call: its cause translated as the server would (zh-CN by default). */
export function refusalText(e: TRPCError, locale: Locale = 'zh-CN'): string {
  const cause = e.cause as unknown as { key?: string; params?: Record<string, string | number> } | undefined;
  return cause?.key ? translate(locale, cause.key, cause.params ?? {}) : e.message;
}
