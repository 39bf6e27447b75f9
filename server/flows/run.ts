/**
 * One engine step = one transaction over one instance: the instance row is locked
 * (`SELECT … FOR UPDATE`) first, so two approvers acting at once on a countersign are applied one
 * after the other and the second sees the first's result — the step completes exactly once.
 *
 * Round trips are the cost of an action (bench/flows.ts counts them), so a step reads once and
 * writes once:
 * - reading: the lock and the read of every task of the instance are sent together (pipelined on
 *   the transaction's connection; the server runs the second statement after the first has got
 *   the lock, with a fresh snapshot, so it sees what the previous lock holder committed);
 * - the step then works on those rows in memory (`run.tasks`); new tasks get their id here;
 * - `finish` writes everything in one statement (data-modifying CTEs): new tasks, changed columns
 *   of existing tasks (only the columns the step changed — the sweeper's claim columns are written
 *   by its own short transactions), notifications, events and the instance row, and last the one
 *   audit row carrying all events (DESIGN §7: one audit row per user action; `writeAudited`).
 * The next event seq is kept in the instance state (`lastEventSeq`), so it needs no read either.
 * These statements are prepared (./prepared.ts): the server parses and plans each shape once per
 * connection, and the lock's reads are compiled once per process.
 *
 * Starts caused by a submit or an import are folded (`Run.fold`): they write no `flow.start` row
 * of their own; their events (and any effect on the subject) go into the one audit row of that
 * user action. An import starts its thousands of instances with `writeStarts`: the walks run in
 * memory (sharing one `RunCache` for assignees and the calendar), then every row of every
 * instance is written in a few multi-row statements.
 */
import { randomUUID } from 'node:crypto';
import { asc, eq, getTableColumns, inArray, max, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db';
import { flowEvent, flowInstance, flowNotification, flowTask } from '../db/schema';
import type { FlowInstanceState } from '../db/schema/flow';
import { writeAudited, type Actor, type AuditEvent } from '../audit/append';
import { DomainError } from '../errors';
import { calendarFrom } from '../calendar/service';
import { addDays, todayCN } from '../registers/dates';
import { addWorkingDays, type WorkingCalendar } from '../../forms/working-days';
import { indexGraph, type GraphIndex } from '../../catalog/flows/graph';
import type { ApprovalParams, FlowNode } from '../../catalog/flows/types';
import { getPinnedFlow, type PublishedFlow } from './definitions';
import { compiledSelect, executePrepared, queryBuilder } from './prepared';

/** The engine's bookkeeping in the instance's state: the seq of its last flow_event. */
type EngineState = FlowInstanceState & { lastEventSeq?: number };
export type InstanceRow = Omit<typeof flowInstance.$inferSelect, 'state'> & { state: EngineState };
export type TaskRow = typeof flowTask.$inferSelect;
export type ApprovalNode = Extract<FlowNode, { type: 'approval' }>;
type NotificationRow = Omit<typeof flowNotification.$inferInsert, 'id' | 'read'>;

interface PendingEvent {
  seq: number;
  type: string;
  nodeId: string | null;
  taskId: string | null;
  payload: Record<string, unknown>;
}

/** What several runs of one batch (an import's starts) look up once instead of once per instance. */
export interface RunCache {
  assignees: Map<string, Promise<string[]>>;
  calendar?: WorkingCalendar;
}

/** An event as the audit chain records it. */
export interface AuditedFlowEvent {
  seq: number;
  type: string;
  nodeId: string | null;
  taskId: string | null;
  payload: Record<string, unknown>;
}

/**
 * Starts folded into the audit row of the user action that caused them: the instances' events
 * and the audit entries of effects on their subjects (a flow that decides at once).
 */
export interface FoldedAudit {
  instances: { id: string; flow: string; subjectId: string; status: string; events: AuditedFlowEvent[] }[];
  effects: AuditEvent[];
}

export function newFold(): FoldedAudit {
  return { instances: [], effects: [] };
}

export interface Run {
  tx: Db;
  actor: Actor;
  now: Date;
  instance: InstanceRow;
  /** The instance row does not exist yet (a start): `finish` inserts it. */
  isNew: boolean;
  flow: PublishedFlow;
  idx: GraphIndex;
  /** Users who may never hold a task here: the initiator (and the change's author). */
  excluded: string[];
  /** Every task of the instance, as this step sees and changes them (ordered by creation). */
  tasks: TaskRow[];
  /** Tasks created by this step, and the changed columns of the others: written by `finish`. */
  created: Set<TaskRow>;
  changed: Map<TaskRow, Set<keyof TaskRow>>;
  notifications: NotificationRow[];
  events: PendingEvent[];
  nextSeq: number;
  /** The comment of the action that ended the instance, passed on to the subject. */
  comment: string | null;
  cache: RunCache;
  /** Set on starts folded into their submit's audit row (see the header). */
  fold: FoldedAudit | null;
}

export function newRun(tx: Db, actor: Actor, instance: InstanceRow, flow: PublishedFlow, now: Date, tasks: TaskRow[] = [], isNew = false, cache: RunCache = { assignees: new Map() }, fold: FoldedAudit | null = null): Run {
  const alsoExcluded = Array.isArray(instance.meta.excludedUserIds) ? (instance.meta.excludedUserIds as string[]) : [];
  return {
    tx,
    actor,
    now,
    instance,
    isNew,
    flow,
    idx: indexGraph(flow.graph),
    excluded: [instance.initiatorId, ...alsoExcluded],
    tasks,
    created: new Set(),
    changed: new Map(),
    notifications: [],
    events: [],
    nextSeq: (instance.state.lastEventSeq ?? 0) + 1,
    comment: null,
    cache,
    fold,
  };
}

/** Which instance to lock: by id, or the instance of a task. */
export type RunTarget = { instanceId: string } | { taskId: string };

/** The instance of a task, as the lock's reads select it. */
const instanceOfTask = () => queryBuilder.select({ id: flowTask.instanceId }).from(flowTask).where(eq(flowTask.id, sql.placeholder('taskId')));
const lockByTask = compiledSelect<typeof flowInstance, 'taskId'>('flow_lock_by_task', flowInstance, (q) => q.where(inArray(flowInstance.id, instanceOfTask())).for('update'));
const tasksByTask = compiledSelect<typeof flowTask, 'taskId'>('flow_tasks_by_task', flowTask, (q) => q.where(inArray(flowTask.instanceId, instanceOfTask())).orderBy(asc(flowTask.createdAt), asc(flowTask.seq)));
const lockById = compiledSelect<typeof flowInstance, 'instanceId'>('flow_lock_by_id', flowInstance, (q) => q.where(inArray(flowInstance.id, [sql.placeholder('instanceId')])).for('update'));
const tasksById = compiledSelect<typeof flowTask, 'instanceId'>('flow_tasks_by_id', flowTask, (q) => q.where(inArray(flowTask.instanceId, [sql.placeholder('instanceId')])).orderBy(asc(flowTask.createdAt), asc(flowTask.seq)));

/** Locks the instance and reads its tasks (one round trip on PostgreSQL, see the header). */
export async function lockRun(tx: Db, actor: Actor, target: RunTarget, now: Date): Promise<Run> {
  const [[row], tasks] = await Promise.all('taskId' in target ? [lockByTask(tx, target), tasksByTask(tx, target)] : [lockById(tx, target), tasksById(tx, target)]);
  const instance: InstanceRow | undefined = row;
  if (!instance) throw new DomainError('NOT_FOUND', 'taskId' in target ? 'flowEngine.errors.taskNotFound' : 'flowEngine.errors.instanceNotFound');
  const flow = await getPinnedFlow(tx, instance.flowCode, instance.flowVersion, instance.graphHash);
  // Instances started before the seq was kept in their state.
  if (instance.state.lastEventSeq === undefined) {
    const [last] = await tx.select({ seq: max(flowEvent.seq) }).from(flowEvent).where(eq(flowEvent.instanceId, instance.id));
    instance.state.lastEventSeq = last?.seq ?? 0;
  }
  return newRun(tx, actor, instance, flow, now, tasks);
}

export function event(run: Run, type: string, at: { nodeId?: string | null; taskId?: string | null; payload?: Record<string, unknown> } = {}) {
  run.events.push({ seq: run.nextSeq++, type, nodeId: at.nodeId ?? null, taskId: at.taskId ?? null, payload: at.payload ?? {} });
}

// ---------- tasks in memory ----------

export type NewTask = Pick<TaskRow, 'nodeId' | 'status'> & Partial<Omit<TaskRow, 'id' | 'instanceId'>>;

/** A new task of this instance; written by `finish`. */
export function addTask(run: Run, values: NewTask): TaskRow {
  const row: TaskRow = {
    id: randomUUID(),
    instanceId: run.instance.id,
    kind: 'approval',
    round: 1,
    assigneeId: null,
    outcome: null,
    seq: 0,
    dueDate: null,
    dueAt: null,
    timeoutAction: null,
    escalateToRole: null,
    timeoutClaimedBy: null,
    timeoutClaimedAt: null,
    timeoutDoneAt: null,
    createdAt: run.now,
    actedAt: null,
    actedBy: null,
    comment: null,
    addedBy: null,
    addedFor: null,
    addedPosition: null,
    replaces: null,
    ...values,
  };
  run.tasks.push(row);
  run.created.add(row);
  return row;
}

export function setTask(run: Run, task: TaskRow, patch: Partial<TaskRow>) {
  Object.assign(task, patch);
  if (run.created.has(task)) return;
  const cols = run.changed.get(task) ?? new Set<keyof TaskRow>();
  for (const k of Object.keys(patch) as (keyof TaskRow)[]) cols.add(k);
  run.changed.set(task, cols);
}

// ---------- writing ----------

const snakeNames = new Map<string, string>();
/** Column name of a row key; memoised, as an import's batch renames millions of keys. */
const snake = (key: string) => {
  let name = snakeNames.get(key);
  if (name === undefined) {
    name = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    snakeNames.set(key, name);
  }
  return name;
};
const columnList = (keys: string[], prefix = '') => sql.raw(keys.map((k) => `${prefix}"${snake(k)}"`).join(', '));
/** Rows as a JSON array keyed by column names (top-level keys only: jsonb values keep theirs). */
const asJson = (rows: object[]) => {
  const out: Record<string, unknown>[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Record<string, unknown>;
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(row)) o[snake(k)] = row[k];
    out[i] = o;
  }
  return JSON.stringify(out);
};

/** `insert into <table> (keys) select keys from jsonb_populate_recordset(…)` for rows with these keys. */
function insertRows(table: PgTable, tableName: string, keys: string[], rows: object[]): SQL {
  return sql`insert into ${table} (${columnList(keys)}) select ${columnList(keys)} from jsonb_populate_recordset(null::${sql.raw(tableName)}, ${asJson(rows)}::jsonb)`;
}

/**
 * Updates of existing tasks: one per changed task, of the columns it changed. Each takes its values
 * from a one-row jsonb_populate_record, so its plan probes the primary key whatever the table's
 * size. (One update per set of changed columns over a jsonb_populate_recordset, which the planner
 * costs at 100 rows, hashed the whole flow_task table instead while it was small — a scan of
 * every task per action once a prepared statement kept that plan as the table grew.)
 */
function taskUpdates(run: Run): SQL[] {
  return [...run.changed].map(([task, cols]) => {
    const keys = [...cols].sort();
    const row: Record<string, unknown> = { id: task.id };
    for (const k of keys) row[snake(k)] = task[k];
    return sql`update flow_task as t set ${sql.raw(keys.map((k) => `"${snake(k)}" = x."${snake(k)}"`).join(', '))} from jsonb_populate_record(null::flow_task, ${JSON.stringify(row)}::jsonb) as x where t.id = x.id`;
  });
}

const TASK_KEYS = Object.keys(getTableColumns(flowTask));
const INSTANCE_KEYS = Object.keys(getTableColumns(flowInstance));
const EVENT_KEYS = ['instanceId', 'seq', 'at', 'actorId', 'actorName', 'type', 'nodeId', 'taskId', 'payload'];
const NOTIFICATION_KEYS = ['userId', 'instanceId', 'kind', 'nodeId', 'message', 'createdAt'];

/** Everything the step changed, as data-modifying statements: side writes first, the instance row last. */
function stepChanges(run: Run): SQL[] {
  const i = run.instance;
  const changes: SQL[] = [];
  if (run.created.size) changes.push(insertRows(flowTask, 'flow_task', TASK_KEYS, [...run.created]));
  changes.push(...taskUpdates(run));
  if (run.notifications.length) changes.push(insertRows(flowNotification, 'flow_notification', NOTIFICATION_KEYS, run.notifications));
  if (run.events.length) {
    const events = run.events.map((e) => ({ ...e, instanceId: i.id, at: run.now, actorId: run.actor.id, actorName: run.actor.name }));
    changes.push(insertRows(flowEvent, 'flow_event', EVENT_KEYS, events));
  }
  changes.push(
    run.isNew
      ? insertRows(flowInstance, 'flow_instance', INSTANCE_KEYS, [i])
      : sql`update ${flowInstance} set status = ${i.status}, state = ${JSON.stringify(i.state)}::jsonb, ended_at = ${i.endedAt?.toISOString() ?? null}::timestamptz, version = ${i.version} where id = ${i.id}`,
  );
  return changes;
}

function stepWritten(run: Run) {
  run.created.clear();
  run.changed.clear();
  run.notifications = [];
}

/** The step's changes as one statement (side writes in CTEs, the instance row last), prepared (./prepared.ts). */
async function writeStep(run: Run) {
  const changes = stepChanges(run);
  const main = changes.pop()!;
  const ctes = changes.map((s, n) => sql`${sql.raw(`w${n}`)} as (${s})`);
  await executePrepared(run.tx, 'flow_step', ctes.length ? sql`with ${sql.join(ctes, sql`, `)} ${main}` : main);
  stepWritten(run);
}

const audited = (run: Run): AuditedFlowEvent[] => run.events.map(({ seq, type, nodeId, taskId, payload }) => ({ seq, type, nodeId, taskId, payload }));

function closeStep(run: Run) {
  run.instance.version += 1;
  run.instance.state.lastEventSeq = run.nextSeq - 1;
}

/** A folded start hands its events to the action that caused it instead of auditing them itself. */
function handOver(run: Run, fold: FoldedAudit) {
  const i = run.instance;
  fold.instances.push({ id: i.id, flow: `${i.flowCode}@${i.flowVersion}`, subjectId: i.subjectId, status: i.status, events: audited(run) });
  run.events = [];
}

/** Writes the step (tasks, notifications, events, the instance's new state) and one audit row. */
export async function finish(run: Run, action: string) {
  const i = run.instance;
  closeStep(run);
  if (run.fold) {
    await writeStep(run);
    run.isNew = false;
    return handOver(run, run.fold);
  }
  const audit = { action: `flow.${action}`, objectType: 'flow-instance', objectId: i.id, after: { flow: `${i.flowCode}@${i.flowVersion}`, status: i.status, version: i.version, events: audited(run) }, reason: run.comment };
  // The step's write and its audit row are one statement (a data-modifying WITH ending in the
  // audit insert), prepared: written together or not at all, one statement per action.
  await writeAudited(run.tx, stepChanges(run), run.actor, audit, (query) => executePrepared(run.tx, 'flow_step_audited', query));
  stepWritten(run);
  run.isNew = false;
  run.events = [];
}

/** Rows per statement when a batch of starts is written (a few MB of JSON at most). */
const BATCH_ROWS = 2_000;

async function insertChunked(tx: Db, table: PgTable, tableName: string, keys: string[], rows: object[]) {
  for (let i = 0; i < rows.length; i += BATCH_ROWS) await tx.execute(insertRows(table, tableName, keys, rows.slice(i, i + BATCH_ROWS)));
}

/**
 * Writes many freshly started, folded runs at once: instances, then their tasks, notifications
 * and events, each in multi-row statements (the FK from tasks to instances holds at every step).
 */
export async function writeStarts(tx: Db, runs: Run[], fold: FoldedAudit) {
  for (const run of runs) closeStep(run);
  await insertChunked(tx, flowInstance, 'flow_instance', INSTANCE_KEYS, runs.map((r) => r.instance));
  await insertChunked(tx, flowTask, 'flow_task', TASK_KEYS, runs.flatMap((r) => [...r.created]));
  await insertChunked(tx, flowNotification, 'flow_notification', NOTIFICATION_KEYS, runs.flatMap((r) => r.notifications));
  const events = runs.flatMap((r) => r.events.map((e) => ({ ...e, instanceId: r.instance.id, at: r.now, actorId: r.actor.id, actorName: r.actor.name })));
  await insertChunked(tx, flowEvent, 'flow_event', EVENT_KEYS, events);
  for (const run of runs) {
    run.created.clear();
    run.changed.clear();
    run.notifications = [];
    run.isNew = false;
    handOver(run, fold);
  }
}

export function approvalNode(run: Run, nodeId: string): ApprovalNode {
  const node = run.idx.nodes.get(nodeId);
  if (!node || node.type !== 'approval') throw new DomainError('INVALID_DEFINITION', 'flowEngine.errors.notAStep', { node: nodeId });
  return node;
}

// ---------- deadlines ----------

/** Midnight in China (the office's time zone) at the start of `day`. */
export function startOfDayCN(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

export async function dueInWorkingDays(run: Run, workingDays: number): Promise<string> {
  const days = Math.max(0, Math.floor(workingDays));
  const today = todayCN(run.now);
  // the per-year cache of the office calendar (checked against its version row), not the whole
  // table; a batch of starts (an import) shares it
  run.cache.calendar ??= await calendarFrom(run.tx, today, Math.max(days, 250));
  return addWorkingDays(today, days, run.cache.calendar);
}

/**
 * A task's deadline: due date = today + N working days on the office calendar; the timeout action
 * becomes due when that day has ended in China. Armed when a task becomes active, so a step
 * re-opened after a return gets a fresh deadline.
 */
export async function deadlineFields(run: Run, params: ApprovalParams): Promise<Pick<TaskRow, 'dueDate' | 'dueAt' | 'timeoutAction' | 'escalateToRole'>> {
  const d = params.deadline;
  if (!d || !(d.workingDays > 0)) return { dueDate: null, dueAt: null, timeoutAction: null, escalateToRole: null };
  const dueDate = await dueInWorkingDays(run, d.workingDays);
  return { dueDate, dueAt: startOfDayCN(addDays(dueDate, 1)), timeoutAction: d.onTimeout, escalateToRole: d.escalateToRole ?? null };
}
