/**
 * Audited reveal of masked personal values (as record pages do with `revealRecord`): an auditor
 * states why, the reveal is itself an audit row (holding the reason, never the values), and the
 * values come back for that one row. Everyone else, and every other path, sees them masked.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { auditLog, queryLog } from '../db/schema';
import { DomainError } from '../errors';
import { appendAudit, type Actor } from './append';
import { maskPersonalText } from './personal';

function requireReason(reason: string): string {
  const r = reason.trim();
  if (!r) throw new DomainError('INVALID_INPUT', 'auditChain.errors.revealReason', {}, [{ path: 'reason', key: 'auditChain.errors.revealReason' }]);
  return r;
}

/** The unmasked before / after / reason of one audit row. */
export async function revealAuditRow(db: Db, actor: Actor, input: { id: number; reason: string }) {
  const reason = requireReason(input.reason);
  const [row] = await db.select().from(auditLog).where(eq(auditLog.id, input.id));
  if (!row) throw new DomainError('NOT_FOUND', 'auditChain.errors.rowNotFound');
  await appendAudit(db, actor, { action: 'audit.reveal', objectType: 'audit_log', objectId: String(row.seq ?? row.id), reason, after: { seq: row.seq, id: row.id } });
  return { id: row.id, seq: row.seq, before: row.before ?? null, after: row.after ?? null, reason: row.reason };
}

/** A query-log row as auditors see it: looked-up ID and phone numbers masked. */
export function maskQueryLogRow<T extends { query: string | null; subjectCode: string | null; purpose: string | null }>(row: T): T & { masked: boolean } {
  const query = row.query === null ? null : maskPersonalText(row.query);
  const code = row.subjectCode === null ? null : maskPersonalText(row.subjectCode);
  const purpose = row.purpose === null ? null : maskPersonalText(row.purpose);
  return { ...row, query: query ?? row.query, subjectCode: code ?? row.subjectCode, purpose: purpose ?? row.purpose, masked: query !== null || code !== null || purpose !== null };
}

/** The unmasked query, subjects and purpose of one query-log row. */
export async function revealQueryLogRow(db: Db, actor: Actor, input: { id: string; reason: string }) {
  const reason = requireReason(input.reason);
  const [row] = await db.select().from(queryLog).where(eq(queryLog.id, input.id));
  if (!row) throw new DomainError('NOT_FOUND', 'auditChain.errors.rowNotFound');
  await appendAudit(db, actor, { action: 'query_log.reveal', objectType: 'query-log', objectId: row.id, reason });
  return { id: row.id, query: row.query, subjectCode: row.subjectCode, subjectName: row.subjectName, purpose: row.purpose };
}
