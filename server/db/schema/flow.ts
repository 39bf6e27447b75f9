import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';
import { department } from './department';

// The durable approval-flow engine (DESIGN §6, server/flows/engine.ts). A binding says which
// published flow runs for a trigger and scope; an instance pins the flow version it started
// with; tasks are the open and finished work of its steps; flow_event is the append-only log
// (a trigger refuses UPDATE/DELETE, custom migration); notifications carry CC and urge notices.

/** scopeType: register-kind (value = kind code) | catalog-item (item code) | catalog-category (category name). */
export const flowBinding = pgTable(
  'flow_binding',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    trigger: text().notNull(),
    scopeType: text().notNull(),
    scopeValue: text().notNull(),
    flowCode: text().notNull(),
    active: boolean().notNull().default(true),
    createdBy: uuid().references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    removedBy: uuid().references(() => user.id),
    removedAt: timestamp({ withTimezone: true }),
  },
  // One active binding per (trigger, scope); removed ones stay for history.
  (t) => [uniqueIndex('flow_binding_trigger_scope_type_scope_value_idx').on(t.trigger, t.scopeType, t.scopeValue).where(sql`${t.active}`)],
);

export interface FlowInstanceState {
  /** Per join node: the incoming edge ids whose branch has arrived. */
  joins: Record<string, string[]>;
  /** Per node: how many times its step has been opened (a return re-opens it with a new round). */
  rounds: Record<string, number>;
  /** The subject's approve/reject effect has run (an action node may run it before the end). */
  subjectApplied?: 'approved' | 'rejected' | null;
}

export const flowInstance = pgTable(
  'flow_instance',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    flowCode: text().notNull(),
    flowVersion: integer().notNull(),
    graphHash: text().notNull(),
    trigger: text().notNull(),
    /** change-request | record | … */
    subjectType: text().notNull(),
    subjectId: text().notNull(),
    /** Human label of the subject for inboxes, e.g. "sanction-measure/SM-001 v2". */
    subjectLabel: text().notNull(),
    initiatorId: uuid()
      .notNull()
      .references(() => user.id),
    initiatorDepartmentId: uuid().references(() => department.id),
    /** running | approved | rejected | withdrawn */
    status: text().notNull().default('running'),
    /** What conditions see: `{ data, meta }` as of the submission. */
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    meta: jsonb().$type<Record<string, unknown>>().notNull(),
    state: jsonb().$type<FlowInstanceState>().notNull(),
    /** Bumped by every action; the instance row is locked (FOR UPDATE) while an action runs. */
    version: integer().notNull().default(1),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('flow_instance_initiator_id_status_idx').on(t.initiatorId, t.status),
    index('flow_instance_subject_type_subject_id_idx').on(t.subjectType, t.subjectId),
  ],
);

export const flowTask = pgTable(
  'flow_task',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    instanceId: uuid()
      .notNull()
      .references(() => flowInstance.id),
    nodeId: text().notNull(),
    /** approval | timer (a due row for the sweeper) | resubmit (the initiator after a return) */
    kind: text().notNull().default('approval'),
    /** Which opening of the step (1, 2 … after returns). */
    round: integer().notNull().default(1),
    assigneeId: uuid().references(() => user.id),
    /** pending (waits: 依次 order or a 加签 before it) | active | done | cancelled */
    status: text().notNull(),
    /** approved | rejected | returned | transferred | escalated | resubmitted | elapsed */
    outcome: text(),
    /** Order within the step for 依次 (sequential). */
    seq: integer().notNull().default(0),
    dueDate: date(),
    /** When the timeout action becomes due (end of the due date in China, or the timer's day). */
    dueAt: timestamp({ withTimezone: true }),
    timeoutAction: text(),
    escalateToRole: text(),
    timeoutClaimedBy: text(),
    timeoutClaimedAt: timestamp({ withTimezone: true }),
    timeoutDoneAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actedAt: timestamp({ withTimezone: true }),
    actedBy: uuid().references(() => user.id),
    comment: text(),
    /** 加签: who added this signer, relative to which task, before or after it. */
    addedBy: uuid().references(() => user.id),
    addedFor: uuid(),
    addedPosition: text(),
    /** 转办 / escalation: the task this one replaces. */
    replaces: uuid(),
  },
  (t) => [
    index('flow_task_assignee_id_status_idx').on(t.assigneeId, t.status),
    index('flow_task_instance_id_node_id_idx').on(t.instanceId, t.nodeId),
    index('flow_task_status_due_at_idx').on(t.status, t.dueAt),
  ],
);

export const flowEvent = pgTable(
  'flow_event',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    instanceId: uuid()
      .notNull()
      .references(() => flowInstance.id),
    seq: integer().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorId: uuid(),
    actorName: text(),
    type: text().notNull(),
    nodeId: text(),
    taskId: uuid(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
  },
  (t) => [uniqueIndex('flow_event_instance_id_seq_idx').on(t.instanceId, t.seq)],
);

export const flowNotification = pgTable(
  'flow_notification',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    userId: uuid()
      .notNull()
      .references(() => user.id),
    instanceId: uuid()
      .notNull()
      .references(() => flowInstance.id),
    /** cc | urge | remind | notify */
    kind: text().notNull(),
    nodeId: text(),
    message: text(),
    read: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('flow_notification_user_id_read_idx').on(t.userId, t.read)],
);
