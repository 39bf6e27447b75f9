import { describe, expect, it } from 'vitest';
import { gradingModelProblems } from './validate';
import type { GradingContext, GradingModelContent } from './types';
import { latestCompletedPeriod, periodContaining, windowOf } from './period';
import { describeRule } from './explain';

const L = (zh: string) => ({ 'zh-CN': zh, en: zh });
const base = (): GradingModelContent => ({
  name: '测试',
  industry: '市场监管',
  totalPoints: 1000,
  definition: {
    subjectTypes: ['法人及非法人组织'],
    indicators: [
      { id: 'a', name: L('处罚'), points: 600, children: [{ id: 'a1', name: L('处罚次数'), points: 600, rule: { source: 'records', ref: 'XZCF', aggregation: 'count', points: { kind: 'per-unit', perUnit: -50, min: -300 } } }] },
      { id: 'b', name: L('许可'), points: 400, rule: { source: 'records', ref: 'XZXK', aggregation: 'sum', item: 'XK_AMOUNT', points: { kind: 'per-unit', perUnit: 1, max: 30 } } },
    ],
    bands: [
      { grade: 'A', label: L('优秀'), min: 900 },
      { grade: 'B', label: L('良好'), min: 800 },
      { grade: 'C', label: L('中等'), min: 700 },
      { grade: 'D', label: L('较差'), min: 600 },
      { grade: 'E', label: L('差'), min: 0 },
    ],
    vetoes: [{ id: 'v', label: L('名单'), grade: 'E', rule: { source: 'list-membership', ref: 'CL-001', aggregation: 'exists' } }],
    period: { kind: 'annual', anchor: '2024-01-01', publicationLagDays: 30 },
    mappings: [{ grade: 'A', inspectionRatio: { min: 0, max: 5 }, frequency: L('每年不超过1次'), sanctionMeasures: [{ code: 'SM-001' }] }],
  },
});
const ctx: GradingContext = { catalogItems: { XZCF: ['CF_CFLB', 'CF_NR_FK'], XZXK: ['XK_AMOUNT'] }, sanctionMeasures: { 'SM-001': 'published', 'SM-009': 'retired' }, creditLists: ['CL-001'] };
const codes = (c: GradingModelContent, x?: GradingContext) => gradingModelProblems(c, x).map((p) => `${p.path}:${p.code}`);

describe('grading model validation', () => {
  it('accepts a sound model, with and without context', () => {
    expect(gradingModelProblems(base())).toEqual([]);
    expect(gradingModelProblems(base(), ctx)).toEqual([]);
  });

  it('leaf points that do not sum to the total name both numbers (also for a 100-point model)', () => {
    const c = base();
    c.definition.indicators[1]!.points = 350;
    const [p] = gradingModelProblems(c).filter((x) => x.code === 'leafSum');
    expect(p!.path).toBe('definition.indicators');
    expect(p!.message['zh-CN']).toBe('末级指标分值合计 950 分，不等于模型总分 1000 分（相差 -50 分）');
    expect(p!.message.en).toBe('Leaf indicator points add up to 950, not the model total of 1000 (off by -50)');
    const hundred = base();
    hundred.totalPoints = 100;
    expect(codes(hundred)).toContain('definition.indicators:leafSum');
  });

  it("a branch's points must equal its children's; leaves need rules, branches must not have one", () => {
    const c = base();
    c.definition.indicators[0]!.points = 500;
    c.definition.indicators[0]!.rule = c.definition.indicators[1]!.rule;
    delete c.definition.indicators[1]!.rule;
    expect(codes(c)).toEqual(expect.arrayContaining(['definition.indicators.0.points:branchSum', 'definition.indicators.0.rule:branchWithRule', 'definition.indicators.1.rule:leafWithoutRule']));
  });

  it('bands: overlapping, gapped, not from zero, duplicate grades', () => {
    const c = base();
    c.definition.bands[1]!.min = 900;
    expect(gradingModelProblems(c).find((p) => p.code === 'bandOverlap')!.message['zh-CN']).toContain('重叠');
    const gap = base();
    gap.definition.bands[4]!.min = 100;
    expect(codes(gap)).toContain('definition.bands.4.min:bandsNotFromZero');
    const explicit = base();
    explicit.definition.bands[1]!.max = 850;
    const g = gradingModelProblems(explicit).find((p) => p.code === 'bandGap')!;
    expect(g.path).toBe('definition.bands.1.max');
    expect(g.message.en).toBe('There is a gap between grades B and A (850–900 is in no band)');
    const dup = base();
    dup.definition.bands[2]!.grade = 'B';
    expect(codes(dup)).toContain('definition.bands.2.grade:duplicateGrade');
  });

  it('vetoes and mappings must name known grades; ratios within 0–100 and min ≤ max; anchor a date', () => {
    const c = base();
    c.definition.vetoes![0]!.grade = 'X';
    c.definition.mappings[0]!.grade = 'Z';
    c.definition.mappings.push({ grade: 'B', inspectionRatio: { min: 30, max: 120 }, frequency: L('x') }, { grade: 'C', inspectionRatio: { min: 60, max: 20 }, frequency: L('x') });
    c.definition.period.anchor = '2024-02-30';
    expect(codes(c)).toEqual(
      expect.arrayContaining(['definition.vetoes.0.grade:unknownGrade', 'definition.mappings.0.grade:unknownGrade', 'definition.mappings.1.inspectionRatio.max:ratio', 'definition.mappings.2.inspectionRatio:ratioOrder', 'definition.period.anchor:anchor']),
    );
  });

  it('with context: unknown data item, unknown catalog item, unknown or retired sanction measure', () => {
    const c = base();
    c.definition.indicators[1]!.rule!.item = 'XK_NOPE';
    c.definition.indicators[0]!.children![0]!.rule!.filters = [{ item: 'CF_MISSING', op: 'eq', value: '罚款' }];
    c.definition.mappings[0]!.sanctionMeasures = [{ code: 'SM-404' }, { code: 'SM-009' }];
    const problems = gradingModelProblems(c, ctx);
    expect(problems.find((p) => p.path === 'definition.indicators.1.rule.item')!.message['zh-CN']).toBe('目录信息类别 XZXK 的已发布版本没有数据项“XK_NOPE”');
    expect(problems.map((p) => p.code)).toEqual(expect.arrayContaining(['unknownDataItem', 'unknownMeasure', 'retiredMeasure']));
    expect(problems.find((p) => p.code === 'retiredMeasure')!.message.en).toBe('Sanction measure SM-009 is retired; remove it or choose one in force');
    const unknownItem = base();
    unknownItem.definition.indicators[1]!.rule!.ref = 'NOPE';
    expect(codes(unknownItem, ctx)).toContain('definition.indicators.1.rule.ref:unknownCatalogItem');
  });

  it('a data item name that is not a plain identifier is refused before it reaches SQL', () => {
    const c = base();
    c.definition.indicators[1]!.rule!.item = "x'); drop table record; --";
    expect(codes(c)).toContain('definition.indicators.1.rule.item:itemKey');
  });
});

describe('periods and rule descriptions', () => {
  it('finds the period containing a date and the latest completed one', () => {
    expect(periodContaining({ kind: 'quarterly', anchor: '2024-01-01' }, '2025-05-17')).toEqual({ start: '2025-04-01', end: '2025-06-30' });
    expect(periodContaining({ kind: 'annual', anchor: '2020-04-01' }, '2025-03-31')).toEqual({ start: '2024-04-01', end: '2025-03-31' });
    expect(latestCompletedPeriod({ kind: 'annual', anchor: '2020-01-01' }, '2026-01-01')).toEqual({ start: '2025-01-01', end: '2025-12-31' });
    expect(latestCompletedPeriod({ kind: 'monthly', anchor: '2024-01-01' }, '2024-03-15')).toEqual({ start: '2024-02-01', end: '2024-02-29' });
    expect(windowOf({ start: '2024-01-01', end: '2024-12-31' }, 3)).toEqual({ start: '2024-10-01', end: '2024-12-31' });
  });

  it('describes a rule in plain words', () => {
    const rule = base().definition.indicators[0]!.children![0]!.rule!;
    expect(describeRule({ ...rule, filters: [{ item: 'CF_CFLB', op: 'eq', value: '罚款' }] }, 600, { refs: { XZCF: '行政处罚信息' }, items: { CF_CFLB: '处罚类别' } })['zh-CN']).toBe(
      '评价期内 行政处罚信息（XZCF） 中 处罚类别 = 罚款 的记录条数；每条 −50 分，最多扣 300 分；起评 600 分，得分在 0–600 分之间',
    );
  });
});
