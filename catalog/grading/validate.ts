/**
 * Judges a grading-model entry's content before it is saved, submitted or evaluated: the tree adds
 * up, every leaf has a rule the engine can compile, bands cover 0..total without gaps or overlaps,
 * vetoes and mappings name known grades, the period is well formed, and (with the server's
 * context) rules name data items the catalog item's published version has and mappings name
 * sanction measures still in force. Pure: the designer runs it live, the server runs it with ctx.
 */
import type { Localized } from '../types';
import { isIsoDate } from './period';
import { AGGREGATIONS, PERIOD_KINDS, RULE_SOURCES, type GradeBand, type GradingContext, type GradingProblem, type Indicator, type PointsTable, type ScoringRule } from './types';
import { DEFAULT_FULFILMENT_ITEM } from './score';

/** Data item keys and indicator ids end up inside SQL text as bound parameters; we still only
 *  allow plain identifiers so nothing in a definition can look like SQL. */
export const ITEM_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
export const DEFAULT_TOTAL_POINTS = 1000;

type P = Record<string, string | number>;
const M: Record<string, (p: P) => Localized> = {
  notObject: () => ({ 'zh-CN': '模型定义缺失或不是对象', en: 'The model definition is missing or not an object' }),
  totalPoints: (p) => ({ 'zh-CN': `总分必须是正数（当前：${p.value}）`, en: `Total points must be a positive number (now: ${p.value})` }),
  subjectTypes: () => ({ 'zh-CN': '请至少选择一种适用的主体类型', en: 'Choose at least one applicable subject type' }),
  noIndicators: () => ({ 'zh-CN': '指标体系为空：请至少添加一个指标', en: 'The indicator tree is empty: add at least one indicator' }),
  leafSum: (p) => ({ 'zh-CN': `末级指标分值合计 ${p.sum} 分，不等于模型总分 ${p.total} 分（相差 ${p.diff} 分）`, en: `Leaf indicator points add up to ${p.sum}, not the model total of ${p.total} (off by ${p.diff})` }),
  branchSum: (p) => ({ 'zh-CN': `指标“${p.name}”的分值 ${p.points} 不等于其下级指标合计 ${p.sum}`, en: `Indicator "${p.name}" has ${p.points} points but its children add up to ${p.sum}` }),
  points: (p) => ({ 'zh-CN': `指标“${p.name}”的分值必须是非负数`, en: `Indicator "${p.name}" needs a non-negative number of points` }),
  indicatorId: (p) => ({ 'zh-CN': `指标编号“${p.id}”无效：须以字母开头，只含字母、数字和下划线`, en: `Indicator id "${p.id}" is invalid: start with a letter, use letters, digits and _ only` }),
  duplicateId: (p) => ({ 'zh-CN': `指标编号“${p.id}”重复`, en: `Indicator id "${p.id}" is used twice` }),
  leafWithoutRule: (p) => ({ 'zh-CN': `末级指标“${p.name}”没有评分规则`, en: `Leaf indicator "${p.name}" has no scoring rule` }),
  branchWithRule: (p) => ({ 'zh-CN': `指标“${p.name}”有下级指标，不能再设评分规则（规则只在末级指标上）`, en: `Indicator "${p.name}" has children, so it cannot have a scoring rule (rules belong to leaves)` }),
  source: (p) => ({ 'zh-CN': `未知的数据来源“${p.value}”`, en: `Unknown rule source "${p.value}"` }),
  aggregation: (p) => ({ 'zh-CN': `未知的汇总方式“${p.value}”`, en: `Unknown aggregation "${p.value}"` }),
  ref: () => ({ 'zh-CN': '请选择规则引用的目录信息类别或名单', en: 'Choose the catalog item or list the rule reads' }),
  listAggregation: (p) => ({ 'zh-CN': `名单来源只能用“是否存在”或“计数”，不能用“${p.value}”`, en: `A list-membership rule can only use exists or count, not "${p.value}"` }),
  itemRequired: (p) => ({ 'zh-CN': `汇总方式“${p.value}”需要指定数据项`, en: `Aggregation "${p.value}" needs a data item` }),
  itemKey: (p) => ({ 'zh-CN': `数据项名“${p.item}”无效：须以字母开头，只含字母、数字和下划线，最长 64 位`, en: `Data item "${p.item}" is not a valid name: start with a letter, letters, digits and _ only, at most 64` }),
  unknownCatalogItem: (p) => ({ 'zh-CN': `目录信息类别 ${p.code} 不存在或没有已发布版本`, en: `Catalog item ${p.code} does not exist or has no published version` }),
  unknownDataItem: (p) => ({ 'zh-CN': `目录信息类别 ${p.code} 的已发布版本没有数据项“${p.item}”`, en: `The published version of catalog item ${p.code} has no data item "${p.item}"` }),
  unknownList: (p) => ({ 'zh-CN': `名单 ${p.code} 不存在或未发布`, en: `Credit list ${p.code} does not exist or is not published` }),
  window: (p) => ({ 'zh-CN': `统计窗口必须是 1–120 之间的整数月（当前：${p.value}）`, en: `The window must be a whole number of months from 1 to 120 (now: ${p.value})` }),
  filterOp: (p) => ({ 'zh-CN': `未知的筛选运算“${p.value}”`, en: `Unknown filter operator "${p.value}"` }),
  filterValue: (p) => ({ 'zh-CN': `筛选“${p.item}”的值无效：${p.op} 需要${p.op === 'in' ? '一个列表' : '一个数'}`, en: `The value of filter "${p.item}" is invalid: ${p.op} needs ${p.op === 'in' ? 'a list' : 'a number'}` }),
  pointsTable: () => ({ 'zh-CN': '未知的分值表类型', en: 'Unknown points table kind' }),
  perUnit: () => ({ 'zh-CN': '每次分值必须是数字', en: 'Points per unit must be a number' }),
  minMax: (p) => ({ 'zh-CN': `下限 ${p.min} 大于上限 ${p.max}`, en: `The lower limit ${p.min} is above the upper limit ${p.max}` }),
  rangeOrder: (p) => ({ 'zh-CN': `区间 ${p.index} 的起点不小于终点`, en: `Range ${p.index} does not start below its end` }),
  matchCases: () => ({ 'zh-CN': '请至少添加一个取值对应的分值', en: 'Add at least one value → points case' }),
  start: (p) => ({ 'zh-CN': `起评分 ${p.value} 须在 0 和指标分值 ${p.points} 之间`, en: `The starting points ${p.value} must be between 0 and the indicator's ${p.points}` }),
  noBands: () => ({ 'zh-CN': '请至少设置一个等级', en: 'Add at least one grade band' }),
  duplicateGrade: (p) => ({ 'zh-CN': `等级“${p.grade}”重复`, en: `Grade "${p.grade}" appears twice` }),
  gradeName: () => ({ 'zh-CN': '等级代码不能为空（最长 5 个字符）', en: 'A grade needs a code (at most 5 characters)' }),
  bandMin: (p) => ({ 'zh-CN': `等级 ${p.grade} 的下限 ${p.min} 超出 0–${p.total}`, en: `Grade ${p.grade} starts at ${p.min}, outside 0–${p.total}` }),
  bandOverlap: (p) => ({ 'zh-CN': `等级 ${p.grade} 与 ${p.other} 的分数区间重叠（${p.at} 分）`, en: `Grades ${p.grade} and ${p.other} overlap (at ${p.at})` }),
  bandGap: (p) => ({ 'zh-CN': `等级 ${p.grade} 与 ${p.other} 之间有空档（${p.from}–${p.to} 分不属于任何等级）`, en: `There is a gap between grades ${p.grade} and ${p.other} (${p.from}–${p.to} is in no band)` }),
  bandsNotFromZero: (p) => ({ 'zh-CN': `等级未覆盖 0 分起的分数：最低等级 ${p.grade} 从 ${p.min} 分开始，应为 0`, en: `The bands do not cover scores from 0: the lowest grade ${p.grade} starts at ${p.min}, it must start at 0` }),
  bandsTop: (p) => ({ 'zh-CN': `最高等级 ${p.grade} 的上限 ${p.max} 应等于总分 ${p.total}`, en: `The top grade ${p.grade} ends at ${p.max}; it must end at the total ${p.total}` }),
  unknownGrade: (p) => ({ 'zh-CN': `等级“${p.grade}”不在等级设置中`, en: `Grade "${p.grade}" is not one of the bands` }),
  vetoAggregation: () => ({ 'zh-CN': '否决条件只能用“是否存在”“计数”或“求和”', en: 'A veto can only use exists, count or sum' }),
  periodKind: (p) => ({ 'zh-CN': `未知的评价周期“${p.value}”`, en: `Unknown evaluation period "${p.value}"` }),
  anchor: (p) => ({ 'zh-CN': `周期起算日“${p.value}”不是有效日期（YYYY-MM-DD）`, en: `The period anchor "${p.value}" is not a date (YYYY-MM-DD)` }),
  lag: () => ({ 'zh-CN': '公布滞后天数必须是 0–365 的整数', en: 'The publication lag must be a whole number of days from 0 to 365' }),
  duplicateMapping: (p) => ({ 'zh-CN': `等级 ${p.grade} 的监管措施重复设置`, en: `Grade ${p.grade} has two measure mappings` }),
  ratio: (p) => ({ 'zh-CN': `抽查比例 ${p.value}% 超出 0–100%`, en: `Inspection ratio ${p.value}% is outside 0–100%` }),
  ratioOrder: (p) => ({ 'zh-CN': `抽查比例下限 ${p.min}% 大于上限 ${p.max}%`, en: `Inspection ratio minimum ${p.min}% is above the maximum ${p.max}%` }),
  unknownMeasure: (p) => ({ 'zh-CN': `惩戒措施 ${p.code} 不存在：请从已发布的失信惩戒措施清单中选择`, en: `Sanction measure ${p.code} does not exist: choose a published entry of the sanction measure list` }),
  personSanction: (p) => ({
    'zh-CN': `适用于自然人的评价模型不得将等级映射为惩戒措施（等级 ${p.grade}）：不得因评分低对个人实施惩戒（青铜峡市个人信用积分办法第八条）`,
    en: `A model for natural persons may not map a grade to sanction measures (grade ${p.grade}): no sanction on a person because of a low score (Qingtongxia personal credit points rules §8)`,
  }),
  retiredMeasure: (p) => ({ 'zh-CN': `惩戒措施 ${p.code} 已${p.status === 'retired' ? '废止' : '失效'}，不能再映射：请移除或换成现行措施`, en: `Sanction measure ${p.code} is ${p.status}; remove it or choose one in force` }),
};

export function problemMessage(code: string, params: P = {}): Localized {
  return (M[code] ?? (() => ({ 'zh-CN': code, en: code })))(params);
}

class Problems {
  readonly list: GradingProblem[] = [];
  add(path: string, code: string, params: P = {}) {
    this.list.push({ path, code, params, message: problemMessage(code, params) });
  }
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const fmt = (n: number) => String(Math.round(n * 100) / 100);
const nameOf = (i: Indicator) => i.name?.['zh-CN'] || i.id || '?';

function checkPointsTable(out: Problems, path: string, t: PointsTable | undefined) {
  if (!t || typeof t !== 'object') return out.add(path, 'pointsTable');
  if (t.kind === 'per-unit') {
    if (!isNum(t.perUnit)) out.add(`${path}.perUnit`, 'perUnit');
    if (isNum(t.min) && isNum(t.max) && t.min > t.max) out.add(`${path}.min`, 'minMax', { min: t.min, max: t.max });
  } else if (t.kind === 'ranges') {
    (t.ranges ?? []).forEach((r, i) => {
      if (isNum(r.from) && isNum(r.to) && r.from >= r.to) out.add(`${path}.ranges.${i}`, 'rangeOrder', { index: i + 1 });
    });
  } else if (t.kind === 'match') {
    if (!t.cases?.length) out.add(`${path}.cases`, 'matchCases');
  } else out.add(`${path}.kind`, 'pointsTable');
}

type RuleLike = Omit<ScoringRule, 'points' | 'start'>;

function checkItem(out: Problems, path: string, code: string, item: string, ctx?: GradingContext) {
  if (!ITEM_KEY.test(item)) return out.add(path, 'itemKey', { item });
  const items = ctx?.catalogItems[code];
  if (items && !items.includes(item)) out.add(path, 'unknownDataItem', { code, item });
}

function checkRule(out: Problems, path: string, rule: RuleLike, ctx?: GradingContext) {
  if (!(RULE_SOURCES as readonly string[]).includes(rule.source)) out.add(`${path}.source`, 'source', { value: String(rule.source) });
  if (!(AGGREGATIONS as readonly string[]).includes(rule.aggregation)) out.add(`${path}.aggregation`, 'aggregation', { value: String(rule.aggregation) });
  if (rule.windowMonths !== null && rule.windowMonths !== undefined && !(Number.isInteger(rule.windowMonths) && rule.windowMonths >= 1 && rule.windowMonths <= 120)) {
    out.add(`${path}.windowMonths`, 'window', { value: String(rule.windowMonths) });
  }
  if (typeof rule.ref !== 'string' || !rule.ref.trim()) return out.add(`${path}.ref`, 'ref');
  if (rule.source === 'list-membership') {
    if (rule.aggregation !== 'exists' && rule.aggregation !== 'count') out.add(`${path}.aggregation`, 'listAggregation', { value: rule.aggregation });
    if (ctx && !ctx.creditLists.includes(rule.ref)) out.add(`${path}.ref`, 'unknownList', { code: rule.ref });
    return;
  }
  if (ctx && !ctx.catalogItems[rule.ref]) out.add(`${path}.ref`, 'unknownCatalogItem', { code: rule.ref });
  if (rule.aggregation === 'sum' || rule.aggregation === 'latest') {
    if (!rule.item) out.add(`${path}.item`, 'itemRequired', { value: rule.aggregation });
  }
  const item = rule.item ?? (rule.source === 'commitment-fulfilment' ? DEFAULT_FULFILMENT_ITEM : null);
  if (item) checkItem(out, `${path}.item`, rule.ref, item, ctx);
  (rule.filters ?? []).forEach((f, i) => {
    const fp = `${path}.filters.${i}`;
    checkItem(out, `${fp}.item`, rule.ref, String(f.item ?? ''), ctx);
    if (!['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte'].includes(f.op)) return out.add(`${fp}.op`, 'filterOp', { value: String(f.op) });
    if (f.op === 'in' && !Array.isArray(f.value)) out.add(`${fp}.value`, 'filterValue', { item: f.item, op: f.op });
    if (['gt', 'gte', 'lt', 'lte'].includes(f.op) && !Number.isFinite(Number(f.value))) out.add(`${fp}.value`, 'filterValue', { item: f.item, op: f.op });
  });
}

function checkTree(out: Problems, nodes: Indicator[], path: string, ids: Set<string>, ctx?: GradingContext): number {
  let sum = 0;
  nodes.forEach((node, i) => {
    const p = `${path}.${i}`;
    if (typeof node.id !== 'string' || !/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(node.id)) out.add(`${p}.id`, 'indicatorId', { id: String(node.id) });
    else if (ids.has(node.id)) out.add(`${p}.id`, 'duplicateId', { id: node.id });
    else ids.add(node.id);
    if (!isNum(node.points) || node.points < 0) out.add(`${p}.points`, 'points', { name: nameOf(node) });
    if (node.children?.length) {
      if (node.rule) out.add(`${p}.rule`, 'branchWithRule', { name: nameOf(node) });
      const childSum = checkTree(out, node.children, `${p}.children`, ids, ctx);
      if (isNum(node.points) && Math.abs(childSum - node.points) > 1e-9) out.add(`${p}.points`, 'branchSum', { name: nameOf(node), points: node.points, sum: fmt(childSum) });
      sum += childSum;
    } else {
      sum += isNum(node.points) ? node.points : 0;
      if (!node.rule) return out.add(`${p}.rule`, 'leafWithoutRule', { name: nameOf(node) });
      checkRule(out, `${p}.rule`, node.rule, ctx);
      checkPointsTable(out, `${p}.rule.points`, node.rule.points);
      const start = node.rule.start;
      if (start !== null && start !== undefined && (!isNum(start) || start < 0 || (isNum(node.points) && start > node.points))) out.add(`${p}.rule.start`, 'start', { value: String(start), points: node.points });
    }
  });
  return sum;
}

function checkBands(out: Problems, bands: GradeBand[], total: number) {
  const path = 'definition.bands';
  if (!bands?.length) return out.add(path, 'noBands');
  const seen = new Set<string>();
  bands.forEach((b, i) => {
    if (typeof b.grade !== 'string' || !b.grade.trim() || b.grade.length > 5) out.add(`${path}.${i}.grade`, 'gradeName');
    else if (seen.has(b.grade)) out.add(`${path}.${i}.grade`, 'duplicateGrade', { grade: b.grade });
    seen.add(b.grade);
    if (!isNum(b.min) || b.min < 0 || b.min > total) out.add(`${path}.${i}.min`, 'bandMin', { grade: b.grade, min: String(b.min), total });
  });
  const sorted = bands.map((b, i) => ({ b, i })).filter(({ b }) => isNum(b.min)).sort((x, y) => x.b.min - y.b.min);
  const lowest = sorted[0];
  if (lowest && lowest.b.min > 0) out.add(`${path}.${lowest.i}.min`, 'bandsNotFromZero', { grade: lowest.b.grade, min: lowest.b.min });
  sorted.forEach(({ b, i }, k) => {
    const next = sorted[k + 1];
    if (next && next.b.min === b.min) out.add(`${path}.${next.i}.min`, 'bandOverlap', { grade: next.b.grade, other: b.grade, at: b.min });
    if (!isNum(b.max)) return;
    if (!next) {
      if (b.max !== total) out.add(`${path}.${i}.max`, 'bandsTop', { grade: b.grade, max: b.max, total });
    } else if (b.max > next.b.min) out.add(`${path}.${i}.max`, 'bandOverlap', { grade: b.grade, other: next.b.grade, at: `${next.b.min}–${b.max}` });
    else if (b.max < next.b.min) out.add(`${path}.${i}.max`, 'bandGap', { grade: b.grade, other: next.b.grade, from: b.max, to: next.b.min });
  });
}

/** Every problem of a grading-model entry's content, at JSON paths into it. Empty = valid. */
export function gradingModelProblems(content: unknown, ctx?: GradingContext): GradingProblem[] {
  const out = new Problems();
  const c = (content ?? {}) as { totalPoints?: unknown; definition?: unknown };
  const total = c.totalPoints === undefined ? DEFAULT_TOTAL_POINTS : c.totalPoints;
  if (!isNum(total) || total <= 0) out.add('totalPoints', 'totalPoints', { value: String(total) });
  const def = c.definition as import('./types').GradingDefinition | undefined;
  if (!def || typeof def !== 'object' || Array.isArray(def)) {
    out.add('definition', 'notObject');
    return out.list;
  }
  const totalN = isNum(total) ? total : DEFAULT_TOTAL_POINTS;
  if (!Array.isArray(def.subjectTypes) || def.subjectTypes.length === 0) out.add('definition.subjectTypes', 'subjectTypes');
  if (!Array.isArray(def.indicators) || def.indicators.length === 0) out.add('definition.indicators', 'noIndicators');
  else {
    const sum = checkTree(out, def.indicators, 'definition.indicators', new Set(), ctx);
    if (Math.abs(sum - totalN) > 1e-9) out.add('definition.indicators', 'leafSum', { sum: fmt(sum), total: totalN, diff: fmt(sum - totalN) });
  }
  checkBands(out, Array.isArray(def.bands) ? def.bands : [], totalN);
  const grades = new Set([...(Array.isArray(def.bands) ? def.bands : []), ...(def.specialGrades ?? [])].map((b) => b.grade));
  (def.vetoes ?? []).forEach((v, i) => {
    const p = `definition.vetoes.${i}`;
    if (!grades.has(v.grade)) out.add(`${p}.grade`, 'unknownGrade', { grade: String(v.grade) });
    if (!v.rule) return out.add(`${p}.rule`, 'ref');
    checkRule(out, `${p}.rule`, v.rule, ctx);
    if (v.rule.aggregation === 'latest') out.add(`${p}.rule.aggregation`, 'vetoAggregation');
  });
  const period = def.period;
  if (!period || !(PERIOD_KINDS as readonly string[]).includes(period.kind)) out.add('definition.period.kind', 'periodKind', { value: String(period?.kind) });
  if (!isIsoDate(period?.anchor)) out.add('definition.period.anchor', 'anchor', { value: String(period?.anchor ?? '') });
  if (period && !(Number.isInteger(period.publicationLagDays) && period.publicationLagDays >= 0 && period.publicationLagDays <= 365)) out.add('definition.period.publicationLagDays', 'lag');
  const mapped = new Set<string>();
  (def.mappings ?? []).forEach((m, i) => {
    const p = `definition.mappings.${i}`;
    if (!grades.has(m.grade)) out.add(`${p}.grade`, 'unknownGrade', { grade: String(m.grade) });
    else if (mapped.has(m.grade)) out.add(`${p}.grade`, 'duplicateMapping', { grade: m.grade });
    mapped.add(m.grade);
    const r = m.inspectionRatio ?? { min: NaN, max: NaN };
    for (const k of ['min', 'max'] as const) if (!isNum(r[k]) || r[k] < 0 || r[k] > 100) out.add(`${p}.inspectionRatio.${k}`, 'ratio', { value: String(r[k]) });
    if (isNum(r.min) && isNum(r.max) && r.min > r.max) out.add(`${p}.inspectionRatio`, 'ratioOrder', { min: r.min, max: r.max });
    // 青铜峡 §8: a score is no ground for sanctioning a person.
    if ((def.subjectTypes ?? []).includes('自然人') && (m.sanctionMeasures ?? []).length) out.add(`${p}.sanctionMeasures`, 'personSanction', { grade: String(m.grade) });
    (m.sanctionMeasures ?? []).forEach((s, j) => {
      if (!ctx) return;
      const status = ctx.sanctionMeasures[s.code];
      if (!status) out.add(`${p}.sanctionMeasures.${j}`, 'unknownMeasure', { code: s.code });
      else if (status !== 'published') out.add(`${p}.sanctionMeasures.${j}`, 'retiredMeasure', { code: s.code, status });
    });
  });
  return out.list;
}
