/**
 * Accounts and sign-in through the auth handler (issue 11): only the endpoints the product uses
 * answer, nobody renames themselves, disabled accounts get no session by any path, every sign-in
 * attempt is audited, and failures are limited per account as well as per address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, desc, eq, gt } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { createAuth, OPEN_PATHS } from '../auth';
import { seedDemo } from '../seed';
import { auditLog, session, signInFailure, user } from '../db/schema';
import { setDisabled } from '../users/service';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { contextFor, refusal, viewerByUsername } from '../testing/context';
import { SYSTEM_ACTOR } from '../audit/append';

let t: TestDatabase;
let auth: ReturnType<typeof createAuth>;
const BASE = 'http://localhost:3000';
let ip = 0;
/** A fresh client address per call unless one is given: the per-address limit stays out of the way. */
const nextIp = () => `10.1.${Math.floor(++ip / 250)}.${ip % 250}`;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  auth = createAuth(t.db, { secret: 'test-secret-test-secret-test-secret', baseURL: BASE, signInPerMinute: 5, accountLimit: { maxFailures: 3, lockMinutes: 15 } });
});
afterAll(async () => {
  await t?.close();
});

function post(path: string, body: unknown, opts: { cookie?: string; ip?: string } = {}) {
  return auth.handler(
    new Request(`${BASE}/api/auth${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: BASE, 'x-forwarded-for': opts.ip ?? nextIp(), ...(opts.cookie ? { cookie: opts.cookie } : {}) },
      body: JSON.stringify(body),
    }),
  );
}
const signIn = (username: string, password: string, ip?: string) => post('/sign-in/username', { username, password }, { ip });

function cookieOf(res: Response): string {
  const m = /([^=;\s]+session_token)=([^;]+)/.exec(res.headers.get('set-cookie') ?? '');
  if (!m) throw new Error('no session cookie');
  return `${m[1]}=${m[2]}`;
}

async function auditCount() {
  const [row] = await t.db.select({ n: count() }).from(auditLog);
  return row!.n;
}
async function lastAudit() {
  const [row] = await t.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  return row!;
}
async function sessionsOf(username: string) {
  const v = await viewerByUsername(t.db, username);
  const [row] = await t.db.select({ n: count() }).from(session).where(eq(session.userId, v.id));
  return row!.n;
}

describe('only the endpoints the product uses answer', () => {
  it('every other better-auth endpoint is 404, signed in or not', async () => {
    const filler = cookieOf(await signIn('filler', 'Filler@2026'));
    const paths = [...new Set(Object.values(auth.api).map((e) => (e as { path?: string }).path).filter((p): p is string => typeof p === 'string'))];
    expect(paths).toEqual(expect.arrayContaining(['/update-user', '/change-email', '/sign-up/email', '/sign-in/email', '/request-password-reset', '/delete-user', '/is-username-available', '/list-sessions']));
    for (const path of paths.filter((p) => !OPEN_PATHS.includes(p))) {
      const concrete = path.replace(/:[a-zA-Z]+/g, 'x');
      expect((await post(concrete, {}, { cookie: filler })).status, `POST ${path}`).toBe(404);
      const get = await auth.handler(new Request(`${BASE}/api/auth${concrete}`, { headers: { cookie: filler, 'x-forwarded-for': nextIp() } }));
      expect(get.status, `GET ${path}`).toBe(404);
    }
  });

  it('a filler cannot rename themselves to admin. / 系统管理员 through update-user', async () => {
    const filler = cookieOf(await signIn('filler', 'Filler@2026'));
    const res = await post('/update-user', { name: '系统管理员', username: 'admin.', displayUsername: 'admin.' }, { cookie: filler });
    expect(res.status).toBe(404);
    const [row] = await t.db.select({ name: user.name, username: user.username }).from(user).where(eq(user.username, 'filler'));
    expect(row).toEqual({ name: expect.not.stringMatching('系统管理员'), username: 'filler' });
    expect((await post('/change-email', { newEmail: 'x@evil.example' }, { cookie: filler })).status).toBe(404);
  });

  it('a user changes their own password; the change is audited and the old password stops working', async () => {
    const cookie = cookieOf(await signIn('editor', 'Editor@2026'));
    const wrong = await post('/change-password', { currentPassword: 'not-it', newPassword: 'Editor@2027' }, { cookie });
    expect(wrong.ok).toBe(false);
    expect(await lastAudit()).toMatchObject({ action: 'auth.change_password_failed', actorName: 'editor' });
    const ok = await post('/change-password', { currentPassword: 'Editor@2026', newPassword: 'Editor@2027' }, { cookie });
    expect(ok.status).toBe(200);
    expect(await lastAudit()).toMatchObject({ action: 'auth.change_password', actorName: 'editor', role: 'editor' });
    expect((await signIn('editor', 'Editor@2026')).status).toBe(401);
    expect((await signIn('editor', 'Editor@2027')).status).toBe(200);
  });
});

describe('usernames and names change only by an admin', () => {
  it('an admin renames an account, audited with before and after; the new name signs in', async () => {
    const admin = await viewerByUsername(t.db, 'admin');
    const target = await viewerByUsername(t.db, 'filler2');
    const asAdmin = createCallerFactory(appRouter)(contextFor(t.db, admin));
    expect((await refusal(createCallerFactory(appRouter)(contextFor(t.db, target)).user.rename({ userId: target.id, username: 'admin.', name: '系统管理员' }))).code).toBe('FORBIDDEN');
    expect((await refusal(asAdmin.user.rename({ userId: target.id, username: 'admin', name: '系统管理员' }))).code).toBe('CONFLICT');
    expect((await refusal(asAdmin.user.rename({ userId: target.id, username: 'Bad Name!', name: 'x' }))).code).toBe('BAD_REQUEST');
    await asAdmin.user.rename({ userId: target.id, username: 'filler2b', name: '生态环境局填报员' });
    expect(await lastAudit()).toMatchObject({ action: 'user.rename', actorName: 'admin', before: { username: 'filler2', name: expect.any(String) }, after: { username: 'filler2b', name: '生态环境局填报员' } });
    expect((await signIn('filler2b', 'Filler@2026')).status).toBe(200);
    await asAdmin.user.rename({ userId: target.id, username: 'filler2', name: '生态环境局填报员' });
  });
});

describe('disabled accounts get no session by any path', () => {
  it('sign-in by username, by e-mail (closed) and the server API all refuse, and nothing is created', async () => {
    const filler2 = await viewerByUsername(t.db, 'filler2');
    await setDisabled(t.db, SYSTEM_ACTOR, filler2.id, true);
    const before = await sessionsOf('filler2');
    const byName = await signIn('filler2', 'Filler@2026');
    expect(byName.status).toBe(403);
    expect(((await byName.json()) as { code: string }).code).toBe('ACCOUNT_DISABLED');
    expect((await post('/sign-in/email', { email: 'filler2@users.invalid', password: 'Filler@2026' })).status).toBe(404);
    // The library's own server-side sign-in (no HTTP gate in front): the session hook refuses.
    await expect(auth.api.signInEmail({ body: { email: 'filler2@users.invalid', password: 'Filler@2026' } })).rejects.toMatchObject({ body: { code: 'ACCOUNT_DISABLED' } });
    await expect(auth.api.signInUsername({ body: { username: 'filler2', password: 'Filler@2026' } })).rejects.toMatchObject({ body: { code: 'ACCOUNT_DISABLED' } });
    expect(await sessionsOf('filler2')).toBe(before);
    // A wrong password says "wrong password", not "disabled": the state is shown only to the owner.
    expect((await signIn('filler2', 'wrong-wrong')).status).toBe(401);
    await setDisabled(t.db, SYSTEM_ACTOR, filler2.id, false);
    expect((await signIn('filler2', 'Filler@2026')).status).toBe(200);
  });
});

describe('every sign-in attempt writes one audit row', () => {
  it('accepted, wrong password, unknown account, malformed, closed path, rate-limited', async () => {
    const cases: [string, () => Promise<Response>, number, string, string | null][] = [
      ['accepted', () => signIn('approver', 'Approver@2026', '10.7.0.1'), 200, 'auth.sign_in', null],
      ['wrong password', () => signIn('auditor', 'nope-nope', '10.7.0.2'), 401, 'auth.sign_in_failed', 'invalid username or password'],
      ['unknown account', () => signIn('nobody', 'nope-nope', '10.7.0.3'), 401, 'auth.sign_in_failed', 'invalid username or password'],
      ['malformed', () => post('/sign-in/username', { username: 'auditor' }, { ip: '10.7.0.4' }), 400, 'auth.sign_in_failed', 'malformed sign-in request'],
      ['closed path', () => post('/sign-in/email', { email: 'admin@users.invalid', password: 'Admin@2026' }, { ip: '10.7.0.5' }), 404, 'auth.sign_in_failed', 'sign-in path closed'],
      ['sign-up', () => post('/sign-up/email', { email: 'x@y.z', password: 'Admin@2026', name: 'x' }, { ip: '10.7.0.6' }), 404, 'auth.sign_in_failed', 'sign-in path closed'],
      ['foreign origin', () => auth.handler(new Request(`${BASE}/api/auth/sign-in/username`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example', cookie: 'x=1', 'x-forwarded-for': '10.7.0.7' }, body: JSON.stringify({ username: 'approver', password: 'Approver@2026' }) })), 403, 'auth.sign_in_failed', 'request from another origin'],
    ];
    for (const [what, attempt, status, action, reason] of cases) {
      const before = await auditCount();
      expect((await attempt()).status, what).toBe(status);
      expect(await auditCount(), what).toBe(before + 1);
      const row = await lastAudit();
      expect(row.action, what).toBe(action);
      if (reason) expect(row.reason, what).toBe(reason);
      expect((row.after as { address?: string }).address, what).toMatch(/^10\.7\.0\.\d$/);
    }
    // the per-address limit (5 a minute here): the refused attempt is audited too
    for (let i = 0; i < 5; i++) await signIn(`guess${i}`, 'nope-nope', '10.7.0.9');
    const before = await auditCount();
    expect((await signIn('guess9', 'nope-nope', '10.7.0.9')).status).toBe(429);
    expect(await auditCount()).toBe(before + 1);
    expect(await lastAudit()).toMatchObject({ action: 'auth.sign_in_failed', reason: 'too many attempts from this address' });
  });
});

describe('failures are limited per account, whatever the address', () => {
  it('after 3 failures from 3 addresses even the right password is refused; other accounts are not affected', async () => {
    for (const addr of ['10.8.0.1', '10.8.0.2', '10.8.0.3']) expect((await signIn('admin', 'guess-guess', addr)).status).toBe(401);
    const locked = await signIn('admin', 'Admin@2026', '10.8.0.4');
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { code: string }).code).toBe('ACCOUNT_LOCKED');
    expect(await lastAudit()).toMatchObject({ action: 'auth.sign_in_failed', actorName: 'admin', reason: 'too many failed sign-ins for this account' });
    expect(await sessionsOf('admin')).toBe(0);
    // The name is counted as the username plugin compares it.
    expect((await signIn(' ADMIN ', 'Admin@2026', '10.8.0.5')).status).toBe(429);
    expect((await signIn('approver', 'Approver@2026', '10.8.0.6')).status).toBe(200);
  });

  it('the lock ends 15 minutes after the last failure; a success clears the count', async () => {
    await t.db.update(signInFailure).set({ lastFailureAt: new Date(Date.now() - 16 * 60_000) }).where(eq(signInFailure.username, 'admin'));
    expect((await signIn('admin', 'Admin@2026', '10.8.0.7')).status).toBe(200);
    expect(await t.db.select().from(signInFailure).where(and(eq(signInFailure.username, 'admin'), gt(signInFailure.failures, 0)))).toHaveLength(0);
  });
});
