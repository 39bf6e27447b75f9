/**
 * Reading grading models and what their validation needs from the other registers: the published
 * data items of catalog items, sanction measures' statuses, the credit lists in force.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { entry, entryVersion } from '../db/schema';
import { DomainError } from '../errors';
import { IN_FORCE_STATUSES } from '../registers/status';
import { todayCN } from '../registers/dates';
import { gradingModelProblems } from '../../catalog/grading/validate';
import { gradingModelKind } from '../../catalog/kinds/grading-model';
import { compileCached, issuesOf } from '../../forms/ajv';
import type { GradingContext, GradingModelContent, GradingProblem } from '../../catalog/grading/types';

export const GRADING_KIND = 'grading-model';

export interface ModelVersion {
  code: string;
  version: number;
  status: string;
  content: GradingModelContent;
}

type Row = { code: string; version: number; status: string; content: unknown; validFrom: string | null; validTo: string | null };

async function versionsOf(db: Db, kindCode: string, codes?: string[]): Promise<Row[]> {
  const where = [eq(entryVersion.kindCode, kindCode)];
  if (codes) where.push(inArray(entry.code, codes.length ? codes : ['']));
  return db
    .select({ code: entry.code, version: entryVersion.version, status: entryVersion.status, content: entryVersion.content, validFrom: entryVersion.validFrom, validTo: entryVersion.validTo })
    .from(entryVersion)
    .innerJoin(entry, eq(entry.id, entryVersion.entryId))
    .where(and(...where))
    .orderBy(entry.code, desc(entryVersion.version));
}

const inForceOn = (v: Row, day: string) => (IN_FORCE_STATUSES as readonly string[]).includes(v.status) && v.validFrom !== null && v.validFrom <= day && (v.validTo === null || v.validTo > day);

/** The version of each entry of `kindCode` in force today (published, not yet retired). */
export async function inForceVersions(db: Db, kindCode: string, day = todayCN()): Promise<Map<string, Row>> {
  const out = new Map<string, Row>();
  for (const v of await versionsOf(db, kindCode)) if (!out.has(v.code) && inForceOn(v, day) && v.status !== 'retired') out.set(v.code, v);
  return out;
}

/** A grading model's version: the given one, or the one in force today. */
export async function getModelVersion(db: Db, code: string, version?: number): Promise<ModelVersion> {
  const rows = await versionsOf(db, GRADING_KIND, [code]);
  if (!rows.length) throw new DomainError('NOT_FOUND', 'grading.errors.modelNotFound', { code });
  const day = todayCN();
  const v = version === undefined ? rows.find((r) => inForceOn(r, day) && r.status !== 'retired') : rows.find((r) => r.version === version);
  if (!v) throw new DomainError('NOT_FOUND', version === undefined ? 'grading.errors.noPublishedVersion' : 'grading.errors.versionNotFound', { code, version: version ?? '' });
  return { code: v.code, version: v.version, status: v.status, content: v.content as GradingModelContent };
}

export async function findPublishedModel(db: Db, code: string): Promise<ModelVersion | null> {
  try {
    return await getModelVersion(db, code);
  } catch (e) {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') return null;
    throw e;
  }
}

/** What gradingModelProblems needs to check references. */
export async function loadGradingContext(db: Db): Promise<GradingContext> {
  const catalog = await inForceVersions(db, 'info-catalog');
  const catalogItems: Record<string, string[]> = {};
  for (const [code, v] of catalog) {
    const props = (v.content as { dataItems?: { schema?: { properties?: Record<string, unknown> } } }).dataItems?.schema?.properties ?? {};
    catalogItems[code] = Object.keys(props);
  }
  const sanctionMeasures: Record<string, string> = {};
  const day = todayCN();
  for (const v of await versionsOf(db, 'sanction-measure')) {
    if (sanctionMeasures[v.code] === 'published') continue;
    if (v.status === 'published' && inForceOn(v, day)) sanctionMeasures[v.code] = 'published';
    else if (v.status === 'retired' || v.status === 'superseded') sanctionMeasures[v.code] ??= 'retired';
    else sanctionMeasures[v.code] ??= v.status;
  }
  const creditLists = [...(await inForceVersions(db, 'credit-list')).keys()];
  return { catalogItems, sanctionMeasures, creditLists };
}

/**
 * Values of the wrong type (a rule that is a string, indicators holding null, filters that are
 * not a list), judged by the kind's own schema. The semantic checks and the SQL compiler assume
 * these types, so a draft with such problems gets these problems and nothing more; drafts that
 * are merely incomplete still get the semantic checks' precise messages.
 */
export function typeProblems(content: unknown): GradingProblem[] {
  const validate = compileCached(`kind:${GRADING_KIND}:shape`, gradingModelKind.schema);
  if (validate(content)) return [];
  // Picked from Ajv's raw list before anything is localised: it may hold one error per extra key.
  const wrongTypes = (validate.errors ?? []).filter((e) => e.keyword === 'type');
  return issuesOf(wrongTypes, gradingModelKind.schema).map((i) => ({ path: i.path, code: i.keyword, message: i.message }));
}

export async function modelProblems(db: Db, content: unknown): Promise<GradingProblem[]> {
  const wrongTypes = typeProblems(content);
  if (wrongTypes.length) return wrongTypes;
  return gradingModelProblems(content, await loadGradingContext(db));
}

/** Refuses a definition with problems; the first one is the message, all are field errors. */
export function assertNoProblems(problems: GradingProblem[]): void {
  if (!problems.length) return;
  const first = problems[0]!;
  throw new DomainError(
    'INVALID_DEFINITION',
    'grading.errors.invalidModel',
    { count: problems.length, zh: first.message['zh-CN'], en: first.message.en },
    problems.map((p) => ({ path: p.path, key: 'grading.errors.problem', params: { zh: p.message['zh-CN'], en: p.message.en } })),
  );
}
