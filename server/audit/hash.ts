/**
 * The audit chain's hash rule, shared by the writer, the in-database verifier and the offline
 * bundle verifier: hash = sha256(prev_hash || canonical JSON of the row's content), with
 * canonical JSON per RFC 8785 (the `canonicalize` package) so key order and number formatting
 * never change a hash.
 *
 * Rule v2 (rows with personal values, see ./personal.ts): the same, over the content with each
 * personal value replaced by `{ masked, digest }`. A row without personal values hashes exactly as
 * under v1, so rows chained before v2 keep verifying.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { sealedParts, type PersonalLeaf } from './personal';

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
  /** A string, or in hashed/bundled content a sealed personal leaf `{ masked, digest }`. */
  reason: string | null | { masked: string; digest: string };
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

/** The content the chain hashes for a stored row: v2 when it carries personal values, else as is. */
export function hashedContent(c: AuditContent, salt: string | null, personal: readonly PersonalLeaf[] | null): AuditContent {
  if (!salt || !personal || personal.length === 0) return c;
  const sealed = sealedParts({ before: c.before, after: c.after, reason: c.reason }, salt, personal);
  return { ...c, before: sealed.before, after: sealed.after, reason: sealed.reason as AuditContent['reason'] };
}
