import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';
import { department } from './department';
import { record } from './record';

/**
 * A credit commitment (信用承诺, issue 16) made at a department's counter for one commitable item
 * (register entry, pinned version). The signed commitment is a record of catalog item XYCN
 * (`recordId`, submitted through the one gate); the fulfilment check is a second XYCN record with
 * 履行状态 (`checkRecordId`) so grading's commitment-fulfilment rule reads it like any record.
 */
export const commitment = pgTable(
  'commitment',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    /** 承诺编码: 行政区划（6）+ 承诺日期（8）+ 流水号（6）. */
    commitmentNo: text().notNull().unique(),
    itemCode: text().notNull(),
    itemVersion: integer().notNull(),
    matterName: text().notNull(),
    commitmentType: text().notNull(),
    departmentId: uuid()
      .notNull()
      .references(() => department.id),
    subjectType: text().notNull(),
    subjectCode: text().notNull(),
    subjectName: text().notNull(),
    legalRepresentative: text(),
    signedOn: date().notNull(),
    /** 容缺受理: the missing material is due by this working day; null when nothing is due. */
    supplyDue: date(),
    /** pending | overdue | fulfilled | broken */
    state: text().notNull().default('pending'),
    recordId: uuid()
      .notNull()
      .references(() => record.id),
    letterSha256: text().notNull(),
    overdueAt: timestamp({ withTimezone: true }),
    /** 已履行 | 未履行 */
    checkOutcome: text(),
    checkedBy: uuid().references(() => user.id),
    checkedOn: date(),
    checkNote: text(),
    checkRecordId: uuid().references(() => record.id),
    /** The 重点关注 list case a broken commitment proposed. */
    caseId: uuid(),
    createdBy: uuid()
      .notNull()
      .references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    revision: integer().notNull().default(1),
  },
  (t) => [index('commitment_subject_code_idx').on(t.subjectCode), index('commitment_state_supply_due_idx').on(t.state, t.supplyDue), index('commitment_department_id_state_idx').on(t.departmentId, t.state)],
);

export interface ReportSection {
  key: string;
  title: string;
  lines: string[];
}

/** A credit report (信用报告): numbered, for a purpose, its text hashed; checked by its verification code. */
export const creditReport = pgTable(
  'credit_report',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    reportNo: text().notNull().unique(),
    verifyCode: text().notNull(),
    subjectCode: text().notNull(),
    subjectName: text().notNull(),
    purpose: text().notNull(),
    requester: text().notNull(),
    sections: jsonb().$type<ReportSection[]>().notNull(),
    /** SHA-256 of the DOCX as issued (stored_file). */
    sha256: text().notNull(),
    issuedBy: uuid()
      .notNull()
      .references(() => user.id),
    issuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('credit_report_verify_code_idx').on(t.verifyCode), index('credit_report_subject_code_idx').on(t.subjectCode)],
);

export interface SampleRow {
  grade: string;
  subjectCode: string;
  subjectName: string;
  subjectType: string;
}

export interface SampleResult {
  recordId: string;
  result: string;
  inspectedOn: string;
  by: string;
}

/** A 双随机 inspection sample drawn from a grading run for an inspection plan (seeded, reproducible). */
export const inspectionSample = pgTable(
  'inspection_sample',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    runId: uuid().notNull(),
    plan: text().notNull(),
    seed: text().notNull(),
    /** grade → { ratio, population, drawn } */
    perGrade: jsonb().$type<Record<string, { ratio: number; population: number; drawn: number }>>().notNull(),
    subjects: jsonb().$type<SampleRow[]>().notNull(),
    /** SHA-256 of the drawn list (codes in order): two draws agree when these agree. */
    digest: text().notNull(),
    /** Inspectors' results, by position in `subjects`: each is a record of the 双随机 result catalog item. */
    results: jsonb().$type<Record<string, SampleResult>>().notNull().default({}),
    drawnBy: uuid()
      .notNull()
      .references(() => user.id),
    drawnAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('inspection_sample_run_id_idx').on(t.runId)],
);

/**
 * Subjects as master data (issue 16): one row per code (统一社会信用代码, or ID number for natural
 * persons) with the names it was seen under and its legal representative. A code seen under more
 * than one name is flagged for clean-up (统一代码 重错码 治理) until the office confirms the name.
 */
export interface NameReview {
  outcome: 'renamed' | 'wrong_code' | 'corrected';
  note: string;
  correctName: string | null;
  names: string[];
  by: string;
  byName: string;
  at: string;
}

export const subject = pgTable(
  'subject',
  {
    code: text().primaryKey(),
    type: text().notNull(),
    name: text().notNull(),
    legalRepresentative: text(),
    /** Every name seen, with the first day it was seen. */
    names: jsonb().$type<{ name: string; since: string }[]>().notNull().default([]),
    /** 0 nothing to review, 1 seen under another name (to review), 2 wrong code: waiting for departments to correct. */
    nameConflict: integer().notNull().default(0),
    /** The office's last review of the names (server/subjects/name-review.ts). */
    nameReview: jsonb().$type<NameReview>(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('subject_name_conflict_idx').on(t.nameConflict)],
);
