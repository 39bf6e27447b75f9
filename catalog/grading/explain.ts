/**
 * A scoring rule in plain words (zh-CN and English), for the designer's preview and for the
 * explanation a department shows the subject: "近12个月内 行政处罚信息（XZCF）中 处罚类别 = 罚款
 * 的记录，每条 −20 分，最多扣 100 分".
 */
import type { Localized } from '../types';
import type { DataItemFilter, PointsTable, ScoringRule } from './types';
import { DEFAULT_FULFILMENT_ITEM } from './score';

/** Display names the caller knows (catalog items, lists, data items); codes are used when missing. */
export interface ExplainNames {
  refs?: Record<string, string>;
  items?: Record<string, string>;
}

const OPS: Record<DataItemFilter['op'], [string, string]> = { eq: ['=', '='], ne: ['≠', '≠'], in: ['属于', 'in'], gt: ['>', '>'], gte: ['≥', '≥'], lt: ['<', '<'], lte: ['≤', '≤'] };
const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : '0');

function filterText(f: DataItemFilter, names: ExplainNames, lang: 0 | 1): string {
  const v = Array.isArray(f.value) ? f.value.join(lang ? ', ' : '、') : String(f.value);
  return `${names.items?.[f.item] ?? f.item} ${OPS[f.op][lang]} ${v}`;
}

function tableText(t: PointsTable, unit: [string, string]): Localized {
  if (t.kind === 'per-unit') {
    const cap = [t.min !== null && t.min !== undefined && t.min < 0 ? [`最多扣 ${Math.abs(t.min)} 分`, `at most ${Math.abs(t.min)} points off`] : null, t.max !== null && t.max !== undefined && t.max > 0 ? [`最多加 ${t.max} 分`, `at most ${t.max} points added`] : null].filter(Boolean) as [string, string][];
    return {
      'zh-CN': `每${unit[0]} ${signed(t.perUnit)} 分${cap.map((c) => `，${c[0]}`).join('')}`,
      en: `${signed(t.perUnit)} points per ${unit[1]}${cap.map((c) => `, ${c[1]}`).join('')}`,
    };
  }
  if (t.kind === 'ranges') {
    const zh = t.ranges.map((r) => `${r.from ?? '−∞'}–${r.to ?? '∞'}：${signed(r.points)} 分`).join('；');
    const en = t.ranges.map((r) => `${r.from ?? '−∞'} to ${r.to ?? '∞'}: ${signed(r.points)}`).join('; ');
    return { 'zh-CN': `${zh}${t.otherwise ? `；其他 ${signed(t.otherwise)} 分` : ''}`, en: `${en}${t.otherwise ? `; otherwise ${signed(t.otherwise)}` : ''}` };
  }
  return {
    'zh-CN': `${t.cases.map((c) => `为 ${c.equals}：${signed(c.points)} 分`).join('；')}${t.otherwise ? `；其他 ${signed(t.otherwise)} 分` : ''}`,
    en: `${t.cases.map((c) => `${c.equals}: ${signed(c.points)}`).join('; ')}${t.otherwise ? `; otherwise ${signed(t.otherwise)}` : ''}`,
  };
}

/** What the rule counts, without the points: "近12个月内 行政处罚信息（XZCF）中 处罚类别 = 罚款 的记录数". */
export function describeCondition(rule: Omit<ScoringRule, 'points' | 'start'>, names: ExplainNames = {}): Localized {
  const ref = names.refs?.[rule.ref] ? `${names.refs[rule.ref]}（${rule.ref}）` : rule.ref;
  const refEn = names.refs?.[rule.ref] ? `${names.refs[rule.ref]} (${rule.ref})` : rule.ref;
  const within: Localized = rule.windowMonths ? { 'zh-CN': `评价期最后 ${rule.windowMonths} 个月内`, en: `in the last ${rule.windowMonths} months of the period` } : { 'zh-CN': '评价期内', en: 'in the period' };
  const filters = rule.filters ?? [];
  const fZh = filters.length ? `中 ${filters.map((f) => filterText(f, names, 0)).join(' 且 ')} 的` : '的';
  const fEn = filters.length ? ` where ${filters.map((f) => filterText(f, names, 1)).join(' and ')}` : '';
  const item = rule.item ?? (rule.source === 'commitment-fulfilment' ? DEFAULT_FULFILMENT_ITEM : '');
  const itemName = names.items?.[item] ?? item;
  if (rule.source === 'list-membership') {
    return rule.aggregation === 'exists'
      ? { 'zh-CN': `${within['zh-CN']}是否在名单 ${ref} 上`, en: `whether on list ${refEn} ${within.en}` }
      : { 'zh-CN': `${within['zh-CN']}被列入名单 ${ref} 的次数`, en: `times listed on ${refEn} ${within.en}` };
  }
  const what = rule.source === 'commitment-fulfilment' ? ['有履约情况的承诺记录', 'commitment records with a fulfilment status'] : rule.source === 'external-grade' ? ['评价结果记录', 'grade records'] : ['记录', 'records'];
  const agg: Record<string, [string, string]> = {
    exists: [`是否有${what[0]}`, `whether there are ${what[1]}`],
    count: [`${what[0]}条数`, `number of ${what[1]}`],
    sum: [`${what[0]}的“${itemName}”合计`, `sum of "${itemName}" over ${what[1]}`],
    latest: [`最近一条${what[0]}的“${itemName}”`, `"${itemName}" of the latest of ${what[1]}`],
  };
  const a = agg[rule.aggregation] ?? [rule.aggregation, rule.aggregation];
  return { 'zh-CN': `${within['zh-CN']} ${ref} ${fZh}${a[0]}`, en: `${a[1]} of ${refEn}${fEn} ${within.en}` };
}

/** The whole rule: condition, points table, start and clamp. */
export function describeRule(rule: ScoringRule, leafPoints: number, names: ExplainNames = {}): Localized {
  const cond = describeCondition(rule, names);
  const unit: [string, string] = rule.aggregation === 'count' ? ['条', 'record'] : ['单位', 'unit'];
  const table = tableText(rule.points, unit);
  const start = rule.start ?? leafPoints;
  return {
    'zh-CN': `${cond['zh-CN']}；${table['zh-CN']}；起评 ${start} 分，得分在 0–${leafPoints} 分之间`,
    en: `${cond.en}; ${table.en}; starts at ${start}, kept within 0–${leafPoints}`,
  };
}
