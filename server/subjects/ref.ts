/**
 * An opaque handle for a subject whose code a viewer may not see (a natural person's ID number
 * masked in grading results): the page gets `ref` instead of the number and sends it back to ask
 * for that subject's explanation. AES-256-GCM under a key kept in system_setting (created on first
 * use, like the auth secret), bound to its context (the run) so a ref from one run opens nothing
 * in another. Deterministic (the IV is derived from the plaintext), so a row keeps its ref.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db';
import { systemSetting } from '../db/schema';

const SETTING = 'subject-ref.key';
const cache = new WeakMap<object, Promise<Buffer>>();

async function loadKey(db: Db): Promise<Buffer> {
  await db.insert(systemSetting).values({ key: SETTING, value: randomBytes(32).toString('hex') }).onConflictDoNothing();
  const [row] = rowsOf<{ value: unknown }>(await db.execute(sql`select value from system_setting where key = ${SETTING}`));
  if (typeof row?.value !== 'string' || !/^[0-9a-f]{64}$/.test(row.value)) throw new Error('subject-ref.key is missing');
  return Buffer.from(row.value, 'hex');
}

function keyOf(db: Db): Promise<Buffer> {
  let k = cache.get(db as object);
  if (!k) {
    k = loadKey(db);
    k.catch(() => cache.delete(db as object));
    cache.set(db as object, k);
  }
  return k;
}

export interface SubjectRefs {
  seal(code: string): string;
  open(ref: string): string | null;
}

export async function subjectRefs(db: Db, context: string): Promise<SubjectRefs> {
  const key = await keyOf(db);
  return {
    seal(code) {
      const iv = createHmac('sha256', key).update(`${context}\u0000${code}`).digest().subarray(0, 12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(Buffer.from(context));
      const body = Buffer.concat([c.update(code, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url');
    },
    open(ref) {
      const raw = Buffer.from(ref, 'base64url');
      if (raw.length < 29 || raw.length > 200) return null;
      try {
        const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        d.setAAD(Buffer.from(context));
        d.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}
