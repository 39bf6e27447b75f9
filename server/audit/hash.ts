/**
 * The audit chain's hash rule, shared by the writer, the in-database verifier and the offline
 * bundle verifier: hash = sha256(prev_hash || canonical JSON of the row's content), with
 * canonical JSON per RFC 8785 (the `canonicalize` package) so key order and number formatting
 * never change a hash.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  seq: number;
  at: string; // ISO-8601 with milliseconds, UTC
  actorId: string | null;
  actorName: string | null;
  role: string | null;
  department: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

/** JSON round trip: what jsonb will give back (drops undefined, Dates become strings). */
export function normalizeJson(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

export function canonicalContent(c: AuditContent): string {
  const out = canonicalize({
    seq: c.seq,
    at: c.at,
    actorId: c.actorId,
    actorName: c.actorName,
    role: c.role,
    department: c.department,
    action: c.action,
    objectType: c.objectType,
    objectId: c.objectId,
    before: normalizeJson(c.before),
    after: normalizeJson(c.after),
    reason: c.reason,
  });
  if (out === undefined) throw new Error('audit row cannot be canonicalised');
  return out;
}

export function chainHash(prevHash: string, c: AuditContent): string {
  return createHash('sha256').update(prevHash).update(canonicalContent(c)).digest('hex');
}
