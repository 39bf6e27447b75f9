/**
 * Append one row to the audit log. Call it inside the transaction of the change it records
 * (pass the transaction as `db`), so a change and its audit row commit or roll back together.
 *
 * The row is written unsequenced (seq, prev_hash, hash null) and touches no shared row, so
 * concurrent writers never wait for each other here: one INSERT, no lock beyond the row's own.
 * Order and hashes are assigned right after commit by the chainer (./chain.ts), in the order
 * the committed rows are seen; a row rolled back with its change never existed.
 *
 * Personal values in `before` / `after` / `reason` are located once, here (./personal.ts), and
 * stored with the row with a random salt: the chain then hashes their salted digests, and every
 * reader shows them masked.
 */
import { randomBytes } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { rowsOf, type Db } from '../db';
import { auditLog } from '../db/schema';
import type { MaskRule } from '../../forms/masking';
import { normalizeJson } from './hash';
import { findPersonal } from './personal';
import { afterRootAppend, noteAppend } from './chain';

export interface Actor {
  id: string | null;
  name: string | null;
  roles: readonly string[];
  department: string | null;
}

export const SYSTEM_ACTOR: Actor = { id: null, name: 'system', roles: [], department: null };

export interface AuditEvent {
  action: string;
  objectType?: string | null;
  objectId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  /**
   * Personal fields the writer knows of, as dotted paths from the row with their mask rule
   * (`{ 'after.data.idNumber': { keepStart: 4, keepEnd: 4 } }`, `*` for every element). ID and
   * mobile numbers are found without being named.
   */
  mask?: Record<string, MaskRule>;
}

/** The audit row of an event, as inserted (unsequenced). */
function auditRow(actor: Actor, event: AuditEvent): typeof auditLog.$inferInsert {
  const before = normalizeJson(event.before);
  const after = normalizeJson(event.after);
  const reason = event.reason ?? null;
  const personal = findPersonal({ before, after, reason }, event.mask);
  return {
    at: new Date(),
    actorId: actor.id,
    actorName: actor.name,
    role: actor.roles.length ? [...actor.roles].sort().join(',') : null,
    department: actor.department,
    action: event.action,
    objectType: event.objectType ?? null,
    objectId: event.objectId ?? null,
    before,
    after,
    reason,
    salt: personal.length ? randomBytes(16).toString('hex') : null,
    personal: personal.length ? personal : null,
  };
}

async function appended(db: Db, id: number): Promise<{ id: number }> {
  noteAppend();
  // Outside a transaction the row is committed now (tests chain it at once, see chain.ts).
  if (!(db instanceof PgTransaction)) await afterRootAppend(db);
  return { id };
}

export async function appendAudit(db: Db, actor: Actor, event: AuditEvent): Promise<{ id: number }> {
  const [row] = await db.insert(auditLog).values(auditRow(actor, event)).returning({ id: auditLog.id });
  return appended(db, row!.id);
}

/**
 * A change made by one INSERT, and its audit row, in a single statement (a data-modifying WITH):
 * both are written or neither, without a transaction of their own — one round trip to the
 * database instead of four (BEGIN, two INSERTs, COMMIT) on the hot paths that log a read, such as
 * a credit check. The insert's key must be known beforehand (the event names it).
 */
export async function insertAudited(db: Db, insert: { getSQL(): SQL }, actor: Actor, event: AuditEvent): Promise<{ id: number }> {
  const audit = db.insert(auditLog).values(auditRow(actor, event)).returning({ id: auditLog.id });
  const [row] = rowsOf<{ id: number | string }>(await db.execute(sql`with written as (${insert.getSQL()}) ${audit.getSQL()}`));
  return appended(db, Number(row!.id));
}

/**
 * Changes made by several data-modifying statements, and their audit row, in a single statement
 * (as `insertAudited`: `with w0 as (<change>), w1 as (…) insert into audit_log …`), so a
 * transaction's changes and its row cost one statement, not two. `execute` sends it (the caller's
 * way of sending a statement, e.g. a prepared one; by default `db.execute`).
 */
export async function writeAudited(db: Db, changes: SQL[], actor: Actor, event: AuditEvent, execute: (query: SQL) => Promise<unknown> = (query) => db.execute(query)): Promise<{ id: number }> {
  const audit = db.insert(auditLog).values(auditRow(actor, event)).returning({ id: auditLog.id }).getSQL();
  const ctes = changes.map((change, n) => sql`${sql.raw(`w${n}`)} as (${change})`);
  const [row] = rowsOf<{ id: number | string }>(await execute(ctes.length ? sql`with ${sql.join(ctes, sql`, `)} ${audit}` : audit));
  return appended(db, Number(row!.id));
}
