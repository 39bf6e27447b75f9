/**
 * Reads for the pages: a user's inbox (active tasks with counts, and notifications), the instance
 * view (graph, node states, tasks, event log, predicted path with due dates), the instances a user
 * started, and the prediction shown to a submitter before submitting.
 */
import { aliasedTable, and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { department, flowEvent, flowInstance, flowNotification, flowTask, user } from '../db/schema';
import { DomainError } from '../errors';
import { hasAnyRole, type Viewer } from '../auth/viewer';
import type { Actor } from '../audit/append';
import { loadCalendar } from '../calendar/service';
import { todayCN } from '../registers/dates';
import { nodeLabels } from '../../catalog/flows/graph';
import { predictPath } from '../../catalog/flows/predict';
import type { ApprovalMode, FlowGraph, FlowNode, FlowTrigger } from '../../catalog/flows/types';
import { SUBJECT_TYPE_OF, findBinding, type Scope } from './bindings';
import { getPinnedFlow, getPublishedFlow } from './definitions';
import { now as clockNow } from './clock';
import { findSubjectAdapter, subjectDataFor, type SubmissionPreview } from './adapters';
import { directory, holdRefusal } from './assignees';
import { isOpen } from './engine';
import { mayViewInstance } from './visibility';

const assignee = aliasedTable(user, 'assignee');
const actedBy = aliasedTable(user, 'acted_by');
const initiator = aliasedTable(user, 'initiator');

function stepOf(graph: FlowGraph, nodeId: string) {
  const node = graph.nodes.find((n) => n.id === nodeId);
  return { label: node ? nodeLabels(node) : { 'zh-CN': nodeId, en: nodeId }, mode: node?.type === 'approval' ? node.params.mode : null, type: node?.type ?? null };
}

export async function getInbox(db: Db, viewer: Viewer) {
  const today = todayCN(await clockNow(db));
  const rows = await db
    .select({
      taskId: flowTask.id,
      nodeId: flowTask.nodeId,
      kind: flowTask.kind,
      dueDate: flowTask.dueDate,
      createdAt: flowTask.createdAt,
      addedPosition: flowTask.addedPosition,
      instanceId: flowInstance.id,
      flowCode: flowInstance.flowCode,
      flowVersion: flowInstance.flowVersion,
      graphHash: flowInstance.graphHash,
      subjectType: flowInstance.subjectType,
      subjectId: flowInstance.subjectId,
      subjectLabel: flowInstance.subjectLabel,
      startedAt: flowInstance.startedAt,
      initiatorName: initiator.name,
    })
    .from(flowTask)
    .innerJoin(flowInstance, eq(flowInstance.id, flowTask.instanceId))
    .leftJoin(initiator, eq(initiator.id, flowInstance.initiatorId))
    .where(and(eq(flowTask.assigneeId, viewer.id), eq(flowTask.status, 'active')))
    .orderBy(asc(flowTask.createdAt))
    .limit(500);
  const tasks = [];
  for (const r of rows) {
    const flow = await getPinnedFlow(db, r.flowCode, r.flowVersion, r.graphHash);
    const { graphHash: _h, ...rest } = r;
    tasks.push({ ...rest, step: stepOf(flow.graph, r.nodeId), overdue: Boolean(r.dueDate && r.dueDate < today) });
  }
  const bySubject: Record<string, number> = {};
  for (const t of tasks) bySubject[t.subjectType] = (bySubject[t.subjectType] ?? 0) + 1;
  const notifications = await db
    .select({ id: flowNotification.id, kind: flowNotification.kind, message: flowNotification.message, read: flowNotification.read, createdAt: flowNotification.createdAt, instanceId: flowNotification.instanceId, subjectLabel: flowInstance.subjectLabel })
    .from(flowNotification)
    .innerJoin(flowInstance, eq(flowInstance.id, flowNotification.instanceId))
    .where(eq(flowNotification.userId, viewer.id))
    .orderBy(desc(flowNotification.createdAt))
    .limit(50);
  const [unread] = await db.select({ n: count() }).from(flowNotification).where(and(eq(flowNotification.userId, viewer.id), eq(flowNotification.read, false)));
  return {
    tasks,
    counts: { total: tasks.length, overdue: tasks.filter((t) => t.overdue).length, bySubject, resubmit: tasks.filter((t) => t.kind === 'resubmit').length, unread: unread?.n ?? 0 },
    notifications,
  };
}

export async function markNotificationsRead(db: Db, viewer: Viewer, ids?: string[]) {
  const where = ids?.length ? and(eq(flowNotification.userId, viewer.id), inArray(flowNotification.id, ids)) : eq(flowNotification.userId, viewer.id);
  await db.update(flowNotification).set({ read: true }).where(and(where, eq(flowNotification.read, false)));
}

const DONE_EVENTS = new Set(['step.completed', 'condition.evaluated', 'join.passed', 'cc.sent', 'action.ran', 'timer.elapsed', 'instance.ended']);

export async function getInstanceView(db: Db, viewer: Viewer, id: string) {
  const [instance] = await db.select().from(flowInstance).where(eq(flowInstance.id, id));
  // Someone with no part in it sees the same as for a missing instance.
  if (!instance || !(await mayViewInstance(db, viewer, instance))) throw new DomainError('NOT_FOUND', 'flowEngine.errors.instanceNotFound');
  const flow = await getPinnedFlow(db, instance.flowCode, instance.flowVersion, instance.graphHash);
  const tasks = await db
    .select({
      id: flowTask.id,
      nodeId: flowTask.nodeId,
      kind: flowTask.kind,
      round: flowTask.round,
      status: flowTask.status,
      outcome: flowTask.outcome,
      seq: flowTask.seq,
      dueDate: flowTask.dueDate,
      createdAt: flowTask.createdAt,
      actedAt: flowTask.actedAt,
      comment: flowTask.comment,
      addedPosition: flowTask.addedPosition,
      assigneeId: flowTask.assigneeId,
      assigneeName: assignee.name,
      actedByName: actedBy.name,
    })
    .from(flowTask)
    .leftJoin(assignee, eq(assignee.id, flowTask.assigneeId))
    .leftJoin(actedBy, eq(actedBy.id, flowTask.actedBy))
    .where(eq(flowTask.instanceId, id))
    .orderBy(asc(flowTask.createdAt), asc(flowTask.seq));
  const events = await db.select().from(flowEvent).where(eq(flowEvent.instanceId, id)).orderBy(asc(flowEvent.seq));
  const [init] = await db.select({ name: user.name, departmentNameZh: department.nameZh, departmentNameEn: department.nameEn }).from(user).leftJoin(department, eq(department.id, user.departmentId)).where(eq(user.id, instance.initiatorId));
  const nodeStates: Record<string, 'done' | 'active' | 'pending'> = {};
  for (const n of flow.graph.nodes) nodeStates[n.id] = n.type === 'start' ? 'done' : 'pending';
  for (const e of events) if (e.nodeId && DONE_EVENTS.has(e.type)) nodeStates[e.nodeId] = 'done';
  if (instance.status === 'running') for (const t of tasks) if (t.status === 'active' || t.status === 'pending') nodeStates[t.nodeId] = 'active';
  const now = await clockNow(db);
  const prediction = predictPath(flow.graph, { data: instance.data, meta: instance.meta, startDate: todayCN(now), calendar: await loadCalendar(db) });
  const { state: _s, ...rest } = instance;
  const shown = await subjectDataFor(db, viewer, instance, instance.data);
  return {
    instance: { ...rest, data: shown.data, dataMasked: shown.masked, initiatorName: init?.name ?? null, initiatorDepartment: init ? { 'zh-CN': init.departmentNameZh, en: init.departmentNameEn } : null },
    flowName: flow.name,
    graph: flow.graph,
    nodeStates,
    tasks,
    events,
    predicted: instance.status === 'running' ? prediction.steps.filter((s) => nodeStates[s.nodeId] === 'pending') : [],
    completedSteps: [...new Set(events.filter((e) => e.type === 'step.completed').map((e) => e.nodeId!))],
  };
}

export async function listMyInstances(db: Db, viewer: Viewer) {
  return db
    .select({ id: flowInstance.id, flowCode: flowInstance.flowCode, flowVersion: flowInstance.flowVersion, subjectType: flowInstance.subjectType, subjectLabel: flowInstance.subjectLabel, status: flowInstance.status, startedAt: flowInstance.startedAt, endedAt: flowInstance.endedAt })
    .from(flowInstance)
    .where(eq(flowInstance.initiatorId, viewer.id))
    .orderBy(desc(flowInstance.startedAt))
    .limit(200);
}

type Names = Record<'zh-CN' | 'en', string>;

/** Who will act on a predicted step, in words the submitter understands (names, not ids). */
export type AssigneeView =
  | { kind: 'role'; role: string; department: Names | null }
  | { kind: 'department'; department: Names | null; role: string | null }
  | { kind: 'users'; names: string[] }
  | { kind: 'initiator-approver' };

/** A step the submitter will wait on: an approval (who, how) or a timer. */
export interface PredictedStepView {
  nodeId: string;
  type: 'approval' | 'timer';
  label: Names;
  mode: ApprovalMode | null;
  assignee: AssigneeView | null;
  startsOn: string;
  dueOn: string | null;
}

/** Describes the assignees of `graph`'s approval steps with two reads (user and department names). */
async function assigneeViews(db: Db, nodes: FlowNode[]): Promise<Map<string, AssigneeView>> {
  const approvals = nodes.filter((n): n is Extract<FlowNode, { type: 'approval' }> => n.type === 'approval');
  const userIds = [...new Set(approvals.flatMap((n) => (n.params.assignee.kind === 'users' ? n.params.assignee.userIds : [])))];
  const departmentIds = [...new Set(approvals.flatMap((n) => ('departmentId' in n.params.assignee && n.params.assignee.departmentId ? [n.params.assignee.departmentId] : [])))];
  const [users, departments] = await Promise.all([
    userIds.length ? db.select({ id: user.id, name: user.name }).from(user).where(and(inArray(user.id, userIds), eq(user.disabled, false))) : [],
    departmentIds.length ? db.select({ id: department.id, zh: department.nameZh, en: department.nameEn }).from(department).where(inArray(department.id, departmentIds)) : [],
  ]);
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const deptName = new Map(departments.map((d) => [d.id, { 'zh-CN': d.zh, en: d.en }]));
  const dept = (id: string | null | undefined) => (id ? (deptName.get(id) ?? null) : null);
  const views = new Map<string, AssigneeView>();
  for (const n of approvals) {
    const a = n.params.assignee;
    if (a.kind === 'role') views.set(n.id, { kind: 'role', role: a.role, department: dept(a.departmentId) });
    else if (a.kind === 'department') views.set(n.id, { kind: 'department', department: dept(a.departmentId), role: a.role ?? null });
    else if (a.kind === 'users') views.set(n.id, { kind: 'users', names: a.userIds.flatMap((id) => userName.get(id) ?? []) });
    else views.set(n.id, { kind: 'initiator-approver' });
  }
  return views;
}

/**
 * What the submitter will go through: the bound flow and its predicted path with due dates. The
 * facts a condition may read about the instance are the ones `startInstance` will record for this
 * submitter (their department, the subject type); the page cannot supply or override them.
 */
export async function previewForSubmission(db: Db, submitter: Actor, submission: SubmissionPreview) {
  const subjectType = (SUBJECT_TYPE_OF as Partial<Record<FlowTrigger, string>>)[submission.trigger] ?? null;
  const adapter = subjectType ? findSubjectAdapter(subjectType) : null;
  const input = adapter?.previewInput ? await adapter.previewInput(db, submission) : submission;
  const binding = await findBinding(db, input.trigger, input.scopes);
  if (!binding) return { bound: false as const };
  const today = todayCN(await clockNow(db));
  const flow = await getPublishedFlow(db, binding.flowCode, today);
  const meta = { ...input.meta, trigger: input.trigger, subjectType, initiatorDepartment: submitter.department };
  const prediction = predictPath(flow.graph, { data: input.data, meta, startDate: today, calendar: await loadCalendar(db) });
  const assignees = await assigneeViews(db, flow.graph.nodes);
  const byId = new Map(flow.graph.nodes.map((n) => [n.id, n]));
  const steps: PredictedStepView[] = prediction.steps.flatMap((s) => {
    const node = byId.get(s.nodeId);
    if (!node || (node.type !== 'approval' && node.type !== 'timer')) return [];
    return [{ nodeId: s.nodeId, type: node.type, label: nodeLabels(node), mode: node.type === 'approval' ? node.params.mode : null, assignee: assignees.get(node.id) ?? null, startsOn: s.startsOn, dueOn: s.dueOn }];
  });
  return { bound: true as const, flowCode: flow.code, version: flow.version, name: flow.name, graph: flow.graph, prediction, steps };
}

/**
 * Users the viewer's open task can be transferred to or a signer added from: those who could
 * hold its step (assignees.ts `holdRefusal`, the rule transfer and add signer enforce) and hold
 * no open task of the step yet. Someone else's task answers like a missing one.
 */
export async function listCandidates(db: Db, viewer: Viewer, taskId: string) {
  const [row] = await db
    .select({ task: flowTask, instance: flowInstance })
    .from(flowTask)
    .innerJoin(flowInstance, eq(flowInstance.id, flowTask.instanceId))
    .where(eq(flowTask.id, taskId));
  if (!row || row.task.assigneeId !== viewer.id) throw new DomainError('NOT_FOUND', 'flowEngine.errors.taskNotFound');
  const { task, instance } = row;
  const flow = await getPinnedFlow(db, instance.flowCode, instance.flowVersion, instance.graphHash);
  const node = flow.graph.nodes.find((n) => n.id === task.nodeId);
  if (instance.status !== 'running' || !isOpen(task) || node?.type !== 'approval') return [];
  const busy = await db
    .select({ id: flowTask.assigneeId })
    .from(flowTask)
    .where(and(eq(flowTask.instanceId, instance.id), eq(flowTask.nodeId, task.nodeId), eq(flowTask.round, task.round), inArray(flowTask.status, ['active', 'pending'])));
  const taken = new Set(busy.map((b) => b.id));
  const excluded = Array.isArray(instance.meta.excludedUserIds) ? (instance.meta.excludedUserIds as string[]) : [];
  const ctx = { initiatorDepartmentId: instance.initiatorDepartmentId, excluded: [instance.initiatorId, ...excluded] };
  const dir = await directory(db);
  const out = [];
  for (const p of dir) {
    if (taken.has(p.id) || (await holdRefusal(db, p, node.params.assignee, ctx, dir))) continue;
    out.push({ id: p.id, username: p.username, name: p.name, departmentNameZh: p.departmentNameZh, departmentNameEn: p.departmentNameEn });
  }
  return out;
}

