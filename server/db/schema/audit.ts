import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** A personal value inside an audit row (see server/audit/personal.ts): where it is, and how it
 *  is shown. The chain hashes a salted digest of the value in its place (hash rule v2). */
export interface PersonalLeaf {
  /** Path from the row: first 'before', 'after' or 'reason', then object keys / array indexes. */
  path: (string | number)[];
  /** The masked form shown to everyone (e.g. 1101**********1234). */
  masked: string;
}

// Append-only, hash-chained audit log (DESIGN §4, §7). Writers insert rows unsequenced (seq,
// prev_hash and hash null) inside the transaction of the change they record, touching no shared
// row; the chainer (server/audit/chain.ts) then seals committed rows in order: seq, prev_hash and
// hash, once. A trigger (custom migrations) refuses every other UPDATE, every DELETE and TRUNCATE.
export const auditLog = pgTable(
  'audit_log',
  {
    // Insertion order of unsequenced rows; the chain order is `seq`.
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    seq: bigint({ mode: 'number' }),
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
    // Set when the row holds personal values: a random salt for their digests, and where they are.
    salt: text(),
    personal: jsonb().$type<PersonalLeaf[]>(),
    prevHash: text(),
    hash: text(),
  },
  (t) => [
    uniqueIndex('audit_log_seq_idx').on(t.seq),
    index('audit_log_pending_idx').on(t.id).where(sql`${t.seq} is null`),
    index('audit_log_at_idx').on(t.at),
    index('audit_log_object_type_object_id_idx').on(t.objectType, t.objectId),
    index('audit_log_actor_id_idx').on(t.actorId),
    index('audit_log_action_seq_idx').on(t.action, t.seq),
    check('audit_log_sealed_together', sql`(${t.seq} is null) = (${t.hash} is null) and (${t.seq} is null) = (${t.prevHash} is null)`),
    check('audit_log_salt_with_personal', sql`(${t.salt} is null) = (${t.personal} is null)`),
  ],
);

// One row (id = 1): the chain's sealed end. Only the chainer writes it, and holding its row lock
// (FOR UPDATE SKIP LOCKED) is what makes one chainer at a time, whichever instance it runs on.
export const auditHead = pgTable('audit_head', {
  id: integer().primaryKey(),
  seq: bigint({ mode: 'number' }).notNull(),
  hash: text().notNull(),
});
