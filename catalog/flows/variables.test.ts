import { describe, expect, it } from 'vitest';
import { conditionFlow } from './fixtures';
import { factsFrom, flowVariables } from './variables';
import { predictPath } from './predict';

describe('flow variables for the path preview form', () => {
  it('finds the facts conditions read, typed by what they are compared with', () => {
    expect(flowVariables(conditionFlow())).toEqual([{ path: 'data.amount', kind: 'number', values: [10000] }]);
  });
  it('builds data and meta from form values, and the path follows them', () => {
    expect(factsFrom({ 'data.amount': 20000, 'meta.initiatorDepartment': 'SCJG', 'data.__proto__.x': 1 })).toEqual({ data: { amount: 20000 }, meta: { initiatorDepartment: 'SCJG' } });
    const calendar = { holidays: [], workdays: [] };
    const big = predictPath(conditionFlow(), { ...factsFrom({ 'data.amount': 20000 }), startDate: '2026-01-05', calendar });
    const small = predictPath(conditionFlow(), { ...factsFrom({ 'data.amount': 5 }), startDate: '2026-01-05', calendar });
    expect(big.path).toContain('big');
    expect(big.path).not.toContain('small');
    expect(small.path).toContain('small');
  });
});
