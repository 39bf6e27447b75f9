/**
 * Sign-in, sessions and the per-address rate limit are better-auth's (username plugin, Drizzle
 * adapter, scrypt hashing, httpOnly SameSite=Lax cookies, Secure when the origin is https,
 * rate-limit buckets in PostgreSQL). Around it, one gate (`handler`) that every request to
 * /api/auth passes:
 * - only the endpoints the product uses answer (OPEN_PATHS); better-auth's others — sign-up,
 *   e-mail sign-in, update-user, change-email, password reset, account linking … — are 404, so
 *   nobody renames themselves or signs in by a path the office does not manage;
 * - every sign-in attempt on any path, accepted or refused (bad password, disabled, closed path,
 *   rate-limited, locked), writes one audit row with the client address;
 * - failed sign-ins are also counted per account (throttle.ts), not only per address;
 * - a password change by its owner is audited.
 * Disabled accounts get no session by any path: the session-create hook refuses them after the
 * password check (so the refusal tells nothing to someone without the password).
 * One auth instance per database (tests open many).
 */
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError, createAuthMiddleware, getIP, getSessionFromCtx } from 'better-auth/api';
import { username } from 'better-auth/plugins/username';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import * as schema from '../db/schema';
import { appendAudit, type Actor } from '../audit/append';
import { actorOf, findViewer } from './viewer';
import { accountKey, clearFailures, DEFAULT_ACCOUNT_LIMIT, isAccountLocked, recordFailure, type AccountLimit } from './throttle';

export const MIN_PASSWORD_LENGTH = 8;
/** Session lifetime and the age after which a use extends it (seconds); server/auth/session.ts reads them too. */
export const SESSION_EXPIRES_IN = 60 * 60 * 8;
export const SESSION_UPDATE_AGE = 60 * 30;

/** What an account name may be: the admin's form and sign-in check the same rule. */
export const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** The better-auth endpoints the product uses (paths below /api/auth); every other one is 404. */
export const OPEN_PATHS: readonly string[] = ['/sign-in/username', '/sign-out', '/get-session', '/change-password'];

export interface AuthOptions {
  secret: string;
  baseURL?: string;
  /** sign-in attempts per minute per client address */
  signInPerMinute?: number;
  /** default: true when baseURL is https */
  secureCookies?: boolean;
  accountLimit?: AccountLimit;
}

const BASE_PATH = '/api/auth';

function pathOf(request: Request): string {
  const p = new URL(request.url).pathname;
  return (p.startsWith(BASE_PATH) ? p.slice(BASE_PATH.length) : p).replace(/\/+$/, '') || '/';
}

/** Any path through which a session could be obtained, open or closed. */
const isSignInPath = (path: string) => /^\/(sign-in|sign-up|callback|magic-link|email-otp|one-tap|passkey|two-factor|phone-number|siwe|oauth2)(\/|$)/.test(path);

const json = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) => Response.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });

async function bodyOf(request: Request): Promise<Record<string, unknown>> {
  try {
    const type = request.headers.get('content-type') ?? '';
    if (type.includes('application/json')) return ((await request.clone().json()) as Record<string, unknown>) ?? {};
    if (type.includes('form')) return Object.fromEntries(await request.clone().formData()) as Record<string, unknown>;
  } catch {
    // unreadable body: better-auth answers 400, the audit row says who was named (nobody)
  }
  return {};
}

const REFUSAL_REASONS: Record<number, string> = {
  400: 'malformed sign-in request',
  401: 'invalid username or password',
  403: 'refused',
  404: 'sign-in path closed',
  429: 'too many attempts from this address',
};
const REFUSAL_CODES: Record<string, string> = {
  ACCOUNT_DISABLED: 'account disabled',
  INVALID_ORIGIN: 'request from another origin',
  MISSING_OR_NULL_ORIGIN: 'request from another origin',
  CROSS_SITE_NAVIGATION_LOGIN_BLOCKED: 'request from another origin',
};

/** Why better-auth refused a sign-in, in the audit row's words. */
async function refusalReason(res: Response): Promise<string> {
  const body = (await res.clone().json().catch(() => null)) as { code?: string } | null;
  return (body?.code && REFUSAL_CODES[body.code]) ?? REFUSAL_REASONS[res.status] ?? `refused (${res.status})`;
}

export function createAuth(db: Db, opts: AuthOptions) {
  const limit = opts.accountLimit ?? DEFAULT_ACCOUNT_LIMIT;
  const auth = betterAuth({
    appName: 'credit-catalog',
    secret: opts.secret,
    baseURL: opts.baseURL,
    basePath: BASE_PATH,
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
    // Only an admin changes names and e-mail (server/users); the library's own paths are closed too.
    user: { changeEmail: { enabled: false }, deleteUser: { enabled: false } },
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
      useSecureCookies: opts.secureCookies ?? Boolean(opts.baseURL?.startsWith('https://')),
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
      // better-auth skips its Origin check under a test runner unless told; tests check the real thing.
      disableOriginCheck: false,
      // The client address as proxy.ts leaves it: the connection's peer, or — with TRUST_PROXY —
      // the address the trusted proxies saw. Nothing else a client sends is read.
      ipAddress: { ipAddressHeaders: ['x-forwarded-for'] },
    },
    // Names are compared lower-cased; the plugin's default rule would refuse the hyphens admins may use.
    plugins: [username({ minUsernameLength: 2, maxUsernameLength: 64, usernameValidator: (name) => USERNAME_RE.test(name.toLowerCase()) })],
    databaseHooks: {
      session: {
        create: {
          // Every path that creates a session passes here, after the password was checked.
          before: async (s) => {
            const [row] = await db.select({ disabled: schema.user.disabled }).from(schema.user).where(eq(schema.user.id, String(s.userId)));
            if (!row || row.disabled) throw new APIError('FORBIDDEN', { message: 'ACCOUNT_DISABLED', code: 'ACCOUNT_DISABLED' });
          },
        },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path === '/sign-out') {
          const current = await getSessionFromCtx(ctx).catch(() => null);
          if (current) {
            const viewer = await findViewer(db, current.user.id);
            await appendAudit(db, actorOf(viewer), { action: 'auth.sign_out', objectType: 'user', objectId: current.user.id });
          }
        }
      }),
    },
  });

  const addressOf = (request: Request) => getIP(request, auth.options) ?? 'unknown';

  async function auditFailure(request: Request, path: string, name: string, reason: string) {
    const actor: Actor = { id: null, name: name || null, roles: [], department: null };
    await appendAudit(db, actor, { action: 'auth.sign_in_failed', objectType: 'user', objectId: null, reason, after: { path, address: addressOf(request) } });
  }

  async function signIn(request: Request, path: string): Promise<Response> {
    const name = accountKey((await bodyOf(request)).username);
    if (await isAccountLocked(db, name, limit)) {
      await auditFailure(request, path, name, 'too many failed sign-ins for this account');
      return json(429, { code: 'ACCOUNT_LOCKED', message: 'ACCOUNT_LOCKED' }, { 'x-retry-after': String(limit.lockMinutes * 60) });
    }
    const res = await auth.handler(request);
    if (res.ok) {
      const body = (await res.clone().json().catch(() => null)) as { user?: { id?: string } } | null;
      const userId = body?.user?.id ?? null;
      const viewer = userId ? await findViewer(db, userId) : null;
      await clearFailures(db, name);
      await appendAudit(db, actorOf(viewer), { action: 'auth.sign_in', objectType: 'user', objectId: userId, after: { path, address: addressOf(request) } });
      return res;
    }
    if (res.status === 401) await recordFailure(db, name, limit);
    await auditFailure(request, path, name, await refusalReason(res));
    return res;
  }

  async function changePassword(request: Request): Promise<Response> {
    const current = await auth.api.getSession({ headers: request.headers }).catch(() => null);
    const res = await auth.handler(request);
    if (current) {
      const viewer = await findViewer(db, current.user.id);
      await appendAudit(db, actorOf(viewer), {
        action: res.ok ? 'auth.change_password' : 'auth.change_password_failed',
        objectType: 'user',
        objectId: current.user.id,
        reason: res.ok ? null : `refused (${res.status})`,
        after: { address: addressOf(request) },
      });
    }
    return res;
  }

  /** The one entry for HTTP requests to /api/auth (the route handler and the tests call this). */
  async function handler(request: Request): Promise<Response> {
    const path = pathOf(request);
    if (!OPEN_PATHS.includes(path)) {
      if (isSignInPath(path) && request.method === 'POST') {
        const body = await bodyOf(request);
        await auditFailure(request, path, accountKey(body.username ?? body.email), REFUSAL_REASONS[404]!);
      }
      return json(404, { code: 'NOT_FOUND', message: 'Not found' });
    }
    if (path === '/sign-in/username' && request.method === 'POST') return signIn(request, path);
    if (path === '/change-password' && request.method === 'POST') return changePassword(request);
    return auth.handler(request);
  }

  return { ...auth, handler };
}

export type Auth = ReturnType<typeof createAuth>;

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
