/**
 * The one inbox (server/inbox): objections waiting for the answering department's fillers (and the
 * office's editors), answers waiting for an approver's review, and repair applications waiting
 * for an approver in the built-in step. With a
 * bound flow the flow's own tasks show instead (the flow-task source), described by the lines below.
 */
import { and, eq, inArray, isNull, ne, or } from 'drizzle-orm';
import { objection, repairApplication } from '../db/schema';
import { registerInboxSource, type InboxItem } from '../inbox/registry';
import { registerDescriber } from '../inbox/describe';
import { hasAnyRole } from '../auth/viewer';

const L = (s: string) => ({ 'zh-CN': s, en: s });
const iso = (d: Date | null) => (d ? d.toISOString() : null);

registerDescriber('objection', async (db, ids) => {
  const rows = await db.select({ id: objection.id, trackingNo: objection.trackingNo, subjectName: objection.subjectName }).from(objection).where(inArray(objection.id, ids));
  return new Map(rows.map((r) => [r.id, { title: { 'zh-CN': `${r.subjectName} · 异议`, en: `${r.subjectName} · objection` }, code: r.trackingNo, href: `/objections/${r.id}` }]));
});

registerDescriber('repair-application', async (db, ids) => {
  const rows = await db.select({ id: repairApplication.id, no: repairApplication.applicationNo, subjectName: repairApplication.subjectName }).from(repairApplication).where(inArray(repairApplication.id, ids));
  return new Map(rows.map((r) => [r.id, { title: { 'zh-CN': `${r.subjectName} · 信用修复`, en: `${r.subjectName} · credit repair` }, code: r.no, href: `/repairs/${r.id}` }]));
});

registerInboxSource({
  kind: 'objection',
  roles: ['filler', 'editor'],
  async items(db, viewer, today) {
    const scope = hasAnyRole(viewer, ['editor']) ? undefined : eq(objection.departmentId, viewer.departmentId ?? '00000000-0000-0000-0000-000000000000');
    const rows = await db
      .select()
      .from(objection)
      .where(and(eq(objection.state, 'open'), isNull(objection.flowInstanceId), scope, or(isNull(objection.filedBy), ne(objection.filedBy, viewer.id))))
      .limit(200);
    return rows.map((o): InboxItem => ({ key: `objection:${o.id}`, kind: 'objection', group: 'deadline', title: { 'zh-CN': `${o.subjectName} · 异议待答复`, en: `${o.subjectName} · objection to answer` }, code: o.trackingNo, href: `/objections/${o.id}`, from: null, since: iso(o.filedAt), dueDate: o.answerDue, overdue: o.answerDue < today }));
  },
});

registerInboxSource({
  kind: 'objection-review',
  roles: ['approver'],
  async items(db, viewer, today) {
    const rows = await db
      .select()
      .from(objection)
      .where(and(eq(objection.state, 'answered'), isNull(objection.flowInstanceId), ne(objection.answeredBy, viewer.id), or(isNull(objection.filedBy), ne(objection.filedBy, viewer.id))))
      .limit(200);
    return rows.map((o): InboxItem => ({ key: `objection-review:${o.id}`, kind: 'objection-review', group: 'decide', title: { 'zh-CN': `${o.subjectName} · 异议答复待审核`, en: `${o.subjectName} · objection answer to review` }, code: o.trackingNo, href: `/objections/${o.id}`, from: null, since: iso(o.answeredAt), dueDate: o.answerDue, overdue: o.answerDue < today }));
  },
});

registerInboxSource({
  kind: 'repair',
  roles: ['approver'],
  async items(db, viewer, today) {
    const rows = await db
      .select()
      .from(repairApplication)
      .where(and(eq(repairApplication.state, 'in_decision'), isNull(repairApplication.flowInstanceId), ne(repairApplication.filedBy, viewer.id)))
      .limit(200);
    return rows.map((a): InboxItem => ({ key: `repair:${a.id}`, kind: 'repair', group: 'decide', title: L(`${a.subjectName} · 信用修复`), code: a.applicationNo, href: `/repairs/${a.id}`, from: null, since: iso(a.filedAt), dueDate: a.decideDue, overdue: a.decideDue < today }));
  },
});
