import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { desc, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, viewerByUsername } from '../testing/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { seedDemo, getDepartmentId, DEMO_USERS, seedDemoUsers } from '../seed';
import { auditLog, department, user } from '../db/schema';
import { verifyChain } from '../audit/verify';
import type { Viewer } from '../auth/viewer';

let t: TestDatabase;
let admin: Viewer;
let filler: Viewer;
const createCaller = createCallerFactory(appRouter);

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  admin = await viewerByUsername(t.db, 'admin');
  filler = await viewerByUsername(t.db, 'filler');
});
afterAll(async () => {
  await t.close();
});

async function errorOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as TRPCError;
  }
  throw new Error('expected a refusal');
}

describe('users, departments and roles', () => {
  it('seeding twice changes nothing', async () => {
    const before = await t.db.select().from(user);
    const depts = await t.db.select().from(department);
    await seedDemo(t.db);
    expect((await t.db.select().from(user)).length).toBe(before.length);
    expect((await t.db.select().from(department)).length).toBe(depts.length);
    expect(before.length).toBe(DEMO_USERS.length);
    const ids = await seedDemoUsers(t.db);
    expect(Object.keys(ids).sort()).toEqual(DEMO_USERS.map((u) => u.username).sort());
  });

  it('an admin creates a user with roles in a department, and it is audited', async () => {
    const caller = createCaller(contextFor(t.db, admin));
    const deptId = await getDepartmentId(t.db, 'JTJ');
    const created = await caller.user.create({ username: 'Zhang.San', name: '张三', password: 'Passw0rd!', departmentId: deptId, roles: ['filler', 'approver'] });
    const v = await viewerByUsername(t.db, 'zhang.san');
    expect(v.id).toBe(created.id);
    expect(v.roles).toEqual(['approver', 'filler']);
    expect(v.departmentCode).toBe('JTJ');
    const [row] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'user.create')).orderBy(desc(auditLog.seq)).limit(1);
    expect(row?.actorName).toBe('admin');
    expect(row?.after).toMatchObject({ username: 'zhang.san', department: 'JTJ', roles: ['approver', 'filler'] });
    expect(JSON.stringify(row)).not.toContain('Passw0rd!');
  });

  it('refuses bad input with field errors in the caller’s language, saving nothing', async () => {
    const deptId = await getDepartmentId(t.db, 'JTJ');
    const zh = createCaller(contextFor(t.db, admin, 'zh-CN'));
    const dup = await errorOf(zh.user.create({ username: 'filler', name: 'x', password: 'Passw0rd!', departmentId: deptId, roles: ['filler'] }));
    expect(dup.code).toBe('CONFLICT');
    const short = await errorOf(zh.user.create({ username: 'li.si', name: '李四', password: 'short', departmentId: deptId, roles: ['filler'] }));
    expect(short.code).toBe('BAD_REQUEST');
    expect((await t.db.select().from(user).where(eq(user.username, 'li.si'))).length).toBe(0);
    const noRoles = await errorOf(zh.user.create({ username: 'li.si', name: '李四', password: 'Passw0rd!', departmentId: deptId, roles: [] }));
    expect(noRoles.code).toBe('BAD_REQUEST');
  });

  it('formats domain errors with translated messages and field paths', async () => {
    const deptId = await getDepartmentId(t.db, 'JTJ');
    for (const [locale, text] of [['zh-CN', '密码至少需要 8 位'], ['en', 'at least 8 characters']] as const) {
      const res = await appRouter
        .createCaller(contextFor(t.db, admin, locale), { onError: () => {} })
        .user.create({ username: 'wang.wu', name: '王五', password: 'x', departmentId: deptId, roles: ['filler'] })
        .catch((e: TRPCError) => e);
      const { getErrorShape } = await import('@trpc/server/unstable-core-do-not-import');
      const shape = getErrorShape({ config: appRouter._def._config, error: res as TRPCError, type: 'mutation', path: 'user.create', input: undefined, ctx: contextFor(t.db, admin, locale) });
      expect(shape.message).toContain(text);
      expect((shape.data as { fieldErrors: { path: string }[] }).fieldErrors[0]?.path).toBe('password');
    }
  });

  it('a filler cannot manage users or departments', async () => {
    const caller = createCaller(contextFor(t.db, filler));
    expect((await errorOf(caller.user.list({ page: 1, pageSize: 10 }))).code).toBe('FORBIDDEN');
    expect((await errorOf(caller.department.create({ code: 'NEW', nameZh: '新部门', nameEn: 'New' }))).code).toBe('FORBIDDEN');
    // but may read the department list (forms need it)
    expect((await caller.department.list({ includeArchived: false })).length).toBeGreaterThan(5);
  });

  it('lists users with filters and paging', async () => {
    const caller = createCaller(contextFor(t.db, admin));
    const all = await caller.user.list({ page: 1, pageSize: 3 });
    expect(all.rows.length).toBe(3);
    expect(all.total).toBeGreaterThanOrEqual(7);
    const fillers = await caller.user.list({ role: 'filler', page: 1, pageSize: 50 });
    expect(fillers.rows.every((r) => r.roles.includes('filler'))).toBe(true);
    const byQ = await caller.user.list({ q: '生态', page: 1, pageSize: 50 });
    expect(byQ.rows.map((r) => r.username)).toEqual(['filler2']);
  });

  it('keeps the API clients\' service users out of the user list and out of reach of user changes', async () => {
    const { registerClient } = await import('../api/clients');
    const { apiClient } = await import('../db/schema');
    const c = await registerClient(t.db, { id: admin.id, name: 'admin', roles: admin.roles, department: admin.departmentId } as never, { name: '用户列表测试系统', departmentId: await getDepartmentId(t.db, 'SCJG'), operations: ['credit-check'] });
    const [client] = await t.db.select().from(apiClient).where(eq(apiClient.id, c.id));
    const caller = createCaller(contextFor(t.db, admin));
    const all = await caller.user.list({ page: 1, pageSize: 100 });
    expect(all.rows.some((r) => r.name.startsWith('API：'))).toBe(false);
    expect(all.rows.some((r) => r.id === client!.serviceUserId)).toBe(false);
    expect(all.total).toBe(all.rows.length);
    expect((await caller.user.list({ q: '用户列表测试', page: 1, pageSize: 10 })).total).toBe(0);
    expect((await errorOf(caller.user.setRoles({ userId: client!.serviceUserId, roles: ['admin'] }))).code).toBe('NOT_FOUND');
    expect((await errorOf(caller.user.setDisabled({ userId: client!.serviceUserId, disabled: false }))).code).toBe('NOT_FOUND');
    const [svc] = await t.db.select().from(user).where(eq(user.id, client!.serviceUserId));
    expect(svc).toMatchObject({ disabled: true });
  });

  it('changes roles and department with before/after in the audit chain; an admin cannot drop their own admin role', async () => {
    const caller = createCaller(contextFor(t.db, admin));
    await caller.user.setRoles({ userId: filler.id, roles: ['filler', 'auditor'] });
    expect((await viewerByUsername(t.db, 'filler')).roles).toEqual(['auditor', 'filler']);
    const [row] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'user.set_roles')).orderBy(desc(auditLog.seq)).limit(1);
    expect(row?.before).toMatchObject({ roles: ['filler'] });
    expect(row?.after).toMatchObject({ roles: ['auditor', 'filler'] });
    await caller.user.setRoles({ userId: filler.id, roles: ['filler'] });
    expect((await errorOf(caller.user.setRoles({ userId: admin.id, roles: ['editor'] }))).code).toBe('FORBIDDEN');
    const dept = await getDepartmentId(t.db, 'ZJJ');
    await caller.user.setDepartment({ userId: filler.id, departmentId: dept });
    expect((await viewerByUsername(t.db, 'filler')).departmentCode).toBe('ZJJ');
    await caller.user.setDepartment({ userId: filler.id, departmentId: await getDepartmentId(t.db, 'SCJG') });
  });

  it('creates, renames and archives departments; refuses duplicates and archiving the credit office', async () => {
    const caller = createCaller(contextFor(t.db, admin));
    const { id } = await caller.department.create({ code: 'sjj', nameZh: '市审计局', nameEn: 'Audit Bureau' });
    expect((await errorOf(caller.department.create({ code: 'SJJ', nameZh: '重复', nameEn: '' }))).code).toBe('CONFLICT');
    expect((await errorOf(caller.department.create({ code: '1bad', nameZh: '坏', nameEn: '' }))).code).toBe('BAD_REQUEST');
    await caller.department.update({ id, nameZh: '市审计局（新）', nameEn: 'Audit Bureau', archived: true });
    const visible = await caller.department.list({ includeArchived: false });
    expect(visible.find((d) => d.id === id)).toBeUndefined();
    const xyb = await getDepartmentId(t.db, 'XYB');
    expect((await errorOf(caller.department.update({ id: xyb, nameZh: '市信用办', nameEn: 'x', archived: true }))).code).toBe('FORBIDDEN');
  });

  it('auditors read and verify the chain; all of the above kept it intact', async () => {
    const auditor = await viewerByUsername(t.db, 'auditor');
    const caller = createCaller(contextFor(t.db, auditor));
    const page = await caller.audit.list({ action: 'user.create', page: 1, pageSize: 10 });
    expect(page.rows.length).toBeGreaterThan(0);
    const res = await caller.audit.verify();
    expect(res.ok).toBe(true);
    expect((await verifyChain(t.db)).ok).toBe(true);
  });
});
