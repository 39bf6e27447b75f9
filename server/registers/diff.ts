/** Diffs for pages, exports and tests: thin reads around the one diff in catalog/diff. */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { department, entry, entryVersion } from '../db/schema';
import type { FieldUi, KindDefinition, Localized } from '../../catalog/types';
import { titleOf } from '../../catalog/kind-definition';
import { dataItemChoices, entryCodeIn } from '../../catalog/data-items';
import { DomainError } from '../errors';
import { diffEntryContent, diffRegister } from '../../catalog/diff';
import { getEntry, snapshot } from './service';
import { getKind } from './kinds';
import { isIsoDate } from './dates';

/**
 * The kind with its department fields' codes named (SCJG → 市市场监管局), so the plain-language
 * diff says 「提供部门」新增「市生态环境局」 rather than 「SCJG、STHJ」.
 */
export async function withDepartmentNames<K extends KindDefinition>(db: Db, kind: K): Promise<K> {
  const fields = Object.entries(kind.ui.fields).filter(([, f]) => f.widget === 'departments');
  if (!fields.length) return kind;
  const rows = await db.select({ code: department.code, zh: department.nameZh, en: department.nameEn }).from(department);
  const options = Object.fromEntries(rows.map((d) => [d.code, { 'zh-CN': d.zh, en: d.en }]));
  return { ...kind, ui: { ...kind.ui, fields: { ...kind.ui.fields, ...Object.fromEntries(fields.map(([k, f]) => [k, { ...f, options }])) } } };
}

/** The latest published-or-later content of each of `codes` of `kindCode`. */
async function latestContents(db: Db, kindCode: string, codes: string[]): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  if (!codes.length) return out;
  const rows = await db
    .select({ code: entry.code, content: entryVersion.content })
    .from(entryVersion)
    .innerJoin(entry, eq(entry.id, entryVersion.entryId))
    .where(and(eq(entry.kindCode, kindCode), inArray(entry.code, codes), inArray(entryVersion.status, ['published', 'superseded', 'retired'])))
    .orderBy(asc(entryVersion.version));
  for (const r of rows) out.set(r.code, r.content as Record<string, unknown>);
  return out;
}

/**
 * The kind with names for what its fields store as codes in `contents` (the versions about to be
 * diffed), so a change reads 「目录事项」由“行政处罚信息”改为… and 归类数据项由“处罚类别”…: an entry-code
 * field's codes by the entries' titles, a data-item field's or data-item column's keys (of the
 * catalog item `dataItemsOf` names) by the data items' names. A code nothing names reads as itself.
 */
export async function withEntryNames<K extends KindDefinition>(db: Db, kind: K, contents: (Record<string, unknown> | null)[]): Promise<K> {
  const fields = Object.entries(kind.ui.fields);
  const entryCodes = fields.filter(([, f]) => f.widget === 'entry-code' && f.refKind);
  const linked = fields.filter(([, f]) => f.dataItemsOf && (f.widget === 'data-item' || f.widget === 'rows'));
  if (!entryCodes.length && !linked.length) return kind;
  const present = contents.filter((c): c is Record<string, unknown> => c !== null);
  const codesOf = (key: string) => [...new Set(present.map((c) => entryCodeIn(c[key])).filter((c): c is string => c !== null))];
  const patched: Record<string, FieldUi> = {};
  for (const [key, f] of entryCodes) {
    const refKind = await getKind(db, f.refKind!).catch((e: unknown) => {
      if (e instanceof DomainError && e.code === 'NOT_FOUND') return null; // a kind since removed: codes read as themselves
      throw e;
    });
    if (!refKind) continue;
    const options: Record<string, Localized> = {};
    for (const [code, c] of await latestContents(db, f.refKind!, codesOf(key))) {
      const zh = titleOf(refKind, c, 'zh-CN');
      if (zh) options[code] = { 'zh-CN': zh, en: titleOf(refKind, c, 'en') || zh };
    }
    patched[key] = { ...f, options };
  }
  const itemForms = new Map<string, Record<string, unknown>>();
  for (const [, f] of linked) for (const [code, c] of await latestContents(db, 'info-catalog', codesOf(f.dataItemsOf!))) itemForms.set(code, c);
  const names: Record<string, Localized> = {};
  for (const c of itemForms.values()) for (const d of dataItemChoices(c.dataItems)) names[d.key] ??= { 'zh-CN': d.label['zh-CN'] ?? d.key, en: d.label.en || d.label['zh-CN'] || d.key };
  for (const [key, f] of linked) {
    patched[key] = f.widget === 'rows' ? { ...f, columns: (f.columns ?? []).map((c) => (c.widget === 'data-item' ? { ...c, options: names } : c)) } : { ...f, options: names };
  }
  return { ...kind, ui: { ...kind.ui, fields: { ...kind.ui.fields, ...patched } } };
}

export async function diffEntryVersions(db: Db, kindCode: string, code: string, from: number, to: number, opts: { drafts: boolean }) {
  const { kind, versions } = await getEntry(db, kindCode, code, { drafts: opts.drafts });
  // Only the versions the reader may see (getEntry applies the one visibility rule).
  const load = async (version: number) => {
    if (version === 0) return null;
    const v = versions.find((x) => x.version === version);
    if (!v) throw new DomainError('NOT_FOUND', 'registers.errors.versionNotFound');
    return v.content;
  };
  const [before, after] = [await load(from), await load(to)];
  return diffEntryContent(await withEntryNames(db, await withDepartmentNames(db, kind), [before, after]), before, after);
}

export async function diffRegisterDates(db: Db, kindCode: string, from: string, to: string) {
  for (const d of [from, to]) if (!isIsoDate(d)) throw new DomainError('INVALID_INPUT', 'registers.errors.badDate', { value: d });
  const kind = await getKind(db, kindCode);
  const [a, b] = await Promise.all([snapshot(db, kindCode, from), snapshot(db, kindCode, to)]);
  return diffRegister(await withEntryNames(db, await withDepartmentNames(db, kind), [...a, ...b].map((x) => x.content)), a, b);
}
