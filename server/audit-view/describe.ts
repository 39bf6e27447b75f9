/**
 * The auditor's page in names (issue 18): a thin read beside the audit chain (server/audit is not
 * touched). For the rows the page shows it gives who (the person's name, not the username), which
 * department (its name), what object (an entry's title, a record's subject and catalog item, a
 * user's name) and, for register entries, the same plain-language diff the registers use
 * (catalog/diff.ts) instead of JSON paths. Only configuration content is diffed here; records and
 * other personal data are described by name only, so masking on `audit.list` is never bypassed.
 * Also the filter choices by name: people, departments, registers, actions and object types.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { auditLog, department, entry, entryVersion, user } from '../db/schema';
import { listKinds, type LoadedKind } from '../registers/kinds';
import { listAuditActions } from '../audit/query';
import { diffEntryContent } from '../../catalog/diff';
import { withDepartmentNames, withEntryNames } from '../registers/diff';
import { titleOf } from '../../catalog/kind-definition';
import { META_KIND_CODE, registerKindKind } from '../../catalog/kinds';
import { describeSubjects, refKey } from '../inbox/describe';
import '../inbox/sources';

type Localized = { 'zh-CN': string; en: string };

export interface AuditRowDescription {
  /** The row's id (rows waiting to be chained have no seq yet). */
  id: number;
  actor: string | null;
  department: Localized | null;
  object: { title: Localized; kind: Localized | null } | null;
  /** Plain-language changes of a register entry's content, when the row carries them. */
  changes: Localized[] | null;
}

const MAX_CHANGES = 12;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function describeAuditRows(db: Db, ids: number[]): Promise<AuditRowDescription[]> {
  if (!ids.length) return [];
  const rows = await db.select().from(auditLog).where(inArray(auditLog.id, ids)).orderBy(asc(auditLog.id));
  const usernames = [...new Set(rows.map((r) => r.actorName).filter((n): n is string => Boolean(n)))];
  const userIds = [...new Set(rows.filter((r) => r.objectType === 'user' && r.objectId).map((r) => r.objectId!))].filter((id) => /^[0-9a-f-]{36}$/.test(id));
  const deptCodes = [...new Set(rows.map((r) => r.department).filter((c): c is string => Boolean(c)))];
  const [people, objectsPeople, depts, kinds] = await Promise.all([
    usernames.length ? db.select({ username: user.username, name: user.name }).from(user).where(inArray(user.username, usernames)) : [],
    userIds.length ? db.select({ id: user.id, name: user.name }).from(user).where(inArray(user.id, userIds)) : [],
    deptCodes.length ? db.select({ code: department.code, zh: department.nameZh, en: department.nameEn }).from(department).where(inArray(department.code, deptCodes)) : [],
    listKinds(db),
  ]);
  const personName = new Map(people.map((p) => [p.username, p.name]));
  const userName = new Map(objectsPeople.map((p) => [p.id, p.name]));
  const deptName = new Map(depts.map((d) => [d.code, { 'zh-CN': d.zh, en: d.en }]));
  // The meta kind too: register kinds are entries whose changes read like any other's.
  // Codes a kind's fields store (another entry, another form's data item) named from the rows' contents.
  const contentsOf = new Map<string, Record<string, unknown>[]>();
  for (const r of rows) {
    if (r.objectType !== 'register-entry' || !r.objectId?.includes('/')) continue;
    const kindCode = r.objectId.slice(0, r.objectId.indexOf('/'));
    const list = contentsOf.get(kindCode) ?? [];
    contentsOf.set(kindCode, list);
    for (const side of [r.before, r.after]) if (isObject(side) && isObject(side.content)) list.push(side.content);
  }
  const named = await Promise.all(kinds.map(async (k) => withEntryNames(db, await withDepartmentNames(db, k), contentsOf.get(k.code) ?? [])));
  const kindByCode = new Map<string, LoadedKind>([[META_KIND_CODE, { ...registerKindKind, version: 0, builtIn: true }], ...named.map((k): [string, LoadedKind] => [k.code, k])]);

  // Register entries: the title of their latest version, one read.
  const entryRefs = rows.filter((r) => r.objectType === 'register-entry' && r.objectId?.includes('/')).map((r) => r.objectId!);
  const entryTitles = new Map<string, Localized>();
  if (entryRefs.length) {
    const codes = [...new Set(entryRefs.map((id) => id.slice(id.indexOf('/') + 1)))];
    const versions = await db
      .select({ kindCode: entry.kindCode, code: entry.code, version: entryVersion.version, content: entryVersion.content })
      .from(entryVersion)
      .innerJoin(entry, eq(entry.id, entryVersion.entryId))
      .where(and(inArray(entry.code, codes)))
      .orderBy(asc(entryVersion.version));
    for (const v of versions) {
      const kind = kindByCode.get(v.kindCode);
      if (!kind) continue;
      const zh = titleOf(kind, v.content as Record<string, unknown>, 'zh-CN');
      if (zh) entryTitles.set(`${v.kindCode}/${v.code}`, { 'zh-CN': zh, en: titleOf(kind, v.content as Record<string, unknown>, 'en') || zh });
    }
  }
  const subjects = await describeSubjects(
    db,
    rows.filter((r) => r.objectId && ['record', 'list-case'].includes(r.objectType ?? '')).map((r) => ({ subjectType: r.objectType!, subjectId: r.objectId! })),
  );

  return rows.map((r) => {
    let object: AuditRowDescription['object'] = null;
    let changes: Localized[] | null = null;
    if (r.objectType === 'register-entry' && r.objectId?.includes('/')) {
      const kindCode = r.objectId.slice(0, r.objectId.indexOf('/'));
      const code = r.objectId.slice(kindCode.length + 1);
      const kind = kindByCode.get(kindCode);
      object = { title: entryTitles.get(r.objectId) ?? { 'zh-CN': code, en: code }, kind: kind?.name ?? null };
      const before = isObject(r.before) && isObject(r.before.content) ? r.before.content : null;
      const after = isObject(r.after) && isObject(r.after.content) ? r.after.content : null;
      if (kind && (before || after)) {
        try {
          const all = diffEntryContent(kind, before, after);
          changes = all.slice(0, MAX_CHANGES).map((c) => c.text);
          if (all.length > MAX_CHANGES) changes.push({ 'zh-CN': `……另有 ${all.length - MAX_CHANGES} 处变更`, en: `… and ${all.length - MAX_CHANGES} more changes` });
        } catch {
          changes = null;
        }
      }
    } else if (r.objectType === 'user' && r.objectId) {
      const n = userName.get(r.objectId);
      if (n) object = { title: { 'zh-CN': n, en: n }, kind: null };
    } else if (r.objectId && (r.objectType === 'record' || r.objectType === 'list-case')) {
      const d = subjects.get(refKey(r.objectType, r.objectId));
      if (d) object = { title: d.title, kind: null };
    }
    return {
      id: r.id,
      actor: r.actorName ? (personName.get(r.actorName) ?? (r.actorName === 'system' ? null : r.actorName)) : null,
      department: r.department ? (deptName.get(r.department) ?? { 'zh-CN': r.department, en: r.department }) : null,
      object,
      changes,
    };
  });
}

/** The filter's choices, by name. */
export async function auditFilterChoices(db: Db) {
  const [people, departments, kinds, actions] = await Promise.all([
    db.select({ username: user.username, name: user.name, departmentZh: department.nameZh, departmentEn: department.nameEn }).from(user).leftJoin(department, eq(department.id, user.departmentId)).orderBy(asc(user.name)),
    db.select({ code: department.code, zh: department.nameZh, en: department.nameEn }).from(department).orderBy(asc(department.code)),
    listKinds(db),
    listAuditActions(db),
  ]);
  return {
    people: people.filter((p) => p.username).map((p) => ({ username: p.username!, name: p.name, department: p.departmentZh ? { 'zh-CN': p.departmentZh, en: p.departmentEn ?? p.departmentZh } : null })),
    departments: departments.map((d) => ({ code: d.code, name: { 'zh-CN': d.zh, en: d.en } })),
    registers: kinds.map((k) => ({ code: k.code, name: k.name })),
    actions,
  };
}
