/**
 * Disclosure rules as data (register kind `disclosure-rule`): the version in force on a record's
 * decision date judges it. `stampDisclosure` writes what that version says about an accepted record
 * (class, published, 公示截止日, 可申请修复日) into record_disclosure, in the caller's transaction
 * (acceptance, or the sweep that stamps records accepted before rules existed).
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { record, recordDisclosure } from '../db/schema';
import { inForceVersions } from '../grading/models';
import { classify, datesFor, type DisclosureRuleContent } from '../../catalog/disclosure/rules';

export const RULE_KIND = 'disclosure-rule';

export interface RuleVersion {
  code: string;
  version: number;
  content: DisclosureRuleContent;
}

/** The rule for a catalog item in force on `day` (null when the office has none). */
export async function ruleInForce(db: Db, catalogCode: string, day: string): Promise<RuleVersion | null> {
  for (const [code, v] of await inForceVersions(db, RULE_KIND, day)) {
    const content = v.content as unknown as DisclosureRuleContent;
    if (content.catalogItem === catalogCode) return { code, version: v.version, content };
  }
  return null;
}

type RecordRow = Pick<typeof record.$inferSelect, 'id' | 'catalogCode' | 'data' | 'decisionDate' | 'publishedAt'>;

/** What the rule says about a record (without writing it). */
export async function judge(db: Db, r: RecordRow) {
  const day = r.decisionDate ?? (r.publishedAt ?? new Date()).toISOString().slice(0, 10);
  const rule = await ruleInForce(db, r.catalogCode, day);
  if (!rule) return { ruleCode: null, ruleVersion: null, severity: null, published: true, decisionDate: r.decisionDate, publicUntil: null, repairableFrom: null };
  const d = datesFor(classify(rule.content, r.data), day);
  return { ruleCode: rule.code, ruleVersion: rule.version, severity: d.severity, published: d.published, decisionDate: day, publicUntil: d.publicUntil, repairableFrom: d.repairableFrom };
}

/** Stamps (or re-stamps, after a correction) an accepted record with its disclosure. */
export async function stampDisclosure(tx: Db, recordId: string) {
  const [r] = await tx.select().from(record).where(eq(record.id, recordId));
  if (!r) return null;
  const j = await judge(tx, r);
  await tx
    .insert(recordDisclosure)
    .values({ recordId, ...j })
    .onConflictDoUpdate({ target: recordDisclosure.recordId, set: { ruleCode: j.ruleCode, ruleVersion: j.ruleVersion, severity: j.severity, published: j.published, decisionDate: j.decisionDate, publicUntil: j.publicUntil, repairableFrom: j.repairableFrom, stampedAt: new Date() } });
  return j;
}
