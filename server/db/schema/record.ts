import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';
import { department } from './department';

// A record: one filled entry of a catalog item about a subject. It pins the catalog-item version
// it was entered under, so it always renders and validates with that version. Keyed by subject
// code for distribution (DESIGN §7).
export const record = pgTable(
  'record',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    catalogCode: text().notNull(),
    catalogVersion: integer().notNull(),
    departmentId: uuid()
      .notNull()
      .references(() => department.id),
    subjectType: text().notNull(),
    subjectCode: text().notNull(),
    subjectName: text().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    /** draft | submitted | accepted | rejected */
    status: text().notNull().default('draft'),
    revision: integer().notNull().default(1),
    decisionDate: date(),
    dueDate: date(),
    publishedAt: timestamp({ withTimezone: true }),
    reviewComment: text(),
    createdBy: uuid()
      .notNull()
      .references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp({ withTimezone: true }),
    decidedBy: uuid().references(() => user.id),
    decidedAt: timestamp({ withTimezone: true }),
    /** The approval-flow instance deciding this record when a flow is bound (server/flows). */
    flowInstanceId: uuid(),
    /**
     * Everyone who wrote any revision of this record (creator, draft savers, the submitter, the
     * importer): four eyes — none of them may decide it, in the built-in step or a flow task.
     */
    contributorIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
  },
  (t) => [
    index('record_subject_code_idx').on(t.subjectCode),
    index('record_department_id_status_idx').on(t.departmentId, t.status),
    index('record_catalog_code_catalog_version_idx').on(t.catalogCode, t.catalogVersion),
    index('record_due_date_idx').on(t.dueDate),
  ],
);
