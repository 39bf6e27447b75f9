/**
 * Transfer 转办 and add signer 加签 accept only users who could hold the step (issue 11 "Transfer
 * to anyone"): the step's role and department rule, a role that can act on tasks, not excluded by
 * four eyes; the refusal names why, and the candidate list offers exactly the eligible users.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, refusal, viewerByUsername } from '../testing/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { ensureUser, seedDemo } from '../seed';
import { department, flowTask } from '../db/schema';
import { actorOf, type Viewer } from '../auth/viewer';
import { approval, chain } from '../../catalog/flows/fixtures';
import type { Assignee } from '../../catalog/flows/types';
import { publishFlowVersion } from './testing';
import { startFlow } from './engine';

let t: TestDatabase;
const u: Record<string, Viewer> = {};
const createCaller = createCallerFactory(appRouter);
const as = (name: string, locale: 'zh-CN' | 'en' = 'zh-CN') => createCaller(contextFor(t.db, u[name]!, locale));
let scjg: string;

async function begin(code: string, assignee: Assignee, by = 'editor') {
  await publishFlowVersion(t.db, code, chain(approval('s1', 'single', assignee)));
  return startFlow(t.db, actorOf(u[by]!), { trigger: 'register-change', flowCode: code, subject: { type: 'none', id: code, label: code }, data: {} });
}
async function taskOf(instanceId: string, name: string) {
  const [task] = await t.db.select().from(flowTask).where(and(eq(flowTask.instanceId, instanceId), eq(flowTask.assigneeId, u[name]!.id), eq(flowTask.status, 'active')));
  if (!task) throw new Error(`${name} has no active task`);
  return task;
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  for (const n of ['a1', 'a2']) await ensureUser(t.db, { username: n, name: `审批人${n}`, password: 'Approver@2026', departmentCode: 'XYB', roles: ['approver'] });
  // An approver of 市市场监管局: same role as a1, another department.
  await ensureUser(t.db, { username: 'sa', name: '市场监管局审批人', password: 'Approver@2026', departmentCode: 'SCJG', roles: ['approver'] });
  for (const n of ['editor', 'approver', 'filler', 'filler2', 'auditor', 'admin', 'a1', 'a2', 'sa']) u[n] = await viewerByUsername(t.db, n);
  [{ id: scjg }] = (await t.db.select({ id: department.id }).from(department).where(eq(department.code, 'SCJG'))) as [{ id: string }];
});
afterAll(async () => {
  await t?.close();
});

describe('transfer and add signer', () => {
  it('a task of 市市场监管局 cannot go to a filler of 市生态环境局, nor to an auditor; each refusal says why', async () => {
    const id = await begin('scjg-step', { kind: 'role', role: 'approver', departmentId: scjg });
    const task = await taskOf(id, 'sa');
    const toFiller = await refusal(as('sa').flow.transfer({ taskId: task.id, userId: u.filler2!.id }));
    expect(toFiller.code).toBe('BAD_REQUEST');
    expect(toFiller.cause?.message).toContain('trustGate.errors.signerLacksRole');
    expect(toFiller.message).toContain('审批人');
    const toAuditor = await refusal(as('sa').flow.transfer({ taskId: task.id, userId: u.auditor!.id }));
    expect(toAuditor.cause?.message).toContain('trustGate.errors.signerCannotAct');
    const otherDept = await refusal(as('sa', 'en').flow.transfer({ taskId: task.id, userId: u.a1!.id }));
    expect(otherDept.cause?.message).toContain('trustGate.errors.signerOtherDepartment');
    expect(otherDept.message).toContain('Market Regulation');
    const initiator = await refusal(as('sa').flow.addSigner({ taskId: task.id, userId: u.editor!.id, position: 'before' }));
    expect(initiator.cause?.message).toContain('trustGate.errors.signerExcluded');
    expect((await refusal(as('sa').flow.addSigner({ taskId: task.id, userId: u.filler2!.id, position: 'after' }))).code).toBe('BAD_REQUEST');
    // Nothing changed: sa still holds the task, alone.
    expect((await taskOf(id, 'sa')).id).toBe(task.id);
    // Nobody else could hold it, so the list is empty.
    expect(await as('sa').flow.candidates({ taskId: task.id })).toEqual([]);
  });

  it('a step of named users goes to a named user’s colleague (same department and role) and to nobody else; the list offers exactly those', async () => {
    const id = await begin('named-step', { kind: 'users', userIds: [u.a1!.id] });
    const task = await taskOf(id, 'a1');
    const offered = (await as('a1').flow.candidates({ taskId: task.id })).map((c) => c.username).sort();
    expect(offered).toEqual(['a2', 'approver']);
    for (const name of ['filler', 'filler2', 'auditor', 'sa', 'admin']) {
      const err = await refusal(as('a1').flow.transfer({ taskId: task.id, userId: u[name]!.id }));
      expect(err.code, name).toBe('BAD_REQUEST');
    }
    await as('a1').flow.transfer({ taskId: task.id, userId: u.a2!.id, comment: '请代办' });
    await as('a2').flow.approve({ taskId: (await taskOf(id, 'a2')).id });
  });

  it('someone else’s task has no candidate list (answered like a missing task)', async () => {
    const id = await begin('not-mine', { kind: 'users', userIds: [u.a1!.id] });
    const task = await taskOf(id, 'a1');
    expect((await refusal(as('a2').flow.candidates({ taskId: task.id }))).code).toBe('NOT_FOUND');
  });

  it('a step for a whole department gives no task to its auditors (they could never act on it)', async () => {
    const [xyb] = await t.db.select({ id: department.id }).from(department).where(eq(department.code, 'XYB'));
    const id = await begin('dept-step', { kind: 'department', departmentId: xyb!.id });
    const holders = (await t.db.select().from(flowTask).where(eq(flowTask.instanceId, id))).map((x) => x.assigneeId);
    expect(holders).toContain(u.approver!.id);
    expect(holders).not.toContain(u.auditor!.id);
  });
});
