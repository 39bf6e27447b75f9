/**
 * The running app's singletons: its database (server/db) and its better-auth instance, and
 * `boot()` which instrumentation calls once per process: check the database configuration,
 * apply migrations, seed. Several instances may boot at once against one PostgreSQL:
 * drizzle's migrator and our seeds are safe to run concurrently (advisory lock + ON CONFLICT).
 */
import { sql } from 'drizzle-orm';
import { createAuth, newSecret, type Auth } from './auth';
import { DEFAULT_ACCOUNT_LIMIT } from './auth/throttle';
import { getDb, getOpenDatabase, isDemoMode, migrateDatabase, rowsOf, type Db } from './db';
import { systemSetting } from './db/schema';
import { seedBase, seedDemo } from './seed';
import type { SessionKeys } from './auth/session';

const g = globalThis as unknown as { __creditAuth?: Promise<Auth>; __creditBoot?: Promise<void>; __creditSessionKeys?: Promise<SessionKeys> };

async function loadSecret(db: Db): Promise<string> {
  const fromEnv = process.env.BETTER_AUTH_SECRET?.trim();
  if (fromEnv) return fromEnv;
  await db.insert(systemSetting).values({ key: 'auth.secret', value: newSecret() }).onConflictDoNothing();
  const rows = rowsOf<{ value: string }>(await db.execute(sql`select value from system_setting where key = 'auth.secret'`));
  const value = rows[0]?.value;
  if (typeof value !== 'string') throw new Error('auth.secret is missing');
  return value;
}

export function getAppAuth(): Promise<Auth> {
  if (!g.__creditAuth) {
    g.__creditAuth = (async () => {
      await boot();
      const db = await getDb();
      return createAuth(db, {
        secret: await loadSecret(db),
        baseURL: process.env.BETTER_AUTH_URL || undefined,
        signInPerMinute: Number(process.env.AUTH_SIGNIN_PER_MINUTE ?? 10),
        // Unset: Secure cookies exactly when BETTER_AUTH_URL is https.
        secureCookies: process.env.SECURE_COOKIES === '1' ? true : process.env.SECURE_COOKIES === '0' ? false : undefined,
        accountLimit: {
          maxFailures: Number(process.env.AUTH_FAILURES_PER_ACCOUNT ?? DEFAULT_ACCOUNT_LIMIT.maxFailures),
          lockMinutes: Number(process.env.AUTH_ACCOUNT_LOCK_MINUTES ?? DEFAULT_ACCOUNT_LIMIT.lockMinutes),
        },
      });
    })();
    g.__creditAuth.catch(() => {
      g.__creditAuth = undefined;
    });
  }
  return g.__creditAuth;
}

/** The session cookie's name and signing secret, as better-auth uses them (server/auth/session.ts). */
export function getSessionKeys(): Promise<SessionKeys> {
  if (!g.__creditSessionKeys) {
    g.__creditSessionKeys = (async () => {
      const ctx = await (await getAppAuth()).$context;
      return { cookieName: ctx.authCookies.sessionToken.name, secret: ctx.secret };
    })();
    g.__creditSessionKeys.catch(() => {
      g.__creditSessionKeys = undefined;
    });
  }
  return g.__creditSessionKeys;
}

/** Migrate and seed once per process; everything that serves requests awaits it first. */
export function boot(): Promise<void> {
  if (!g.__creditBoot) {
    g.__creditBoot = (async () => {
      const open = await getOpenDatabase();
      await migrateDatabase(open);
      if (isDemoMode()) await seedDemo(open.db);
      else await seedBase(open.db);
    })();
  }
  return g.__creditBoot;
}

/** The database, after boot has migrated it. */
export async function getReadyDb(): Promise<Db> {
  await boot();
  return getDb();
}
