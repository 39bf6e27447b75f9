/**
 * The approval-flow engine (DESIGN §6): runs a pinned flow version over an instance's rows.
 *
 * Token semantics over the graph (catalog/flows/types.ts):
 * - start, split, cc, action pass on along every outgoing edge (split = all branches);
 * - approval opens a step: one task per resolved assignee (assignees.ts). single and any 或签:
 *   the first approval decides and cancels the other open tasks; all 会签: every task must be
 *   approved; sequential 依次: tasks are activated one at a time in order. Any rejection ends the
 *   instance rejected. A step completes when none of its tasks is open, then the token moves on;
 * - condition: the first branch whose expression holds (catalog/flows/expression.ts, the same
 *   evaluator as the designer's preview) else the default edge; an expression that cannot be
 *   evaluated counts as false, like in the preview;
 * - join waits until every incoming edge has delivered a token;
 * - timer arms a due row (a task of kind 'timer') that the sweeper elapses after N working days;
 * - action 'publish' applies the subject's approval right away; end sets the outcome, cancels
 *   whatever is still open and applies the subject's approval or rejection (once).
 *
 * Returns (退回, actions.ts): a return cancels every open task of the instance — including the
 * other open countersign tasks of the returning step, whose approvals so far are discarded — and
 * forgets join arrivals; then the target step is re-opened fresh (new round, assignees resolved
 * again, new deadlines). Returning to the initiator gives them a 'resubmit' task (the only task an
 * initiator ever holds on their own instance); resubmitting restarts the flow from its start.
 * A return into one branch of a parallel split is refused (the other branch could never reach the
 * join again); return to a step before the split instead.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { user } from '../db/schema';
import type { Actor } from '../audit/append';
import { DomainError } from '../errors';
import { todayCN } from '../registers/dates';
import { evaluateExpression } from '../../catalog/flows/expression';
import { nodeLabel } from '../../catalog/flows/graph';
import type { Assignee, FlowNode, FlowTrigger } from '../../catalog/flows/types';
import { findBinding, type Scope } from './bindings';
import { getPublishedFlow } from './definitions';
import { resolveAssignees } from './assignees';
import { appendTo, applyAction, applyOutcome, type AuditWriter } from './adapters';
import { now as clockNow } from './clock';
import { addTask, approvalNode, deadlineFields, dueInWorkingDays, event, finish, newRun, setTask, startOfDayCN, writeStarts, type ApprovalNode, type FoldedAudit, type InstanceRow, type Run, type RunCache, type TaskRow } from './run';

const MAX_HOPS = 1000;
export const isOpen = (t: { status: string }) => t.status === 'pending' || t.status === 'active';

interface Token {
  nodeId: string;
  via: string | null;
}

const outgoing = (run: Run, nodeId: string): Token[] => (run.idx.out.get(nodeId) ?? []).map((e) => ({ nodeId: e.target, via: e.id }));

// ---------- starting ----------

export interface StartInput {
  trigger: FlowTrigger;
  flowCode: string;
  subject: { type: string; id: string; label: string };
  data: Record<string, unknown>;
  meta?: Record<string, unknown>;
  /** Besides the initiator, users who may not act (e.g. the change's author, everyone who edited it). */
  alsoExcluded?: string[];
  /** The instance's id, when the subject must point at it before the instance is written. */
  id?: string;
}

export type StartSpec = Omit<StartInput, 'flowCode' | 'trigger'>;

/**
 * Starts one instance per spec of the flow `flowCode`, walking each from its start. Without
 * `fold` (a single start) the instance audits itself (`flow.start`); with `fold` no row is
 * written here: the events and any effect on the subjects are handed to the caller, whose one
 * audit row records them, and a batch is written in a few multi-row statements.
 */
async function startMany(tx: Db, actor: Actor, flowCode: string, trigger: FlowTrigger, specs: StartSpec[], at: Date | undefined, fold: FoldedAudit | null): Promise<string[]> {
  if (!actor.id) throw new DomainError('FORBIDDEN', 'flowEngine.errors.noInitiator');
  if (!specs.length) return [];
  const initiatorId = actor.id;
  const now = at ?? (await clockNow(tx));
  // Two independent reads, pipelined on the transaction's connection.
  const [flow, [initiator]] = await Promise.all([getPublishedFlow(tx, flowCode, todayCN(now)), tx.select({ departmentId: user.departmentId }).from(user).where(eq(user.id, initiatorId)).prepare('flow_initiator').execute()]);
  const start = flow.graph.nodes.find((n) => n.type === 'start');
  if (!start) throw new DomainError('INVALID_DEFINITION', 'flowEngine.errors.noStart', { code: flow.code });
  const cache: RunCache = { assignees: new Map() };
  const runs: Run[] = [];
  for (const input of specs) {
    const meta = { ...input.meta, trigger, subjectType: input.subject.type, initiatorDepartment: actor.department, excludedUserIds: [...new Set(input.alsoExcluded ?? [])].filter((u) => u !== initiatorId) };
    // Written by finish() / writeStarts() together with the first step's tasks and events.
    const instance: InstanceRow = {
      id: input.id ?? randomUUID(),
      flowCode: flow.code,
      flowVersion: flow.version,
      graphHash: flow.hash,
      trigger,
      subjectType: input.subject.type,
      subjectId: input.subject.id,
      subjectLabel: input.subject.label,
      initiatorId,
      initiatorDepartmentId: initiator?.departmentId ?? null,
      status: 'running',
      data: input.data,
      meta,
      state: { joins: {}, rounds: {} },
      version: 1,
      startedAt: now,
      endedAt: null,
    };
    const run = newRun(tx, actor, instance, flow, now, [], true, cache, fold);
    event(run, 'instance.started', { payload: { flow: `${flow.code}@${flow.version}`, subject: input.subject } });
    await walk(run, [{ nodeId: start.id, via: null }]);
    runs.push(run);
  }
  if (fold && runs.length > 1) await writeStarts(tx, runs, fold);
  else for (const run of runs) await finish(run, 'start');
  return runs.map((r) => r.instance.id);
}

export async function startInstance(tx: Db, actor: Actor, input: StartInput, at?: Date, fold: FoldedAudit | null = null): Promise<string> {
  const { flowCode, trigger, ...spec } = input;
  const [id] = await startMany(tx, actor, flowCode, trigger, [spec], at, fold);
  return id!;
}

/** Starts an instance in its own transaction (tests, benchmark, callers outside a subject's transaction). */
export function startFlow(db: Db, actor: Actor, input: StartInput, at?: Date): Promise<string> {
  return db.transaction((tx) => startInstance(tx, actor, input, at));
}

/** The flow bound to (trigger, first matching scope), or null when the built-in step decides. */
export async function boundFlowOf(tx: Db, trigger: FlowTrigger, scopes: Scope[]): Promise<string | null> {
  return (await findBinding(tx, trigger, scopes))?.flowCode ?? null;
}

/** Starts `flowCode` for many subjects at once (an import), folded into the caller's audit row. */
export function startInstances(tx: Db, actor: Actor, flowCode: string, trigger: FlowTrigger, specs: StartSpec[], fold: FoldedAudit, at?: Date): Promise<string[]> {
  return startMany(tx, actor, flowCode, trigger, specs, at, fold);
}

// ---------- walking the graph ----------

export async function walk(run: Run, queue: Token[]) {
  for (let hops = 0; queue.length; hops++) {
    if (hops > MAX_HOPS) throw new DomainError('INVALID_DEFINITION', 'flowEngine.errors.loop', { code: run.flow.code });
    if (run.instance.status !== 'running') return;
    const token = queue.shift()!;
    const node = run.idx.nodes.get(token.nodeId);
    if (!node) throw new DomainError('INVALID_DEFINITION', 'flowEngine.errors.deadEnd', { node: token.nodeId });
    queue.push(...(await enter(run, node, token)));
  }
}

/** Runs one node; returns the tokens it passes on (none while it waits). */
async function enter(run: Run, node: FlowNode, token: Token): Promise<Token[]> {
  switch (node.type) {
    case 'start':
    case 'split':
      return outgoing(run, node.id);
    case 'approval':
      await openStep(run, node);
      return [];
    case 'condition':
      return [chooseBranch(run, node)];
    case 'join':
      return joinArrive(run, node, token);
    case 'cc':
      notify(run, node.id, 'cc', await assigneesOf(run, node.params.assignee), nodeLabel(node));
      return outgoing(run, node.id);
    case 'timer': {
      const dueDate = await dueInWorkingDays(run, node.params.workingDays);
      const t = addTask(run, { nodeId: node.id, kind: 'timer', status: 'active', dueDate, dueAt: startOfDayCN(dueDate) });
      event(run, 'timer.armed', { nodeId: node.id, taskId: t.id, payload: { dueDate } });
      return [];
    }
    case 'action':
      await runAction(run, node);
      return outgoing(run, node.id);
    case 'end':
      await endInstance(run, node.params.outcome, node.id);
      return [];
  }
}

function chooseBranch(run: Run, node: Extract<FlowNode, { type: 'condition' }>): Token {
  const outs = run.idx.out.get(node.id) ?? [];
  const ctx = { data: run.instance.data, meta: run.instance.meta };
  const errors: string[] = [];
  let edgeId: string | null = null;
  for (const b of node.params.branches ?? []) {
    try {
      if (evaluateExpression(b.when, ctx)) {
        edgeId = b.edgeId;
        break;
      }
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  const taken = outs.find((e) => e.id === (edgeId ?? node.params.defaultEdgeId));
  if (!taken) throw new DomainError('INVALID_DEFINITION', 'flowEngine.errors.deadEnd', { node: nodeLabel(node) });
  event(run, 'condition.evaluated', { nodeId: node.id, payload: { edgeId: taken.id, default: edgeId === null, errors } });
  return { nodeId: taken.target, via: taken.id };
}

function joinArrive(run: Run, node: FlowNode, token: Token): Token[] {
  const incoming = (run.idx.in.get(node.id) ?? []).map((e) => e.id);
  const arrived = new Set(run.instance.state.joins[node.id] ?? []);
  if (token.via) arrived.add(token.via);
  if (incoming.every((id) => arrived.has(id))) {
    delete run.instance.state.joins[node.id];
    event(run, 'join.passed', { nodeId: node.id });
    return outgoing(run, node.id);
  }
  run.instance.state.joins[node.id] = [...arrived];
  event(run, 'join.waiting', { nodeId: node.id, payload: { arrived: [...arrived], of: incoming.length } });
  return [];
}

async function runAction(run: Run, node: Extract<FlowNode, { type: 'action' }>) {
  const action = node.params.action;
  if (action === 'publish') await applySubjectOnce(run, 'approved');
  else if (action === 'notify') notify(run, node.id, 'notify', [run.instance.initiatorId], nodeLabel(node));
  else if (!(await applyAction(run.tx, run.actor, run.instance, action, auditWriterOf(run)))) {
    // An action the subject's kind does not know (e.g. 执行名单认定 on a record) would silently do nothing.
    throw new DomainError('INVALID_DEFINITION', 'flowEngine.errors.actionNotApplicable', { action, type: run.instance.subjectType });
  }
  event(run, 'action.ran', { nodeId: node.id, payload: { action } });
}

export function notify(run: Run, nodeId: string | null, kind: string, userIds: string[], message: string | null) {
  if (!userIds.length) return;
  run.notifications.push(...userIds.map((userId) => ({ userId, instanceId: run.instance.id, kind, nodeId, message, createdAt: run.now })));
  event(run, kind === 'cc' ? 'cc.sent' : `${kind}.sent`, { nodeId, payload: { to: userIds } });
}

export function assigneeContext(run: Run) {
  return { initiatorDepartmentId: run.instance.initiatorDepartmentId, excluded: run.excluded };
}

/** The users of an assignee rule for this run; a batch of starts resolves each rule once. */
function assigneesOf(run: Run, a: Assignee): Promise<string[]> {
  const key = JSON.stringify([a, run.instance.initiatorDepartmentId, run.excluded]);
  let users = run.cache.assignees.get(key);
  if (!users) {
    users = resolveAssignees(run.tx, a, assigneeContext(run));
    run.cache.assignees.set(key, users);
  }
  return users;
}

/** Effects on the subject audit themselves, or into the submit that caused them (folded starts). */
export function auditWriterOf(run: Run): AuditWriter {
  const fold = run.fold;
  if (!fold) return appendTo(run.tx, run.actor);
  return async (e) => {
    fold.effects.push(e);
  };
}

// ---------- steps ----------

export async function openStep(run: Run, node: ApprovalNode) {
  const round = (run.instance.state.rounds[node.id] ?? 0) + 1;
  run.instance.state.rounds[node.id] = round;
  const users = await assigneesOf(run, node.params.assignee);
  if (!users.length) throw new DomainError('CONFLICT', 'flowEngine.errors.noAssignee', { step: nodeLabel(node) });
  const deadline = await deadlineFields(run, node.params);
  const sequential = node.params.mode === 'sequential';
  users.forEach((assigneeId, i) => {
    const waits = sequential && i > 0;
    addTask(run, { nodeId: node.id, round, assigneeId, seq: i, status: waits ? 'pending' : 'active', ...(waits ? {} : deadline) });
  });
  event(run, 'step.opened', { nodeId: node.id, payload: { round, mode: node.params.mode, assignees: users, dueDate: deadline.dueDate } });
}

export async function activate(run: Run, task: TaskRow) {
  const node = approvalNode(run, task.nodeId);
  setTask(run, task, { status: 'active', ...(task.dueDate ? {} : await deadlineFields(run, node.params)) });
}

/** The tasks of `task`'s step in its round (including `task`). */
export function roundTasks(run: Run, task: TaskRow): TaskRow[] {
  return run.tasks.filter((t) => t.nodeId === task.nodeId && t.round === task.round);
}

export function cancelTasks(run: Run, tasks: TaskRow[], reason: string) {
  const open = tasks.filter(isOpen);
  if (!open.length) return;
  for (const t of open) setTask(run, t, { status: 'cancelled', outcome: reason });
  event(run, 'tasks.cancelled', { payload: { tasks: open.map((t) => t.id), reason } });
}

/** After a task of a step was approved: wake the tasks waiting on it, then complete the step if nothing is open. */
export async function afterApproval(run: Run, done: TaskRow) {
  const node = approvalNode(run, done.nodeId);
  const tasks = roundTasks(run, done);
  // 加签 before: the task it was added for may act once all its before-signers approved.
  if (done.addedPosition === 'before' && done.addedFor) {
    const target = tasks.find((t) => t.id === done.addedFor);
    const blocked = tasks.some((t) => t.addedFor === target?.id && t.addedPosition === 'before' && isOpen(t));
    if (target?.status === 'pending' && !blocked) await activate(run, target);
  }
  // 加签 after: the signers added after this task now act.
  const after = tasks.filter((t) => t.addedFor === done.id && t.addedPosition === 'after' && t.status === 'pending');
  for (const t of after) await activate(run, t);
  const mode = node.params.mode;
  if ((mode === 'any' || mode === 'single') && done.addedPosition !== 'before') {
    cancelTasks(run, tasks.filter((t) => t.id !== done.id && isOpen(t) && !after.includes(t)), 'decided');
  }
  if (mode === 'sequential' && !tasks.some((t) => t.status === 'active')) {
    const next = tasks.filter((t) => t.status === 'pending' && t.addedPosition !== 'after').sort((a, b) => a.seq - b.seq)[0];
    if (next) await activate(run, next);
  }
  if (tasks.some(isOpen)) return;
  event(run, 'step.completed', { nodeId: node.id, payload: { round: done.round } });
  await walk(run, outgoing(run, node.id));
}

// ---------- ending ----------

async function applySubjectOnce(run: Run, outcome: 'approved' | 'rejected') {
  if (run.instance.state.subjectApplied) return;
  await applyOutcome(run.tx, run.actor, run.instance, outcome, run.comment, auditWriterOf(run));
  run.instance.state.subjectApplied = outcome;
}

export function cancelOpenTasks(run: Run, reason: string) {
  cancelTasks(run, run.tasks, reason);
}

export async function endInstance(run: Run, outcome: 'approved' | 'rejected', nodeId: string | null) {
  cancelOpenTasks(run, 'ended');
  run.instance.status = outcome;
  run.instance.endedAt = run.now;
  event(run, 'instance.ended', { nodeId, payload: { outcome } });
  await applySubjectOnce(run, outcome);
}

export { finish, newFold, type FoldedAudit } from './run';
