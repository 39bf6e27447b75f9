/**
 * What the public sees without signing in (issue 17): search by 统一社会信用代码 or name, a subject's
 * public page (records shown today by THE predicate `publishedRecordWhere`, public commitments,
 * memberships of lists marked public) and the 双公示 list of recent 行政许可 / 行政处罚 decisions.
 *
 * Nothing about staff: no user, reviewer or comment column leaves this module — only the deciding
 * department's name, which is the public authority. Natural persons: their ID number is masked and
 * their page is reached by an opaque ref (server/subjects/ref.ts), and every personal data item of
 * the catalog definition is masked as it is for staff without the right.
 *
 * Answers are cached per instance for a short time (PUBLIC_CACHE_MS, default 30 s): the pages are
 * the same for everyone, and a crawler hammering one subject costs one query per period.
 */
import { and, asc, desc, eq, gte, ilike, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { creditListMember, department, entry, entryVersion, record, recordDisclosure } from '../db/schema';
import { maskRecord } from '../../forms/masking';
import { formModel, type FormDefinition } from '../../forms/definition';
import { normalizeCode } from '../../forms/formats/normalize';
import { personalRules } from '../records/service';
import { maskCode } from '../subjects/mask';
import { subjectRefs } from '../subjects/ref';
import { listsInForce } from '../lists/definitions';
import { memberInForce } from '../lists/in-force';
import { isIsoDate, todayCN } from '../registers/dates';
import { now as clockNow } from '../flows/clock';
import { publishedRecordWhere } from '../disclosure/published';
import type { Localized } from '../../catalog/types';

const NATURAL = '自然人';
const REF_CONTEXT = 'public-subject';
const like = (q: string) => `%${q.replace(/[%_\\]/g, '\\$&')}%`;
const CODE_LIKE = /^[0-9A-Za-z]{15,18}$/;
export const PUBLIC_PAGE_SIZE = 20;
const MAX_SEARCH = 20;

// ---------- a small per-instance cache ----------

const cache = new Map<string, { until: number; value: Promise<unknown> }>();
const ttl = () => Number(process.env.PUBLIC_CACHE_MS ?? 30_000);

export function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.value as Promise<T>;
  if (cache.size > 5_000) cache.clear();
  const value = load();
  cache.set(key, { until: now + ttl(), value });
  value.catch(() => cache.delete(key));
  return value;
}

/** Forget cached public answers (tests; a deployment waits out the period). */
export function clearPublicCache() {
  cache.clear();
}

export async function publicToday(db: Db): Promise<string> {
  return todayCN(await clockNow(db));
}

// ---------- catalog items as the public sees them ----------

interface PublicItem {
  code: string;
  version: number;
  name: string;
  nameEn: string;
  category: string;
  dualPublicity: boolean;
  /** The data item holding the decision's document number (文书号), as the catalog item names it. */
  decisionNumberField: string | null;
  definition: FormDefinition;
}

async function itemVersions(db: Db, keys: { code: string; version: number }[]): Promise<Map<string, PublicItem>> {
  const out = new Map<string, PublicItem>();
  const uniq = [...new Map(keys.map((k) => [`${k.code}@${k.version}`, k])).values()];
  if (!uniq.length) return out;
  const rows = await db
    .select({ code: entry.code, version: entryVersion.version, content: entryVersion.content })
    .from(entryVersion)
    .innerJoin(entry, eq(entry.id, entryVersion.entryId))
    .where(and(eq(entry.kindCode, 'info-catalog'), inArray(entry.code, [...new Set(uniq.map((k) => k.code))])));
  for (const r of rows) {
    const c = r.content as { name: string; nameEn?: string; category: string; dualPublicity?: boolean; decisionNumberField?: string; dataItems: FormDefinition };
    out.set(`${r.code}@${r.version}`, { code: r.code, version: r.version, name: c.name, nameEn: c.nameEn?.trim() || c.name, category: c.category, dualPublicity: Boolean(c.dualPublicity), decisionNumberField: c.decisionNumberField ?? null, definition: c.dataItems });
  }
  return out;
}

export interface PublicField {
  key: string;
  label: Localized;
  value: string;
}

export interface PublicRecord {
  id: string;
  catalogCode: string;
  catalogName: string;
  /** The item's English name (the Chinese one when the office gave none). */
  catalogNameEn: string;
  category: string;
  subjectName: string;
  subjectCode: string;
  subjectType: string;
  department: Localized;
  decisionDate: string | null;
  /** 公示截止日 by the disclosure rules (null: published while accepted). */
  publicUntil: string | null;
  /** The decision's document number (the catalog item's decision-number data item), when it has one. */
  documentNumber: string | null;
  fields: PublicField[];
}

function show(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(show).filter(Boolean).join('、');
  if (typeof v === 'object') return '';
  return String(v);
}

type RecordRow = { r: typeof record.$inferSelect; departmentZh: string; departmentEn: string };

/** The public view of records: personal data items masked, natural persons' codes masked, no staff. */
export async function publicRecords(db: Db, rows: RecordRow[]): Promise<PublicRecord[]> {
  const items = await itemVersions(db, rows.map(({ r }) => ({ code: r.catalogCode, version: r.catalogVersion })));
  const until = new Map(
    rows.length ? (await db.select({ id: recordDisclosure.recordId, publicUntil: recordDisclosure.publicUntil }).from(recordDisclosure).where(inArray(recordDisclosure.recordId, rows.map(({ r }) => r.id)))).map((d) => [d.id, d.publicUntil]) : [],
  );
  return rows.map(({ r, departmentZh, departmentEn }) => {
    const item = items.get(`${r.catalogCode}@${r.catalogVersion}`);
    const fields: PublicField[] = [];
    if (item) {
      const natural = r.subjectType === NATURAL;
      const rules = personalRules(item.definition);
      const data = maskRecord(r.data, rules);
      for (const f of formModel(item.definition).fields) {
        let value = show(data[f.key]);
        if (!value) continue;
        // The subject's own ID number inside the data (e.g. 行政相对人代码) is masked like the header.
        if (natural && normalizeCode(show(r.data[f.key])) === r.subjectCode) value = maskCode(r.subjectCode);
        fields.push({ key: f.key, label: f.label, value });
      }
    }
    return {
      id: r.id,
      catalogCode: r.catalogCode,
      catalogName: item?.name ?? r.catalogCode,
      catalogNameEn: item?.nameEn ?? item?.name ?? r.catalogCode,
      category: item?.category ?? '',
      subjectName: r.subjectName,
      subjectCode: r.subjectType === NATURAL ? maskCode(r.subjectCode) : r.subjectCode,
      subjectType: r.subjectType,
      department: { 'zh-CN': departmentZh, en: departmentEn },
      decisionDate: r.decisionDate,
      publicUntil: until.get(r.id) ?? null,
      documentNumber: (item?.decisionNumberField && fields.find((f) => f.key === item.decisionNumberField)?.value) || null,
      fields,
    };
  });
}

function recordSelect(db: Db) {
  return db.select({ r: record, departmentZh: department.nameZh, departmentEn: department.nameEn }).from(record).innerJoin(department, eq(department.id, record.departmentId));
}

// ---------- search and the subject page ----------

export interface PublicSubjectHit {
  ref: string;
  name: string;
  code: string;
  type: string;
  records: number;
}

/** Subjects with something public today, by exact code or by name (contains). */
export async function searchPublic(db: Db, query: string): Promise<{ hits: PublicSubjectHit[]; today: string }> {
  const q = query.trim().slice(0, 100);
  const today = await publicToday(db);
  if (!q) return { hits: [], today };
  return cached(`search:${today}:${q}`, async () => {
    const code = normalizeCode(q);
    const byCode = CODE_LIKE.test(code);
    const publicLists = (await listsInForce(db, today)).filter((l) => (l.content as { public?: boolean }).public).map((l) => l.code);
    const recWhere = byCode ? eq(record.subjectCode, code) : ilike(record.subjectName, like(q));
    const recs = await db
      .select({ code: record.subjectCode, name: sql<string>`max(${record.subjectName})`, type: sql<string>`max(${record.subjectType})`, n: sql<number>`count(*)::int` })
      .from(record)
      .where(and(recWhere, publishedRecordWhere(today)))
      .groupBy(record.subjectCode)
      .orderBy(asc(record.subjectCode))
      .limit(MAX_SEARCH);
    const members = publicLists.length
      ? await db
          .select({ code: creditListMember.subjectCode, name: creditListMember.subjectName, type: creditListMember.subjectType })
          .from(creditListMember)
          .where(and(inArray(creditListMember.listCode, publicLists), activeMembership(today), byCode ? eq(creditListMember.subjectCode, code) : ilike(creditListMember.subjectName, like(q))))
          .limit(MAX_SEARCH)
      : [];
    const bySubject = new Map<string, { code: string; name: string; type: string; n: number }>();
    for (const r of recs) bySubject.set(r.code, { code: r.code, name: r.name, type: r.type, n: r.n });
    for (const m of members) if (!bySubject.has(m.code)) bySubject.set(m.code, { code: m.code, name: m.name, type: m.type, n: 0 });
    const refs = await subjectRefs(db, REF_CONTEXT);
    const hits = [...bySubject.values()].slice(0, MAX_SEARCH).map((s) => ({
      ref: s.type === NATURAL ? `p.${refs.seal(s.code)}` : s.code,
      name: s.name,
      code: s.type === NATURAL ? maskCode(s.code) : s.code,
      type: s.type,
      records: s.n,
    }));
    return { hits, today };
  });
}

const activeMembership = memberInForce;

/** The subject code a public page ref stands for (an organisation's USCC, or a sealed natural person), or null. */
export async function subjectOfRef(db: Db, ref: string): Promise<string | null> {
  if (ref.startsWith('p.')) return (await subjectRefs(db, REF_CONTEXT)).open(ref.slice(2));
  const code = normalizeCode(ref);
  return CODE_LIKE.test(code) ? code : null;
}

export interface PublicMembership {
  id: string;
  listName: string;
  listKind: string | null;
  decisionNumber: string | null;
  listedOn: string;
  validTo: string | null;
  department: Localized | null;
}

export interface PublicSubjectPage {
  today: string;
  subject: { name: string; code: string; type: string } | null;
  records: { category: string; rows: PublicRecord[] }[];
  commitments: PublicRecord[];
  memberships: PublicMembership[];
}

const COMMITMENT_CATEGORY = '信用承诺';
const MAX_SUBJECT_RECORDS = 200;

export async function publicSubjectPage(db: Db, ref: string): Promise<PublicSubjectPage> {
  const today = await publicToday(db);
  const code = await subjectOfRef(db, ref);
  if (!code) return { today, subject: null, records: [], commitments: [], memberships: [] };
  return cached(`subject:${today}:${code}`, async () => {
    const rows = await recordSelect(db)
      .where(and(eq(record.subjectCode, code), publishedRecordWhere(today)))
      .orderBy(desc(record.decisionDate), desc(record.decidedAt))
      .limit(MAX_SUBJECT_RECORDS);
    const views = await publicRecords(db, rows);
    const lists = await listsInForce(db, today);
    const publicLists = new Map(lists.filter((l) => (l.content as { public?: boolean }).public).map((l) => [l.code, l.content as { name: string; listKind?: string }]));
    const memberRows = publicLists.size
      ? await db
          .select({ m: creditListMember, departmentZh: department.nameZh, departmentEn: department.nameEn })
          .from(creditListMember)
          .leftJoin(department, eq(department.id, creditListMember.departmentId))
          .where(and(eq(creditListMember.subjectCode, code), inArray(creditListMember.listCode, [...publicLists.keys()]), activeMembership(today)))
          .orderBy(asc(creditListMember.listedOn))
      : [];
    const first = rows[0]?.r ?? memberRows[0]?.m;
    if (!first) return { today, subject: null, records: [], commitments: [], memberships: [] };
    const groups = new Map<string, PublicRecord[]>();
    const commitments: PublicRecord[] = [];
    for (const v of views) {
      if (v.category === COMMITMENT_CATEGORY) commitments.push(v);
      else groups.set(v.category, [...(groups.get(v.category) ?? []), v]);
    }
    return {
      today,
      subject: { name: first.subjectName, code: first.subjectType === NATURAL ? maskCode(code) : code, type: first.subjectType },
      records: [...groups.entries()].map(([category, rows]) => ({ category, rows })),
      commitments,
      memberships: memberRows.map(({ m, departmentZh, departmentEn }) => ({
        id: m.id,
        listName: publicLists.get(m.listCode)?.name ?? m.listCode,
        listKind: publicLists.get(m.listCode)?.listKind ?? null,
        decisionNumber: m.decisionNumber,
        listedOn: m.listedOn,
        validTo: m.validTo ?? m.removedOn,
        department: departmentZh ? { 'zh-CN': departmentZh, en: departmentEn ?? departmentZh } : null,
      })),
    };
  });
}

// ---------- 双公示 ----------

export const DUAL_CATEGORIES = ['行政许可', '行政处罚'] as const;

export interface DualPublicityQuery {
  category?: string;
  q?: string;
  department?: string;
  from?: string;
  to?: string;
  page: number;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** Recent 行政许可 / 行政处罚 decisions shown today, newest first, filtered and paged (20 a page). */
export async function dualPublicity(db: Db, input: DualPublicityQuery) {
  const today = await publicToday(db);
  const page = Math.max(1, Math.min(500, Math.floor(input.page) || 1));
  const category = (DUAL_CATEGORIES as readonly string[]).includes(input.category ?? '') ? input.category! : null;
  const q = (input.q ?? '').trim().slice(0, 100);
  // Only real calendar days reach the query (2026-02-30 would be a database error).
  const from = input.from && isIsoDate(input.from) ? input.from : null;
  const to = input.to && isIsoDate(input.to) ? input.to : null;
  const dept = (input.department ?? '').trim().slice(0, 32) || null;
  const key = JSON.stringify({ today, category, q, from, to, dept, page });
  return cached(`dual:${key}`, async () => {
    const where: SQL[] = [
      publishedRecordWhere(today),
      sql`exists (select 1 from entry de join entry_version dv on dv.entry_id = de.id where de.kind_code = 'info-catalog' and de.code = ${record.catalogCode} and dv.version = ${record.catalogVersion}
        and (dv.content->>'dualPublicity')::boolean is true and dv.content->>'category' in (${sql.join((category ? [category] : [...DUAL_CATEGORIES]).map((c) => sql`${c}`), sql`, `)}))`,
    ];
    if (q) {
      const code = normalizeCode(q);
      where.push(CODE_LIKE.test(code) ? eq(record.subjectCode, code) : ilike(record.subjectName, like(q)));
    }
    if (from) where.push(gte(record.decisionDate, from));
    if (to) where.push(lte(record.decisionDate, to));
    if (dept) where.push(eq(department.code, dept));
    const [total] = await db.select({ n: sql<number>`count(*)::int` }).from(record).innerJoin(department, eq(department.id, record.departmentId)).where(and(...where));
    const rows = await recordSelect(db)
      .where(and(...where))
      .orderBy(desc(record.decisionDate), desc(record.id))
      .limit(PUBLIC_PAGE_SIZE)
      .offset((page - 1) * PUBLIC_PAGE_SIZE);
    const departments = await db.select({ code: department.code, nameZh: department.nameZh, nameEn: department.nameEn }).from(department).where(eq(department.archived, false)).orderBy(asc(department.code));
    return { today, page, pageSize: PUBLIC_PAGE_SIZE, total: total?.n ?? 0, rows: await publicRecords(db, rows), departments, filters: { category, q, from, to, department: dept } };
  });
}
