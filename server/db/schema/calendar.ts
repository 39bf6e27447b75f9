import { date, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';

// The working-day calendar as data: days that differ from the Mon–Fri rule. Seeded from the
// chinese-days package, editable by the credit office when the State Council publishes a year.
export const calendarDay = pgTable('calendar_day', {
  day: date().primaryKey(),
  /** holiday: a weekday off · workday: a weekend day worked (调休) */
  kind: text().notNull(),
  note: text(),
  updatedBy: uuid().references(() => user.id),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
