import { describe, expect, it } from 'vitest';
import { gradingModelProblems } from '@/catalog/grading/validate';
import { dataItemsOf, forSave, newModelContent, normalizeContent, parseFilterValue, problemsAt, problemsUnder } from './model-content';

describe('designer content helpers', () => {
  it('starts a new model that the validator accepts, for 1000 and for 100 points', () => {
    for (const totalPoints of [1000, 100]) {
      const c = newModelContent({ name: '测试模型', industry: '市场监管', totalPoints, catalogCode: 'XZCF' });
      expect(gradingModelProblems(forSave(c))).toEqual([]);
      expect(c.definition.bands.map((b) => b.grade)).toEqual(['A', 'B', 'C', 'D', 'E']);
    }
  });

  it('without a catalog item the new leaf has no rule, and the validator says so at the leaf', () => {
    const problems = gradingModelProblems(newModelContent({ name: '测试模型', industry: '市场监管', totalPoints: 100 }));
    expect(problemsAt(problems, 'definition.indicators.0.rule').map((p) => p.code)).toEqual(['leafWithoutRule']);
  });

  it('fills the parts an older stored content lacks, keeping what it has', () => {
    const c = normalizeContent({ name: '旧模型', industry: '税务', totalPoints: 100, definition: { subjectTypes: ['自然人'] } });
    expect(c.definition.subjectTypes).toEqual(['自然人']);
    expect(c.definition.bands.map((b) => b.min)).toEqual([90, 80, 70, 60, 0]);
    expect(c.definition.vetoes).toEqual([]);
  });

  it('derives the register references and drops blank incentive lines on save', () => {
    const c = newModelContent({ name: '测试模型', industry: '市场监管', totalPoints: 100, catalogCode: 'XZCF' });
    c.definition.vetoes = [{ id: 'V1', label: { 'zh-CN': '严重失信', en: '' }, grade: 'E', rule: { source: 'list-membership', ref: 'CL-001', aggregation: 'exists' } }];
    c.definition.mappings[0] = { ...c.definition.mappings[0]!, incentives: [{ 'zh-CN': ' 绿色通道 ', en: '' }, { 'zh-CN': '', en: '' }], sanctionMeasures: [{ code: 'SM-001', version: null }] };
    const saved = forSave(c);
    expect(saved.catalogItems).toEqual([{ kind: 'info-catalog', code: 'XZCF', version: null }]);
    expect(saved.sanctionMeasures).toEqual([{ kind: 'sanction-measure', code: 'SM-001', version: null }]);
    expect(saved.definition.mappings[0]!.incentives).toEqual([{ 'zh-CN': '绿色通道', en: '' }]);
    expect(c.definition.mappings[0]!.incentives).toHaveLength(2);
  });

  it('lists a catalog item’s data items with their labels', () => {
    const content = { dataItems: { schema: { type: 'object', properties: { CF_NR_FK: { title: '罚款金额' }, CF_CFLB: {} } }, ui: { fields: { CF_CFLB: { label: { 'zh-CN': '处罚类别', en: 'Penalty type' } } } } } };
    expect(dataItemsOf(content, 'zh-CN')).toEqual([
      { key: 'CF_NR_FK', title: '罚款金额' },
      { key: 'CF_CFLB', title: '处罚类别' },
    ]);
    expect(dataItemsOf(content, 'en')[1]!.title).toBe('Penalty type');
    expect(dataItemsOf(undefined, 'zh-CN')).toEqual([]);
  });

  it('parses filter values as the operator needs them', () => {
    expect(parseFilterValue('in', '罚款, 警告、 10')).toEqual(['罚款', '警告', 10]);
    expect(parseFilterValue('gte', '5')).toBe(5);
    expect(parseFilterValue('eq', '10')).toBe('10');
  });

  it('finds problems at a path in any spelling, and below a prefix', () => {
    const p = (path: string) => ({ path, code: 'x', message: { 'zh-CN': path, en: path } });
    const problems = [p('definition.bands[1].min'), p('definition.bands'), p('definition.indicators.0.rule.ref')];
    expect(problemsAt(problems, 'definition.bands.1.min')).toHaveLength(1);
    expect(problemsUnder(problems, 'definition.bands')).toHaveLength(2);
    expect(problemsUnder(problems, 'definition.indicators.0')).toHaveLength(1);
  });
});
