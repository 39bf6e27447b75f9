/**
 * The credit-change feed (同步修复, 青铜峡 §11): every repair, revocation, correction and end of
 * publication, in the order it happened (credit_change.seq), so the provincial and national
 * platforms can apply the same change. `recordChange` is called in the transaction of the change
 * itself; `creditChangesSince` reads it by cursor (the open API of issue 17 serves it); the signed
 * export gives office users a file (JSON with the signature inside; CSV/XLSX with the same
 * signature over the same canonical change list, in the response headers).
 */
import { createHash, sign, verify, createPublicKey } from 'node:crypto';
import canonicalize from 'canonicalize';
import { and, asc, gt, lte } from 'drizzle-orm';
import type { Db } from '../db';
import { creditChange } from '../db/schema';
import { DomainError } from '../errors';
import { loadSigningKey, type SigningKey } from '../audit/checkpoint';
import { maskRecord } from '../../forms/masking';

export type ChangeKind = 'repair' | 'revocation' | 'correction' | 'publication-end' | 'membership-end';

export interface ChangeInput {
  kind: ChangeKind;
  recordId?: string | null;
  memberId?: string | null;
  catalogCode?: string | null;
  listCode?: string | null;
  subjectType: string;
  subjectCode: string;
  subjectName: string;
  effectiveOn: string;
  detail?: Record<string, unknown>;
}

export async function recordChange(tx: Db, c: ChangeInput) {
  await tx.insert(creditChange).values({ ...c, detail: c.detail ?? {} });
}

export interface FeedChange {
  seq: number;
  kind: string;
  recordId: string | null;
  memberId: string | null;
  catalogCode: string | null;
  listCode: string | null;
  subjectType: string;
  subjectCode: string;
  subjectName: string;
  effectiveOn: string;
  detail: Record<string, unknown>;
  at: string;
}

/** Natural persons' ID numbers leave the platform masked (keep 4 + 4), like every outward path. */
const outward = (code: string, type: string) => (type === '自然人' ? maskRecord({ v: code }, { v: { keepStart: 4, keepEnd: 4 } }).v as string : code);

/** Changes after `cursor` (a seq; 0 = from the start), at most `limit`, and the cursor to continue from. */
export async function creditChangesSince(db: Db, cursor: number, limit: number): Promise<{ changes: FeedChange[]; next: number }> {
  const n = Math.max(1, Math.min(5000, Math.floor(limit)));
  const rows = await db.select().from(creditChange).where(gt(creditChange.seq, Math.max(0, Math.floor(cursor)))).orderBy(asc(creditChange.seq)).limit(n);
  const changes = rows.map((r) => ({ ...r, subjectCode: outward(r.subjectCode, r.subjectType), at: r.at.toISOString() }));
  return { changes, next: rows.length ? rows[rows.length - 1]!.seq : Math.max(0, Math.floor(cursor)) };
}

export interface SignedFeed {
  type: 'credit-change-feed';
  version: 1;
  from: number;
  to: number;
  count: number;
  issuedAt: string;
  issuedBy: string | null;
  keyId: string;
  digest: string;
  publicKey: string;
  signature: string;
  changes: FeedChange[];
}

const payload = (f: Omit<SignedFeed, 'signature' | 'publicKey' | 'changes'>) => Buffer.from(canonicalize({ type: f.type, version: f.version, from: f.from, to: f.to, count: f.count, issuedAt: f.issuedAt, issuedBy: f.issuedBy, keyId: f.keyId, digest: f.digest })!, 'utf8');

/** The changes after `from` up to `to` (inclusive; default: the newest), signed with the audit signing key (Ed25519). */
export async function signedFeed(db: Db, input: { from: number; to?: number; issuedBy: string | null; key?: SigningKey | null; now?: Date }): Promise<SignedFeed> {
  const key = input.key === undefined ? loadSigningKey() : input.key;
  if (!key) throw new DomainError('CONFLICT', 'auditChain.errors.noSigningKey');
  const from = Math.max(0, Math.floor(input.from));
  const where = input.to !== undefined ? and(gt(creditChange.seq, from), lte(creditChange.seq, input.to)) : gt(creditChange.seq, from);
  const rows = await db.select().from(creditChange).where(where).orderBy(asc(creditChange.seq)).limit(50_000);
  const changes = rows.map((r) => ({ ...r, subjectCode: outward(r.subjectCode, r.subjectType), at: r.at.toISOString() }));
  const digest = createHash('sha256').update(canonicalize(changes)!, 'utf8').digest('hex');
  const body = { type: 'credit-change-feed' as const, version: 1 as const, from, to: changes.length ? changes[changes.length - 1]!.seq : from, count: changes.length, issuedAt: (input.now ?? new Date()).toISOString(), issuedBy: input.issuedBy, keyId: key.keyId, digest };
  return { ...body, publicKey: key.publicKeyPem, signature: sign(null, payload(body), key.privateKey).toString('base64'), changes };
}

/** Checks a signed feed file: the digest of its changes and the signature (against a trusted public key when given). */
export function verifyFeed(f: SignedFeed, trustedPublicKeyPem?: string): boolean {
  const digest = createHash('sha256').update(canonicalize(f.changes)!, 'utf8').digest('hex');
  if (digest !== f.digest) return false;
  const { signature, publicKey, changes: _c, ...body } = f;
  return verify(null, payload(body), createPublicKey(trustedPublicKeyPem ?? publicKey), Buffer.from(signature, 'base64'));
}

export const FEED_COLUMNS = ['seq', 'kind', 'effective_on', 'subject_type', 'subject_code', 'subject_name', 'catalog_code', 'record_id', 'list_code', 'member_id', 'detail', 'at'] as const;

export function feedCells(f: SignedFeed): (string | number | null)[][] {
  return f.changes.map((c) => [c.seq, c.kind, c.effectiveOn, c.subjectType, c.subjectCode, c.subjectName, c.catalogCode, c.recordId, c.listCode, c.memberId, JSON.stringify(c.detail), c.at]);
}
