import { describe, expect, it } from 'vitest';
import { evaluateExpression, expressionProblem, ExpressionError, fromJsonLogic, toJsonLogic, type ConditionGroup } from './expression';

describe('evaluateExpression', () => {
  it('evaluates conditions over data and meta', () => {
    const big = { '>=': [{ var: 'data.amount' }, 10000] };
    expect(evaluateExpression(big, { data: { amount: 20000 } })).toBe(true);
    expect(evaluateExpression(big, { data: { amount: 50 } })).toBe(false);
    expect(evaluateExpression({ '==': [{ var: 'meta.kindCode' }, 'sanction-measure'] }, { data: {}, meta: { kindCode: 'sanction-measure' } })).toBe(true);
    expect(evaluateExpression(true, { data: {} })).toBe(true);
  });

  it('refuses operators outside the allow-list and prototype paths', () => {
    expect(() => evaluateExpression({ log: 'x' }, { data: {} })).toThrow(ExpressionError);
    expect(expressionProblem({ and: [{ method: [{ var: 'data.s' }, 'toUpperCase'] }] })?.code).toBe('badOperator');
    expect(expressionProblem({ var: 'data.__proto__.polluted' })?.code).toBe('badVar');
    expect(expressionProblem({ var: ['constructor.name', 1] })?.code).toBe('badVar');
    expect(expressionProblem({ '==': 1, '!=': 2 })?.code).toBe('notLogic');
  });

  it('refuses absurdly deep expressions instead of recursing', () => {
    let e: unknown = { var: 'data.x' };
    for (let i = 0; i < 100; i++) e = { '!': e };
    expect(expressionProblem(e)?.code).toBe('tooComplex');
  });
});

describe('visual builder model', () => {
  const groups: ConditionGroup[] = [
    { all: [{ field: 'data.amount', op: '>=', value: 10000 }, { field: 'data.type', op: '==', value: '行政性' }] },
    { any: [{ field: 'data.dept', op: 'in', value: ['SCJG', 'STHJ'] }, { field: 'data.tags', op: 'contains', value: 'x' }] },
    { all: [{ field: 'data.note', op: 'isEmpty' }, { field: 'data.basis', op: 'notEmpty' }, { field: 'data.k', op: 'notIn', value: [1, 2] }] },
    { all: [] },
    { any: [] },
  ];
  it.each(groups.map((g, i) => [i, g] as const))('round-trips group %i through JSON Logic', (_i, g) => {
    expect(fromJsonLogic(toJsonLogic(g))).toEqual(g);
  });

  it('builds JSON Logic the evaluator agrees with', () => {
    const e = toJsonLogic(groups[1]!);
    expect(evaluateExpression(e, { data: { dept: 'STHJ', tags: [] } })).toBe(true);
    expect(evaluateExpression(e, { data: { dept: 'X', tags: ['y'] } })).toBe(false);
    expect(evaluateExpression(toJsonLogic(groups[2]!), { data: { note: '', basis: 'law', k: 3 } })).toBe(true);
  });

  it('returns null for expressions the builder cannot show', () => {
    expect(fromJsonLogic({ if: [{ var: 'data.a' }, true, false] })).toBeNull();
    expect(fromJsonLogic({ and: [{ '>': [{ '+': [1, 2] }, 1] }] })).toBeNull();
  });
});
