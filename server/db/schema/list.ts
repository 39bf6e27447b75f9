import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';
import { department } from './department';
import { record } from './record';
import { creditListMember, queryLog } from './grading';

/**
 * A list case (认定案件): the due process that may put one subject on one list (catalog/lists/case.ts
 * has the states and moves). It pins the list version it was proposed under; its grounds are
 * linked records, not copies; every transition writes one audit row.
 */
/** What a 红名单 candidate met when proposed: the run and grade, and the clean period checked. */
export interface CaseEligibility {
  modelCode: string;
  modelVersion: number | null;
  modelName: string;
  runId: string;
  periodStart: string;
  periodEnd: string;
  grade: string;
  score: number;
  cleanMonths: number;
  cleanSince: string;
}

export const listCase = pgTable(
  'list_case',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    /** Human case number, e.g. LA-2026-000012. */
    caseNo: text().notNull().unique(),
    listCode: text().notNull(),
    listVersion: integer().notNull(),
    subjectType: text().notNull(),
    subjectCode: text().notNull(),
    subjectName: text().notNull(),
    /** The department that proposes and serves; the office may propose for a department. */
    departmentId: uuid()
      .notNull()
      .references(() => department.id),
    state: text().notNull(),
    /** 事由 as stated by the proposer. */
    reason: text().notNull(),
    proposedBy: uuid()
      .notNull()
      .references(() => user.id),
    proposedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    servedOn: date(),
    /** 直接送达 / 邮寄送达 / 电子送达 / 公告送达 */
    serviceMethod: text(),
    serviceNote: text(),
    objectionDue: date(),
    /** The state a decision was requested from (a withdrawn decision goes back there). */
    stateBeforeDecision: text(),
    decisionRequestedBy: uuid().references(() => user.id),
    decisionRequestedAt: timestamp({ withTimezone: true }),
    /** Listing period asked for (months, within the list's bounds); dates are set by the decision. */
    periodMonths: integer(),
    validFrom: date(),
    validTo: date(),
    flowInstanceId: uuid(),
    decidedBy: uuid().references(() => user.id),
    decidedAt: timestamp({ withTimezone: true }),
    decisionComment: text(),
    memberId: uuid().references(() => creditListMember.id),
    endedAt: timestamp({ withTimezone: true }),
    endReason: text(),
    /** An incentive-list case proposed by eligibility (no records as grounds): the grade it met. */
    eligibility: jsonb().$type<CaseEligibility>(),
    revision: integer().notNull().default(1),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('list_case_subject_code_idx').on(t.subjectCode),
    index('list_case_list_code_state_idx').on(t.listCode, t.state),
    index('list_case_department_id_state_idx').on(t.departmentId, t.state),
    // One open case per subject and list: proposing the same subject twice is refused by the database too.
    uniqueIndex('list_case_open_subject_idx')
      .on(t.listCode, t.subjectCode)
      .where(sql`state in ('proposed','notified','objection_open','objection_answered','in_decision')`),
  ],
);

/** The accepted records a case is grounded on (linked, not copied). */
export const listCaseGround = pgTable(
  'list_case_ground',
  {
    caseId: uuid()
      .notNull()
      .references(() => listCase.id),
    recordId: uuid()
      .notNull()
      .references(() => record.id),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.recordId] }), index('list_case_ground_record_id_idx').on(t.recordId)],
);

export interface EvidenceFile {
  fileName: string;
  sha256: string;
  size: number;
  mediaType: string;
}

/** 陈述申辩 / 异议 inside the window, and its answer (核实 → 采纳 / 不采纳). */
export const listCaseObjection = pgTable(
  'list_case_objection',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    caseId: uuid()
      .notNull()
      .references(() => listCase.id),
    filedOn: date().notNull(),
    /** Who brought it in (a department user on behalf of the subject). */
    filedBy: uuid()
      .notNull()
      .references(() => user.id),
    filedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    content: text().notNull(),
    evidence: jsonb().$type<EvidenceFile[]>().notNull().default([]),
    answerDue: date().notNull(),
    /** adopted | not_adopted; null while open */
    outcome: text(),
    answer: text(),
    answeredBy: uuid().references(() => user.id),
    answeredAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('list_case_objection_case_id_idx').on(t.caseId)],
);

/** Documents produced for a case (告知书, 决定书, 信用修复告知书, 移出决定书), numbered and kept. */
export const listCaseDocument = pgTable(
  'list_case_document',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    /** The case it belongs to; a removal of a membership recorded before cases existed has none. */
    caseId: uuid().references(() => listCase.id),
    memberId: uuid().references(() => creditListMember.id),
    kind: text().notNull(),
    number: text(),
    fileName: text().notNull(),
    sha256: text().notNull(),
    producedBy: uuid().references(() => user.id),
    producedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('list_case_document_case_id_idx').on(t.caseId), index('list_case_document_member_id_idx').on(t.memberId), uniqueIndex('list_case_document_case_id_kind_idx').on(t.caseId, t.kind)],
);

/** 文号 sequences, per department, document kind and year. */
export const docSequence = pgTable(
  'doc_sequence',
  {
    departmentId: uuid()
      .notNull()
      .references(() => department.id),
    docKind: text().notNull(),
    year: integer().notNull(),
    last: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.departmentId, t.docKind, t.year] })],
);

/** 联合奖惩反馈: a department applied a measure to a list member (after a lookup). */
export const measureFeedback = pgTable(
  'measure_feedback',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    memberId: uuid()
      .notNull()
      .references(() => creditListMember.id),
    listCode: text().notNull(),
    subjectCode: text().notNull(),
    measureCode: text().notNull(),
    appliedOn: date().notNull(),
    content: text().notNull(),
    /** 涉及金额 (元), where the measure has one. */
    amount: numeric({ precision: 18, scale: 2 }),
    departmentId: uuid()
      .notNull()
      .references(() => department.id),
    queryLogId: uuid().references(() => queryLog.id),
    createdBy: uuid()
      .notNull()
      .references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('measure_feedback_department_id_applied_on_idx').on(t.departmentId, t.appliedOn), index('measure_feedback_member_id_idx').on(t.memberId), index('measure_feedback_measure_code_idx').on(t.measureCode)],
);
