/**
 * Users, departments and role grants. Every mutation runs in one transaction with its audit
 * row. Passwords are hashed with better-auth's own scrypt hasher and stored where better-auth
 * reads them (the credential account), so sign-in stays entirely the library's.
 */
import { and, asc, count, eq, ilike, inArray, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { hashPassword } from 'better-auth/crypto';
import type { Db } from '../db';
import { account, apiClient, department, roleGrant, session, user } from '../db/schema';
import { appendAudit, type Actor } from '../audit/append';
import { DomainError } from '../errors';
import { MIN_PASSWORD_LENGTH, USERNAME_RE } from '../auth';
import type { Role } from '../auth/roles';

export interface NewUser {
  username: string;
  name: string;
  password: string;
  departmentId: string;
  roles: Role[];
}

function checkPassword(password: string) {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new DomainError('INVALID_INPUT', 'errors.passwordTooShort', { min: MIN_PASSWORD_LENGTH }, [
      { path: 'password', key: 'errors.passwordTooShort', params: { min: MIN_PASSWORD_LENGTH } },
    ]);
  }
}

async function getDepartment(db: Db, id: string) {
  const [row] = await db.select().from(department).where(eq(department.id, id));
  if (!row) throw new DomainError('NOT_FOUND', 'errors.departmentNotFound', {}, [{ path: 'departmentId', key: 'errors.departmentNotFound' }]);
  return row;
}

export async function createUser(db: Db, actor: Actor, input: NewUser): Promise<{ id: string }> {
  const username = input.username.trim().toLowerCase();
  if (!USERNAME_RE.test(username)) {
    throw new DomainError('INVALID_INPUT', 'errors.usernameInvalid', {}, [{ path: 'username', key: 'errors.usernameInvalid' }]);
  }
  checkPassword(input.password);
  if (input.roles.length === 0) {
    throw new DomainError('INVALID_INPUT', 'errors.rolesRequired', {}, [{ path: 'roles', key: 'errors.rolesRequired' }]);
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const dept = await getDepartment(tx, input.departmentId);
    const [existing] = await tx.select({ id: user.id }).from(user).where(eq(user.username, username));
    if (existing) {
      throw new DomainError('CONFLICT', 'errors.usernameTaken', { username }, [{ path: 'username', key: 'errors.usernameTaken', params: { username } }]);
    }
    const [created] = await tx
      .insert(user)
      .values({ name: input.name.trim() || username, email: `${username}@users.invalid`, username, displayUsername: username, departmentId: dept.id })
      .returning({ id: user.id });
    if (!created) throw new Error('insert returned no row');
    await tx.insert(account).values({ accountId: created.id, providerId: 'credential', userId: created.id, password: passwordHash });
    const roles = [...new Set(input.roles)].sort();
    await tx.insert(roleGrant).values(roles.map((role) => ({ userId: created.id, role, grantedBy: actor.id })));
    await appendAudit(tx, actor, {
      action: 'user.create',
      objectType: 'user',
      objectId: created.id,
      after: { username, name: input.name, department: dept.code, roles },
    });
    return created;
  });
}

/** The API clients' service users (server/api/clients.ts): system accounts, not people; managed on the API clients page only. */
const serviceUsers = (db: Db) => db.select({ id: apiClient.serviceUserId }).from(apiClient);

async function getUserRow(db: Db, userId: string) {
  const [row] = await db.select().from(user).where(and(eq(user.id, userId), notInArray(user.id, serviceUsers(db))));
  if (!row) throw new DomainError('NOT_FOUND', 'errors.userNotFound');
  return row;
}

/**
 * Renames an account: its sign-in name and the display name others see. Only an admin does this
 * (users cannot: better-auth's update-user is closed, server/auth), so a filler cannot appear as
 * 系统管理员 in tasks, timelines and the audit log. Audited with both names before and after.
 */
export async function renameUser(db: Db, actor: Actor, userId: string, input: { username: string; name: string }): Promise<void> {
  const username = input.username.trim().toLowerCase();
  const name = input.name.trim();
  if (!USERNAME_RE.test(username)) throw new DomainError('INVALID_INPUT', 'errors.usernameInvalid', {}, [{ path: 'username', key: 'errors.usernameInvalid' }]);
  if (!name) throw new DomainError('INVALID_INPUT', 'errors.required', {}, [{ path: 'name', key: 'errors.required' }]);
  await db.transaction(async (tx) => {
    const row = await getUserRow(tx, userId);
    if (row.username === username && row.name === name) return;
    if (row.username !== username) {
      const [taken] = await tx.select({ id: user.id }).from(user).where(eq(user.username, username));
      if (taken) throw new DomainError('CONFLICT', 'errors.usernameTaken', { username }, [{ path: 'username', key: 'errors.usernameTaken', params: { username } }]);
    }
    await tx.update(user).set({ username, displayUsername: username, name, email: `${username}@users.invalid`, updatedAt: new Date() }).where(eq(user.id, userId));
    await appendAudit(tx, actor, { action: 'user.rename', objectType: 'user', objectId: userId, before: { username: row.username, name: row.name }, after: { username, name } });
  });
}

export async function resetPassword(db: Db, actor: Actor, userId: string, password: string): Promise<void> {
  checkPassword(password);
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const row = await getUserRow(tx, userId);
    const updated = await tx
      .update(account)
      .set({ password: passwordHash, updatedAt: new Date() })
      .where(and(eq(account.userId, userId), eq(account.providerId, 'credential')))
      .returning({ id: account.id });
    if (updated.length === 0) {
      await tx.insert(account).values({ accountId: userId, providerId: 'credential', userId, password: passwordHash });
    }
    // A reset ends every open session of that user.
    await tx.delete(session).where(eq(session.userId, userId));
    await appendAudit(tx, actor, { action: 'user.reset_password', objectType: 'user', objectId: userId, after: { username: row.username } });
  });
}

export async function setRoles(db: Db, actor: Actor, userId: string, roles: Role[]): Promise<void> {
  if (roles.length === 0) {
    throw new DomainError('INVALID_INPUT', 'errors.rolesRequired', {}, [{ path: 'roles', key: 'errors.rolesRequired' }]);
  }
  if (userId === actor.id && !roles.includes('admin')) {
    throw new DomainError('FORBIDDEN', 'errors.cannotRemoveOwnAdmin');
  }
  await db.transaction(async (tx) => {
    const row = await getUserRow(tx, userId);
    const before = (await tx.select({ role: roleGrant.role }).from(roleGrant).where(eq(roleGrant.userId, userId))).map((r) => r.role).sort();
    const after = [...new Set(roles)].sort();
    if (before.join() === after.join()) return;
    await tx.delete(roleGrant).where(eq(roleGrant.userId, userId));
    await tx.insert(roleGrant).values(after.map((role) => ({ userId, role, grantedBy: actor.id })));
    await appendAudit(tx, actor, { action: 'user.set_roles', objectType: 'user', objectId: userId, before: { username: row.username, roles: before }, after: { username: row.username, roles: after } });
  });
}

export async function setDepartment(db: Db, actor: Actor, userId: string, departmentId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await getUserRow(tx, userId);
    const dept = await getDepartment(tx, departmentId);
    if (row.departmentId === dept.id) return;
    const [old] = row.departmentId ? await tx.select().from(department).where(eq(department.id, row.departmentId)) : [];
    await tx.update(user).set({ departmentId: dept.id, updatedAt: new Date() }).where(eq(user.id, userId));
    await appendAudit(tx, actor, { action: 'user.set_department', objectType: 'user', objectId: userId, before: { department: old?.code ?? null }, after: { department: dept.code } });
  });
}

export async function setDisabled(db: Db, actor: Actor, userId: string, disabled: boolean): Promise<void> {
  if (userId === actor.id && disabled) throw new DomainError('FORBIDDEN', 'errors.cannotDisableSelf');
  await db.transaction(async (tx) => {
    const row = await getUserRow(tx, userId);
    if (row.disabled === disabled) return;
    await tx.update(user).set({ disabled, updatedAt: new Date() }).where(eq(user.id, userId));
    if (disabled) await tx.delete(session).where(eq(session.userId, userId));
    await appendAudit(tx, actor, { action: disabled ? 'user.disable' : 'user.enable', objectType: 'user', objectId: userId, before: { disabled: row.disabled }, after: { disabled } });
  });
}

export interface UserListQuery {
  q?: string;
  departmentId?: string;
  role?: Role;
  page: number;
  pageSize: number;
}

export async function listUsers(db: Db, query: UserListQuery) {
  const filters: (SQL | undefined)[] = [notInArray(user.id, serviceUsers(db))];
  if (query.q) {
    const like = `%${query.q.replace(/[%_\\]/g, '\\$&')}%`;
    filters.push(or(ilike(user.username, like), ilike(user.name, like)));
  }
  if (query.departmentId) filters.push(eq(user.departmentId, query.departmentId));
  if (query.role) {
    filters.push(inArray(user.id, db.select({ id: roleGrant.userId }).from(roleGrant).where(eq(roleGrant.role, query.role))));
  }
  const where = and(...filters);
  const [total] = await db.select({ n: count() }).from(user).where(where);
  const rows = await db
    .select({
      id: user.id,
      username: user.username,
      name: user.name,
      disabled: user.disabled,
      departmentId: user.departmentId,
      departmentNameZh: department.nameZh,
      departmentNameEn: department.nameEn,
      roles: sql<Role[]>`coalesce((select array_agg(${roleGrant.role}::text order by ${roleGrant.role}) from ${roleGrant} where ${roleGrant.userId} = ${user.id}), '{}')`,
    })
    .from(user)
    .leftJoin(department, eq(department.id, user.departmentId))
    .where(where)
    .orderBy(asc(user.username))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  return { total: total?.n ?? 0, rows };
}

// ---- departments ----

export interface DepartmentInput {
  code: string;
  nameZh: string;
  nameEn: string;
}

const DEPT_CODE_RE = /^[A-Z][A-Z0-9_-]{1,31}$/;

export async function listDepartments(db: Db, opts: { includeArchived?: boolean } = {}) {
  const rows = await db
    .select({
      id: department.id,
      code: department.code,
      nameZh: department.nameZh,
      nameEn: department.nameEn,
      isCreditOffice: department.isCreditOffice,
      archived: department.archived,
      // Qualified by hand: inside the subquery an unqualified "id" would be the user's own id (every count 0).
      members: sql<number>`(select count(*)::int from "user" as u where u.department_id = "department"."id" and u.id not in (select service_user_id from api_client))`,
    })
    .from(department)
    .where(opts.includeArchived ? undefined : eq(department.archived, false))
    .orderBy(asc(department.code));
  return rows;
}

export async function createDepartment(db: Db, actor: Actor, input: DepartmentInput): Promise<{ id: string }> {
  const code = input.code.trim().toUpperCase();
  if (!DEPT_CODE_RE.test(code)) {
    throw new DomainError('INVALID_INPUT', 'errors.departmentCodeInvalid', {}, [{ path: 'code', key: 'errors.departmentCodeInvalid' }]);
  }
  if (!input.nameZh.trim()) throw new DomainError('INVALID_INPUT', 'errors.required', {}, [{ path: 'nameZh', key: 'errors.required' }]);
  return db.transaction(async (tx) => {
    const [dup] = await tx.select({ id: department.id }).from(department).where(eq(department.code, code));
    if (dup) throw new DomainError('CONFLICT', 'errors.departmentCodeTaken', { code }, [{ path: 'code', key: 'errors.departmentCodeTaken', params: { code } }]);
    const [row] = await tx.insert(department).values({ code, nameZh: input.nameZh.trim(), nameEn: input.nameEn.trim() || input.nameZh.trim() }).returning({ id: department.id });
    if (!row) throw new Error('insert returned no row');
    await appendAudit(tx, actor, { action: 'department.create', objectType: 'department', objectId: row.id, after: { code, nameZh: input.nameZh, nameEn: input.nameEn } });
    return row;
  });
}

export async function updateDepartment(db: Db, actor: Actor, id: string, input: { nameZh: string; nameEn: string; archived: boolean }): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await getDepartment(tx, id);
    if (!input.nameZh.trim()) throw new DomainError('INVALID_INPUT', 'errors.required', {}, [{ path: 'nameZh', key: 'errors.required' }]);
    if (input.archived && before.isCreditOffice) throw new DomainError('FORBIDDEN', 'errors.cannotArchiveCreditOffice');
    await tx.update(department).set({ nameZh: input.nameZh.trim(), nameEn: input.nameEn.trim() || input.nameZh.trim(), archived: input.archived }).where(eq(department.id, id));
    await appendAudit(tx, actor, {
      action: 'department.update',
      objectType: 'department',
      objectId: id,
      before: { nameZh: before.nameZh, nameEn: before.nameEn, archived: before.archived },
      after: input,
    });
  });
}
