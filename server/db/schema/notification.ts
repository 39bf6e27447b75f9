import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';

/**
 * 通知: outcomes of what a user started (their change was approved or returned, their record was
 * accepted or rejected, their list case was decided). Written in the transaction of the decision,
 * so a notice exists exactly when the outcome does. The page resolves the subject's title and link
 * at read time (server/inbox/describe.ts), in the reader's language. External channels (e-mail,
 * SMS) are off by default; when switched on, `delivered_at` marks the rows they have sent
 * (server/notifications/channels.ts).
 */
export const notification = pgTable(
  'notification',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    userId: uuid()
      .notNull()
      .references(() => user.id),
    /** record | change-request | list-case | flow-instance | … (a describer per type) */
    subjectType: text().notNull(),
    subjectId: text().notNull(),
    /** approved | rejected | returned | accepted | withdrawn | listed … */
    outcome: text().notNull(),
    /** Who decided, by name (people read names, not ids). */
    actorName: text(),
    comment: text(),
    /** Extra facts a describer may show (e.g. the version number). */
    detail: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    read: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** External delivery (e-mail / SMS) done, when a channel is switched on. */
    deliveredAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('notification_user_id_read_idx').on(t.userId, t.read), index('notification_delivered_at_idx').on(t.deliveredAt)],
);
