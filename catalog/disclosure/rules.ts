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

/** What JSON Schema cannot say: each period runs forward (min ≤ max, repair within the period), classes are unique, the default exists. */
export function disclosureRuleIssues(content: Record<string, unknown>): RuleIssue[] {
  const rule = content as unknown as DisclosureRuleContent;
  const out: RuleIssue[] = [];
  const seen = new Set<string>();
  (rule.classes ?? []).forEach((c, i) => {
    if (seen.has(c.severity)) out.push({ path: `classes[${i}].severity`, keyword: 'disclosure.duplicateClass', message: { 'zh-CN': `程度“${c.severity}”重复`, en: `Class “${c.severity}” appears twice` } });
    seen.add(c.severity);
    if (c.maxMonths < c.minMonths) out.push({ path: `classes[${i}].maxMonths`, keyword: 'disclosure.negativePeriod', message: { 'zh-CN': `“${c.severity}”的最长公示期（${c.maxMonths}个月）短于最短公示期（${c.minMonths}个月），公示期将为负`, en: `For “${c.severity}” the maximum public period (${c.maxMonths} months) is shorter than the minimum (${c.minMonths} months): the period would be negative` } });
    if ((c.repairAfterMonths ?? c.minMonths) > c.maxMonths) out.push({ path: `classes[${i}].repairAfterMonths`, keyword: 'disclosure.repairAfterEnd', message: { 'zh-CN': `“${c.severity}”的可申请修复时间晚于公示截止`, en: `For “${c.severity}” repair could only be applied for after publication ends` } });
  });
  if (rule.defaultSeverity && rule.classes?.length && !seen.has(rule.defaultSeverity)) out.push({ path: 'defaultSeverity', keyword: 'disclosure.unknownDefault', message: { 'zh-CN': `默认程度“${rule.defaultSeverity}”不在分类中`, en: `The default class “${rule.defaultSeverity}” is not one of the classes` } });
  return out;
}
