/** Diffs for pages, exports and tests: thin reads around the one diff in catalog/diff. */
import type { Db } from '../db';
import { department } from '../db/schema';
import type { KindDefinition } from '../../catalog/types';
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

export async function diffEntryVersions(db: Db, kindCode: string, code: string, from: number, to: number, opts: { drafts: boolean }) {
  const { kind, versions } = await getEntry(db, kindCode, code, { drafts: opts.drafts });
  // Only the versions the reader may see (getEntry applies the one visibility rule).
  const load = async (version: number) => {
    if (version === 0) return null;
    const v = versions.find((x) => x.version === version);
    if (!v) throw new DomainError('NOT_FOUND', 'registers.errors.versionNotFound');
    return v.content;
  };
  return diffEntryContent(await withDepartmentNames(db, kind), await load(from), await load(to));
}

export async function diffRegisterDates(db: Db, kindCode: string, from: string, to: string) {
  for (const d of [from, to]) if (!isIsoDate(d)) throw new DomainError('INVALID_INPUT', 'registers.errors.badDate', { value: d });
  const kind = await getKind(db, kindCode);
  const [a, b] = await Promise.all([snapshot(db, kindCode, from), snapshot(db, kindCode, to)]);
  return diffRegister(await withDepartmentNames(db, kind), a, b);
}
