import { pgEnum, pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';

export const roleEnum = pgEnum('role', ['admin', 'editor', 'filler', 'approver', 'auditor']);

export const roleGrant = pgTable(
  'role_grant',
  {
    userId: uuid()
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    role: roleEnum().notNull(),
    grantedBy: uuid().references(() => user.id),
    grantedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);
