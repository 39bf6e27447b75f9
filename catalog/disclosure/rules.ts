/**
 * Disclosure rules, pure (browser and server): classify a record's data into a severity class,
 * and compute its 公示截止日 and 可申请修复日 from the class; the semantic check of a rule version
 * (a period that would be negative is refused at submit). Text matching is plain `includes`: a
 * pattern from data never reaches RegExp.
 */
import { addMonths } from '../dates';

export interface DisclosureClass {
  severity: string;
  published: boolean;
  minMonths: number;
  maxMonths: number;
  repairAfterMonths?: number;
  matchItem?: string;
  matchAny?: string[];
}

export interface DisclosureRuleContent {
  name: string;
  catalogItem: string;
  regime?: string;
  classes: DisclosureClass[];
  defaultSeverity: string;
  severityField?: string;
  objectionAnswerDays: number;
  repairAcceptDays: number;
  repairDecideDays: number;
}

/** The class a record's data falls in: the severity field when the form states it, else the first matching class, else the default. */
export function classify(rule: DisclosureRuleContent, data: Record<string, unknown>): DisclosureClass {
  const byName = (s: string) => rule.classes.find((c) => c.severity === s);
  if (rule.severityField) {
    const v = data[rule.severityField];
    if (typeof v === 'string' && byName(v)) return byName(v)!;
  }
  for (const c of rule.classes) {
    if (!c.matchItem || !c.matchAny?.length) continue;
    const v = data[c.matchItem];
    if (typeof v === 'string' && c.matchAny.some((m) => v.includes(m))) return c;
  }
  return byName(rule.defaultSeverity) ?? rule.classes[0]!;
}

export interface DisclosureDates {
  severity: string;
  published: boolean;
  /** 公示截止日: the last day of publication (the maximum period). */
  publicUntil: string;
  /** 可申请修复日: the first day a repair may be applied for. */
  repairableFrom: string;
}

export function datesFor(cls: DisclosureClass, decisionDate: string): DisclosureDates {
  return {
    severity: cls.severity,
    published: cls.published,
    publicUntil: addMonths(decisionDate, cls.maxMonths),
    repairableFrom: addMonths(decisionDate, cls.repairAfterMonths ?? cls.minMonths),
  };
}

export interface RuleIssue {
  path: string;
  keyword: string;
  message: { 'zh-CN': string; en: string };
}

/**
 * What a rule's check looks up in the registers (server/registers/semantic-context.ts): the catalog
 * item it names (its name and its form's data items), or null when no such item has been
 * published; and the other rules that already govern that item.
 */
export interface DisclosureRuleContext {
  catalogItem: { code: string; name: string; dataItems: { key: string; label: string }[] } | null;
  otherRules: { code: string; name: string; inReview?: boolean }[];
}

/**
 * What JSON Schema cannot say: each period runs forward (min ≤ max, repair within the period),
 * classes are unique, the default exists, a class that matches by text names both the data item
 * and the words. With `ctx`: the catalog item exists and no other rule governs it (the first rule
 * found would silently win), and every data item named is one of its form's.
 */
export function disclosureRuleIssues(content: Record<string, unknown>, ctx?: DisclosureRuleContext): RuleIssue[] {
  const rule = content as unknown as DisclosureRuleContent;
  const out: RuleIssue[] = [];
  const seen = new Set<string>();
  const item = ctx?.catalogItem;
  const itemName = item ? `「${item.name}」` : '';
  const unknownItem = (key: string | undefined) => Boolean(item && key && !item.dataItems.some((d) => d.key === key));
  const notADataItem = (what: { zh: string; en: string }) => ({
    'zh-CN': `${what.zh}须是目录事项${itemName}表单中的数据项，请从中选择`,
    en: `${what.en} must be a data item of the catalog item ${item?.name ?? ''}'s form; pick one of them`,
  });
  (rule.classes ?? []).forEach((c, i) => {
    if (seen.has(c.severity)) out.push({ path: `classes[${i}].severity`, keyword: 'disclosure.duplicateClass', message: { 'zh-CN': `程度“${c.severity}”重复`, en: `Class “${c.severity}” appears twice` } });
    seen.add(c.severity);
    if (c.maxMonths < c.minMonths) out.push({ path: `classes[${i}].maxMonths`, keyword: 'disclosure.negativePeriod', message: { 'zh-CN': `“${c.severity}”的最长公示期（${c.maxMonths}个月）短于最短公示期（${c.minMonths}个月），公示期将为负`, en: `For “${c.severity}” the maximum public period (${c.maxMonths} months) is shorter than the minimum (${c.minMonths} months): the period would be negative` } });
    if ((c.repairAfterMonths ?? c.minMonths) > c.maxMonths) out.push({ path: `classes[${i}].repairAfterMonths`, keyword: 'disclosure.repairAfterEnd', message: { 'zh-CN': `“${c.severity}”的可申请修复时间晚于公示截止`, en: `For “${c.severity}” repair could only be applied for after publication ends` } });
    const words = (c.matchAny?.length ?? 0) > 0;
    if (words && !c.matchItem) out.push({ path: `classes[${i}].matchItem`, keyword: 'disclosure.matchWithoutItem', message: { 'zh-CN': `“${c.severity}”一行填写了包含文字，但未选择归类数据项，这一行永远不会被匹配`, en: `The “${c.severity}” row lists words but no data item to look in: it would never match` } });
    if (c.matchItem && !words) out.push({ path: `classes[${i}].matchAny`, keyword: 'disclosure.matchWithoutWords', message: { 'zh-CN': `“${c.severity}”一行选择了归类数据项，但未填写包含文字，这一行永远不会被匹配`, en: `The “${c.severity}” row names a data item but no words to look for: it would never match` } });
    if (unknownItem(c.matchItem)) out.push({ path: `classes[${i}].matchItem`, keyword: 'disclosure.unknownDataItem', message: notADataItem({ zh: `“${c.severity}”一行的归类数据项`, en: `The “${c.severity}” row's data item` }) });
  });
  if (rule.defaultSeverity && rule.classes?.length && !seen.has(rule.defaultSeverity)) out.push({ path: 'defaultSeverity', keyword: 'disclosure.unknownDefault', message: { 'zh-CN': `默认程度“${rule.defaultSeverity}”不在分类中`, en: `The default class “${rule.defaultSeverity}” is not one of the classes` } });
  if (unknownItem(rule.severityField)) out.push({ path: 'severityField', keyword: 'disclosure.unknownDataItem', message: notADataItem({ zh: '程度数据项', en: 'The severity data item' }) });
  if (ctx && rule.catalogItem) {
    if (!item) out.push({ path: 'catalogItem', keyword: 'disclosure.unknownCatalogItem', message: { 'zh-CN': `目录事项“${rule.catalogItem}”不存在或尚未发布，请从信用信息目录中选择`, en: `There is no published catalog item “${rule.catalogItem}”; pick one from the catalog` } });
    for (const other of ctx.otherRules) {
      out.push({ path: 'catalogItem', keyword: 'disclosure.itemHasRule', message: { 'zh-CN': `目录事项${itemName || `“${rule.catalogItem}”`}已由规则「${other.name}」${other.inReview ? '（正在审批）' : ''}规定，一个目录事项只能有一条公示与修复规则：请修改那条规则`, en: `The catalog item ${item?.name ?? rule.catalogItem} is already governed by the rule “${other.name}”${other.inReview ? ' (awaiting approval)' : ''}; an item has one rule: change that one instead` } });
    }
  }
  return out;
}
