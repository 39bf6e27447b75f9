/**
 * The built-in inbox sources and subject describers: flow tasks, the built-in single decision
 * steps (records waiting for acceptance, register change requests, list cases in decision), and
 * deadlines (双公示 records past their publication date, list cases whose objection window has
 * run out). A built-in step shows only where no flow decides (a bound flow's tasks show instead),
 * and never to someone four eyes keep from deciding it.
 */
import { and, asc, count, eq, inArray, isNull, lt, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { changeRequest, entry, entryVersion, flowTask, listCase, record, user } from '../db/schema';
import type { Viewer } from '../auth/viewer';
import { listKinds } from '../registers/kinds';
import { titleOf } from '../../catalog/kind-definition';
import { getInbox } from '../flows/queries';
import { L, describeSubjects, refKey, registerDescriber, type Localized, type SubjectDescription } from './describe';
import { registerInboxSource, type InboxItem } from './registry';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

// ---------- describers ----------

/** Names of catalog items (code@version → name), one read. */
async function catalogNames(db: Db, pairs: { code: string; version: number }[]): Promise<Map<string, string>> {
  if (!pairs.length) return new Map();
  const codes = [...new Set(pairs.map((p) => p.code))];
  const rows = await db
    .select({ code: entry.code, version: entryVersion.version, content: entryVersion.content })
    .from(entryVersion)
    .innerJoin(entry, eq(entry.id, entryVersion.entryId))
    .where(and(eq(entry.kindCode, 'info-catalog'), inArray(entry.code, codes)));
  return new Map(rows.map((r) => [`${r.code}@${r.version}`, String((r.content as { name?: string }).name ?? r.code)]));
}

registerDescriber('record', async (db, ids) => {
  const rows = await db.select({ id: record.id, subjectName: record.subjectName, catalogCode: record.catalogCode, catalogVersion: record.catalogVersion }).from(record).where(inArray(record.id, ids));
  const names = await catalogNames(db, rows.map((r) => ({ code: r.catalogCode, version: r.catalogVersion })));
  const out = new Map<string, SubjectDescription>();
  for (const r of rows) {
    const item = names.get(`${r.catalogCode}@${r.catalogVersion}`) ?? r.catalogCode;
    out.set(r.id, { title: L(`${r.subjectName} · ${item}`), code: r.catalogCode, href: `/records/${r.id}` });
  }
  return out;
});

/** Where an entry is edited and read: the grading designer and the flow designer have their own pages. */
export function entryHref(kindCode: string, code: string): string {
  if (kindCode === 'grading-model') return `/grading/${encodeURIComponent(code)}`;
  if (kindCode === 'approval-flow') return `/flows/${encodeURIComponent(code)}`;
  return `/registers/${kindCode}/${encodeURIComponent(code)}`;
}

registerDescriber('change-request', async (db, ids) => {
  const rows = await db
    .select({ id: changeRequest.id, kindCode: changeRequest.kindCode, action: changeRequest.action, code: entry.code, version: entryVersion.version, content: entryVersion.content })
    .from(changeRequest)
    .innerJoin(entry, eq(entry.id, changeRequest.entryId))
    .innerJoin(entryVersion, eq(entryVersion.id, changeRequest.versionId))
    .where(inArray(changeRequest.id, ids));
  const kinds = new Map((await listKinds(db)).map((k) => [k.code, k]));
  const out = new Map<string, SubjectDescription>();
  for (const r of rows) {
    const kind = kinds.get(r.kindCode);
    const content = r.content as Record<string, unknown>;
    const title: Localized = kind ? { 'zh-CN': titleOf(kind, content, 'zh-CN') || r.code, en: titleOf(kind, content, 'en') || r.code } : L(r.code);
    const kindName = kind?.name ?? L(r.kindCode);
    out.set(r.id, {
      title: { 'zh-CN': `${kindName['zh-CN']} · ${title['zh-CN']}`, en: `${kindName.en} · ${title.en}` },
      code: `${r.code} v${r.version}`,
      href: entryHref(r.kindCode, r.code),
    });
  }
  return out;
});

registerDescriber('list-case', async (db, ids) => {
  const rows = await db.select({ id: listCase.id, caseNo: listCase.caseNo, subjectName: listCase.subjectName, listCode: listCase.listCode, listVersion: listCase.listVersion }).from(listCase).where(inArray(listCase.id, ids));
  const lists = rows.length
    ? await db
        .select({ code: entry.code, version: entryVersion.version, content: entryVersion.content })
        .from(entryVersion)
        .innerJoin(entry, eq(entry.id, entryVersion.entryId))
        .where(and(eq(entry.kindCode, 'credit-list'), inArray(entry.code, [...new Set(rows.map((r) => r.listCode))])))
    : [];
  const names = new Map(lists.map((l) => [`${l.code}@${l.version}`, String((l.content as { name?: string }).name ?? l.code)]));
  return new Map(rows.map((r) => [r.id, { title: L(`${r.subjectName} · ${names.get(`${r.listCode}@${r.listVersion}`) ?? r.listCode}`), code: r.caseNo, href: `/lists/cases/${r.id}` }]));
});

// ---------- sources ----------

registerInboxSource({
  kind: 'flow-task',
  roles: ['admin', 'editor', 'filler', 'approver'],
  async items(db, viewer) {
    const { tasks } = await getInbox(db, viewer);
    const described = await describeSubjects(db, tasks);
    return tasks.map((t): InboxItem => {
      const d = described.get(refKey(t.subjectType, t.subjectId));
      return {
        key: `task:${t.taskId}`,
        kind: t.kind === 'resubmit' ? 'flow-resubmit' : 'flow-task',
        group: 'decide',
        title: d?.title ?? L(t.subjectLabel),
        code: d?.code ?? null,
        step: t.step.label,
        href: `/flows/instances/${t.instanceId}`,
        from: t.initiatorName ?? null,
        since: iso(t.createdAt),
        dueDate: t.dueDate ?? null,
        overdue: t.overdue,
        taskId: t.taskId,
      };
    });
  },
  async count(db, viewer) {
    const [r] = await db.select({ n: count() }).from(flowTask).where(and(eq(flowTask.assigneeId, viewer.id), eq(flowTask.status, 'active'), ne(flowTask.kind, 'timer')));
    return Number(r?.n ?? 0);
  },
});

/** Submitted records no flow decides, that the viewer did not write. */
function pendingRecordsWhere(viewer: Viewer): SQL {
  return and(eq(record.status, 'submitted'), isNull(record.flowInstanceId), ne(record.createdBy, viewer.id), sql`not (${viewer.id}::uuid = any(${record.contributorIds}))`)!;
}

registerInboxSource({
  kind: 'record-acceptance',
  roles: ['approver'],
  async items(db, viewer, today) {
    const rows = await db
      .select({ id: record.id, dueDate: record.dueDate, updatedAt: record.updatedAt, submitter: user.name })
      .from(record)
      .leftJoin(user, eq(user.id, record.createdBy))
      .where(pendingRecordsWhere(viewer))
      .orderBy(asc(record.updatedAt))
      .limit(200);
    const described = await describeSubjects(db, rows.map((r) => ({ subjectType: 'record', subjectId: r.id })));
    return rows.map((r) => {
      const d = described.get(refKey('record', r.id));
      return { key: `record:${r.id}`, kind: 'record-acceptance', group: 'decide', title: d?.title ?? L(r.id), code: d?.code ?? null, href: `/records/${r.id}`, from: r.submitter, since: iso(r.updatedAt), dueDate: r.dueDate, overdue: Boolean(r.dueDate && r.dueDate < today) };
    });
  },
  async count(db, viewer) {
    const [r] = await db.select({ n: count() }).from(record).where(pendingRecordsWhere(viewer));
    return Number(r?.n ?? 0);
  },
});

function openRequestsWhere(viewer: Viewer): SQL {
  return and(eq(changeRequest.status, 'open'), isNull(changeRequest.flowInstanceId), ne(changeRequest.requestedBy, viewer.id))!;
}

registerInboxSource({
  kind: 'change-request',
  roles: ['approver'],
  async items(db, viewer) {
    const rows = await db
      .select({ id: changeRequest.id, action: changeRequest.action, requestedAt: changeRequest.requestedAt, effectiveDate: changeRequest.effectiveDate, requester: user.name })
      .from(changeRequest)
      .leftJoin(user, eq(user.id, changeRequest.requestedBy))
      .where(openRequestsWhere(viewer))
      .orderBy(asc(changeRequest.requestedAt))
      .limit(200);
    const described = await describeSubjects(db, rows.map((r) => ({ subjectType: 'change-request', subjectId: r.id })));
    return rows.map((r) => {
      const d = described.get(refKey('change-request', r.id));
      return { key: `cr:${r.id}`, kind: r.action === 'retire' ? 'change-retire' : 'change-request', group: 'decide', title: d?.title ?? L(r.id), code: d?.code ?? null, href: '/approvals', from: r.requester, since: iso(r.requestedAt), dueDate: null, overdue: false };
    });
  },
  async count(db, viewer) {
    const [r] = await db.select({ n: count() }).from(changeRequest).where(openRequestsWhere(viewer));
    return Number(r?.n ?? 0);
  },
});

function casesInDecisionWhere(viewer: Viewer): SQL {
  return and(eq(listCase.state, 'in_decision'), isNull(listCase.flowInstanceId), ne(listCase.proposedBy, viewer.id), or(isNull(listCase.decisionRequestedBy), ne(listCase.decisionRequestedBy, viewer.id))!)!;
}

registerInboxSource({
  kind: 'list-decision',
  roles: ['approver'],
  async items(db, viewer) {
    const rows = await db
      .select({ id: listCase.id, at: listCase.decisionRequestedAt, requester: user.name })
      .from(listCase)
      .leftJoin(user, eq(user.id, listCase.decisionRequestedBy))
      .where(casesInDecisionWhere(viewer))
      .orderBy(asc(listCase.decisionRequestedAt))
      .limit(200);
    const described = await describeSubjects(db, rows.map((r) => ({ subjectType: 'list-case', subjectId: r.id })));
    return rows.map((r) => {
      const d = described.get(refKey('list-case', r.id));
      return { key: `case:${r.id}`, kind: 'list-decision', group: 'decide', title: d?.title ?? L(r.id), code: d?.code ?? null, href: `/lists/cases/${r.id}`, from: r.requester, since: iso(r.at), dueDate: null, overdue: false };
    });
  },
  async count(db, viewer) {
    const [r] = await db.select({ n: count() }).from(listCase).where(casesInDecisionWhere(viewer));
    return Number(r?.n ?? 0);
  },
});

/** 双公示 records of the filler's department still unpublished after their due date. */
function overdueRecordsWhere(viewer: Viewer, today: string): SQL | null {
  if (!viewer.departmentId) return null;
  return and(eq(record.departmentId, viewer.departmentId), lt(record.dueDate, today), isNull(record.publishedAt), notInArray(record.status, ['accepted']))!;
}

registerInboxSource({
  kind: 'record-overdue',
  roles: ['filler'],
  async items(db, viewer, today) {
    const where = overdueRecordsWhere(viewer, today);
    if (!where) return [];
    const rows = await db.select({ id: record.id, dueDate: record.dueDate, status: record.status }).from(record).where(where).orderBy(asc(record.dueDate)).limit(200);
    const described = await describeSubjects(db, rows.map((r) => ({ subjectType: 'record', subjectId: r.id })));
    return rows.map((r) => {
      const d = described.get(refKey('record', r.id));
      return { key: `overdue:${r.id}`, kind: 'record-overdue', group: 'deadline', title: d?.title ?? L(r.id), code: d?.code ?? null, href: `/records/${r.id}`, since: null, dueDate: r.dueDate, overdue: true };
    });
  },
  async count(db, viewer, today) {
    const where = overdueRecordsWhere(viewer, today);
    if (!where) return 0;
    const [r] = await db.select({ n: count() }).from(record).where(where);
    return Number(r?.n ?? 0);
  },
});

/** Cases the viewer works on whose objection window has run out: ready to be submitted for decision. */
function windowEndedWhere(viewer: Viewer, today: string): SQL | null {
  const mine = viewer.roles.includes('filler') && viewer.departmentId ? eq(listCase.departmentId, viewer.departmentId) : viewer.roles.includes('editor') ? eq(listCase.proposedBy, viewer.id) : null;
  if (!mine) return null;
  return and(mine, inArray(listCase.state, ['notified', 'objection_answered']), lt(listCase.objectionDue, today))!;
}

registerInboxSource({
  kind: 'list-window-ended',
  roles: ['filler', 'editor'],
  async items(db, viewer, today) {
    const where = windowEndedWhere(viewer, today);
    if (!where) return [];
    const rows = await db.select({ id: listCase.id, due: listCase.objectionDue }).from(listCase).where(where).orderBy(asc(listCase.objectionDue)).limit(200);
    const described = await describeSubjects(db, rows.map((r) => ({ subjectType: 'list-case', subjectId: r.id })));
    return rows.map((r) => {
      const d = described.get(refKey('list-case', r.id));
      return { key: `window:${r.id}`, kind: 'list-window-ended', group: 'deadline', title: d?.title ?? L(r.id), code: d?.code ?? null, href: `/lists/cases/${r.id}`, since: null, dueDate: r.due, overdue: false };
    });
  },
  async count(db, viewer, today) {
    const where = windowEndedWhere(viewer, today);
    if (!where) return 0;
    const [r] = await db.select({ n: count() }).from(listCase).where(where);
    return Number(r?.n ?? 0);
  },
});

