import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';
import { department } from './department';

/**
 * A department business system allowed to call the open API (/api/v1, issue 17). Registered by an
 * admin; the key is shown once and only its SHA-256 is kept (`keyPrefix` finds the row, the hash
 * is compared in constant time). Each client acts as its own service user (`serviceUserId`: no
 * password, no roles, cannot sign in), so the one gate, idempotency keys, the query log and the
 * audit chain name the client exactly as they name a person.
 */
export const apiClient = pgTable(
  'api_client',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    name: text().notNull(),
    departmentId: uuid()
      .notNull()
      .references(() => department.id),
    /** credit-check | records-submit | feedback | feed */
    operations: text().array().notNull(),
    keyPrefix: text().notNull().unique(),
    keyHash: text().notNull(),
    serviceUserId: uuid()
      .notNull()
      .references(() => user.id),
    createdBy: uuid().references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    rotatedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    revokedBy: uuid().references(() => user.id),
  },
  (t) => [index('api_client_department_id_idx').on(t.departmentId)],
);

/**
 * 审查场景 (check scenarios): which list memberships and grades block or warn a matter of a given
 * type when a department system runs the credit check (应查必查、逢办必查). Kept as data.
 */
export const checkScenario = pgTable('check_scenario', {
  matterType: text().primaryKey(),
  nameZh: text().notNull(),
  nameEn: text().notNull(),
  /** List codes whose membership in force blocks the matter. */
  blockLists: text().array().notNull().default(sql`'{}'::text[]`),
  /** List codes whose membership in force warns (the matter may go on with attention). */
  warnLists: text().array().notNull().default(sql`'{}'::text[]`),
  /** Grades (any industry) that warn. */
  warnGrades: text().array().notNull().default(sql`'{}'::text[]`),
  legalBasis: jsonb().$type<{ name: string; number?: string; article?: string }[]>().notNull().default([]),
  active: boolean().notNull().default(true),
});
