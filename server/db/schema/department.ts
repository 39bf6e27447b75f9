import { sql } from 'drizzle-orm';
import { boolean, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// A line department (行业主管部门) or the credit office itself. `code` is stable and used in
// audit rows and seeds; names are shown in the UI language.
export const department = pgTable('department', {
  id: uuid().primaryKey().default(sql`gen_random_uuid()`),
  code: text().notNull().unique(),
  nameZh: text().notNull(),
  nameEn: text().notNull(),
  isCreditOffice: boolean().notNull().default(false),
  archived: boolean().notNull().default(false),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
