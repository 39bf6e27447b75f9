import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';
import { department } from './department';
import { record } from './record';
import { creditListMember } from './grading';
import type { EvidenceFile } from './list';

/**
 * What the disclosure rule in force on an accepted record's decision date says about it
 * (server/disclosure/rules.ts stamps it at acceptance): its class, whether it is published, its
 * 公示截止日 and 可申请修复日, and when and why publication ended (expired / repaired / revoked).
 */
export const recordDisclosure = pgTable(
  'record_disclosure',
  {
    recordId: uuid()
      .primaryKey()
      .references(() => record.id),
    ruleCode: text(),
    ruleVersion: integer(),
    severity: text(),
    published: boolean().notNull(),
    decisionDate: date(),
    publicUntil: date(),
    repairableFrom: date(),
    endedOn: date(),
    /** expired | repaired | revoked */
    endReason: text(),
    stampedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('record_disclosure_public_until_idx').on(t.publicUntil).where(sql`${t.endedOn} is null`)],
);

/** A record's earlier revisions (a correction keeps the old data readable). */
export const recordRevision = pgTable(
  'record_revision',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    recordId: uuid()
      .notNull()
      .references(() => record.id),
    revision: integer().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    subjectName: text().notNull(),
    replacedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    replacedBy: uuid().references(() => user.id),
    objectionId: uuid(),
    reason: text(),
  },
  (t) => [uniqueIndex('record_revision_record_id_revision_idx').on(t.recordId, t.revision)],
);

/** 异议: a dispute about a published record or a list membership, answered by the providing department. */
export const objection = pgTable(
  'objection',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    /** 受理编号 / tracking number, e.g. YY-2026-000012 */
    trackingNo: text().notNull().unique(),
    /** record | membership */
    targetType: text().notNull(),
    recordId: uuid().references(() => record.id),
    memberId: uuid().references(() => creditListMember.id),
    /** The department that must answer (the record's provider, the list's deciding department). */
    departmentId: uuid()
      .notNull()
      .references(() => department.id),
    subjectType: text().notNull(),
    subjectCode: text().notNull(),
    subjectName: text().notNull(),
    /** department | public */
    channel: text().notNull(),
    contact: jsonb().$type<{ name: string; phone?: string; email?: string }>(),
    content: text().notNull(),
    disputedItems: text().array().notNull().default(sql`'{}'::text[]`),
    evidence: jsonb().$type<EvidenceFile[]>().notNull().default([]),
    filedOn: date().notNull(),
    filedBy: uuid().references(() => user.id),
    filedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    answerDue: date().notNull(),
    /** open | answered | closed */
    state: text().notNull().default('open'),
    /** upheld (核实无误) | corrected (已修正) | revoked (撤销) */
    outcome: text(),
    answer: text(),
    correctedData: jsonb().$type<Record<string, unknown>>(),
    /** The record's revision the correction was drafted on: applying it to a later revision is refused. */
    correctsRevision: integer(),
    answeredBy: uuid().references(() => user.id),
    answeredAt: timestamp({ withTimezone: true }),
    /** Who confirmed or returned the answer in the built-in step (an approver, not the answerer). */
    decidedBy: uuid().references(() => user.id),
    decidedAt: timestamp({ withTimezone: true }),
    decisionComment: text(),
    closedAt: timestamp({ withTimezone: true }),
    flowInstanceId: uuid(),
    overdueAt: timestamp({ withTimezone: true }),
    revision: integer().notNull().default(1),
  },
  (t) => [
    index('objection_department_id_state_idx').on(t.departmentId, t.state),
    index('objection_subject_code_idx').on(t.subjectCode),
    index('objection_record_id_idx').on(t.recordId),
    index('objection_answer_due_idx').on(t.answerDue).where(sql`${t.state} <> 'closed'`),
  ],
);

/** 信用修复申请: for a published record or a membership, decided by the authority that decided it. */
export const repairApplication = pgTable(
  'repair_application',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    applicationNo: text().notNull().unique(),
    targetType: text().notNull(),
    recordId: uuid().references(() => record.id),
    memberId: uuid().references(() => creditListMember.id),
    departmentId: uuid()
      .notNull()
      .references(() => department.id),
    subjectType: text().notNull(),
    subjectCode: text().notNull(),
    subjectName: text().notNull(),
    /** 失信行为已纠正、义务已履行 as stated, with its evidence. */
    obligationsStatement: text().notNull(),
    evidence: jsonb().$type<EvidenceFile[]>().notNull().default([]),
    commitmentId: uuid(),
    filedOn: date().notNull(),
    filedBy: uuid()
      .notNull()
      .references(() => user.id),
    filedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    acceptDue: date().notNull(),
    decideDue: date().notNull(),
    /** in_decision | approved | rejected */
    state: text().notNull(),
    flowInstanceId: uuid(),
    decidedBy: uuid().references(() => user.id),
    decidedAt: timestamp({ withTimezone: true }),
    decisionComment: text(),
    /** what the approval did: memberships ended, measures lifted, grades recomputed */
    effects: jsonb().$type<Record<string, unknown>>(),
  },
  (t) => [
    index('repair_application_department_id_state_idx').on(t.departmentId, t.state),
    index('repair_application_subject_code_idx').on(t.subjectCode),
    // One open application per ground: a second one while it is open is refused by the database too.
    uniqueIndex('repair_application_open_record_idx').on(t.recordId).where(sql`${t.state} = 'in_decision' and ${t.recordId} is not null`),
    uniqueIndex('repair_application_open_member_idx').on(t.memberId).where(sql`${t.state} = 'in_decision' and ${t.memberId} is not null`),
  ],
);

/**
 * 信用修复承诺: the commitment the subject makes, from the commitable-items entry of type 信用修复
 * (server/repair/commitment.ts makes it; the commitments module of issue 16 takes it over).
 */
export const repairCommitment = pgTable('repair_commitment', {
  id: uuid().primaryKey().default(sql`gen_random_uuid()`),
  itemCode: text().notNull(),
  itemVersion: integer().notNull(),
  subjectType: text().notNull(),
  subjectCode: text().notNull(),
  subjectName: text().notNull(),
  letter: text().notNull(),
  committedOn: date().notNull(),
  createdBy: uuid()
    .notNull()
    .references(() => user.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * The credit-change feed (同步修复): every repair, revocation, correction and end of publication,
 * in order, for the provincial and national platforms to apply the same change. Append-only.
 */
export const creditChange = pgTable(
  'credit_change',
  {
    seq: bigserial({ mode: 'number' }).primaryKey(),
    /** repair | revocation | correction | publication-end | membership-end */
    kind: text().notNull(),
    recordId: uuid(),
    memberId: uuid(),
    catalogCode: text(),
    listCode: text(),
    subjectType: text().notNull(),
    subjectCode: text().notNull(),
    subjectName: text().notNull(),
    effectiveOn: date().notNull(),
    detail: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('credit_change_subject_code_idx').on(t.subjectCode)],
);
