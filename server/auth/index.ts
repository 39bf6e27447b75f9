/**
 * Sign-in, sessions and rate limiting are better-auth's (username plugin, Drizzle adapter,
 * scrypt hashing, httpOnly SameSite=Lax cookies, rate-limit buckets stored in PostgreSQL).
 * We add: refusing disabled users, and writing sign-in / failed sign-in / sign-out to the
 * audit chain through hooks. One auth instance per database (tests open many).
 */
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError, createAuthMiddleware, getSessionFromCtx } from 'better-auth/api';
import { username } from 'better-auth/plugins/username';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import * as schema from '../db/schema';
import { appendAudit } from '../audit/append';
import { actorOf, findViewer } from './viewer';

export const MIN_PASSWORD_LENGTH = 8;
/** Session lifetime and the age after which a use extends it (seconds); server/auth/session.ts reads them too. */
export const SESSION_EXPIRES_IN = 60 * 60 * 8;
export const SESSION_UPDATE_AGE = 60 * 30;

export interface AuthOptions {
  secret: string;
  baseURL?: string;
  signInPerMinute?: number;
  secureCookies?: boolean;
}

export function createAuth(db: Db, opts: AuthOptions) {
  return betterAuth({
    appName: 'credit-catalog',
    secret: opts.secret,
    baseURL: opts.baseURL,
    trustedOrigins: opts.baseURL ? [opts.baseURL] : undefined,
    database: drizzleAdapter(db as never, {
      provider: 'pg',
      schema: {
        user: schema.user,
        session: schema.session,
        account: schema.account,
        verification: schema.verification,
        rateLimit: schema.rateLimit,
      },
    }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: MIN_PASSWORD_LENGTH },
    session: { expiresIn: SESSION_EXPIRES_IN, updateAge: SESSION_UPDATE_AGE },
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 300,
      customRules: {
        '/sign-in/*': { window: 60, max: opts.signInPerMinute ?? 10 },
      },
    },
    advanced: {
      database: { generateId: 'uuid' },
      useSecureCookies: opts.secureCookies ?? false,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
      ipAddress: { ipAddressHeaders: ['x-forwarded-for', 'x-real-ip'] },
    },
    plugins: [username({ minUsernameLength: 2, maxUsernameLength: 64 })],
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path === '/sign-in/username') {
          const name = String((ctx.body as { username?: string } | undefined)?.username ?? '').toLowerCase();
          const [row] = await db.select({ id: schema.user.id, disabled: schema.user.disabled }).from(schema.user).where(eq(schema.user.username, name));
          if (row?.disabled) {
            await appendAudit(db, { id: row.id, name, roles: [], department: null }, { action: 'auth.sign_in_failed', objectType: 'user', objectId: row.id, reason: 'account disabled' });
            throw new APIError('FORBIDDEN', { message: 'ACCOUNT_DISABLED', code: 'ACCOUNT_DISABLED' });
          }
        }
        if (ctx.path === '/sign-out') {
          const current = await getSessionFromCtx(ctx).catch(() => null);
          if (current) {
            const viewer = await findViewer(db, current.user.id);
            await appendAudit(db, actorOf(viewer), { action: 'auth.sign_out', objectType: 'user', objectId: current.user.id });
          }
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== '/sign-in/username') return;
        const name = String((ctx.body as { username?: string } | undefined)?.username ?? '').toLowerCase();
        const created = ctx.context.newSession;
        if (created) {
          const viewer = await findViewer(db, created.user.id);
          await appendAudit(db, actorOf(viewer), { action: 'auth.sign_in', objectType: 'user', objectId: created.user.id });
        } else {
          await appendAudit(db, { id: null, name: name.slice(0, 64), roles: [], department: null }, {
            action: 'auth.sign_in_failed',
            objectType: 'user',
            objectId: null,
            reason: 'invalid username or password',
          });
        }
      }),
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
