/**
 * The deadline sweeper: runs timeout actions of overdue tasks and elapses timers. Due work is
 * claimed from PostgreSQL rows with `FOR UPDATE SKIP LOCKED` (works on PostgreSQL and PGlite):
 * a short transaction marks the rows as claimed (by this sweeper, at this time), then each one is
 * handled in its own transaction that locks the instance first — the same order as user actions,
 * so the two never deadlock — and re-checks that the task is still open, still due and still
 * ours. Several app instances sweeping at once therefore never act twice; a claim older than the
 * lease (a sweeper that died) is taken over. Timeout actions:
 *   remind → a notification to the assignee (once); escalate → the task is closed as escalated
 *   and a new one (without deadline) goes to a user of the escalation role; approve / reject →
 *   acted on by the system actor. A timer's row elapses and the token moves on.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, lt, lte, or } from 'drizzle-orm';
import type { Db } from '../db';
import { flowTask } from '../db/schema';
import { SYSTEM_ACTOR } from '../audit/append';
import { DomainError } from '../errors';
import { now as clockNow } from './clock';
import { notify, walk } from './engine';
import { approveOn, rejectOn, replaceTask } from './actions';
import { usersWithRole } from './assignees';
import { event, finish, lockRun, setTask, type Run, type TaskRow } from './run';
import { startPeriodic } from '../periodic';

const LEASE_MS = 5 * 60_000;

export interface SweepOptions {
  now?: Date;
  sweeperId?: string;
  limit?: number;
}

export interface SweepResult {
  claimed: number;
  handled: number;
}

async function claim(db: Db, sweeperId: string, now: Date, limit: number): Promise<string[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: flowTask.id })
      .from(flowTask)
      .where(and(eq(flowTask.status, 'active'), lte(flowTask.dueAt, now), isNull(flowTask.timeoutDoneAt), or(isNull(flowTask.timeoutClaimedAt), lt(flowTask.timeoutClaimedAt, new Date(now.getTime() - LEASE_MS)))))
      .orderBy(asc(flowTask.dueAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    const ids = due.map((r) => r.id);
    if (ids.length) await tx.update(flowTask).set({ timeoutClaimedBy: sweeperId, timeoutClaimedAt: now }).where(inArray(flowTask.id, ids));
    return ids;
  });
}

async function fire(run: Run, task: TaskRow) {
  if (task.kind === 'timer') {
    await setTask(run, task, { status: 'done', outcome: 'elapsed', actedAt: run.now, timeoutDoneAt: run.now });
    event(run, 'timer.elapsed', { nodeId: task.nodeId, taskId: task.id });
    await walk(run, (run.idx.out.get(task.nodeId) ?? []).map((e) => ({ nodeId: e.target, via: e.id })));
    return;
  }
  await setTask(run, task, { timeoutDoneAt: run.now });
  event(run, 'task.timed_out', { nodeId: task.nodeId, taskId: task.id, payload: { action: task.timeoutAction, dueDate: task.dueDate } });
  switch (task.timeoutAction) {
    case 'remind':
      notify(run, task.nodeId, 'remind', [task.assigneeId!], task.dueDate);
      break;
    case 'escalate': {
      const [to] = await usersWithRole(run.tx, task.escalateToRole ?? 'admin', [...run.excluded, task.assigneeId!]);
      if (!to) {
        notify(run, task.nodeId, 'remind', [task.assigneeId!], task.dueDate);
        break;
      }
      const copy = await replaceTask(run, task, to, 'escalated', false);
      event(run, 'task.escalated', { nodeId: task.nodeId, taskId: task.id, payload: { to, role: task.escalateToRole, newTask: copy.id } });
      break;
    }
    case 'approve':
      await approveOn(run, task, 'timeout');
      break;
    case 'reject':
      await rejectOn(run, task, 'timeout');
      break;
  }
}

async function handle(db: Db, taskId: string, sweeperId: string, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const run = await lockRun(tx, SYSTEM_ACTOR, { taskId }, now).catch((e) => (e instanceof DomainError && e.code === 'NOT_FOUND' ? null : Promise.reject(e)));
    // The claim columns are written outside the instance lock: read them under the row's lock.
    const [fresh] = run ? await tx.select().from(flowTask).where(eq(flowTask.id, taskId)).for('update') : [];
    const task = run?.tasks.find((t) => t.id === taskId);
    if (!run || !task || !fresh) return false;
    Object.assign(task, fresh);
    // Acted on, withdrawn or taken over since the claim: nothing to do.
    if (!task || task.status !== 'active' || task.timeoutDoneAt || task.timeoutClaimedBy !== sweeperId || run.instance.status !== 'running') return false;
    await fire(run, task);
    await finish(run, 'timeout');
    return true;
  });
}

export async function sweep(db: Db, opts: SweepOptions = {}): Promise<SweepResult> {
  const now = opts.now ?? (await clockNow(db));
  const sweeperId = opts.sweeperId ?? randomUUID();
  const ids = await claim(db, sweeperId, now, opts.limit ?? 100);
  let handled = 0;
  for (const id of ids) if (await handle(db, id, sweeperId, now)) handled++;
  return { claimed: ids.length, handled };
}

/** Sweeps every `intervalMs` in this process (server/boot.ts), once per process; returns a stop function. */
export function startSweeper(getDb: () => Promise<Db>, intervalMs: number): () => void {
  return startPeriodic('flows', getDb, intervalMs, (db) => sweep(db));
}
