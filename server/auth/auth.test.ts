import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { createAuth } from './index';
import { seedDemo } from '../seed';
import { auditLog } from '../db/schema';
import { resetPassword, setDisabled } from '../users/service';
import { SYSTEM_ACTOR } from '../audit/append';
import { viewerByUsername } from '../testing/context';

let t: TestDatabase;
let auth: ReturnType<typeof createAuth>;
const BASE = 'http://localhost:3000';

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  auth = createAuth(t.db, { secret: 'test-secret-test-secret-test-secret', baseURL: BASE, signInPerMinute: 5 });
});
afterAll(async () => {
  await t.close();
});

function signIn(username: string, password: string, ip = '10.0.0.1') {
  return auth.handler(
    new Request(`${BASE}/api/auth/sign-in/username`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: BASE, 'x-forwarded-for': ip },
      body: JSON.stringify({ username, password }),
    }),
  );
}

async function lastAudit(action: string) {
  const [row] = await t.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.seq)).limit(1);
  return row;
}

describe('sign-in through better-auth', () => {
  it('signs in with username and password, sets an httpOnly SameSite cookie, and audits it', async () => {
    const res = await signIn('editor', 'Editor@2026', '10.0.0.2');
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/session_token=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const row = await lastAudit('auth.sign_in');
    expect(row?.actorName).toBe('editor');
    expect(row?.role).toBe('editor');
    expect(row?.department).toBe('XYB');

    const token = /([^=;\s]+session_token)=([^;]+)/.exec(cookie);
    const out = await auth.handler(new Request(`${BASE}/api/auth/sign-out`, { method: 'POST', headers: { origin: BASE, cookie: `${token?.[1]}=${token?.[2]}`, 'x-forwarded-for': '10.0.0.2' } }));
    expect(out.status).toBe(200);
    expect((await lastAudit('auth.sign_out'))?.actorName).toBe('editor');
  });

  it('refuses a wrong password and audits the failed attempt', async () => {
    const res = await signIn('editor', 'wrong-password', '10.0.0.3');
    expect(res.status).toBe(401);
    const row = await lastAudit('auth.sign_in_failed');
    expect(row?.actorName).toBe('editor');
    expect(row?.reason).toMatch(/invalid/);
  });

  it('refuses a disabled account, and the new password after a reset works', async () => {
    const filler = await viewerByUsername(t.db, 'filler');
    await setDisabled(t.db, SYSTEM_ACTOR, filler.id, true);
    expect((await signIn('filler', 'Filler@2026', '10.0.0.4')).status).toBe(403);
    await setDisabled(t.db, SYSTEM_ACTOR, filler.id, false);
    await resetPassword(t.db, SYSTEM_ACTOR, filler.id, 'N3w-passw0rd');
    expect((await signIn('filler', 'Filler@2026', '10.0.0.4')).status).toBe(401);
    expect((await signIn('filler', 'N3w-passw0rd', '10.0.0.4')).status).toBe(200);
  });

  it('rate-limits repeated sign-in attempts from one address (library limiter, stored in the database)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await signIn('approver', 'nope-nope', '10.9.9.9')).status);
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // another address is not affected
    expect((await signIn('approver', 'Approver@2026', '10.9.9.10')).status).toBe(200);
  });
});
