/**
 * Who may see an instance: the office roles that read every flow, its initiator, anyone who held
 * a task of it or was sent a notice (CC, urge). Everyone else gets the answer a missing instance
 * gets — the instance view and every action on an instance ask this one rule, so nothing tells
 * "exists, but not yours" from "does not exist".
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { flowNotification, flowTask } from '../db/schema';

const READ_ALL_ROLES = ['admin', 'editor', 'approver', 'auditor'];

export async function mayViewInstance(db: Db, who: { id: string | null; roles: readonly string[] }, instance: { id: string; initiatorId: string }): Promise<boolean> {
  if (who.roles.some((r) => READ_ALL_ROLES.includes(r))) return true;
  if (!who.id) return false;
  if (instance.initiatorId === who.id) return true;
  const [t] = await db.select({ id: flowTask.id }).from(flowTask).where(and(eq(flowTask.instanceId, instance.id), eq(flowTask.assigneeId, who.id))).limit(1);
  if (t) return true;
  const [n] = await db.select({ id: flowNotification.id }).from(flowNotification).where(and(eq(flowNotification.instanceId, instance.id), eq(flowNotification.userId, who.id))).limit(1);
  return Boolean(n);
}
