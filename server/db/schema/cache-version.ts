import { sql } from 'drizzle-orm';
import { bigint, pgTable, text, uuid } from 'drizzle-orm/pg-core';

// What per-process caches of slowly changing tables check before trusting themselves: a trigger on
// each cached table (migration cache_version_triggers) bumps its row in the transaction that
// changes the table, so an edit on any app instance is seen by every other one at its next read.
// `epoch` differs per database, so a process that talks to two databases (tests) never mixes them.
export const cacheVersion = pgTable('cache_version', {
  name: text().primaryKey(),
  version: bigint({ mode: 'number' }).notNull().default(0),
  epoch: uuid().notNull().default(sql`gen_random_uuid()`),
});
