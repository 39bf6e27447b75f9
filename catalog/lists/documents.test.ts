import { describe, expect, it } from 'vitest';
import { DOC_KINDS, DOC_PLACEHOLDERS, PLACEHOLDER_HELP, formatDocNumber, numberFormatProblems, unknownPlaceholders } from './documents';

describe('list documents', () => {
  it('formats a 文号 per department and year', () => {
    expect(formatDocNumber('{部门}信告〔{年}〕{序号}号', { 部门: '市市场监管局', 部门代码: 'SCJG', 年: 2026, 序号: 7 })).toBe('市市场监管局信告〔2026〕7号');
    expect(formatDocNumber('汴{部门代码}列〔{年}〕第{序号}号', { 部门: 'x', 部门代码: 'SCJG', 年: 2027, 序号: 12 })).toBe('汴SCJG列〔2027〕第12号');
  });

  it('refuses a number format without a sequence or with an unknown token', () => {
    expect(numberFormatProblems('{部门}信告〔{年}〕号')).toEqual([{ code: 'noSequence' }]);
    expect(numberFormatProblems('{部门}{月}{序号}')).toEqual([{ code: 'unknownToken', token: '月' }]);
    expect(numberFormatProblems('{序号}')).toEqual([]);
    expect(numberFormatProblems('x'.repeat(101))).toEqual([{ code: 'tooLong' }]);
  });

  it('names the placeholders a template may not use', () => {
    expect(unknownPlaceholders('notice', ['主体名称', '异议截止日', '罚款金额', '罚款金额'])).toEqual(['罚款金额']);
    expect(unknownPlaceholders('decision', ['异议截止日'])).toEqual(['异议截止日']);
  });

  it('every placeholder has help text in both languages', () => {
    for (const k of DOC_KINDS) for (const p of DOC_PLACEHOLDERS[k]) {
      expect(PLACEHOLDER_HELP[p]?.['zh-CN']).toBeTruthy();
      expect(PLACEHOLDER_HELP[p]?.en).toBeTruthy();
    }
  });
});
