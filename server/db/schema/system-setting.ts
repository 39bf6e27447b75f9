import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

// Installation-wide settings kept in the database so every app instance shares them
// (e.g. the generated session-signing secret when none is given in the environment).
export const systemSetting = pgTable('system_setting', {
  key: text().primaryKey(),
  value: jsonb().$type<unknown>().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
