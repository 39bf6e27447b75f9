/**
 * Idempotent seeding from small functions; tests and e2e fixtures call the same ones.
 * Running any of them twice changes nothing the second time.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { department, user } from '../db/schema';
import { appendAudit, SYSTEM_ACTOR, type Actor } from '../audit/append';
import { createUser } from '../users/service';
import type { Role } from '../auth/roles';
import { SEED_DEPARTMENTS } from './departments';
import { seedReferenceRegisters, seedRegisterKinds } from './registers';
import { seedCalendar } from '../calendar/service';
import { seedGradingDemo, seedGradingModels } from './grading';
import { seedDemoOffice } from './office';
import { seedDisclosureRules } from '../disclosure/seed';
import { seedCheckScenarios } from '../api/credit-check';

export { seedRegisterKinds, seedReferenceRegisters, seedPublishedEntry } from './registers';

export { SEED_DEPARTMENTS };

export interface DemoUser {
  username: string;
  name: string;
  password: string;
  departmentCode: string;
  roles: Role[];
}

/** One demo user per role, plus a second filler in another department for scope checks. */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'admin', name: '系统管理员', password: 'Admin@2026', departmentCode: 'XYB', roles: ['admin'] },
  { username: 'editor', name: '信用办编辑', password: 'Editor@2026', departmentCode: 'XYB', roles: ['editor'] },
  { username: 'filler', name: '市场监管局填报员', password: 'Filler@2026', departmentCode: 'SCJG', roles: ['filler'] },
  { username: 'filler2', name: '生态环境局填报员', password: 'Filler@2026', departmentCode: 'STHJ', roles: ['filler'] },
  { username: 'approver', name: '信用办审批人', password: 'Approver@2026', departmentCode: 'XYB', roles: ['approver'] },
  { username: 'auditor', name: '审计员', password: 'Auditor@2026', departmentCode: 'XYB', roles: ['auditor'] },
];

export async function seedDepartments(db: Db): Promise<Map<string, string>> {
  await db.transaction(async (tx) => {
    const added = await tx
      .insert(department)
      .values(SEED_DEPARTMENTS.map((d) => ({ ...d })))
      .onConflictDoNothing({ target: department.code })
      .returning({ code: department.code });
    // Everything seeded has its audit row: one for the departments this run added.
    if (added.length) await appendAudit(tx, SYSTEM_ACTOR, { action: 'department.seed', objectType: 'department', after: { codes: added.map((a) => a.code) } });
  });
  const rows = await db.select({ id: department.id, code: department.code }).from(department);
  return new Map(rows.map((r) => [r.code, r.id]));
}

export async function getDepartmentId(db: Db, code: string): Promise<string> {
  const [row] = await db.select({ id: department.id }).from(department).where(eq(department.code, code));
  if (!row) throw new Error(`department ${code} is not seeded`);
  return row.id;
}

/** Creates the user unless one with that username exists; returns its id either way. */
export async function ensureUser(db: Db, u: DemoUser, actor: Actor = SYSTEM_ACTOR): Promise<string> {
  const [existing] = await db.select({ id: user.id }).from(user).where(eq(user.username, u.username));
  if (existing) return existing.id;
  const departmentId = await getDepartmentId(db, u.departmentCode);
  const created = await createUser(db, actor, { username: u.username, name: u.name, password: u.password, departmentId, roles: u.roles });
  return created.id;
}

export async function seedDemoUsers(db: Db): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const u of DEMO_USERS) ids[u.username] = await ensureUser(db, u);
  return ids;
}

export async function seedBase(db: Db): Promise<void> {
  await seedDepartments(db);
  await seedRegisterKinds(db);
  await seedReferenceRegisters(db);
  await seedDisclosureRules(db);
  await seedCalendar(db);
  await seedGradingModels(db);
  await seedCheckScenarios(db);
}

export async function seedDemo(db: Db): Promise<void> {
  await seedBase(db);
  await seedDemoUsers(db);
  // Tests seed their own evaluation facts; the running demo gets a small distribution.
  if (!process.env.VITEST) {
    await seedGradingDemo(db);
    // A working office: measures, a bound flow, waiting and overdue records, list cases (server/seed/office.ts).
    await seedDemoOffice(db);
  }
}
