/**
 * The one inbox (server/inbox): objections waiting for the answering department's fillers (and the
 * office's editors), answers waiting for an approver's review, and repair applications waiting
 * for an approver in the built-in step. With a
 * bound flow the flow's own tasks show instead (the flow-task source), described by the lines below.
 */
import { and, eq, inArray, isNull, ne, or, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import type { Viewer } from '../auth/viewer';
import { objection, repairApplication } from '../db/schema';
import { registerInboxSource, type InboxGroup, type InboxItem } from '../inbox/registry';
import { registerDescriber } from '../inbox/describe';
import { hasAnyRole } from '../auth/viewer';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

registerDescriber('objection', async (db, ids) => {
  const rows = await db.select({ id: objection.id, trackingNo: objection.trackingNo, subjectName: objection.subjectName }).from(objection).where(inArray(objection.id, ids));
  return new Map(rows.map((r) => [r.id, { title: { 'zh-CN': `${r.subjectName} · 异议`, en: `${r.subjectName} · objection` }, code: r.trackingNo, href: `/objections/${r.id}` }]));
});

registerDescriber('repair-application', async (db, ids) => {
  const rows = await db.select({ id: repairApplication.id, no: repairApplication.applicationNo, subjectName: repairApplication.subjectName }).from(repairApplication).where(inArray(repairApplication.id, ids));
  return new Map(rows.map((r) => [r.id, { title: { 'zh-CN': `${r.subjectName} · 信用修复`, en: `${r.subjectName} · credit repair` }, code: r.no, href: `/repairs/${r.id}` }]));
});

/**
 * Objections in one state that this viewer did not file (four eyes), as inbox items of `kind`:
 * open ones for the answering department (which answers whether or not a flow is bound), answered
 * ones for an approver's review (only those without a flow: a bound flow's tasks are its review).
 */
async function objectionItems(db: Db, viewer: Viewer, today: string, q: { kind: string; group: InboxGroup; state: 'open' | 'answered'; where?: SQL; what: { 'zh-CN': string; en: string } }) {
  const rows = await db
    .select()
    .from(objection)
    .where(and(eq(objection.state, q.state), q.state === 'answered' ? isNull(objection.flowInstanceId) : undefined, q.where, or(isNull(objection.filedBy), ne(objection.filedBy, viewer.id))))
    .limit(200);
  return rows.map(
    (o): InboxItem => ({
      key: `${q.kind}:${o.id}`,
      kind: q.kind,
      group: q.group,
      title: { 'zh-CN': `${o.subjectName} · ${q.what['zh-CN']}`, en: `${o.subjectName} · ${q.what.en}` },
      code: o.trackingNo,
      href: `/objections/${o.id}`,
      from: null,
      since: iso(q.state === 'open' ? o.filedAt : o.answeredAt),
      dueDate: o.answerDue,
      overdue: o.answerDue < today,
    }),
  );
}

registerInboxSource({
  kind: 'objection',
  roles: ['filler', 'editor'],
  items: (db, viewer, today) =>
    objectionItems(db, viewer, today, {
      kind: 'objection',
      group: 'deadline',
      state: 'open',
      where: hasAnyRole(viewer, ['editor']) ? undefined : eq(objection.departmentId, viewer.departmentId ?? '00000000-0000-0000-0000-000000000000'),
      what: { 'zh-CN': '异议', en: 'objection' },
    }),
});

registerInboxSource({
  kind: 'objection-review',
  roles: ['approver'],
  // Whoever answered does not review their own answer.
  items: (db, viewer, today) => objectionItems(db, viewer, today, { kind: 'objection-review', group: 'decide', state: 'answered', where: ne(objection.answeredBy, viewer.id), what: { 'zh-CN': '异议答复', en: 'objection answer' } }),
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
    return rows.map((a): InboxItem => ({ key: `repair:${a.id}`, kind: 'repair', group: 'decide', title: { 'zh-CN': `${a.subjectName} · 信用修复`, en: `${a.subjectName} · credit repair` }, code: a.applicationNo, href: `/repairs/${a.id}`, from: null, since: iso(a.filedAt), dueDate: a.decideDue, overdue: a.decideDue < today }));
  },
});
