import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, viewerByUsername, refusal } from '../testing/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { ensureUser, seedDemo } from '../seed';
import { auditLog, changeRequest, department, entryVersion, flowEvent, flowInstance, flowNotification, flowTask, record } from '../db/schema';
import { actorOf, type Viewer } from '../auth/viewer';
import { verifyChain } from '../audit/verify';
import { approval, chain, conditionFlow, edge, end, start } from '../../catalog/flows/fixtures';
import { addWorkingDays } from '../../forms/working-days';
import { loadCalendar } from '../calendar/service';
import { todayCN } from '../registers/dates';
import type { FlowGraph, FlowNode } from '../../catalog/flows/types';
import { publishFlowVersion } from './testing';
import { startFlow } from './engine';
import { approveTask } from './actions';
import { sweep } from './sweeper';
import { advanceClock, now as clockNow } from './clock';

let t: TestDatabase;
const u: Record<string, Viewer> = {};
const createCaller = createCallerFactory(appRouter);
const as = (name: string) => createCaller(contextFor(t.db, u[name]!));


const users = (...names: string[]) => ({ kind: 'users' as const, userIds: names.map((n) => u[n]!.id) });

/** Publishes `graph` as flow `code` and starts an instance of it as `by` (subject type 'none'). */
async function begin(code: string, graph: FlowGraph, by = 'editor', data: Record<string, unknown> = {}, at?: Date) {
  await publishFlowVersion(t.db, code, graph, at ? '2020-01-01' : undefined);
  return startFlow(t.db, actorOf(u[by]!), { trigger: 'register-change', flowCode: code, subject: { type: 'none', id: code, label: code }, data }, at);
}

async function tasksOf(instanceId: string) {
  return t.db.select().from(flowTask).where(eq(flowTask.instanceId, instanceId)).orderBy(asc(flowTask.createdAt), asc(flowTask.seq));
}
async function openTaskOf(instanceId: string, name: string) {
  const rows = await tasksOf(instanceId);
  const found = rows.find((r) => r.assigneeId === u[name]!.id && (r.status === 'active' || r.status === 'pending'));
  if (!found) throw new Error(`${name} has no open task`);
  return found;
}
async function statusOf(instanceId: string) {
  const [i] = await t.db.select().from(flowInstance).where(eq(flowInstance.id, instanceId));
  return i!;
}
async function eventsOf(instanceId: string) {
  return t.db.select().from(flowEvent).where(eq(flowEvent.instanceId, instanceId)).orderBy(asc(flowEvent.seq));
}
const approve = async (instanceId: string, name: string, comment?: string) => as(name).flow.approve({ taskId: (await openTaskOf(instanceId, name)).id, comment });

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  for (const n of ['a1', 'a2', 'a3', 'a4']) await ensureUser(t.db, { username: n, name: `审批人${n}`, password: 'Approver@2026', departmentCode: 'XYB', roles: ['approver'] });
  for (const n of ['editor', 'approver', 'filler', 'filler2', 'auditor', 'admin', 'a1', 'a2', 'a3', 'a4']) u[n] = await viewerByUsername(t.db, n);
});
afterAll(async () => {
  await t?.close();
});

describe('approval modes', () => {
  it('countersign 会签 of three needs all three approvals; the event log records each', async () => {
    const id = await begin('cs3', chain(approval('cs', 'all', users('a1', 'a2', 'a3'))));
    expect((await tasksOf(id)).map((x) => x.status)).toEqual(['active', 'active', 'active']);
    await approve(id, 'a1');
    await approve(id, 'a2', '同意');
    expect((await statusOf(id)).status).toBe('running');
    await approve(id, 'a3');
    expect((await statusOf(id)).status).toBe('approved');
    const types = (await eventsOf(id)).map((e) => e.type);
    expect(types.filter((x) => x === 'task.approved')).toHaveLength(3);
    expect(types.filter((x) => x === 'step.completed')).toHaveLength(1);
    expect(types.at(-1)).toBe('instance.ended');
  });

  it('any-one 或签: the first approval decides and closes the others', async () => {
    const id = await begin('any3', chain(approval('any', 'any', users('a1', 'a2', 'a3'))));
    const a1Task = await openTaskOf(id, 'a1');
    await approve(id, 'a2');
    expect((await statusOf(id)).status).toBe('approved');
    const rows = await tasksOf(id);
    expect(rows.filter((r) => r.status === 'cancelled')).toHaveLength(2);
    expect((await refusal(as('a1').flow.approve({ taskId: a1Task.id }))).code).toBe('CONFLICT');
  });

  it('sequential 依次: the second approver can act only after the first', async () => {
    const id = await begin('seq2', chain(approval('seq', 'sequential', users('a2', 'a1'))));
    const second = await openTaskOf(id, 'a1');
    expect(second.status).toBe('pending');
    expect((await refusal(as('a1').flow.approve({ taskId: second.id }))).code).toBe('CONFLICT');
    await approve(id, 'a2');
    expect((await openTaskOf(id, 'a1')).status).toBe('active');
    await approve(id, 'a1');
    expect((await statusOf(id)).status).toBe('approved');
  });

  it('a condition picks the matching branch, else the default', async () => {
    const cond: FlowNode = {
      id: 'cond',
      type: 'condition',
      position: { x: 0, y: 0 },
      params: { label: { 'zh-CN': '金额', en: 'Amount' }, branches: [{ edgeId: 'cond->big', label: { 'zh-CN': '大额', en: 'Large' }, when: { '>=': [{ var: 'data.amount' }, 10000] } }], defaultEdgeId: 'cond->small' },
    };
    const graph: FlowGraph = {
      nodes: [start(), cond, approval('big', 'single', users('a1')), approval('small', 'single', users('a2')), end()],
      edges: [edge('start', 'cond'), edge('cond', 'big', 'cond->big'), edge('cond', 'small', 'cond->small'), edge('big', 'end'), edge('small', 'end')],
    };
    await publishFlowVersion(t.db, 'cond', graph);
    const start1 = (data: Record<string, unknown>) => startFlow(t.db, actorOf(u.editor!), { trigger: 'record-submit', flowCode: 'cond', subject: { type: 'none', id: 'x', label: 'x' }, data });
    const big = await start1({ amount: 20000 });
    const small = await start1({ amount: 5 });
    expect((await tasksOf(big)).map((r) => r.nodeId)).toEqual(['big']);
    expect((await tasksOf(small)).map((r) => r.nodeId)).toEqual(['small']);
    expect((await eventsOf(small)).find((e) => e.type === 'condition.evaluated')?.payload).toMatchObject({ edgeId: 'cond->small', default: true });
  });

  it('a parallel split runs both branches and the join waits for both', async () => {
    const graph: FlowGraph = {
      nodes: [start(), { id: 'split', type: 'split', position: { x: 0, y: 0 }, params: {} }, approval('pa', 'single', users('a1')), approval('pb', 'single', users('a2')), { id: 'join', type: 'join', position: { x: 0, y: 0 }, params: { splitId: 'split' } }, approval('after', 'single', users('a3')), end()],
      edges: [edge('start', 'split'), edge('split', 'pa'), edge('split', 'pb'), edge('pa', 'join'), edge('pb', 'join'), edge('join', 'after'), edge('after', 'end')],
    };
    const id = await begin('par', graph);
    expect((await tasksOf(id)).map((r) => r.nodeId).sort()).toEqual(['pa', 'pb']);
    await approve(id, 'a1');
    expect((await tasksOf(id)).some((r) => r.nodeId === 'after')).toBe(false);
    await approve(id, 'a2');
    expect((await tasksOf(id)).filter((r) => r.nodeId === 'after')).toHaveLength(1);
    await approve(id, 'a3');
    expect((await statusOf(id)).status).toBe('approved');
  });
});

describe('returns, transfers, added signers, withdrawal', () => {
  it('returned to the initiator, resubmitted, it passes', async () => {
    const id = await begin('ret-init', chain(approval('s1', 'single', users('a1'), 1), approval('s2', 'single', users('a2'), 2)));
    await approve(id, 'a1');
    await as('a2').flow.return({ taskId: (await openTaskOf(id, 'a2')).id, target: 'initiator', comment: '材料不全' });
    const inbox = await as('editor').flow.inbox();
    const resubmit = inbox.tasks.find((x) => x.instanceId === id);
    expect(resubmit).toMatchObject({ kind: 'resubmit' });
    expect(inbox.counts.resubmit).toBeGreaterThan(0);
    await as('editor').flow.approve({ taskId: resubmit!.taskId, comment: '已补充' });
    expect((await openTaskOf(id, 'a1')).round).toBe(2);
    await approve(id, 'a1');
    await approve(id, 'a2');
    expect((await statusOf(id)).status).toBe('approved');
  });

  it('a return inside a countersign cancels the other open countersign tasks and re-opens the target step fresh', async () => {
    const deadline = { workingDays: 3, onTimeout: 'remind' as const };
    const id = await begin('ret-cs', chain(approval('s1', 'single', users('a4'), 1, deadline), approval('cs', 'all', users('a1', 'a2', 'a3'), 2)));
    await approve(id, 'a4');
    await approve(id, 'a1');
    const a3Task = await openTaskOf(id, 'a3');
    await as('a2').flow.return({ taskId: (await openTaskOf(id, 'a2')).id, target: 'previous', comment: '请复核' });
    const rows = await tasksOf(id);
    expect(rows.find((r) => r.id === a3Task.id)?.status).toBe('cancelled');
    const reopened = await openTaskOf(id, 'a4');
    expect(reopened).toMatchObject({ nodeId: 's1', round: 2, status: 'active' });
    expect(reopened.dueDate).not.toBeNull(); // the deadline is re-armed
    expect((await refusal(as('a3').flow.approve({ taskId: a3Task.id }))).code).toBe('CONFLICT');
    await approve(id, 'a4');
    // the countersign starts over: all three sign again, a1's earlier approval does not count
    const round2 = (await tasksOf(id)).filter((r) => r.nodeId === 'cs' && r.round === 2);
    expect(round2.map((r) => r.status)).toEqual(['active', 'active', 'active']);
    for (const n of ['a1', 'a2', 'a3']) await approve(id, n);
    expect((await statusOf(id)).status).toBe('approved');
  });

  it('refuses a return to a step that has not completed', async () => {
    const id = await begin('ret-bad', chain(approval('s1', 'single', users('a1'), 1), approval('s2', 'single', users('a2'), 2)));
    const err = await refusal(as('a1').flow.return({ taskId: (await openTaskOf(id, 'a1')).id, target: 's2' }));
    expect(err.code).toBe('BAD_REQUEST');
    expect((await openTaskOf(id, 'a1')).status).toBe('active');
  });

  it('transfer 转办 closes the task as transferred and the new holder decides', async () => {
    const id = await begin('xfer', chain(approval('s1', 'single', users('a1'))));
    const original = await openTaskOf(id, 'a1');
    await as('a1').flow.transfer({ taskId: original.id, userId: u.a2!.id, comment: '请代办' });
    expect((await tasksOf(id)).find((r) => r.id === original.id)).toMatchObject({ status: 'done', outcome: 'transferred' });
    expect((await refusal(as('a1').flow.approve({ taskId: original.id }))).code).toBe('CONFLICT');
    expect((await refusal(as('a1').flow.transfer({ taskId: (await openTaskOf(id, 'a2')).id, userId: u.editor!.id }))).code).toBe('NOT_FOUND');
    await approve(id, 'a2');
    expect((await statusOf(id)).status).toBe('approved');
  });

  it('refuses transferring to the initiator', async () => {
    const id = await begin('xfer-self', chain(approval('s1', 'single', users('a1'))));
    expect((await refusal(as('a1').flow.transfer({ taskId: (await openTaskOf(id, 'a1')).id, userId: u.editor!.id }))).code).toBe('BAD_REQUEST');
  });

  it('add signer 加签 before waits for the new signer; after adds a task after this one in the same step', async () => {
    const id = await begin('addsig', chain(approval('s1', 'single', users('a1'))));
    const mine = await openTaskOf(id, 'a1');
    await as('a1').flow.addSigner({ taskId: mine.id, userId: u.a2!.id, position: 'before' });
    expect((await openTaskOf(id, 'a1')).status).toBe('pending');
    expect((await refusal(as('a1').flow.approve({ taskId: mine.id }))).code).toBe('CONFLICT');
    await approve(id, 'a2');
    expect((await openTaskOf(id, 'a1')).status).toBe('active');
    await as('a1').flow.addSigner({ taskId: mine.id, userId: u.a3!.id, position: 'after' });
    expect((await openTaskOf(id, 'a3')).status).toBe('pending');
    await approve(id, 'a1');
    expect((await statusOf(id)).status).toBe('running');
    expect((await openTaskOf(id, 'a3')).status).toBe('active');
    await approve(id, 'a3');
    expect((await statusOf(id)).status).toBe('approved');
  });

  it('the initiator may withdraw 撤回 until someone in the current step acted; others may not', async () => {
    const graph = chain(approval('cs', 'all', users('a1', 'a2')));
    const open = await begin('wd', graph);
    expect((await refusal(as('a1').flow.withdraw({ instanceId: open }))).code).toBe('FORBIDDEN');
    await as('editor').flow.withdraw({ instanceId: open, comment: '撤回修改' });
    expect((await statusOf(open)).status).toBe('withdrawn');
    expect((await tasksOf(open)).every((r) => r.status === 'cancelled')).toBe(true);
    const acted = await startFlow(t.db, actorOf(u.editor!), { trigger: 'register-change', flowCode: 'wd', subject: { type: 'none', id: 'x', label: 'x' }, data: {} });
    await approve(acted, 'a1');
    expect((await refusal(as('editor').flow.withdraw({ instanceId: acted }))).code).toBe('CONFLICT');
    expect((await statusOf(acted)).status).toBe('running');
  });

  it('acting on someone else’s task is NOT_FOUND (as for a missing one), on a completed one CONFLICT, and nothing changes', async () => {
    const id = await begin('refuse', chain(approval('s1', 'single', users('a1')), approval('s2', 'single', users('a2'), 2)));
    const a1Task = await openTaskOf(id, 'a1');
    const before = { instance: await statusOf(id), events: (await eventsOf(id)).length, tasks: await tasksOf(id) };
    expect((await refusal(as('a2').flow.approve({ taskId: a1Task.id }))).code).toBe('NOT_FOUND');
    expect((await refusal(as('editor').flow.reject({ taskId: a1Task.id, comment: 'x' }))).code).toBe('NOT_FOUND');
    expect((await refusal(as('a1').flow.reject({ taskId: a1Task.id }))).code).toBe('BAD_REQUEST'); // comment required
    expect(await statusOf(id)).toEqual(before.instance);
    expect((await eventsOf(id)).length).toBe(before.events);
    expect(await tasksOf(id)).toEqual(before.tasks);
    await approve(id, 'a1');
    const after = { instance: await statusOf(id), events: (await eventsOf(id)).length };
    expect((await refusal(as('a1').flow.approve({ taskId: a1Task.id }))).code).toBe('CONFLICT');
    expect((await statusOf(id)).version).toBe(after.instance.version);
    expect((await eventsOf(id)).length).toBe(after.events);
  });

  it('rejection ends the instance rejected and urge notifies the current assignees', async () => {
    const id = await begin('rej', chain(approval('cs', 'all', users('a1', 'a2'))));
    await as('editor').flow.urge({ instanceId: id, comment: '请尽快' });
    const notes = await t.db.select().from(flowNotification).where(and(eq(flowNotification.instanceId, id), eq(flowNotification.kind, 'urge')));
    expect(notes.map((n) => n.userId).sort()).toEqual([u.a1!.id, u.a2!.id].sort());
    expect((await as('a1').flow.inbox()).notifications.some((n) => n.instanceId === id && n.kind === 'urge')).toBe(true);
    await as('a1').flow.reject({ taskId: (await openTaskOf(id, 'a1')).id, comment: '不符合规定' });
    expect((await statusOf(id)).status).toBe('rejected');
    expect((await tasksOf(id)).find((r) => r.assigneeId === u.a2!.id)?.status).toBe('cancelled');
  });
});

describe('deadlines, versions, bindings', () => {
  it('escalates an overdue task through the sweeper on the injected clock, exactly once', async () => {
    const monday = new Date('2025-03-03T09:00:00+08:00');
    const id = await begin('esc', chain(approval('s1', 'single', users('a1'), 1, { workingDays: 2, onTimeout: 'escalate', escalateToRole: 'admin' })), 'editor', {}, monday);
    const task = await openTaskOf(id, 'a1');
    expect(task.dueDate).toBe('2025-03-05');
    expect((await sweep(t.db, { now: new Date('2025-03-05T20:00:00+08:00') })).handled).toBe(0);
    const later = new Date('2025-03-06T08:00:00+08:00');
    expect((await sweep(t.db, { now: later })).handled).toBeGreaterThanOrEqual(1);
    expect((await tasksOf(id)).find((r) => r.id === task.id)).toMatchObject({ status: 'done', outcome: 'escalated' });
    const escalated = await openTaskOf(id, 'admin');
    expect(escalated.status).toBe('active');
    expect((await sweep(t.db, { now: later })).handled).toBe(0);
    expect((await eventsOf(id)).filter((e) => e.type === 'task.escalated')).toHaveLength(1);
    await approveTask(t.db, actorOf(u.admin!), { taskId: escalated.id }, { now: later });
    expect((await statusOf(id)).status).toBe('approved');
  });

  it('the test clock moves only with E2E_TEST_HOOKS=1', async () => {
    const saved = process.env.E2E_TEST_HOOKS;
    try {
      delete process.env.E2E_TEST_HOOKS;
      await expect(advanceClock(t.db, 3)).rejects.toThrow();
      process.env.E2E_TEST_HOOKS = '1';
      await advanceClock(t.db, 3);
      const moved = await clockNow(t.db);
      expect(moved.getTime() - Date.now()).toBeGreaterThan(2.9 * 86_400_000);
      delete process.env.E2E_TEST_HOOKS;
      expect(Math.abs((await clockNow(t.db)).getTime() - Date.now())).toBeLessThan(60_000);
    } finally {
      if (saved === undefined) delete process.env.E2E_TEST_HOOKS;
      else process.env.E2E_TEST_HOOKS = saved;
    }
  });

  it('a running instance stays on its version after the flow is republished', async () => {
    const v1 = await begin('pin', chain(approval('s1', 'single', users('a1'))));
    await publishFlowVersion(t.db, 'pin', chain(approval('s1', 'single', users('a1')), approval('s2', 'single', users('a2'), 2)));
    const v2 = await startFlow(t.db, actorOf(u.editor!), { trigger: 'register-change', flowCode: 'pin', subject: { type: 'none', id: 'x', label: 'x' }, data: {} });
    expect((await statusOf(v1)).flowVersion).toBe(1);
    expect((await statusOf(v2)).flowVersion).toBe(2);
    await approve(v1, 'a1');
    await approve(v2, 'a1');
    expect((await statusOf(v1)).status).toBe('approved');
    expect((await statusOf(v2)).status).toBe('running');
  });

  it('a binding switches register submission to the flow; the flow publishes the entry', async () => {
    await publishFlowVersion(t.db, 'reg-flow', chain(approval('s1', 'single', users('a1'))));
    expect((await refusal(as('approver').flow.setBinding({ trigger: 'register-change', scopeType: 'register-kind', scopeValue: 'sanction-measure', flowCode: 'reg-flow' }))).code).toBe('FORBIDDEN');
    expect((await refusal(as('editor').flow.setBinding({ trigger: 'register-change', scopeType: 'catalog-item', scopeValue: 'x', flowCode: 'reg-flow' }))).code).toBe('BAD_REQUEST');
    const typo = await refusal(as('editor').flow.setBinding({ trigger: 'register-change', scopeType: 'register-kind', scopeValue: 'sanction-measur', flowCode: 'reg-flow' }));
    expect(typo.code).toBe('BAD_REQUEST');
    expect(typo.message).toContain('flowEngine.errors.unknownScope');
    expect((await as('editor').flow.bindings()).filter((b) => b.scopeValue === 'sanction-measur')).toEqual([]);
    await as('editor').flow.setBinding({ trigger: 'register-change', scopeType: 'register-kind', scopeValue: 'sanction-measure', flowCode: 'reg-flow' });
    expect((await as('auditor').flow.bindings()).map((b) => b.flowCode)).toContain('reg-flow');
    const content = { text: '限制参与政府采购活动', type: '行政性', targetSubjects: ['法人及非法人组织'], list: { kind: 'credit-list', code: 'CL-001' }, legalBasis: [{ name: '中华人民共和国政府采购法', number: '', article: '第二十二条' }], departments: ['CZJ'], duration: '3年', repairable: true };
    const created = await as('editor').register.create({ kindCode: 'sanction-measure', code: 'SM-900', content });
    const cr = await as('editor').register.submit({ versionId: created.versionId, revision: created.revision, effectiveDate: '2024-01-01' });
    expect(cr.flowInstanceId).toBeTruthy();
    const refused = await refusal(as('approver').approval.decide({ id: cr.id, decision: 'approve' }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.cause?.message).toContain('flowEngine.errors.flowDecides');
    await approve(cr.flowInstanceId!, 'a1', '同意发布');
    const [v] = await t.db.select().from(entryVersion).where(eq(entryVersion.id, created.versionId));
    expect(v!.status).toBe('published');
    const [req] = await t.db.select().from(changeRequest).where(eq(changeRequest.id, cr.id));
    expect(req).toMatchObject({ status: 'approved', decidedBy: u.a1!.id });
    await as('editor').flow.removeBinding({ id: (await as('editor').flow.bindings()).find((b) => b.flowCode === 'reg-flow')!.id });
  });

  it('a binding switches record submission to the flow; the flow accepts the record', async () => {
    await publishFlowVersion(t.db, 'rec-flow', chain(approval('s1', 'single', { kind: 'initiator-approver' })));
    await as('editor').flow.setBinding({ trigger: 'record-submit', scopeType: 'catalog-category', scopeValue: '行政处罚', flowCode: 'rec-flow' });
    const filler = as('filler');
    const form = await filler.record.form({ code: 'XZCF' });
    const data = { CF_XDR_MC: '某某建材有限公司', CF_XDR_LB: '法人及非法人组织', CF_WSH: '汴市监罚〔2024〕12号', CF_CFLB: '罚款', CF_JDRQ: '2024-09-27', CF_NR_FK: 1.5 };
    const preview = await filler.flow.previewForSubmission({ trigger: 'record-submit', scopes: [{ type: 'catalog-item', value: 'XZCF' }, { type: 'catalog-category', value: '行政处罚' }], data });
    expect(preview).toMatchObject({ bound: true, flowCode: 'rec-flow' });
    // The fill page knows the item and its version, not its category: the server adds it.
    const fromFillPage = await filler.flow.previewForSubmission({ trigger: 'record-submit', scopes: [{ type: 'catalog-item', value: 'XZCF' }], data, meta: { catalogCode: 'XZCF', catalogVersion: form.version } });
    expect(fromFillPage).toMatchObject({ bound: true, flowCode: 'rec-flow', steps: [{ nodeId: 's1', assignee: { kind: 'initiator-approver' } }] });
    const row = await filler.record.submit({ catalogCode: 'XZCF', catalogVersion: form.version, subjectType: '法人及非法人组织', subjectCode: '12440300MB2C92173E', subjectName: '某某建材有限公司', data });
    expect(row.flowInstanceId).toBeTruthy();
    expect((await refusal(as('approver').record.decide({ id: row.id, decision: 'accept' }))).code).toBe('CONFLICT');
    // no approver in the filler's department: the initiator-approver step falls back to every approver
    const assignees = (await tasksOf(row.flowInstanceId!)).map((x) => x.assigneeId);
    expect(assignees).toContain(u.approver!.id);
    await approve(row.flowInstanceId!, 'approver');
    const [saved] = await t.db.select().from(record).where(eq(record.id, row.id));
    expect(saved!.status).toBe('accepted');
    const view = await as('filler').flow.byId({ id: row.flowInstanceId! });
    expect(view.nodeStates).toMatchObject({ start: 'done', s1: 'done', end: 'done' });
    expect((await refusal(as('filler').flow.byId({ id: (await as('editor').flow.myInstances())[0]!.id }))).code).toBe('NOT_FOUND');
  });

  it('shows the submitter the predicted path: the branch the data takes, who decides (by name), and the due dates', async () => {
    const [xyb] = await t.db.select({ id: department.id }).from(department).where(eq(department.code, 'XYB'));
    const flow = conditionFlow();
    const big = flow.nodes.find((n) => n.id === 'big')! as Extract<FlowNode, { type: 'approval' }>;
    big.params.assignee = { kind: 'department', departmentId: xyb!.id, role: 'approver' };
    big.params.deadline = { workingDays: 3, onTimeout: 'remind' };
    flow.nodes.push(approval('named', 'sequential', users('a1', 'a2'), 3));
    flow.edges = flow.edges.map((e) => (e.source === 'big' ? { ...e, target: 'named' } : e));
    flow.edges.push(edge('named', 'end'));
    await publishFlowVersion(t.db, 'preview-flow', flow);
    await as('editor').flow.setBinding({ trigger: 'register-change', scopeType: 'register-kind', scopeValue: 'credit-list', flowCode: 'preview-flow' });
    const scopes = [{ type: 'register-kind' as const, value: 'credit-list' }];
    const large = await as('editor').flow.previewForSubmission({ trigger: 'register-change', scopes, data: { amount: 50000 } });
    if (!large.bound) throw new Error('expected a bound flow');
    const today = todayCN(await clockNow(t.db));
    const due = addWorkingDays(today, 3, await loadCalendar(t.db));
    expect(large.steps).toEqual([
      expect.objectContaining({ nodeId: 'big', mode: 'all', assignee: { kind: 'department', department: { 'zh-CN': '市信用办', en: 'Municipal Credit Office' }, role: 'approver' }, startsOn: today, dueOn: due }),
      expect.objectContaining({ nodeId: 'named', mode: 'sequential', assignee: { kind: 'users', names: ['审批人a1', '审批人a2'] }, startsOn: due, dueOn: null }),
    ]);
    const small = await as('filler').flow.previewForSubmission({ trigger: 'register-change', scopes, data: { amount: 10 } });
    expect(small.bound && small.steps.map((x) => [x.nodeId, x.assignee])).toEqual([['small', { kind: 'initiator-approver' }]]);
    expect(await as('editor').flow.previewForSubmission({ trigger: 'register-change', scopes: [{ type: 'register-kind', value: 'unbound-kind' }], data: {} })).toEqual({ bound: false });
    expect((await refusal(as('approver').flow.previewForSubmission({ trigger: 'register-change', scopes, data: {} }))).code).toBe('FORBIDDEN');
  });

  it("predicts a branch on the submitter's department the way the engine takes it, whatever the page claims", async () => {
    const flow = conditionFlow();
    const cond = flow.nodes.find((n) => n.id === 'cond')! as Extract<FlowNode, { type: 'condition' }>;
    cond.params.branches[0]!.when = { '==': [{ var: 'meta.initiatorDepartment' }, 'SCJG'] };
    await publishFlowVersion(t.db, 'dept-flow', flow);
    await as('editor').flow.setBinding({ trigger: 'record-submit', scopeType: 'catalog-item', scopeValue: 'XZCF', flowCode: 'dept-flow' });
    const form = await as('filler').record.form({ code: 'XZCF' });
    const data = { CF_XDR_MC: '某某食品有限公司', CF_XDR_LB: '法人及非法人组织', CF_WSH: '汴市监罚〔2024〕13号', CF_CFLB: '警告', CF_JDRQ: '2024-09-27' };
    const preview = async (name: string, meta: Record<string, unknown> = {}) => {
      const p = await as(name).flow.previewForSubmission({ trigger: 'record-submit', scopes: [{ type: 'catalog-item', value: 'XZCF' }], data, meta: { catalogCode: 'XZCF', catalogVersion: form.version, ...meta } });
      return p.bound ? p.steps.map((x) => x.nodeId) : [];
    };
    expect(await preview('filler')).toEqual(['big']); // 市场监管局
    expect(await preview('filler2')).toEqual(['small']); // 生态环境局
    // The department comes from the session, not from the request.
    expect(await preview('filler2', { initiatorDepartment: 'SCJG' })).toEqual(['small']);
    const row = await as('filler').record.submit({ catalogCode: 'XZCF', catalogVersion: form.version, subjectType: '法人及非法人组织', subjectCode: '12440300MB2C92173E', subjectName: '某某食品有限公司', data });
    expect([...new Set((await tasksOf(row.flowInstanceId!)).map((x) => x.nodeId))]).toEqual(['big']);
    await as('editor').flow.removeBinding({ id: (await as('editor').flow.bindings()).find((b) => b.flowCode === 'dept-flow')!.id });
  });

  it('every event is in the append-only log and in the audit chain', async () => {
    const id = await begin('audit', chain(approval('s1', 'single', users('a1'))));
    await approve(id, 'a1', '同意');
    const events = await eventsOf(id);
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.objectType, 'flow-instance'), eq(auditLog.objectId, id))).orderBy(asc(auditLog.id)); // in the order written
    expect(audits.map((a) => a.action)).toEqual(['flow.start', 'flow.approve']);
    const audited = audits.flatMap((a) => (a.after as { events: { seq: number; type: string }[] }).events);
    expect(audited.map((e) => `${e.seq}:${e.type}`)).toEqual(events.map((e) => `${e.seq}:${e.type}`));
    await expect(t.db.execute(sql`update flow_event set type = 'x' where instance_id = ${id}`)).rejects.toThrow();
    await expect(t.db.execute(sql`delete from flow_event where instance_id = ${id}`)).rejects.toThrow();
    expect((await verifyChain(t.db)).ok).toBe(true);
    const view = await as('auditor').flow.byId({ id });
    expect(view.events.map((e) => e.type)).toEqual(events.map((e) => e.type));
    expect(view.tasks[0]).toMatchObject({ actedByName: '审批人a1', comment: '同意' });
  });
});

describe('subject adapters', () => {
  it('an instance about a kind of subject no adapter handles is refused, not ended without its effect', async () => {
    await publishFlowVersion(t.db, 'mystery', chain());
    const err = await startFlow(t.db, actorOf(u.editor!), { trigger: 'register-change', flowCode: 'mystery', subject: { type: 'mystery', id: 'x', label: 'x' }, data: {} }).catch((e) => e);
    expect(err).toMatchObject({ code: 'INVALID_DEFINITION', key: 'flowEngine.errors.noSubjectAdapter' });
    expect(await t.db.select().from(flowInstance).where(eq(flowInstance.flowCode, 'mystery'))).toHaveLength(0);
  });

  it('an automatic action the subject cannot carry out (执行名单认定 on a record-less instance) stops the flow with a reason', async () => {
    const act: FlowNode = { id: 'act', type: 'action', position: { x: 0, y: 120 }, params: { label: { 'zh-CN': '执行名单认定', en: 'Apply list decision' }, action: 'apply-list-decision' } };
    const err = await begin('listact', chain(act)).catch((e) => e);
    expect(err).toMatchObject({ code: 'INVALID_DEFINITION', key: 'flowEngine.errors.actionNotApplicable' });
  });
});

describe('concurrency (PostgreSQL)', () => {
  it('two countersign approvers acting at once are both recorded and the instance advances once', async (ctx) => {
    if (t.kind !== 'postgres') return ctx.skip();
    const id = await begin('race', chain(approval('cs', 'all', users('a1', 'a2')), approval('next', 'single', users('a3'), 2)));
    const [c1, c2] = [await t.connectAgain(2), await t.connectAgain(2)];
    const t1 = await openTaskOf(id, 'a1');
    const t2 = await openTaskOf(id, 'a2');
    await Promise.all([approveTask(c1.db, actorOf(u.a1!), { taskId: t1.id }), approveTask(c2.db, actorOf(u.a2!), { taskId: t2.id })]);
    const events = await eventsOf(id);
    expect(events.filter((e) => e.type === 'task.approved')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'step.completed')).toHaveLength(1);
    expect((await tasksOf(id)).filter((r) => r.nodeId === 'next')).toHaveLength(1);
  });

  it('two sweepers at once never act twice', async (ctx) => {
    if (t.kind !== 'postgres') return ctx.skip();
    const monday = new Date('2025-03-03T09:00:00+08:00');
    await publishFlowVersion(t.db, 'sweep-race', chain(approval('s1', 'single', users('a4'), 1, { workingDays: 1, onTimeout: 'remind' })), '2020-01-01');
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await startFlow(t.db, actorOf(u.editor!), { trigger: 'register-change', flowCode: 'sweep-race', subject: { type: 'none', id: String(i), label: String(i) }, data: {} }, monday));
    const [c1, c2] = [await t.connectAgain(2), await t.connectAgain(2)];
    const later = new Date('2025-03-10T09:00:00+08:00');
    const [r1, r2] = await Promise.all([sweep(c1.db, { now: later, limit: 50 }), sweep(c2.db, { now: later, limit: 50 })]);
    const reminders = await t.db.select().from(flowNotification).where(and(inArray(flowNotification.instanceId, ids), eq(flowNotification.kind, 'remind')));
    expect(reminders).toHaveLength(12);
    expect(r1.handled + r2.handled).toBe(12);
  });
});
