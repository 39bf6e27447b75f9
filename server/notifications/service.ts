/**
 * Being told (通知): the outcome of something a user started — their register change approved or
 * returned, their record accepted or rejected, their list case decided, their flow returned to
 * them. `notifyOutcome` is called by each subject's decision effect, inside its transaction, so
 * the built-in step and a bound flow's end both tell the same people.
 */
import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import { rowsOf } from '../db';
import { sql } from 'drizzle-orm';
import { notification, user } from '../db/schema';
import type { Viewer } from '../auth/viewer';
import { describeSubjects, refKey } from '../inbox/describe';
import { enabledChannels, type NotificationChannel } from './channels';

export interface OutcomeNotice {
  userIds: (string | null | undefined)[];
  subjectType: string;
  subjectId: string;
  outcome: string;
  /** The decider: nobody is told of their own decision. */
  actor: { id: string | null; name: string | null };
  comment?: string | null;
  detail?: Record<string, unknown>;
}

export async function notifyOutcome(tx: Db, n: OutcomeNotice): Promise<void> {
  const to = [...new Set(n.userIds.filter((u): u is string => Boolean(u) && u !== n.actor.id))];
  if (!to.length) return;
  let actorName = n.actor.name;
  if (n.actor.id) {
    const [a] = await tx.select({ name: user.name }).from(user).where(eq(user.id, n.actor.id));
    actorName = a?.name ?? actorName;
  }
  await tx.insert(notification).values(to.map((userId) => ({ userId, subjectType: n.subjectType, subjectId: n.subjectId, outcome: n.outcome, actorName, comment: n.comment ?? null, detail: n.detail ?? {} })));
}

export async function listNotifications(db: Db, viewer: Viewer, limit = 50) {
  const rows = await db.select().from(notification).where(eq(notification.userId, viewer.id)).orderBy(desc(notification.createdAt)).limit(limit);
  const described = await describeSubjects(db, rows);
  const [unread] = await db.select({ n: count() }).from(notification).where(and(eq(notification.userId, viewer.id), eq(notification.read, false)));
  return {
    unread: Number(unread?.n ?? 0),
    items: rows.map((r) => {
      const d = described.get(refKey(r.subjectType, r.subjectId));
      return { id: r.id, subjectType: r.subjectType, outcome: r.outcome, actorName: r.actorName, comment: r.comment, read: r.read, createdAt: r.createdAt, title: d?.title ?? null, code: d?.code ?? null, href: d?.href ?? null };
    }),
  };
}

export async function unreadCount(db: Db, viewer: Viewer): Promise<number> {
  const [r] = await db.select({ n: count() }).from(notification).where(and(eq(notification.userId, viewer.id), eq(notification.read, false)));
  return Number(r?.n ?? 0);
}

export async function markRead(db: Db, viewer: Viewer, ids?: string[]) {
  const mine = eq(notification.userId, viewer.id);
  await db
    .update(notification)
    .set({ read: true })
    .where(and(mine, eq(notification.read, false), ids?.length ? inArray(notification.id, ids) : undefined));
}

const OUTCOME_ZH: Record<string, string> = { approved: '已通过', rejected: '未通过', returned: '已退回', accepted: '已受理', listed: '已列入名单', withdrawn: '已撤回' };

/**
 * Sends undelivered notices through the switched-on channels (none by default: then nothing is
 * read). Rows are claimed with SKIP LOCKED and marked in the same transaction.
 */
export async function deliverNotifications(db: Db, channels: NotificationChannel[] = enabledChannels(), batch = 100): Promise<number> {
  if (!channels.length) return 0;
  return db.transaction(async (tx) => {
    const rows = rowsOf<{ id: string; user_id: string; subject_type: string; subject_id: string; outcome: string; comment: string | null }>(
      await tx.execute(sql`select id, user_id, subject_type, subject_id, outcome, comment from ${notification} where ${isNull(notification.deliveredAt)} order by created_at limit ${batch} for update skip locked`),
    );
    if (!rows.length) return 0;
    const people = await tx.select({ id: user.id, name: user.name, email: user.email }).from(user).where(inArray(user.id, [...new Set(rows.map((r) => r.user_id))]));
    const byId = new Map(people.map((p) => [p.id, p]));
    const described = await describeSubjects(tx, rows.map((r) => ({ subjectType: r.subject_type, subjectId: r.subject_id })));
    for (const r of rows) {
      const p = byId.get(r.user_id);
      const title = described.get(refKey(r.subject_type, r.subject_id))?.title['zh-CN'] ?? r.subject_id;
      const message = { to: { userId: r.user_id, name: p?.name ?? '', email: p?.email ?? null }, subject: `${title}：${OUTCOME_ZH[r.outcome] ?? r.outcome}`, body: r.comment ?? '' };
      for (const c of channels) await c.send(message);
    }
    await tx.update(notification).set({ deliveredAt: new Date() }).where(inArray(notification.id, rows.map((r) => r.id)));
    return rows.length;
  });
}
