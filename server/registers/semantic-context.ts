/**
 * What a kind's semantic check (catalog/kinds/semantic.ts) may look up, loaded only for the kind
 * being checked: the user directory for approval flows, the registers in force for grading models.
 */
import type { Db } from '../db';
import type { SemanticContext } from '../../catalog/kinds/semantic';
import { flowValidationContextOf } from '../flow-design/service';
import { loadGradingContext } from '../grading/models';
import { fileFacts } from '../files/service';
import { templateHashes, type ListCheckContext } from '../../catalog/lists/validate';
import { inForceVersions } from '../grading/models';
import { todayCN } from '../registers/dates';
import { now as clockNow } from '../flows/clock';
import { modelGrades, type GradingModelContent } from '../../catalog/grading/types';
import { and, desc, eq, inArray, isNull, ne, or, sql, gt } from 'drizzle-orm';
import { entry, entryVersion } from '../db/schema';
import { IN_FORCE_STATUSES } from './status';
import { dataItemChoices } from '../../catalog/data-items';
import type { DisclosureRuleContext } from '../../catalog/disclosure/rules';

export async function semanticContextFor(db: Db, kindCode: string, content: Record<string, unknown> = {}, entryCode?: string): Promise<SemanticContext> {
  switch (kindCode) {
    case 'disclosure-rule':
      return { disclosure: await disclosureContextOf(db, content, entryCode) };
    case 'credit-list':
      return { lists: { files: await fileFacts(db, templateHashes(content)), ...(await eligibilityModelOf(db, content)) } };
    case 'approval-flow':
      return flowValidationContextOf(db);
    case 'grading-model':
      return { grading: await loadGradingContext(db) };
    default:
      return {};
  }
}

/** The grading model a red list's conditions name, as in force today: its name and its grades. */
async function eligibilityModelOf(db: Db, content: Record<string, unknown>): Promise<Pick<ListCheckContext, 'eligibilityModel'>> {
  const code = (content.eligibilityModel as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || !code) return {};
  const model = (await inForceVersions(db, 'grading-model', todayCN(await clockNow(db)))).get(code);
  if (!model) return {};
  const c = model.content as GradingModelContent;
  return { eligibilityModel: { name: String(c.name ?? code), grades: modelGrades(c).map((g) => g.grade) } };
}

/**
 * A disclosure rule's catalog item — its version in force today, else its latest published one
 * (an item announced for a later date) — and the other rules, in force, announced or awaiting
 * approval, that govern the same item.
 */
async function disclosureContextOf(db: Db, content: Record<string, unknown>, entryCode?: string): Promise<DisclosureRuleContext> {
  const code = typeof content.catalogItem === 'string' ? content.catalogItem : '';
  if (!code) return { catalogItem: null, otherRules: [] };
  const today = todayCN(await clockNow(db));
  const current = or(isNull(entryVersion.validTo), gt(entryVersion.validTo, today));
  const [items, rules] = await Promise.all([
    db
      .select({ content: entryVersion.content, validFrom: entryVersion.validFrom })
      .from(entryVersion)
      .innerJoin(entry, eq(entry.id, entryVersion.entryId))
      .where(and(eq(entryVersion.kindCode, 'info-catalog'), eq(entry.code, code), eq(entryVersion.status, 'published'), current))
      .orderBy(desc(entryVersion.version)),
    db
      .selectDistinctOn([entry.code], { code: entry.code, name: sql<string>`${entryVersion.content}->>'name'`, status: entryVersion.status })
      .from(entryVersion)
      .innerJoin(entry, eq(entry.id, entryVersion.entryId))
      .where(and(eq(entryVersion.kindCode, 'disclosure-rule'), inArray(entryVersion.status, ['in_review', ...IN_FORCE_STATUSES.filter((s) => s !== 'retired')]), current, sql`${entryVersion.content}->>'catalogItem' = ${code}`, entryCode ? ne(entry.code, entryCode) : undefined))
      .orderBy(entry.code, desc(entryVersion.version)),
  ]);
  const inForce = items.find((v) => v.validFrom !== null && v.validFrom <= today) ?? items[0];
  const c = inForce?.content as { name?: unknown; dataItems?: unknown } | undefined;
  return {
    catalogItem: c ? { code, name: typeof c.name === 'string' && c.name ? c.name : code, dataItems: dataItemChoices(c.dataItems).map((d) => ({ key: d.key, label: d.label['zh-CN'] ?? d.key })) } : null,
    otherRules: rules.map((r) => ({ code: r.code, name: r.name || r.code, inReview: r.status === 'in_review' })),
  };
}
