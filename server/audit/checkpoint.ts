/**
 * Signed checkpoints: the chain's anchor outside the database (issue 11).
 *
 * A chain alone cannot show that rows were cut from its end and its head rewound: what remains
 * still links up. An auditor therefore downloads, from time to time, a checkpoint — the chain's
 * head (seq and hash) at that moment, signed with Ed25519 — and keeps the file. Later, `npm run
 * audit:verify -- --checkpoint FILE` (or the audit page) fails when the chain no longer holds that
 * row with that hash, or is shorter.
 *
 * The signing key is not in the database: `AUDIT_SIGNING_KEY` (PEM, PKCS#8 Ed25519) or
 * `AUDIT_SIGNING_KEY_FILE`; in demo mode without either, a key generated once into
 * `.data/audit-signing-key.pem`. Whoever controls the database can neither forge a checkpoint nor
 * change one an auditor holds. The file carries its public key and the key's fingerprint
 * (`keyId`); auditors keep the public key (`--public-key FILE`) so a checkpoint made with another
 * key is refused, not just re-signed.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import canonicalize from 'canonicalize';
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { isDemoMode } from '../db';
import { auditHead, auditLog } from '../db/schema';
import { DomainError } from '../errors';
import { appendAudit, type Actor } from './append';
import { chainPending, chainStatus } from './chain';
import { verifyAndRecord } from './verify';

export interface Checkpoint {
  type: 'audit-checkpoint';
  version: 1;
  /** The chain's end when the checkpoint was made. */
  seq: number;
  hash: string;
  /** When the row at `seq` was written. */
  chainAt: string | null;
  issuedAt: string;
  /** Username of the auditor who made it. */
  issuedBy: string | null;
  /** sha256 (hex) of the public key (SPKI DER). */
  keyId: string;
  /** The public key, SPKI PEM. */
  publicKey: string;
  /** Ed25519 signature (base64) over the RFC 8785 JSON of every field above except publicKey. */
  signature: string;
}

export interface SigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  keyId: string;
}

const HASH_RE = /^[0-9a-f]{64}$/;

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

export function signingKeyFromPem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the audit signing key must be an Ed25519 private key (openssl genpkey -algorithm ed25519)');
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: keyIdOf(publicKey) };
}

/** A new Ed25519 private key, PKCS#8 PEM. */
export function newSigningKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

const g = globalThis as unknown as { __auditSigningKey?: SigningKey };

/**
 * The instance's signing key (see the header). Null when none is configured outside demo mode:
 * checkpoints are then refused with a message naming the setting.
 */
export function loadSigningKey(env: NodeJS.ProcessEnv = process.env): SigningKey | null {
  if (g.__auditSigningKey) return g.__auditSigningKey;
  let pem = env.AUDIT_SIGNING_KEY?.trim() || null;
  if (!pem && env.AUDIT_SIGNING_KEY_FILE) pem = fs.readFileSync(env.AUDIT_SIGNING_KEY_FILE, 'utf8');
  if (!pem && isDemoMode(env)) {
    const file = path.join(process.cwd(), '.data', 'audit-signing-key.pem');
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      try {
        fs.writeFileSync(file, newSigningKeyPem(), { mode: 0o600, flag: 'wx' });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    pem = fs.readFileSync(file, 'utf8');
  }
  if (!pem) return null;
  g.__auditSigningKey = signingKeyFromPem(pem);
  return g.__auditSigningKey;
}

function signedPayload(c: Omit<Checkpoint, 'signature' | 'publicKey'>): Buffer {
  const text = canonicalize({ type: c.type, version: c.version, seq: c.seq, hash: c.hash, chainAt: c.chainAt, issuedAt: c.issuedAt, issuedBy: c.issuedBy, keyId: c.keyId });
  return Buffer.from(text!, 'utf8');
}

/** Signs the chain's current end (after chaining what is waiting). */
export async function makeCheckpoint(db: Db, key: SigningKey, issuedBy: string | null, now = new Date()): Promise<Checkpoint> {
  await chainPending(db, { wait: true });
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
  if (!head) throw new Error('audit_head row is missing: migrations were not applied');
  const [row] = head.seq > 0 ? await db.select({ at: auditLog.at }).from(auditLog).where(eq(auditLog.seq, head.seq)) : [];
  const body = {
    type: 'audit-checkpoint' as const,
    version: 1 as const,
    seq: head.seq,
    hash: head.hash,
    chainAt: row ? row.at.toISOString() : null,
    issuedAt: now.toISOString(),
    issuedBy,
    keyId: key.keyId,
  };
  const signature = sign(null, signedPayload(body), key.privateKey).toString('base64');
  return { ...body, publicKey: key.publicKeyPem, signature };
}

/**
 * What the auditor downloads: the checkpoint is audited first (`audit.checkpoint`), so it
 * covers its own audit row.
 */
export async function issueCheckpoint(db: Db, actor: Actor, opts: { key?: SigningKey | null; now?: Date } = {}): Promise<Checkpoint> {
  const key = opts.key === undefined ? loadSigningKey() : opts.key;
  if (!key) throw new DomainError('CONFLICT', 'auditChain.errors.noSigningKey');
  await appendAudit(db, actor, { action: 'audit.checkpoint', objectType: 'audit_log', after: { keyId: key.keyId } });
  return makeCheckpoint(db, key, actor.name, opts.now);
}

export type CheckpointCheck = { ok: true; checkpoint: Checkpoint } | { ok: false; reason: string };

/**
 * Reads a checkpoint file and checks its signature (and, when the auditor gives the public key
 * they keep, that it was made with that key). Says what is wrong in one sentence.
 */
export function readCheckpoint(text: string, trustedPublicKeyPem?: string | null): CheckpointCheck {
  let o: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, reason: 'the checkpoint is not a JSON object' };
    o = parsed as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'the checkpoint is not valid JSON' };
  }
  if (o.type !== 'audit-checkpoint' || o.version !== 1) return { ok: false, reason: 'not an audit checkpoint (type audit-checkpoint, version 1)' };
  if (typeof o.seq !== 'number' || !Number.isSafeInteger(o.seq) || o.seq < 0) return { ok: false, reason: 'the checkpoint has no valid seq' };
  if (typeof o.hash !== 'string' || !HASH_RE.test(o.hash)) return { ok: false, reason: 'the checkpoint has no valid hash' };
  if (o.chainAt !== null && typeof o.chainAt !== 'string') return { ok: false, reason: 'the checkpoint has no valid chainAt' };
  if (typeof o.issuedAt !== 'string' || Number.isNaN(Date.parse(o.issuedAt))) return { ok: false, reason: 'the checkpoint has no valid issuedAt' };
  if (o.issuedBy !== null && typeof o.issuedBy !== 'string') return { ok: false, reason: 'the checkpoint has no valid issuedBy' };
  if (typeof o.keyId !== 'string' || !HASH_RE.test(o.keyId)) return { ok: false, reason: 'the checkpoint has no valid keyId' };
  if (typeof o.publicKey !== 'string' || typeof o.signature !== 'string') return { ok: false, reason: 'the checkpoint has no public key or signature' };
  const cp = o as unknown as Checkpoint;
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(cp.publicKey);
  } catch {
    return { ok: false, reason: 'the checkpoint public key cannot be read' };
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') return { ok: false, reason: 'the checkpoint key is not an Ed25519 key' };
  if (keyIdOf(publicKey) !== cp.keyId) return { ok: false, reason: 'the checkpoint keyId is not the fingerprint of its public key' };
  if (trustedPublicKeyPem) {
    let trusted: KeyObject;
    try {
      trusted = createPublicKey(trustedPublicKeyPem);
    } catch {
      return { ok: false, reason: 'the trusted public key cannot be read' };
    }
    if (keyIdOf(trusted) !== cp.keyId) return { ok: false, reason: `the checkpoint was signed with key ${cp.keyId.slice(0, 16)}…, not with the trusted key ${keyIdOf(trusted).slice(0, 16)}…` };
  }
  let good = false;
  try {
    good = verify(null, signedPayload(cp), publicKey, Buffer.from(cp.signature, 'base64'));
  } catch {
    good = false;
  }
  if (!good) return { ok: false, reason: 'the checkpoint signature does not match its content (the file was changed)' };
  return { ok: true, checkpoint: cp };
}

/** The file name a checkpoint is downloaded as. */
export function checkpointFilename(cp: Checkpoint): string {
  return `audit-checkpoint-${cp.seq}-${cp.issuedAt.slice(0, 19).replace(/[-:]/g, '')}Z.json`;
}

/** The audit page's header: the chain's sealed end, what waits for the chainer, the signing key. */
export async function auditChainOverview(db: Db) {
  const status = await chainStatus(db);
  let keyId: string | null = null;
  try {
    keyId = loadSigningKey()?.keyId ?? null;
  } catch {
    keyId = null; // a malformed key is reported when a checkpoint is requested
  }
  return { ...status, keyId };
}

/**
 * The page's verify button, optionally against a checkpoint file the auditor brought: a file that
 * is not a valid, intact checkpoint is refused with the reason; otherwise the chain is walked
 * against it (verifyAndRecord). `keyMatches` says whether it was signed with this installation's
 * current key.
 */
export async function verifyWithCheckpointText(db: Db, actor: Actor, text?: string) {
  let checkpoint: Checkpoint | undefined;
  if (text !== undefined) {
    const check = readCheckpoint(text);
    if (!check.ok) throw new DomainError('INVALID_INPUT', 'auditChain.errors.badCheckpoint', { reason: check.reason }, [{ path: 'checkpoint', key: 'auditChain.errors.badCheckpoint', params: { reason: check.reason } }]);
    checkpoint = check.checkpoint;
  }
  const result = await verifyAndRecord(db, actor, checkpoint);
  let current: string | null = null;
  try {
    current = loadSigningKey()?.keyId ?? null;
  } catch {
    current = null;
  }
  return { ...result, checkpoint: checkpoint ? { seq: checkpoint.seq, keyId: checkpoint.keyId, issuedAt: checkpoint.issuedAt, keyMatches: current === checkpoint.keyId } : null };
}
