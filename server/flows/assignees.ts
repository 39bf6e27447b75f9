/**
 * Who gets a step's tasks. Resolution happens when the step opens (so a re-opened step after a
 * return sees today's staff), ordered by username so 依次 order is stable, except named users
 * which keep the designer's order.
 *
 * - role (+ department): enabled users holding the role (in that department);
 * - department (+ role): enabled users of the department (holding the role);
 * - users: the named users that exist and are enabled;
 * - initiator-approver: approvers in the initiator's department. When that department has no
 *   approver (line departments usually have none; the credit office's approvers decide), it falls
 *   back to every approver.
 * The initiator (and everyone who edited the subject, four eyes) is always removed: nobody
 * approves their own submission. Only users holding a role that may act on tasks (ACTING_ROLES,
 * the roles of the flow router's task procedures) get tasks: a task given to an auditor could
 * never be acted on.
 *
 * `holdRefusal` is the same rule asked about one person: could they hold a task of this step?
 * Transfer 转办 and add signer 加签 accept only such users, and the candidate list offers only
 * them. For a step of named users, a colleague of a named user (same department, a shared acting
 * role) may stand in for them.
 */
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { department, roleGrant, user } from '../db/schema';
import { isRole, type Role } from '../auth/roles';
import type { MessageParams } from '../errors';
import { translate } from '../i18n';
import type { Assignee } from '../../catalog/flows/types';

/** Roles that may act on a task (the flow router's `participant` procedures). */
export const ACTING_ROLES: readonly Role[] = ['admin', 'editor', 'filler', 'approver'];
const acting = ACTING_ROLES as readonly string[];

export interface AssigneeContext {
  initiatorDepartmentId: string | null;
  /** The initiator and anyone else who may not act on this instance. */
  excluded: string[];
}

async function usersWhere(db: Db, filters: SQL[], role?: string | null): Promise<string[]> {
  const base = db.selectDistinct({ id: user.id, username: user.username }).from(user);
  const where = and(eq(user.disabled, false), ...filters);
  if (role && !(isRole(role) && acting.includes(role))) return [];
  const roles = role ? [role as Role] : [...ACTING_ROLES];
  // prepared (./prepared.ts): resolved every time a step opens
  const rows = await base.innerJoin(roleGrant, and(eq(roleGrant.userId, user.id), inArray(roleGrant.role, roles))).where(where).orderBy(asc(user.username)).prepare('flow_assignees').execute();
  return rows.map((r) => r.id);
}

async function candidates(db: Db, a: Assignee, ctx: AssigneeContext): Promise<string[]> {
  switch (a.kind) {
    case 'role':
      return usersWhere(db, a.departmentId ? [eq(user.departmentId, a.departmentId)] : [], a.role);
    case 'department':
      return usersWhere(db, [eq(user.departmentId, a.departmentId)], a.role);
    case 'users': {
      if (!a.userIds.length) return [];
      const found = new Set(await usersWhere(db, [inArray(user.id, a.userIds)]));
      return a.userIds.filter((id) => found.has(id));
    }
    case 'initiator-approver': {
      // One query for every approver; the initiator's department's are picked out here.
      const all = await db
        .selectDistinct({ id: user.id, username: user.username, departmentId: user.departmentId })
        .from(user)
        .innerJoin(roleGrant, and(eq(roleGrant.userId, user.id), eq(roleGrant.role, 'approver')))
        .where(eq(user.disabled, false))
        .orderBy(asc(user.username))
        .prepare('flow_approvers')
        .execute();
      const usable = all.filter((r) => ctx.initiatorDepartmentId && r.departmentId === ctx.initiatorDepartmentId && !ctx.excluded.includes(r.id));
      return (usable.length ? usable : all).map((r) => r.id);
    }
  }
}

export async function resolveAssignees(db: Db, a: Assignee, ctx: AssigneeContext): Promise<string[]> {
  const ids = await candidates(db, a, ctx);
  return [...new Set(ids)].filter((id) => !ctx.excluded.includes(id));
}

/** Users holding `role`, minus the excluded ones (escalation targets). */
export async function usersWithRole(db: Db, role: string, excluded: string[]): Promise<string[]> {
  return (await usersWhere(db, [], role)).filter((id) => !excluded.includes(id));
}

// ---------- who could hold a step ----------

/** An enabled user as the eligibility rule sees them. */
export interface Person {
  id: string;
  name: string;
  username: string | null;
  departmentId: string | null;
  departmentNameZh: string | null;
  departmentNameEn: string | null;
  roles: string[];
}

/** Every enabled user with roles and department (the user table is small: one office). */
export async function directory(db: Db): Promise<Person[]> {
  const [users, grants] = await Promise.all([
    db
      .select({ id: user.id, name: user.name, username: user.username, departmentId: user.departmentId, departmentNameZh: department.nameZh, departmentNameEn: department.nameEn })
      .from(user)
      .leftJoin(department, eq(department.id, user.departmentId))
      .where(eq(user.disabled, false))
      .orderBy(asc(user.username)),
    db.select({ userId: roleGrant.userId, role: roleGrant.role }).from(roleGrant),
  ]);
  const rolesOf = new Map<string, string[]>();
  for (const g of grants) rolesOf.set(g.userId, [...(rolesOf.get(g.userId) ?? []), g.role]);
  return users.map((u) => ({ ...u, roles: rolesOf.get(u.id) ?? [] }));
}

export interface Refusal {
  key: string;
  params: MessageParams;
}

const both = (key: string, params: MessageParams = {}) => ({ zh: translate('zh-CN', key, params), en: translate('en', key, params) });

function roleParams(role: string): MessageParams {
  const r = both(`roles.${role}`);
  return { roleZh: r.zh, roleEn: r.en };
}

async function departmentParams(db: Db, id: string | null, dir: Person[]): Promise<MessageParams> {
  const known = dir.find((p) => p.departmentId === id);
  if (known) return { departmentZh: known.departmentNameZh ?? '', departmentEn: known.departmentNameEn ?? '' };
  const [d] = id ? await db.select({ zh: department.nameZh, en: department.nameEn }).from(department).where(eq(department.id, id)) : [];
  return { departmentZh: d?.zh ?? '—', departmentEn: d?.en ?? '—' };
}

/**
 * Why `p` could not hold a task of a step assigned by `a` (null: they could). The same rule as
 * `resolveAssignees`, asked about one person; named-user steps also accept a named user's
 * colleague (same department, a shared acting role), so that 转办 can hand the task on.
 */
export async function holdRefusal(db: Db, p: Person, a: Assignee, ctx: AssigneeContext, dir: Person[]): Promise<Refusal | null> {
  const name = { name: p.name };
  if (ctx.excluded.includes(p.id)) return { key: 'trustGate.errors.signerExcluded', params: name };
  if (!p.roles.some((r) => acting.includes(r))) return { key: 'trustGate.errors.signerCannotAct', params: name };
  const lacks = (role: string): Refusal | null => (p.roles.includes(role) ? null : { key: 'trustGate.errors.signerLacksRole', params: { ...name, ...roleParams(role) } });
  const outside = async (departmentId: string | null): Promise<Refusal | null> =>
    p.departmentId === departmentId ? null : { key: 'trustGate.errors.signerOtherDepartment', params: { ...name, ...(await departmentParams(db, departmentId, dir)) } };
  switch (a.kind) {
    case 'role':
      return lacks(a.role) ?? (a.departmentId ? await outside(a.departmentId) : null);
    case 'department':
      return (await outside(a.departmentId)) ?? (a.role ? lacks(a.role) : null);
    case 'users': {
      if (a.userIds.includes(p.id)) return null;
      const named = dir.filter((n) => a.userIds.includes(n.id));
      const colleague = named.some((n) => n.departmentId === p.departmentId && n.roles.some((r) => acting.includes(r) && p.roles.includes(r)));
      return colleague ? null : { key: 'trustGate.errors.signerNotNamed', params: { ...name, names: named.map((n) => n.name).join('、') || '—' } };
    }
    case 'initiator-approver': {
      const refusal = lacks('approver');
      if (refusal) return refusal;
      // Approvers of the initiator's department decide; only when it has none, every approver does.
      const local = dir.some((n) => n.roles.includes('approver') && ctx.initiatorDepartmentId !== null && n.departmentId === ctx.initiatorDepartmentId && !ctx.excluded.includes(n.id));
      return local ? await outside(ctx.initiatorDepartmentId) : null;
    }
  }
}
