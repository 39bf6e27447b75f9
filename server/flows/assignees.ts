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
 * The initiator (and the author of the change, if different) is always removed: nobody approves
 * their own submission.
 */
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { roleGrant, user } from '../db/schema';
import { isRole } from '../auth/roles';
import type { Assignee } from '../../catalog/flows/types';

export interface AssigneeContext {
  initiatorDepartmentId: string | null;
  /** The initiator and anyone else who may not act on this instance. */
  excluded: string[];
}

async function usersWhere(db: Db, filters: SQL[], role?: string | null): Promise<string[]> {
  const base = db.selectDistinct({ id: user.id, username: user.username }).from(user);
  const where = and(eq(user.disabled, false), ...filters);
  if (role) {
    if (!isRole(role)) return [];
    const rows = await base.innerJoin(roleGrant, and(eq(roleGrant.userId, user.id), eq(roleGrant.role, role))).where(where).orderBy(asc(user.username));
    return rows.map((r) => r.id);
  }
  const rows = await base.where(where).orderBy(asc(user.username));
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
        .orderBy(asc(user.username));
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

export async function isActiveUser(db: Db, id: string): Promise<boolean> {
  const [row] = await db.select({ id: user.id }).from(user).where(and(eq(user.id, id), eq(user.disabled, false)));
  return Boolean(row);
}
