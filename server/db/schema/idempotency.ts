import { sql } from 'drizzle-orm';
import { jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';

// Idempotency keys of state-changing calls (server/idempotency.ts): a retried submit with the
// same key returns the first result and writes nothing new. Kept per caller; the request hash
// tells a true retry from a different request that reuses the key (refused).
export const idempotencyKey = pgTable(
  'idempotency_key',
  {
    actorId: uuid()
      .notNull()
      .references(() => user.id),
    key: text().notNull(),
    /** e.g. record.submit, register.submit */
    operation: text().notNull(),
    /** sha-256 of the canonical JSON of (operation, request) */
    requestHash: text().notNull(),
    /** The first result, superjson-serialised (Dates survive); null while its transaction runs. */
    response: jsonb().$type<unknown>(),
    createdAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.actorId, t.key] })],
);
