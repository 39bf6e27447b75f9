import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { department, roleGrant, user } from '../db/schema';
import type { Actor } from '../audit/append';
import { CROSS_DEPARTMENT_ROLES, type Role } from './roles';

/** The signed-in person as every procedure sees them. */
export interface Viewer {
  id: string;
  username: string;
  name: string;
  departmentId: string | null;
  departmentCode: string | null;
  departmentNameZh: string | null;
  departmentNameEn: string | null;
  roles: Role[];
  disabled: boolean;
}

export async function findViewer(db: Db, userId: string): Promise<Viewer | null> {
  const rows = await db
    .select({
      id: user.id,
      username: user.username,
      name: user.name,
      disabled: user.disabled,
      departmentId: user.departmentId,
      departmentCode: department.code,
      departmentNameZh: department.nameZh,
      departmentNameEn: department.nameEn,
    })
    .from(user)
    .leftJoin(department, eq(department.id, user.departmentId))
    .where(eq(user.id, userId));
  const row = rows[0];
  if (!row) return null;
  const grants = await db.select({ role: roleGrant.role }).from(roleGrant).where(eq(roleGrant.userId, userId));
  return { ...row, username: row.username ?? '', roles: grants.map((g) => g.role).sort() };
}

export function actorOf(v: Viewer | null): Actor {
  if (!v) return { id: null, name: null, roles: [], department: null };
  return { id: v.id, name: v.username, roles: v.roles, department: v.departmentCode };
}

export function hasAnyRole(v: Viewer, roles: readonly Role[]): boolean {
  return v.roles.some((r) => roles.includes(r));
}

/**
 * Whether what a person made (a credit report issued, a sample drawn) may be read by this viewer:
 * cross-department roles read all, everyone else what their own department's people made.
 */
export async function mayReadMadeBy(db: Db, v: Viewer, madeBy: string): Promise<boolean> {
  if (hasAnyRole(v, CROSS_DEPARTMENT_ROLES)) return true;
  if (!v.departmentId) return false;
  const [maker] = await db.select({ departmentId: user.departmentId }).from(user).where(eq(user.id, madeBy));
  return maker?.departmentId === v.departmentId;
}

/** The department a viewer is limited to, or null when one of their roles reaches all. */
export function departmentScopeOf(v: Viewer): string | null {
  return hasAnyRole(v, CROSS_DEPARTMENT_ROLES) ? null : v.departmentId;
}
