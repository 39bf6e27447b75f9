/**
 * The subject's credit file (信用档案, issue 16): everything the platform knows about one subject,
 * by catalog item and date, scoped and masked by role. It is built from SECTIONS, a list of
 * loaders; each returns its entries (with a date, for the timeline) and the page shows them per
 * section or merged on one timeline.
 *
 * SEAM for other processes: a process that keeps something about a subject (objections and
 * repairs of issue 15, …) adds one `FileSection` with `registerFileSection({ key, roles?, load })`
 * from its own module (imported by server/subject-adapters.ts) — the page, the timeline, the
 * credit report (purpose rules in reports/service.ts) and the benchmark pick it up without change.
 * Give the section's title under `subjectFile.sections.<key>` in messages/*.json.
 *
 * Opening a file is a lookup: it writes the query log (purpose) and one audit row.
 */
import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { rowsOf } from '../db';
import { creditReport, listCase, queryLog, record, recordDisclosure } from '../db/schema';
import { insertAudited, type Actor } from '../audit/append';
import { randomUUID } from 'node:crypto';
import { DomainError } from '../errors';
import { hasAnyRole, type Viewer } from '../auth/viewer';
import type { Role } from '../auth/roles';
import { getPinnedVersion, mayUnmask, personalRules } from '../records/service';
import { maskRecord } from '../../forms/masking';
import { normalizeCode } from '../../forms/formats/normalize';
import { gradesOf } from '../grading/lookup';
import { explainNames, resolveMeasures } from '../grading/results';
import { inForceVersions } from '../grading/models';
import { membershipsOf } from '../lists/members';
import { commitmentsOf } from '../commitments/service';
import { subjectMaster } from './master';
import { maskedSubject, maskSubjectCodeIn } from './mask';
import { subjectRefs } from './ref';
import { todayCN } from '../registers/dates';
import { now as clockNow } from '../flows/clock';
import { evaluateSubject } from '../../catalog/grading/score';
import type { GradingModelContent } from '../../catalog/grading/types';

export interface FileEntry {
  /** The day the fact happened (for the timeline), or null. */
  date: string | null;
  /** What it is, in the office's words (catalog item name, list name, model name …). */
  title: string;
  /** One line of detail. */
  detail: string;
  /** A page to open it, when there is one the viewer may open. */
  href: string | null;
  /** Free data the section's own view renders. */
  data?: Record<string, unknown>;
}

export interface FileSection {
  key: string;
  /** Roles that see the section (default: everyone who may open the file). */
  roles?: readonly Role[];
  load(db: Db, viewer: Viewer, subject: { code: string; type: string }): Promise<FileEntry[]>;
}

export const FILE_ROLES: readonly Role[] = ['filler', 'editor', 'approver', 'auditor', 'admin'];
const MAX_RECORDS = 1000;

const SECTIONS: FileSection[] = [];

export function registerFileSection(s: FileSection) {
  const at = SECTIONS.findIndex((x) => x.key === s.key);
  if (at >= 0) SECTIONS[at] = s;
  else SECTIONS.push(s);
}

export function fileSections(): readonly FileSection[] {
  return SECTIONS;
}

// ---------- the sections ----------

registerFileSection({
  key: 'records',
  async load(db, viewer, s) {
    // Accepted records for everyone; records still in review only for their department and the office.
    const office = hasAnyRole(viewer, ['editor', 'approver', 'auditor', 'admin']);
    const rows = await db
      .select()
      .from(record)
      .where(and(eq(record.subjectCode, s.code), office ? inArray(record.status, ['accepted', 'submitted']) : or(eq(record.status, 'accepted'), and(eq(record.status, 'submitted'), eq(record.departmentId, viewer.departmentId ?? '00000000-0000-0000-0000-000000000000')))))
      .orderBy(desc(record.decisionDate), desc(record.createdAt))
      .limit(MAX_RECORDS);
    const pinned = new Map<string, Promise<Awaited<ReturnType<typeof getPinnedVersion>>>>();
    // 公示截止日 and 可申请修复日 of accepted records (issue 15's disclosure rules).
    const disclosure = new Map(
      rows.length ? (await db.select({ id: recordDisclosure.recordId, publicUntil: recordDisclosure.publicUntil, repairableFrom: recordDisclosure.repairableFrom, severity: recordDisclosure.severity, endedOn: recordDisclosure.endedOn }).from(recordDisclosure).where(inArray(recordDisclosure.recordId, rows.map((r) => r.id)))).map((d) => [d.id, d]) : [],
    );
    const out: FileEntry[] = [];
    for (const r of rows) {
      const key = `${r.catalogCode}@${r.catalogVersion}`;
      if (!pinned.has(key)) pinned.set(key, getPinnedVersion(db, r.catalogCode, r.catalogVersion));
      const item = await pinned.get(key)!;
      const masked = !mayUnmask(viewer, r);
      out.push({
        date: r.decisionDate ?? todayCN(r.createdAt),
        title: item.content.name,
        detail: '',
        href: `/records/${r.id}`,
        data: { id: r.id, catalogCode: r.catalogCode, status: r.status, revision: r.revision, dueDate: r.dueDate, publicUntil: disclosure.get(r.id)?.publicUntil ?? null, repairableFrom: disclosure.get(r.id)?.repairableFrom ?? null, severity: disclosure.get(r.id)?.severity ?? null, masked, data: masked ? maskSubjectCodeIn(maskRecord(r.data, personalRules(item.content.dataItems)), r.subjectType, r.subjectCode) : r.data },
      });
    }
    return out;
  },
});

registerFileSection({
  key: 'commitments',
  async load(db, viewer, s) {
    return (await commitmentsOf(db, viewer, s.code)).map((c) => ({
      date: c.signedOn,
      title: c.matterName,
      detail: c.commitmentNo,
      href: `/commitments/${c.id}`,
      data: { state: c.state, commitmentType: c.commitmentType, supplyDue: c.supplyDue, checkOutcome: c.checkOutcome, checkedOn: c.checkedOn },
    }));
  },
});

registerFileSection({
  key: 'lists',
  async load(db, _viewer, s) {
    const day = todayCN(await clockNow(db));
    return ((await membershipsOf(db, [s.code], day)).get(s.code) ?? []).map((m) => ({
      date: m.listedOn,
      title: m.listName,
      detail: m.decisionNumber ?? '',
      // A natural person's ID number never goes into an address: their memberships open from the list.
      href: s.type === '自然人' ? '/lists/members' : `/lists/members?q=${encodeURIComponent(m.subjectCode)}`,
      data: { validTo: (m as { validTo?: string | null }).validTo ?? null, measures: (m as { measures?: unknown[] }).measures ?? [], nature: m.nature },
    }));
  },
});

registerFileSection({
  key: 'grades',
  async load(db, _viewer, s) {
    const names = await explainNames(db);
    const measureCache = new Map([...(await inForceVersions(db, 'sanction-measure')).entries()].map(([code, v]) => [code, { title: String((v.content as { text?: string }).text ?? code), legalBasis: ((v.content as { legalBasis?: unknown[] }).legalBasis ?? []) as unknown[] }]));
    const graded = await gradesOf(db, s.code, names, measureCache as Parameters<typeof resolveMeasures>[2]);
    const out: FileEntry[] = graded.map((g) => ({
      date: g.period.end,
      title: g.modelName,
      detail: `${g.grade}${g.gradeLabel ? `（${(g.gradeLabel as { 'zh-CN': string })['zh-CN']}）` : ''} · ${g.score}`,
      href: `/grading/${encodeURIComponent(g.modelCode)}/results`,
      data: { grade: g.grade, score: g.score, industry: g.industry, vetoedBy: g.vetoedBy, explanation: g.explanation, measures: g.measures, startGrade: false },
    }));
    // A subject without facts in a model's current run gets the model's start grade instead of none.
    const seen = new Set(graded.map((g) => g.modelCode));
    const rows = rowsOf<{ model_code: string; content: GradingModelContent; period_start: string; period_end: string }>(await db.execute(sql`select model_code, content, period_start, period_end from evaluation_run where is_current and not what_if`));
    for (const run of rows) {
      if (seen.has(run.model_code)) continue;
      const content = run.content;
      if (content.definition.subjectTypes?.length && !content.definition.subjectTypes.includes(s.type)) continue;
      const period = { start: String(run.period_start).slice(0, 10), end: String(run.period_end).slice(0, 10) };
      const e = evaluateSubject(content.definition, period, [], []);
      const band = content.definition.bands.find((b) => b.grade === e.grade);
      out.push({ date: period.end, title: content.name, detail: `${e.grade}${band ? `（${band.label['zh-CN']}）` : ''} · ${e.score}`, href: `/grading/${encodeURIComponent(run.model_code)}/results`, data: { grade: e.grade, score: e.score, industry: content.industry, startGrade: true, explanation: [], measures: null } });
    }
    return out;
  },
});

registerFileSection({
  key: 'processes',
  async load(db, viewer, s) {
    const office = hasAnyRole(viewer, ['editor', 'approver', 'auditor', 'admin']);
    const rows = await db
      .select()
      .from(listCase)
      .where(and(eq(listCase.subjectCode, s.code), office ? undefined : eq(listCase.departmentId, viewer.departmentId ?? '00000000-0000-0000-0000-000000000000')))
      .orderBy(desc(listCase.proposedAt))
      .limit(200);
    return rows.map((c) => ({ date: todayCN(c.proposedAt), title: c.caseNo, detail: c.reason, href: `/lists/cases/${c.id}`, data: { state: c.state, listCode: c.listCode } }));
  },
});

registerFileSection({
  key: 'reports',
  async load(db, _viewer, s) {
    const rows = await db.select().from(creditReport).where(eq(creditReport.subjectCode, s.code)).orderBy(desc(creditReport.issuedAt)).limit(100);
    return rows.map((r) => ({ date: todayCN(r.issuedAt), title: r.reportNo, detail: r.purpose, href: `/api/reports/${r.id}`, data: { purpose: r.purpose, requester: r.requester } }));
  },
});

registerFileSection({
  key: 'lookups',
  roles: ['editor', 'auditor', 'admin'],
  async load(db, _viewer, s) {
    const rows = await db
      .select()
      .from(queryLog)
      .where(or(eq(queryLog.subjectCode, s.code), sql`${queryLog.subjectCode} like ${`%${s.code}%`}`))
      .orderBy(desc(queryLog.at))
      .limit(200);
    return rows.map((q) => ({ date: todayCN(q.at), title: q.userName ?? '', detail: q.purpose, href: null, data: { department: q.department, at: q.at.toISOString() } }));
  },
});

// ---------- opening a file ----------

/** The code a page asks for: a code as typed, or an opaque ref (a masked natural person). */
export async function resolveSubjectParam(db: Db, param: string): Promise<string> {
  const code = normalizeCode(param);
  if (/^[0-9A-Z]{15,18}$/.test(code)) return code;
  const opened = (await subjectRefs(db, 'credit-file')).open(param);
  if (!opened) throw new DomainError('NOT_FOUND', 'subjectFile.errors.notFound');
  return opened;
}

/** The link to a subject's file that does not put a masked ID number in the address. */
export async function fileHref(db: Db, viewer: Viewer, subjectType: string, code: string): Promise<string> {
  if (maskedSubject(viewer, subjectType, code) === code) return `/subjects/${encodeURIComponent(code)}`;
  return `/subjects/${(await subjectRefs(db, 'credit-file')).seal(code)}`;
}

async function identify(db: Db, code: string) {
  const [r] = await db.execute(sql`select subject_type as type, subject_name as name from (
      select subject_type, subject_name, created_at as at from record where subject_code = ${code} and status in ('accepted','submitted')
      union all select subject_type, subject_name, created_at from commitment where subject_code = ${code}
      union all select subject_type, subject_name, created_at from credit_list_member where subject_code = ${code}
    ) s order by at desc limit 1`).then((res) => rowsOf<{ type: string; name: string }>(res));
  if (r) return r;
  const [g] = await db.execute(sql`select er.subject_type as type, er.subject_name as name from evaluation_result er join evaluation_run run on run.id = er.run_id and run.is_current where er.subject_code = ${code} limit 1`).then((res) => rowsOf<{ type: string; name: string }>(res));
  return g ?? null;
}

export async function creditFile(db: Db, actor: Actor, viewer: Viewer, input: { subject: string; purpose?: string }) {
  const code = await resolveSubjectParam(db, input.subject);
  const who = await identify(db, code);
  if (!who) throw new DomainError('NOT_FOUND', 'subjectFile.errors.notFound');
  const master = await subjectMaster(db, code);
  // The sections read independently: on PostgreSQL they overlap on the pool's connections.
  const sections: { key: string; entries: FileEntry[] }[] = await Promise.all(
    SECTIONS.filter((s) => !s.roles || hasAnyRole(viewer, s.roles)).map(async (s) => ({ key: s.key, entries: await s.load(db, viewer, { code, type: who.type }) })),
  );
  const purpose = input.purpose?.trim() || '查阅信用档案';
  const shownCode = maskedSubject(viewer, who.type, code);
  const queryLogId = randomUUID();
  await insertAudited(
    db,
    db.insert(queryLog).values({ id: queryLogId, userId: actor.id, userName: `${viewer.name}（${viewer.username}）`, department: actor.department, query: shownCode, subjectCode: code, subjectName: who.name, purpose, resultCount: 1, memberHits: sections.find((s) => s.key === 'lists')?.entries.length ?? 0 }),
    actor,
    { action: 'subject.file', objectType: 'query-log', objectId: queryLogId, after: { subject: code, sections: sections.map((s) => [s.key, s.entries.length]) }, reason: purpose },
  );
  const timeline = sections
    .flatMap((s) => s.entries.map((e) => ({ section: s.key, ...e })))
    .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  return {
    subject: {
      code: shownCode,
      ref: shownCode === code ? null : (await subjectRefs(db, 'credit-file')).seal(code),
      name: who.name,
      type: who.type,
      legalRepresentative: master?.legalRepresentative ?? null,
      names: master?.names ?? [],
      nameConflict: Boolean(master?.nameConflict),
    },
    sections,
    timeline,
  };
}
