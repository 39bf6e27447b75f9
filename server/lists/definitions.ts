/**
 * Reading list definitions: the version in force on a day (for proposals), a pinned version (a
 * case keeps the one it was proposed under), and the measures that apply to members — the list's
 * own `measures` plus sanction measures that name the list — resolved in force today, with their
 * legal basis.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { entry, entryVersion } from '../db/schema';
import { DomainError } from '../errors';
import { inForceVersions } from '../grading/models';
import type { CreditListContent } from '../../catalog/lists/types';
import type { LegalBasis } from '../../catalog/types';

export const LIST_KIND = 'credit-list';

export interface ListVersion {
  code: string;
  version: number;
  content: CreditListContent;
}

export async function getListInForce(db: Db, code: string, day: string): Promise<ListVersion> {
  const v = (await inForceVersions(db, LIST_KIND, day)).get(code);
  if (!v) throw new DomainError('NOT_FOUND', 'lists.errors.listNotInForce', { code });
  return { code, version: v.version, content: v.content as CreditListContent };
}

export async function getListVersion(db: Db, code: string, version: number): Promise<ListVersion> {
  const [row] = await db
    .select({ content: entryVersion.content })
    .from(entryVersion)
    .innerJoin(entry, eq(entry.id, entryVersion.entryId))
    .where(and(eq(entry.kindCode, LIST_KIND), eq(entry.code, code), eq(entryVersion.version, version)));
  if (!row) throw new DomainError('NOT_FOUND', 'lists.errors.listNotInForce', { code });
  return { code, version, content: row.content as unknown as CreditListContent };
}

/** Lists in force today: code → name (pages, lookups). */
export async function listsInForce(db: Db, day: string) {
  return [...(await inForceVersions(db, LIST_KIND, day)).entries()].map(([code, v]) => ({ code, version: v.version, content: v.content as CreditListContent }));
}

export interface MeasureView {
  code: string;
  text: string;
  type: string | null;
  legalBasis: LegalBasis[];
  departments: string[];
}

/** Measures that apply to members of each list, in force on `day`. */
export async function measuresByList(db: Db, day: string): Promise<Map<string, MeasureView[]>> {
  const [lists, measures] = await Promise.all([inForceVersions(db, LIST_KIND, day), inForceVersions(db, 'sanction-measure', day)]);
  const view = (code: string): MeasureView | null => {
    const m = measures.get(code);
    if (!m) return null;
    const c = m.content as { text?: string; type?: string; legalBasis?: LegalBasis[]; departments?: string[] };
    return { code, text: c.text ?? code, type: c.type ?? null, legalBasis: c.legalBasis ?? [], departments: c.departments ?? [] };
  };
  const out = new Map<string, MeasureView[]>();
  for (const [code, v] of lists) {
    const codes = new Set(((v.content as CreditListContent).measures ?? []).map((r) => r.code));
    for (const [mcode, m] of measures) if ((m.content as { list?: { code?: string } }).list?.code === code) codes.add(mcode);
    out.set(code, [...codes].flatMap((c) => view(c) ?? []));
  }
  return out;
}

export const basisText = (basis: LegalBasis[]) => basis.map((b) => [`《${b.name.trim().replace(/^《+|》+$/g, '')}》`, b.number, b.article].filter(Boolean).join('')).join('；');
