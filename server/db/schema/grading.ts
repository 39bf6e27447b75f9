import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, json, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';

// Evaluations of grading models (issue #6). A run pins the model code + version and a copy of the
// definition it evaluated (what-if runs evaluate unsaved drafts); results are keyed by
// (run, subject code) so they can be distributed by subject (DESIGN §7). Per-indicator points live
// in one jsonb column per result rather than a row per (subject, indicator): at 1M subjects × 20
// indicators that is 1M rows written instead of 20M, and an explanation reads one row.

export interface RunDistribution {
  [grade: string]: number;
}

export const evaluationRun = pgTable(
  'evaluation_run',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    modelCode: text().notNull(),
    /** null for a what-if run of an unsaved draft */
    modelVersion: integer(),
    /** the grading-model entry content evaluated (frozen at start) */
    content: jsonb().$type<Record<string, unknown>>().notNull(),
    periodStart: date().notNull(),
    periodEnd: date().notNull(),
    /** queued | running | done | failed */
    status: text().notNull().default('queued'),
    done: integer().notNull().default(0),
    total: integer().notNull().default(0),
    distribution: jsonb().$type<RunDistribution>(),
    isCurrent: boolean().notNull().default(false),
    whatIf: boolean().notNull().default(false),
    error: text(),
    createdBy: uuid().references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    /** a token per claim: the worker holding it is the only one that may write the run's results */
    claimedBy: text(),
    /** set at claim and after every chunk; a running run whose heartbeat is older than the lease
     *  belongs to an instance that died, and is queued again (evaluate.ts) */
    heartbeatAt: timestamp({ withTimezone: true }),
    /** claims so far: a run whose instance died this many times (MAX_ATTEMPTS) fails instead of
     *  being queued again, so a run that kills its instance cannot take every instance down in turn */
    attempts: integer().notNull().default(0),
    /** replaced by a re-run of the same version: its results are deleted in batches after the
     *  new run became current (evaluate.ts `purgeReplacedResults`), then this is cleared */
    purgePending: boolean().notNull().default(false),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('evaluation_run_status_created_at_idx').on(t.status, t.createdAt),
    index('evaluation_run_model_code_period_end_idx').on(t.modelCode, t.periodEnd),
    // at most one current run per (model, period)
    uniqueIndex('evaluation_run_model_code_period_start_period_end_idx').on(t.modelCode, t.periodStart, t.periodEnd).where(sql`${t.isCurrent}`),
  ],
);

export interface IndicatorScores {
  /** indicator id → [aggregated value, points] */
  [indicatorId: string]: [number | string | null, number];
}

export interface ResultMeasures {
  inspectionRatio?: { min: number; max: number };
  frequency?: { 'zh-CN': string; en: string };
  incentives?: { 'zh-CN': string; en: string }[];
  sanctionMeasures?: { code: string; version?: number | null }[];
}

export const evaluationResult = pgTable(
  'evaluation_result',
  {
    runId: uuid().notNull(),
    subjectCode: text().notNull(),
    subjectName: text().notNull(),
    subjectType: text().notNull(),
    score: numeric({ precision: 14, scale: 2, mode: 'number' }).notNull(),
    grade: text().notNull(),
    vetoedBy: text(),
    /** json, not jsonb: written once, read whole; building it as text is ~3× cheaper per subject (compile.ts) */
    scores: json().$type<IndicatorScores>().notNull(),
    measures: jsonb().$type<ResultMeasures>(),
  },
  // Two indexes only, both led by the run: a subject's grades are found through the few current
  // runs × the primary key (lookup.ts: nested loop, 0.1 ms at 600k results), so no index on
  // subject_code alone is kept up at a million inserts per run.
  (t) => [primaryKey({ columns: [t.runId, t.subjectCode] }), index('evaluation_result_run_id_grade_idx').on(t.runId, t.grade)],
);

/** Membership of a credit list (e.g. the serious-dishonesty list), as a source for grading rules. */
export const creditListMember = pgTable(
  'credit_list_member',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    listCode: text().notNull(),
    subjectCode: text().notNull(),
    subjectName: text().notNull(),
    subjectType: text().notNull().default('法人及非法人组织'),
    listedOn: date().notNull(),
    /** The day membership ends: the decided valid-to, or the removal day (grading reads this). */
    removedOn: date(),
    source: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** active | expired | removed | revoked (memberships written by a decision; seeded ones stay active). */
    status: text().notNull().default('active'),
    /** The case that decided it, its list version, decision number, deciding department, planned end. */
    caseId: uuid(),
    listVersion: integer(),
    decisionNumber: text(),
    departmentId: uuid(),
    validTo: date(),
    endedAt: timestamp({ withTimezone: true }),
    endReason: text(),
  },
  (t) => [
    index('credit_list_member_subject_code_idx').on(t.subjectCode),
    index('credit_list_member_list_code_listed_on_idx').on(t.listCode, t.listedOn),
    index('credit_list_member_status_removed_on_idx').on(t.status, t.removedOn),
  ],
);

/** 查询使用登记: who looked up which subject, when and why. Append-only. */
export const queryLog = pgTable(
  'query_log',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    userId: uuid().references(() => user.id),
    userName: text(),
    department: text(),
    query: text().notNull(),
    subjectCode: text(),
    subjectName: text(),
    purpose: text().notNull(),
    resultCount: integer().notNull(),
    /** How many list memberships in force the lookup showed (feedback rates count these). */
    memberHits: integer().notNull().default(0),
  },
  (t) => [index('query_log_at_idx').on(t.at), index('query_log_subject_code_idx').on(t.subjectCode), index('query_log_user_id_at_idx').on(t.userId, t.at)],
);
