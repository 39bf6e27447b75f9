import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// Append-only, hash-chained audit log (DESIGN §4). `seq` is assigned by server/audit under a
// row lock on audit_head, so the chain is gapless and never forks. A trigger (custom migration)
// refuses UPDATE and DELETE.
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint({ mode: 'number' }).primaryKey(),
    at: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    actorId: uuid(),
    actorName: text(),
    role: text(),
    department: text(),
    action: text().notNull(),
    objectType: text(),
    objectId: text(),
    before: jsonb().$type<unknown>(),
    after: jsonb().$type<unknown>(),
    reason: text(),
    prevHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_object_type_object_id_idx').on(t.objectType, t.objectId),
    index('audit_log_actor_id_idx').on(t.actorId),
    index('audit_log_action_seq_idx').on(t.action, t.seq),
  ],
);

// One row (id = 1): the chain's current end. Writers lock it, so appends are serialised.
export const auditHead = pgTable('audit_head', {
  id: integer().primaryKey(),
  seq: bigint({ mode: 'number' }).notNull(),
  hash: text().notNull(),
});
