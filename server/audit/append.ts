/**
 * Append one row to the audit chain. Call it inside the transaction of the change it records
 * (pass the transaction as `db`), so a change and its audit row commit or roll back together.
 *
 * Writers are serialised by `SELECT … FOR UPDATE` on the single audit_head row: two
 * concurrent appends can never read the same previous hash, so the chain never forks.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { auditHead, auditLog } from '../db/schema';
import { chainHash, normalizeJson, type AuditContent } from './hash';

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
}

export async function appendAudit(db: Db, actor: Actor, event: AuditEvent): Promise<{ seq: number; hash: string }> {
  return db.transaction(async (tx) => {
    const [head] = await tx.select().from(auditHead).where(eq(auditHead.id, 1)).for('update');
    if (!head) throw new Error('audit_head row is missing: migrations were not applied');
    const content: AuditContent = {
      seq: head.seq + 1,
      at: new Date().toISOString(),
      actorId: actor.id,
      actorName: actor.name,
      role: actor.roles.length ? [...actor.roles].sort().join(',') : null,
      department: actor.department,
      action: event.action,
      objectType: event.objectType ?? null,
      objectId: event.objectId ?? null,
      before: normalizeJson(event.before),
      after: normalizeJson(event.after),
      reason: event.reason ?? null,
    };
    const hash = chainHash(head.hash, content);
    await tx.insert(auditLog).values({ ...content, at: new Date(content.at), prevHash: head.hash, hash });
    await tx.update(auditHead).set({ seq: content.seq, hash }).where(eq(auditHead.id, 1));
    return { seq: content.seq, hash };
  });
}
