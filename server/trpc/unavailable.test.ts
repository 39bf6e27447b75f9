/**
 * A database that cannot answer is "try again" (503, in the caller's language), never "please
 * sign in" (401) and never SQL text: the session lookup, every procedure and the download
 * guard. A unique index refusing a concurrent duplicate is a 409 with a message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { seedDemo } from '../seed';
import { createAuth } from '../auth';
import { viewerFromCookie, type SessionKeys } from '../auth/session';
import { buildContext } from './http-context';
import { appRouter } from './router';
import { guardContext } from '../http/guard';
import { unexpectedErrorResponse } from '../http/errors';
import { translate } from '../i18n';
import { viewerByUsername } from '../testing/context';
import { rowsOf, type Db } from '../db';
import type { Context } from './context';

const BASE = 'http://localhost:3000';
let t: TestDatabase;
let auth: ReturnType<typeof createAuth>;
let keys: SessionKeys;
let editorCookie: string;
let fillerCookie: string;

/** What drizzle throws when the connection died under a query: SQL in the message, the driver's error as cause. */
function driverError(code: string) {
  return Object.assign(new Error('Failed query: select "token" from "session" where "token" = $1\nparams: secret-token'), {
    cause: Object.assign(new Error('terminating connection due to administrator command'), { code }),
  });
}

/** A database whose every statement fails with `code` (PGlite has no connection to cut). */
function failingDb(code: string): Db {
  return new Proxy(t.db, {
    get(target, prop, receiver) {
      if (['select', 'selectDistinct', 'execute', 'insert', 'update', 'delete', 'transaction'].includes(String(prop))) {
        return () => {
          throw driverError(code);
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

/** On PostgreSQL, a real pool that has been ended: its queries fail as the driver reports a lost connection. */
async function unavailableDb(): Promise<Db> {
  if (t.kind !== 'postgres') return failingDb('57P01');
  const other = await t.connectAgain(2);
  await other.close();
  return other.db;
}

async function signIn(username: string, password: string) {
  const res = await auth.handler(
    new Request(`${BASE}/api/auth/sign-in/username`, { method: 'POST', headers: { 'content-type': 'application/json', origin: BASE, 'x-forwarded-for': `10.9.0.${username.length}` }, body: JSON.stringify({ username, password }) }),
  );
  const m = /([^=;\s]+session_token)=([^;]+)/.exec(res.headers.get('set-cookie') ?? '');
  if (!m) throw new Error(`sign-in of ${username} failed: ${res.status}`);
  return `${m[1]}=${m[2]}`;
}

/** One tRPC call over HTTP with a given context, as the route handler answers it. */
async function call(ctx: Context, path: string, input?: unknown) {
  const url = new URL(`${BASE}/api/trpc/${path}`);
  if (input !== undefined) url.searchParams.set('input', JSON.stringify({ json: input }));
  const res = await fetchRequestHandler({ endpoint: '/api/trpc', req: new Request(url), router: appRouter, createContext: async () => ctx });
  const body = (await res.json()) as { error?: { json: { message: string; data: { code: string } } } };
  return { status: res.status, error: body.error?.json, raw: JSON.stringify(body) };
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  auth = createAuth(t.db, { secret: 'test-secret-test-secret-test-secret', baseURL: BASE, signInPerMinute: 50 });
  const c = await auth.$context;
  keys = { cookieName: c.authCookies.sessionToken.name, secret: c.secret };
  editorCookie = await signIn('editor', 'Editor@2026');
  fillerCookie = await signIn('filler', 'Filler@2026');
});
afterAll(async () => {
  await t.close();
});

describe('session lookup', () => {
  it('reads the signed-in viewer (department and roles) from the signed cookie', async () => {
    const v = await viewerFromCookie(t.db, editorCookie, keys);
    expect(v).toMatchObject({ username: 'editor', departmentCode: 'XYB', roles: ['editor'], disabled: false });
    const f = await viewerFromCookie(t.db, `NEXT_LOCALE=en; ${fillerCookie}`, keys);
    expect(f?.username).toBe('filler');
    expect(f?.roles).toEqual(['filler']);
  });

  it('treats a forged signature, an unknown token and an expired session as signed out', async () => {
    const [name, value] = editorCookie.split('=') as [string, string];
    const decoded = decodeURIComponent(value);
    const forged = `${name}=${encodeURIComponent(decoded.replace(/^[^.]+/, 'someone-elses-token'))}`;
    expect(await viewerFromCookie(t.db, forged, keys)).toBeNull();
    expect(await viewerFromCookie(t.db, `${name}=nothing.here`, keys)).toBeNull();
    expect(await viewerFromCookie(t.db, null, keys)).toBeNull();
    const token = decoded.slice(0, decoded.lastIndexOf('.'));
    const soon = new Date(Date.now() + 8 * 3600_000 + 1000);
    expect(await viewerFromCookie(t.db, editorCookie, keys, soon)).toBeNull();
    // an old session in use is extended, as better-auth does after updateAge
    await t.db.execute(sql`update session set expires_at = now() + interval '10 minutes' where token = ${token}`);
    expect(await viewerFromCookie(t.db, editorCookie, keys)).not.toBeNull();
    const [row] = rowsOf<{ extended: boolean }>(await t.db.execute(sql`select expires_at > now() + interval '7 hours' as extended from session where token = ${token}`));
    expect(row?.extended).toBe(true);
  });
});

describe('sessions across instances', () => {
  it('a session signed in on one instance works on another, and its sign-out there is seen at once', async () => {
    const other = t.kind === 'postgres' ? (await t.connectAgain(2)).db : t.db;
    // The second instance: its own auth and pool on the same database and secret.
    const authB = createAuth(other, { secret: 'test-secret-test-secret-test-secret', baseURL: BASE, signInPerMinute: 50 });
    const cookie = await signIn('approver', 'Approver@2026');
    expect((await viewerFromCookie(other, cookie, keys))?.username).toBe('approver');
    const out = await authB.handler(new Request(`${BASE}/api/auth/sign-out`, { method: 'POST', headers: { origin: BASE, cookie, 'x-forwarded-for': '10.9.0.9' } }));
    expect(out.status).toBe(200);
    expect(await viewerFromCookie(t.db, cookie, keys)).toBeNull();
    expect(await viewerFromCookie(other, cookie, keys)).toBeNull();
  });
});

describe('database unavailable', () => {
  it('a failed session lookup is a 503 with a retry message in both languages, not 401 "please sign in"', async () => {
    const broken = await unavailableDb();
    const ctx = await buildContext(broken, keys, new Headers({ cookie: fillerCookie }));
    expect(ctx.unavailable).toBe(true);
    const zh = await call(ctx, 'record.fillable');
    expect(zh.status).toBe(503);
    expect(zh.error?.message).toBe(translate('zh-CN', 'infra.unavailable'));
    expect(zh.error?.message).not.toBe(translate('zh-CN', 'errors.unauthorized'));
    const enCtx = await buildContext(broken, keys, new Headers({ cookie: `NEXT_LOCALE=en; ${fillerCookie}` }));
    const en = await call(enCtx, 'record.fillable');
    expect(en.status).toBe(503);
    expect(en.error?.message).toBe(translate('en', 'infra.unavailable'));
    expect(en.raw).not.toMatch(/Failed query|session|secret-token/);

    // downloads: the guard answers the same 503, with both languages
    const guarded = guardContext(ctx, ['filler']);
    expect(guarded.ok).toBe(false);
    const res = (guarded as { response: Response }).response;
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    const body = (await res.json()) as { error: string; message: Record<string, string> };
    expect(body.error).toBe(translate('zh-CN', 'infra.unavailable'));
    expect(body.message.en).toBe(translate('en', 'infra.unavailable'));
  });

  it('without a session cookie nothing is looked up: still 401 for a protected procedure', async () => {
    const ctx = await buildContext(failingDb('57P01'), keys, new Headers());
    expect(ctx.unavailable).toBeFalsy();
    expect((await call(ctx, 'record.fillable')).status).toBe(401);
  });

  it('a procedure whose statement loses the connection answers 503 in the caller language', async () => {
    const viewer = await viewerByUsername(t.db, 'filler');
    const res = await call({ db: failingDb('57P01'), viewer, locale: 'en', headers: new Headers() }, 'record.fillable');
    expect(res.status).toBe(503);
    expect(res.error?.message).toBe(translate('en', 'infra.unavailable'));
    expect(res.raw).not.toMatch(/Failed query/);
    for (const code of ['CONNECTION_CLOSED', 'CONNECT_TIMEOUT', 'QUEUE_TIMEOUT', '08006', '40001']) {
      expect((await call({ db: failingDb(code), viewer, locale: 'zh-CN', headers: new Headers() }, 'record.fillable')).status).toBe(503);
    }
  });

  it('a unique violation is a 409 with a message, any other database error a translated 500 without SQL', async () => {
    const viewer = await viewerByUsername(t.db, 'filler');
    const dup = await call({ db: failingDb('23505'), viewer, locale: 'zh-CN', headers: new Headers() }, 'record.fillable');
    expect(dup.status).toBe(409);
    expect(dup.error?.message).toBe(translate('zh-CN', 'infra.duplicate'));
    const other = await call({ db: failingDb('42P01'), viewer, locale: 'en', headers: new Headers() }, 'record.fillable');
    expect(other.status).toBe(500);
    expect(other.error?.message).toBe(translate('en', 'errors.internal'));
    expect(other.raw).not.toMatch(/Failed query|select|secret-token/);
  });

  it('route handlers map the same errors: 503 / 409 / 500, translated, no SQL', async () => {
    const a = unexpectedErrorResponse(driverError('57P01'), 'en');
    expect(a.status).toBe(503);
    expect(((await a.json()) as { error: string }).error).toBe(translate('en', 'infra.unavailable'));
    const b = unexpectedErrorResponse(driverError('23505'), 'zh-CN');
    expect(b.status).toBe(409);
    const c = unexpectedErrorResponse(driverError('XX000'), 'zh-CN');
    expect(c.status).toBe(500);
    const text = await c.text();
    expect(text).toContain(translate('zh-CN', 'errors.internal'));
    expect(text).not.toMatch(/Failed query|secret-token/);
  });
});
