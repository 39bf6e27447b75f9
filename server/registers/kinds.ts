/**
 * Register kinds as data: the definition of kind K is the latest published version of entry K
 * in the meta kind 'register-kind'. Only the meta kind itself is code.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { entry, entryVersion } from '../db/schema';
import { DomainError } from '../errors';
import { META_KIND_CODE, registerKindKind } from '../../catalog/kinds';
import type { KindDefinition } from '../../catalog/types';
import { safeRegExp, UnsafePatternError, type SafeRegExp } from '../../forms/safe-regex';

/** The entry code rule of kinds that define none. */
export const DEFAULT_CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';

/**
 * A kind's entry code rule on the linear-time engine (forms/safe-regex): the pattern is data
 * written by whoever designed the kind, so `new RegExp` on it could hang the server (ReDoS).
 * A stored pattern the engine cannot run (e.g. published before this check) is a problem of
 * the kind's definition, named with the kind, not a 500.
 */
export function codeRuleOf(kind: Pick<LoadedKind, 'code' | 'codePattern'>): SafeRegExp {
  const pattern = kind.codePattern || DEFAULT_CODE_PATTERN;
  try {
    return safeRegExp(pattern);
  } catch (e) {
    if (e instanceof UnsafePatternError) throw new DomainError('INVALID_DEFINITION', 'limits.unsafeCodePattern', { kind: kind.code, pattern });
    throw e;
  }
}

export interface LoadedKind extends KindDefinition {
  /** version of the kind definition (0 for the meta kind) */
  version: number;
  builtIn: boolean;
}

const BUILT_IN = new Set(['info-catalog', 'commitment-item', 'sanction-measure', 'credit-list', 'grading-model']);

export function validatorKey(kind: LoadedKind): string {
  return `kind:${kind.code}@${kind.version}`;
}

export async function findKind(db: Db, code: string): Promise<LoadedKind | null> {
  if (code === META_KIND_CODE) return { ...registerKindKind, version: 0, builtIn: true };
  const [row] = await db
    .select({ version: entryVersion.version, content: entryVersion.content })
    .from(entryVersion)
    .innerJoin(entry, eq(entry.id, entryVersion.entryId))
    .where(and(eq(entry.kindCode, META_KIND_CODE), eq(entry.code, code), inArray(entryVersion.status, ['published', 'superseded'])))
    .orderBy(desc(entryVersion.version))
    .limit(1);
  if (!row) return null;
  return { ...(row.content as unknown as Omit<KindDefinition, 'code'>), code, version: row.version, builtIn: BUILT_IN.has(code) };
}

export async function getKind(db: Db, code: string): Promise<LoadedKind> {
  const kind = await findKind(db, code);
  if (!kind) throw new DomainError('NOT_FOUND', 'registers.errors.kindNotFound', { kind: code });
  return kind;
}

/** Published kinds (for navigation), in a stable order: built-ins first. */
export async function listKinds(db: Db): Promise<LoadedKind[]> {
  const rows = await db
    .select({ code: entry.code, version: entryVersion.version, content: entryVersion.content, status: entryVersion.status })
    .from(entryVersion)
    .innerJoin(entry, eq(entry.id, entryVersion.entryId))
    .where(and(eq(entry.kindCode, META_KIND_CODE), inArray(entryVersion.status, ['published', 'superseded', 'retired'])))
    .orderBy(entry.code, desc(entryVersion.version));
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!latest.has(r.code)) latest.set(r.code, r);
  const order = ['info-catalog', 'commitment-item', 'sanction-measure', 'credit-list', 'grading-model'];
  return [...latest.values()]
    .filter((r) => r.status !== 'retired')
    .map((r) => ({ ...(r.content as unknown as Omit<KindDefinition, 'code'>), code: r.code, version: r.version, builtIn: BUILT_IN.has(r.code) }))
    .sort((a, b) => (order.indexOf(a.code) + 1 || 99) - (order.indexOf(b.code) + 1 || 99) || a.code.localeCompare(b.code));
}
