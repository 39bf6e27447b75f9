/**
 * Task and instance actions. Each runs in one transaction that first locks the instance row
 * (run.ts), then re-reads the task: someone else's task is NOT_FOUND (the same answer as a task
 * that does not exist, so ids cannot be probed), an instance the actor may not see likewise
 * (visibility.ts), a task that is no longer open (or an instance that ended) CONFLICT, and a
 * refusal changes nothing.
 *
 * - approve: see engine.ts for how a step completes;
 * - reject: ends the instance rejected; a comment is required;
 * - return 退回 {target: 'previous' | 'initiator' | nodeId}: see engine.ts's header;
 * - transfer 转办: the task is closed as transferred and an identical one opens for the new user;
 * - add signer 加签 before: the new signer acts first and this task waits; after: the new signer
 *   acts after this task's approval, within the same step;
 *   both accept only a user who could hold the step (assignees.ts `holdRefusal`: its role and
 *   department rule, an acting role, not the initiator nor anyone who edited the subject), and
 *   a refusal names the reason;
 * - withdraw 撤回: by the initiator while no task of the open step(s) has been acted on;
 * - comment: by anyone taking part; urge 催办: the initiator notifies the current assignees.
 */
import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../db';
import { flowEvent } from '../db/schema';
import type { Actor } from '../audit/append';
import { DomainError } from '../errors';
import type { GraphIndex } from '../../catalog/flows/graph';
import { directory, holdRefusal } from './assignees';
import { now as clockNow } from './clock';
import { activate, afterApproval, assigneeContext, cancelOpenTasks, endInstance, isOpen, notify, openStep, walk } from './engine';
import { addTask, approvalNode, event, finish, lockRun, setTask, type Run, type TaskRow } from './run';
import { applyWithdrawal } from './adapters';
import { mayViewInstance } from './visibility';
import { notifyOutcome } from '../notifications/service';

export interface ActionOptions {
  /** The engine's clock (clock.ts); tests and the sweeper pass their own. */
  now?: Date;
}

export interface ActionResult {
  instanceId: string;
  status: string;
  version: number;
}

const result = (run: Run): ActionResult => ({ instanceId: run.instance.id, status: run.instance.status, version: run.instance.version });
const text = (s: string | null | undefined) => (s?.trim() ? s.trim() : null);

/** Locks the instance, checks the task is the actor's and open, runs `fn`, finishes the step. */
async function onTask(db: Db, actor: Actor, taskId: string, action: string, opts: ActionOptions, fn: (run: Run, task: TaskRow) => Promise<void>) {
  const now = opts.now ?? (await clockNow(db));
  return db.transaction(async (tx) => {
    const run = await lockRun(tx, actor, { taskId }, now);
    const task = run.tasks.find((t) => t.id === taskId);
    // Someone else's task answers exactly like a task that does not exist.
    if (!task || !task.assigneeId || task.assigneeId !== actor.id) throw new DomainError('NOT_FOUND', 'flowEngine.errors.taskNotFound');
    if (!isOpen(task) || run.instance.status !== 'running') throw new DomainError('CONFLICT', 'flowEngine.errors.taskClosed', { status: task.status === 'done' ? (task.outcome ?? 'done') : task.status });
    if (task.status === 'pending') throw new DomainError('CONFLICT', 'flowEngine.errors.taskWaiting');
    await fn(run, task);
    await finish(run, action);
    return result(run);
  });
}

async function onInstance(db: Db, actor: Actor, instanceId: string, action: string, opts: ActionOptions, fn: (run: Run) => Promise<void>) {
  const now = opts.now ?? (await clockNow(db));
  return db.transaction(async (tx) => {
    const run = await lockRun(tx, actor, { instanceId }, now);
    if (!(await mayViewInstance(tx, actor, run.instance))) throw new DomainError('NOT_FOUND', 'flowEngine.errors.instanceNotFound');
    await fn(run);
    await finish(run, action);
    return result(run);
  });
}

function close(run: Run, task: TaskRow, outcome: string, comment: string | null) {
  return setTask(run, task, { status: 'done', outcome, actedAt: run.now, actedBy: run.actor.id, comment });
}

// ---------- approve / reject ----------

/** Approve (or, for the initiator's resubmit task, resubmit). Exported for the sweeper. */
export async function approveOn(run: Run, task: TaskRow, comment: string | null) {
  run.comment = comment;
  if (task.kind === 'resubmit') {
    await close(run, task, 'resubmitted', comment);
    event(run, 'instance.resubmitted', { nodeId: task.nodeId, taskId: task.id, payload: { comment } });
    await walk(run, (run.idx.out.get(task.nodeId) ?? []).map((e) => ({ nodeId: e.target, via: e.id })));
    return;
  }
  await close(run, task, 'approved', comment);
  event(run, 'task.approved', { nodeId: task.nodeId, taskId: task.id, payload: { comment } });
  await afterApproval(run, task);
}

export async function rejectOn(run: Run, task: TaskRow, comment: string) {
  run.comment = comment;
  await close(run, task, 'rejected', comment);
  event(run, 'task.rejected', { nodeId: task.nodeId, taskId: task.id, payload: { comment } });
  await endInstance(run, 'rejected', task.nodeId);
}

export function approveTask(db: Db, actor: Actor, input: { taskId: string; comment?: string }, opts: ActionOptions = {}) {
  return onTask(db, actor, input.taskId, 'approve', opts, (run, task) => approveOn(run, task, text(input.comment)));
}

export function rejectTask(db: Db, actor: Actor, input: { taskId: string; comment?: string }, opts: ActionOptions = {}) {
  const comment = text(input.comment);
  if (!comment) throw new DomainError('INVALID_INPUT', 'registers.errors.rejectCommentRequired', {}, [{ path: 'comment', key: 'registers.errors.rejectCommentRequired' }]);
  return onTask(db, actor, input.taskId, 'reject', opts, (run, task) => {
    if (task.kind !== 'approval') throw new DomainError('CONFLICT', 'flowEngine.errors.notAnApproval');
    return rejectOn(run, task, comment);
  });
}

// ---------- return ----------

export type ReturnTarget = 'previous' | 'initiator' | string;

/** True when `nodeId` lies inside a split…join region (walking back, an unmatched split is met). */
export function insideParallelBranch(idx: GraphIndex, nodeId: string): boolean {
  const stack: [string, number][] = [[nodeId, 0]];
  const seen = new Set<string>();
  while (stack.length) {
    const [id, depth] = stack.pop()!;
    if (seen.has(`${id}:${depth}`) || depth > 64) continue;
    seen.add(`${id}:${depth}`);
    for (const e of idx.in.get(id) ?? []) {
      const src = idx.nodes.get(e.source);
      if (!src) continue;
      if (src.type === 'split' && depth === 0) return true;
      stack.push([src.id, src.type === 'split' ? depth - 1 : src.type === 'join' ? depth + 1 : depth]);
    }
  }
  return false;
}

async function completedSteps(run: Run): Promise<string[]> {
  const rows = await run.tx
    .select({ nodeId: flowEvent.nodeId })
    .from(flowEvent)
    .where(and(eq(flowEvent.instanceId, run.instance.id), eq(flowEvent.type, 'step.completed'), isNotNull(flowEvent.nodeId)))
    .orderBy(desc(flowEvent.seq));
  return rows.map((r) => r.nodeId!);
}

async function resolveReturnTarget(run: Run, task: TaskRow, target: ReturnTarget): Promise<string | 'initiator'> {
  if (target === 'initiator') return 'initiator';
  const done = await completedSteps(run);
  const nodeId = target === 'previous' ? (done.find((n) => n !== task.nodeId) ?? 'initiator') : target;
  if (nodeId === 'initiator') return nodeId;
  if (!done.includes(nodeId) || run.idx.nodes.get(nodeId)?.type !== 'approval') throw new DomainError('INVALID_INPUT', 'flowEngine.errors.badReturnTarget', { target: nodeId });
  if (insideParallelBranch(run.idx, nodeId)) throw new DomainError('INVALID_INPUT', 'flowEngine.errors.returnIntoBranch', { target: nodeId });
  return nodeId;
}

export function returnTask(db: Db, actor: Actor, input: { taskId: string; target: ReturnTarget; comment?: string }, opts: ActionOptions = {}) {
  return onTask(db, actor, input.taskId, 'return', opts, async (run, task) => {
    if (task.kind !== 'approval') throw new DomainError('CONFLICT', 'flowEngine.errors.notAnApproval');
    const to = await resolveReturnTarget(run, task, input.target);
    run.comment = text(input.comment);
    await close(run, task, 'returned', run.comment);
    event(run, 'task.returned', { nodeId: task.nodeId, taskId: task.id, payload: { to, comment: run.comment } });
    cancelOpenTasks(run, 'returned');
    run.instance.state.joins = {};
    if (to === 'initiator') {
      const start = run.flow.graph.nodes.find((n) => n.type === 'start')!;
      const t = addTask(run, { nodeId: start.id, kind: 'resubmit', assigneeId: run.instance.initiatorId, status: 'active' });
      event(run, 'instance.returned', { nodeId: start.id, taskId: t.id, payload: { to: 'initiator' } });
      await notifyOutcome(run.tx, { userIds: [run.instance.initiatorId], subjectType: run.instance.subjectType, subjectId: run.instance.subjectId, outcome: 'returned', actor: run.actor, comment: run.comment });
    } else {
      event(run, 'instance.returned', { nodeId: to, payload: { to } });
      await openStep(run, approvalNode(run, to));
    }
  });
}

// ---------- transfer / add signer ----------

async function assertNewSigner(run: Run, task: TaskRow, userId: string) {
  if (userId === task.assigneeId) throw new DomainError('INVALID_INPUT', 'flowEngine.errors.badSigner');
  const dir = await directory(run.tx);
  const person = dir.find((p) => p.id === userId);
  if (!person) throw new DomainError('INVALID_INPUT', 'flowEngine.errors.badSigner');
  const refusal = await holdRefusal(run.tx, person, approvalNode(run, task.nodeId).params.assignee, assigneeContext(run), dir);
  if (refusal) throw new DomainError('INVALID_INPUT', refusal.key, refusal.params, [{ path: 'userId', key: refusal.key, params: refusal.params }]);
  const busy = run.tasks.some((t) => t.nodeId === task.nodeId && t.round === task.round && t.assigneeId === userId && isOpen(t));
  if (busy) throw new DomainError('INVALID_INPUT', 'flowEngine.errors.alreadySigner');
}

/** A copy of `task` for another user (transfer, escalation); tasks that pointed at it follow. */
export async function replaceTask(run: Run, task: TaskRow, userId: string, outcome: 'transferred' | 'escalated', keepDeadline: boolean) {
  await close(run, task, outcome, run.comment);
  const { id: _id, assigneeId: _a, actedAt: _t, actedBy: _b, comment: _c, outcome: _o, timeoutClaimedAt: _ca, timeoutClaimedBy: _cb, ...rest } = task;
  const deadline = keepDeadline ? {} : { dueDate: null, dueAt: null, timeoutAction: null, escalateToRole: null };
  const copy = addTask(run, { ...rest, ...deadline, assigneeId: userId, status: 'active', replaces: task.id, createdAt: run.now, timeoutDoneAt: null });
  for (const t of run.tasks) if (t.addedFor === task.id && isOpen(t)) setTask(run, t, { addedFor: copy.id });
  return copy;
}

export function transferTask(db: Db, actor: Actor, input: { taskId: string; userId: string; comment?: string }, opts: ActionOptions = {}) {
  return onTask(db, actor, input.taskId, 'transfer', opts, async (run, task) => {
    if (task.kind !== 'approval') throw new DomainError('CONFLICT', 'flowEngine.errors.notAnApproval');
    await assertNewSigner(run, task, input.userId);
    run.comment = text(input.comment);
    const copy = await replaceTask(run, task, input.userId, 'transferred', true);
    event(run, 'task.transferred', { nodeId: task.nodeId, taskId: task.id, payload: { to: input.userId, newTask: copy.id, comment: run.comment } });
  });
}

export function addSigner(db: Db, actor: Actor, input: { taskId: string; userId: string; position: 'before' | 'after'; comment?: string }, opts: ActionOptions = {}) {
  return onTask(db, actor, input.taskId, 'add_signer', opts, async (run, task) => {
    if (task.kind !== 'approval') throw new DomainError('CONFLICT', 'flowEngine.errors.notAnApproval');
    await assertNewSigner(run, task, input.userId);
    run.comment = text(input.comment);
    const added = addTask(run, { nodeId: task.nodeId, round: task.round, seq: task.seq, assigneeId: input.userId, addedBy: actor.id, addedFor: task.id, addedPosition: input.position, status: 'pending' });
    if (input.position === 'before') {
      await activate(run, added);
      setTask(run, task, { status: 'pending' });
    }
    event(run, 'signer.added', { nodeId: task.nodeId, taskId: added.id, payload: { for: task.id, user: input.userId, position: input.position, comment: run.comment } });
  });
}

// ---------- instance actions ----------

function assertInitiator(run: Run) {
  if (run.instance.initiatorId !== run.actor.id) throw new DomainError('FORBIDDEN', 'flowEngine.errors.notInitiator');
  if (run.instance.status !== 'running') throw new DomainError('CONFLICT', 'flowEngine.errors.instanceEnded', { status: run.instance.status });
}

export function withdrawInstance(db: Db, actor: Actor, input: { instanceId: string; comment?: string }, opts: ActionOptions = {}) {
  return onInstance(db, actor, input.instanceId, 'withdraw', opts, async (run) => {
    assertInitiator(run);
    const openRounds = run.tasks.filter((t) => isOpen(t) && t.kind === 'approval');
    const acted = run.tasks.some((t) => t.actedAt && openRounds.some((o) => o.nodeId === t.nodeId && o.round === t.round));
    if (acted) throw new DomainError('CONFLICT', 'flowEngine.errors.alreadyActed');
    run.comment = text(input.comment);
    cancelOpenTasks(run, 'withdrawn');
    run.instance.status = 'withdrawn';
    run.instance.endedAt = run.now;
    event(run, 'instance.withdrawn', { payload: { comment: run.comment } });
    await applyWithdrawal(run.tx, run.actor, run.instance);
  });
}

function isParticipant(run: Run): boolean {
  return run.instance.initiatorId === run.actor.id || run.tasks.some((t) => t.assigneeId !== null && t.assigneeId === run.actor.id);
}

export function commentOnInstance(db: Db, actor: Actor, input: { instanceId: string; text: string }, opts: ActionOptions = {}) {
  const comment = text(input.text);
  if (!comment) throw new DomainError('INVALID_INPUT', 'errors.required', {}, [{ path: 'text', key: 'errors.required' }]);
  return onInstance(db, actor, input.instanceId, 'comment', opts, async (run) => {
    if (!isParticipant(run)) throw new DomainError('FORBIDDEN', 'flowEngine.errors.notParticipant');
    run.comment = comment;
    event(run, 'comment', { payload: { comment } });
  });
}

export function urgeInstance(db: Db, actor: Actor, input: { instanceId: string; comment?: string }, opts: ActionOptions = {}) {
  return onInstance(db, actor, input.instanceId, 'urge', opts, async (run) => {
    assertInitiator(run);
    const active = run.tasks.filter((t) => t.status === 'active' && t.assigneeId);
    const users = [...new Set(active.map((t) => t.assigneeId!))].filter((u) => u !== run.actor.id);
    run.comment = text(input.comment);
    notify(run, null, 'urge', users, run.comment ?? run.instance.subjectLabel);
  });
}
