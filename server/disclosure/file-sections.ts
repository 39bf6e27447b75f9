/**
 * Objections and credit repairs in the subject's credit file (issue 16's sections, issue 15's
 * processes): each with its state, shown to the office and to the department that handles it or
 * filed it — the same rule as their own pages.
 */
import { and, desc, eq, or, type SQL } from 'drizzle-orm';
import { objection, repairApplication } from '../db/schema';
import { hasAnyRole, type Viewer } from '../auth/viewer';
import { registerFileSection } from '../subjects/file';

const NO_DEPARTMENT = '00000000-0000-0000-0000-000000000000';

function visible(viewer: Viewer, t: typeof objection | typeof repairApplication): SQL | undefined {
  if (hasAnyRole(viewer, ['editor', 'approver', 'auditor', 'admin'])) return undefined;
  return or(eq(t.departmentId, viewer.departmentId ?? NO_DEPARTMENT), eq(t.filedBy, viewer.id));
}

registerFileSection({
  key: 'objections',
  async load(db, viewer, s) {
    const rows = await db.select().from(objection).where(and(eq(objection.subjectCode, s.code), visible(viewer, objection))).orderBy(desc(objection.filedAt)).limit(200);
    return rows.map((o) => ({ date: o.filedOn, title: o.trackingNo, detail: o.content.slice(0, 120), href: `/objections/${o.id}`, data: { state: o.state, outcome: o.outcome, answerDue: o.answerDue, targetType: o.targetType } }));
  },
});

registerFileSection({
  key: 'repairs',
  async load(db, viewer, s) {
    const rows = await db.select().from(repairApplication).where(and(eq(repairApplication.subjectCode, s.code), visible(viewer, repairApplication))).orderBy(desc(repairApplication.filedAt)).limit(200);
    return rows.map((a) => ({ date: a.filedOn, title: a.applicationNo, detail: a.obligationsStatement.slice(0, 120), href: `/repairs/${a.id}`, data: { state: a.state, decideDue: a.decideDue, targetType: a.targetType } }));
  },
});
