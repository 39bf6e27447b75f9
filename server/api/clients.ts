/**
 * API clients (issue 17): department business systems registered by an admin. A client has a name,
 * its department, the operations it may call, and one key, shown once when it is made or rotated;
 * only the key's SHA-256 is kept. Rotation replaces the key (the old one stops at once), revocation
 * ends the client for good. Each client acts as its own service user (no password, no roles: it
 * cannot sign in), so what it submits, looks up or reports is attributed to it in records, the
 * query log, idempotency keys and the audit chain. Every change here writes one audit row.
 *
 * `authenticateKey` answers from a per-instance cache for a few seconds (API_KEY_CACHE_MS, default
 * 5000): a revocation made on another instance takes effect there within that time.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { apiClient, department, user } from '../db/schema';
import { appendAudit, type Actor } from '../audit/append';
import { DomainError, type FieldError } from '../errors';
import type { Viewer } from '../auth/viewer';

export const API_OPERATIONS = ['credit-check', 'records-submit', 'feedback', 'feed'] as const;
export type ApiOperation = (typeof API_OPERATIONS)[number];

const KEY_FORMAT = /^ccg_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/;

function newKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomBytes(6).toString('hex');
  const key = `ccg_${prefix}_${randomBytes(24).toString('base64url')}`;
  return { key, prefix, hash: hashKey(key) };
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export interface ClientInput {
  name: string;
  departmentId: string;
  operations: string[];
}

function check(input: ClientInput): { name: string; operations: ApiOperation[] } {
  const errors: FieldError[] = [];
  const name = input.name.trim();
  if (!name) errors.push({ path: 'name', key: 'errors.required' });
  else if (name.length > 100) errors.push({ path: 'name', key: 'apiClients.errors.nameTooLong' });
  const operations = [...new Set(input.operations)].filter((o): o is ApiOperation => (API_OPERATIONS as readonly string[]).includes(o));
  if (!operations.length || operations.length !== new Set(input.operations).size) errors.push({ path: 'operations', key: 'apiClients.errors.operations' });
  if (errors.length) throw new DomainError('INVALID_INPUT', errors[0]!.key, {}, errors);
  return { name, operations };
}

async function liveDepartment(db: Db, id: string) {
  const [d] = await db.select().from(department).where(eq(department.id, id));
  if (!d || d.archived) throw new DomainError('INVALID_INPUT', 'errors.departmentNotFound', {}, [{ path: 'departmentId', key: 'errors.departmentNotFound' }]);
  return d;
}

/** Registers a client and returns its key — the only time the key is ever shown. */
export async function registerClient(db: Db, actor: Actor, input: ClientInput) {
  const { name, operations } = check(input);
  return db.transaction(async (tx) => {
    const d = await liveDepartment(tx, input.departmentId);
    const id = randomUUID();
    // The client's service user: it cannot sign in (no account row, disabled, no roles).
    const [svc] = await tx
      .insert(user)
      .values({ name: `API：${name}`, email: `api-client-${id}@api-clients.invalid`, departmentId: d.id, disabled: true })
      .returning({ id: user.id });
    const k = newKey();
    await tx.insert(apiClient).values({ id, name, departmentId: d.id, operations, keyPrefix: k.prefix, keyHash: k.hash, serviceUserId: svc!.id, createdBy: actor.id });
    await appendAudit(tx, actor, { action: 'api_client.create', objectType: 'api-client', objectId: id, after: { name, department: d.code, operations, keyPrefix: k.prefix } });
    return { id, key: k.key };
  });
}

async function liveClient(db: Db, id: string) {
  const [c] = await db.select().from(apiClient).where(eq(apiClient.id, id));
  if (!c) throw new DomainError('NOT_FOUND', 'apiClients.errors.notFound');
  if (c.revokedAt) throw new DomainError('CONFLICT', 'apiClients.errors.revoked');
  return c;
}

/**
 * A change to a client's key or operations, then the key cache emptied — after the commit: emptied
 * inside the transaction, a call arriving before the commit would cache the old key again for
 * API_KEY_CACHE_MS (a revoked key still accepted).
 */
async function afterCommitForgetKeys<T>(db: Db, change: (tx: Db) => Promise<T>): Promise<T> {
  const out = await db.transaction(change);
  forgetKeys();
  return out;
}

export async function updateClient(db: Db, actor: Actor, input: { id: string; name: string; operations: string[] }) {
  return afterCommitForgetKeys(db, async (tx) => {
    const c = await liveClient(tx, input.id);
    const { name, operations } = check({ ...input, departmentId: c.departmentId });
    await tx.update(apiClient).set({ name, operations }).where(eq(apiClient.id, c.id));
    await tx.update(user).set({ name: `API：${name}` }).where(eq(user.id, c.serviceUserId));
    await appendAudit(tx, actor, { action: 'api_client.update', objectType: 'api-client', objectId: c.id, before: { name: c.name, operations: c.operations }, after: { name, operations } });
    return { id: c.id };
  });
}

/** A new key for the client; the old one is refused from now on. */
export async function rotateKey(db: Db, actor: Actor, id: string) {
  return afterCommitForgetKeys(db, async (tx) => {
    const c = await liveClient(tx, id);
    const k = newKey();
    await tx.update(apiClient).set({ keyPrefix: k.prefix, keyHash: k.hash, rotatedAt: new Date() }).where(eq(apiClient.id, c.id));
    await appendAudit(tx, actor, { action: 'api_client.rotate', objectType: 'api-client', objectId: c.id, before: { keyPrefix: c.keyPrefix }, after: { keyPrefix: k.prefix } });
    return { id: c.id, key: k.key };
  });
}

export async function revokeClient(db: Db, actor: Actor, id: string, reason: string) {
  const why = reason.trim();
  if (!why) throw new DomainError('INVALID_INPUT', 'errors.required', {}, [{ path: 'reason', key: 'errors.required' }]);
  return afterCommitForgetKeys(db, async (tx) => {
    const c = await liveClient(tx, id);
    await tx.update(apiClient).set({ revokedAt: new Date(), revokedBy: actor.id }).where(eq(apiClient.id, c.id));
    await appendAudit(tx, actor, { action: 'api_client.revoke', objectType: 'api-client', objectId: c.id, before: { name: c.name, keyPrefix: c.keyPrefix }, reason: why });
    return { id: c.id };
  });
}

export async function listClients(db: Db) {
  const rows = await db
    .select({ c: apiClient, departmentZh: department.nameZh, departmentEn: department.nameEn })
    .from(apiClient)
    .innerJoin(department, eq(department.id, apiClient.departmentId))
    .orderBy(asc(apiClient.revokedAt), asc(apiClient.name));
  return rows.map(({ c, departmentZh, departmentEn }) => ({
    id: c.id,
    name: c.name,
    department: { 'zh-CN': departmentZh, en: departmentEn },
    operations: c.operations,
    keyPrefix: c.keyPrefix,
    createdAt: c.createdAt,
    rotatedAt: c.rotatedAt,
    revokedAt: c.revokedAt,
  }));
}

// ---------- authentication ----------

export interface ApiCaller {
  clientId: string;
  clientName: string;
  operations: ApiOperation[];
  viewer: Viewer;
  actor: Actor;
}

export type KeyCheck = { ok: true; caller: ApiCaller } | { ok: false; reason: 'missing' | 'unknown' } | { ok: false; reason: 'revoked'; clientId: string; actor: Actor };

const keyCache = new Map<string, { until: number; result: Promise<KeyCheck> }>();

function forgetKeys() {
  keyCache.clear();
}

async function lookupKey(db: Db, key: string): Promise<KeyCheck> {
  const m = KEY_FORMAT.exec(key);
  if (!m) return { ok: false, reason: 'unknown' };
  const [row] = await db
    .select({ c: apiClient, d: department })
    .from(apiClient)
    .innerJoin(department, eq(department.id, apiClient.departmentId))
    .where(eq(apiClient.keyPrefix, m[1]!));
  if (!row) return { ok: false, reason: 'unknown' };
  const a = Buffer.from(row.c.keyHash, 'hex');
  const b = Buffer.from(hashKey(key), 'hex');
  if (a.length !== b.length || !timingSafeEqual(a, b)) return { ok: false, reason: 'unknown' };
  const { c, d } = row;
  const actor: Actor = { id: c.serviceUserId, name: `api:${c.name}`, roles: ['api-client'], department: d.code };
  if (c.revokedAt) return { ok: false, reason: 'revoked', clientId: c.id, actor };
  const viewer: Viewer = {
    id: c.serviceUserId,
    username: `api:${c.name}`,
    name: c.name,
    departmentId: d.id,
    departmentCode: d.code,
    departmentNameZh: d.nameZh,
    departmentNameEn: d.nameEn,
    // What the client does for its department is what a filler of it does through the form.
    roles: ['filler'],
    disabled: false,
  };
  return {
    ok: true,
    caller: { clientId: c.id, clientName: c.name, operations: c.operations as ApiOperation[], viewer, actor },
  };
}

/** The client a key belongs to, or why it is refused. */
export function authenticateKey(db: Db, key: string | null): Promise<KeyCheck> {
  if (!key) return Promise.resolve({ ok: false, reason: 'missing' });
  const h = hashKey(key);
  const now = Date.now();
  const hit = keyCache.get(h);
  if (hit && hit.until > now) return hit.result;
  if (keyCache.size > 10_000) keyCache.clear();
  const result = lookupKey(db, key);
  keyCache.set(h, { until: now + Number(process.env.API_KEY_CACHE_MS ?? 5000), result });
  result.catch(() => keyCache.delete(h));
  return result;
}

