/**
 * What a subject is called, in words an office worker knows, and where it is shown: a record is
 * 「主体名称 · 信息类别名称」, a register change 「清单名称 · 条目标题」, a list case 「名单名称 · 主体名称」.
 * Codes and version numbers come along as secondary text, never as the title. Each subject kind
 * registers a describer (one line per process in server/inbox/index.ts); the inbox, the
 * notifications and the flow task cards resolve titles in batches at read time, so they follow
 * renames and show both languages.
 */
import type { Db } from '../db';

export interface Localized {
  'zh-CN': string;
  en: string;
}

export interface SubjectDescription {
  title: Localized;
  /** Secondary text: codes, version, case number. */
  code: string | null;
  href: string | null;
}

export type Describer = (db: Db, ids: string[]) => Promise<Map<string, SubjectDescription>>;

const describers = new Map<string, Describer>();

export function registerDescriber(subjectType: string, fn: Describer) {
  describers.set(subjectType, fn);
}

export const L = (zh: string, en?: string | null): Localized => ({ 'zh-CN': zh, en: en || zh });

/** Descriptions for many (type, id) pairs: one batch read per subject type. */
export async function describeSubjects(db: Db, refs: { subjectType: string; subjectId: string }[]): Promise<Map<string, SubjectDescription>> {
  const byType = new Map<string, Set<string>>();
  for (const r of refs) {
    if (!byType.has(r.subjectType)) byType.set(r.subjectType, new Set());
    byType.get(r.subjectType)!.add(r.subjectId);
  }
  const out = new Map<string, SubjectDescription>();
  for (const [type, ids] of byType) {
    const fn = describers.get(type);
    if (!fn) continue;
    const found = await fn(db, [...ids]);
    for (const [id, d] of found) out.set(`${type}:${id}`, d);
  }
  return out;
}

export const refKey = (subjectType: string, subjectId: string) => `${subjectType}:${subjectId}`;
