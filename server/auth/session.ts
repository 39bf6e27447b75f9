/**
 * The per-request session lookup, in one statement. better-auth's `getSession` plus our viewer
 * took four (session, user, then the user's department and role grants) on every request, and
 * swallowed a database error into "no session" — so a failover told signed-in users to sign in
 * again (401). Here the signed cookie is verified like better-auth does (HMAC-SHA256 of the token
 * with the auth secret, better-call's format `token.base64sig`), then one query reads the session,
 * the user, the department and the roles. A database error propagates (the caller answers 503);
 * only a missing, forged or expired session is "not signed in". The session's sliding expiry is
 * kept exactly as better-auth does it (extended once `updateAge` has passed), in a second
 * statement only then. Sign-in, sign-out and the cookie itself stay better-auth's.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db';
import type { Role } from './roles';
import type { Viewer } from './viewer';
import { SESSION_EXPIRES_IN, SESSION_UPDATE_AGE } from './index';

export interface SessionKeys {
  cookieName: string;
  secret: string;
}

function cookieValue(cookieHeader: string | null, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return null;
    }
  }
  return null;
}

/** The session token of a correctly signed cookie, else null. */
export function verifiedSessionToken(cookieHeader: string | null, keys: SessionKeys): string | null {
  const value = cookieValue(cookieHeader, keys.cookieName);
  if (!value) return null;
  const dot = value.lastIndexOf('.');
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  const signature = value.slice(dot + 1);
  if (signature.length !== 44 || !signature.endsWith('=')) return null;
  const expected = createHmac('sha256', keys.secret).update(token).digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
}

interface SessionRow {
  expires_at: Date | string;
  user_id: string;
  username: string | null;
  name: string;
  disabled: boolean;
  department_id: string | null;
  department_code: string | null;
  department_name_zh: string | null;
  department_name_en: string | null;
  roles: Role[] | string | null;
}

const parseRoles = (v: Role[] | string | null): Role[] => (Array.isArray(v) ? v : typeof v === 'string' ? (v.replace(/^\{|\}$/g, '').split(',').filter(Boolean) as Role[]) : []);

/** The signed-in viewer of a request, or null; throws when the database cannot answer. */
export async function viewerFromCookie(db: Db, cookieHeader: string | null, keys: SessionKeys, now = new Date()): Promise<Viewer | null> {
  const token = verifiedSessionToken(cookieHeader, keys);
  if (!token) return null;
  const [row] = rowsOf<SessionRow>(
    await db.execute(sql`select s.expires_at, u.id as user_id, u.username, u.name, u.disabled, u.department_id,
        d.code as department_code, d.name_zh as department_name_zh, d.name_en as department_name_en,
        array(select g.role from role_grant g where g.user_id = u.id order by g.role) as roles
      from session s join "user" u on u.id = s.user_id left join department d on d.id = u.department_id
      where s.token = ${token}`),
  );
  if (!row) return null;
  const expiresAt = new Date(row.expires_at);
  if (!(expiresAt.getTime() > now.getTime())) return null;
  // better-auth's sliding expiry: once updateAge has passed since the last extension.
  if (expiresAt.getTime() - SESSION_EXPIRES_IN * 1000 + SESSION_UPDATE_AGE * 1000 <= now.getTime()) {
    await db.execute(sql`update session set expires_at = ${new Date(now.getTime() + SESSION_EXPIRES_IN * 1000).toISOString()}::timestamptz, updated_at = ${now.toISOString()}::timestamptz where token = ${token}`);
  }
  return {
    id: row.user_id,
    username: row.username ?? '',
    name: row.name,
    disabled: row.disabled,
    departmentId: row.department_id,
    departmentCode: row.department_code,
    departmentNameZh: row.department_name_zh,
    departmentNameEn: row.department_name_en,
    roles: parseRoles(row.roles),
  };
}
