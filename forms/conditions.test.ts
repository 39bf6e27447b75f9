import { describe, expect, it } from 'vitest';
import { conditionFields, evaluate, isEmptyValue, valueAt, type Condition } from './conditions';

const record = {
  XK_XDR_LB: '法人及非法人组织',
  XK_JDRQ: '2024-05-10',
  fine: 12.5,
  blank: '  ',
  tags: ['a', 'b'],
  applicant: { type: '自然人', phone: '' },
  items: [{ amount: 1, holder: '李四' }, { amount: 3 }],
};

describe('evaluate', () => {
  it.each<[Condition, boolean]>([
    [{ field: 'XK_XDR_LB', op: 'eq', value: '法人及非法人组织' }, true],
    [{ field: 'XK_XDR_LB', op: 'eq', value: '自然人' }, false],
    [{ field: 'XK_XDR_LB', op: 'ne', value: '自然人' }, true],
    [{ field: 'missing', op: 'ne', value: '自然人' }, true],
    [{ field: 'XK_XDR_LB', op: 'in', value: ['自然人', '法人及非法人组织'] }, true],
    [{ field: 'XK_XDR_LB', op: 'notIn', value: ['自然人', '个体工商户'] }, true],
    [{ field: 'missing', op: 'notIn', value: ['自然人'] }, true],
    [{ field: 'tags', op: 'in', value: ['b', 'z'] }, true],
    [{ field: 'tags', op: 'eq', value: ['a', 'b'] }, true],
    [{ field: 'blank', op: 'empty' }, true],
    [{ field: 'missing', op: 'empty' }, true],
    [{ field: 'applicant.phone', op: 'empty' }, true],
    [{ field: 'applicant.type', op: 'notEmpty' }, true],
    [{ field: 'fine', op: 'gt', value: 10 }, true],
    [{ field: 'fine', op: 'gte', value: 12.5 }, true],
    [{ field: 'fine', op: 'lt', value: 12.5 }, false],
    [{ field: 'fine', op: 'lte', value: 12.5 }, true],
    [{ field: 'fine', op: 'gt', value: '10' }, false], // no coercion between numbers and strings
    [{ field: 'XK_JDRQ', op: 'gte', value: '2024-01-01' }, true],
    [{ field: 'XK_JDRQ', op: 'lt', value: '2024-05-01' }, false],
    [{ field: 'missing', op: 'gt', value: 0 }, false],
    [{ field: 'items.1.amount', op: 'eq', value: 3 }, true],
    [{ field: 'items.amount', op: 'notEmpty' }, false], // a list has no single amount
  ])('%j → %s', (c, expected) => {
    expect(evaluate(c, record)).toBe(expected);
  });

  it('combines with all, any and not', () => {
    const legal: Condition = { field: 'XK_XDR_LB', op: 'eq', value: '法人及非法人组织' };
    const big: Condition = { field: 'fine', op: 'gt', value: 100 };
    expect(evaluate({ all: [legal, big] }, record)).toBe(false);
    expect(evaluate({ any: [legal, big] }, record)).toBe(true);
    expect(evaluate({ not: big }, record)).toBe(true);
    expect(evaluate({ all: [legal, { not: { any: [big, { field: 'blank', op: 'notEmpty' }] } }] }, record)).toBe(true);
  });

  it('reads $item from the row it is given, not from the root', () => {
    const c: Condition = { field: '$item.holder', op: 'notEmpty' };
    expect(evaluate(c, record, record.items[0])).toBe(true);
    expect(evaluate(c, record, record.items[1])).toBe(false);
    expect(evaluate(c, record)).toBe(false);
  });

  it('is false, never an exception, for malformed conditions', () => {
    for (const bad of [null, 42, 'x', {}, { field: 'fine' }, { field: 'fine', op: 'between', value: 1 }, { not: 'x' }, { field: 'fine', op: 'in', value: 12.5 }]) {
      expect(evaluate(bad as never, record)).toBe(false);
    }
  });

  it('does not read inherited properties', () => {
    expect(evaluate({ field: 'constructor', op: 'notEmpty' }, {})).toBe(false);
    expect(valueAt({}, '__proto__')).toBeUndefined();
  });
});

describe('helpers', () => {
  it('lists the fields a condition reads', () => {
    expect(conditionFields({ all: [{ field: 'a', op: 'empty' }, { not: { field: '$item.b', op: 'eq', value: 1 } }, { field: 'a', op: 'notEmpty' }] })).toEqual(['a', '$item.b']);
  });

  it('knows what counts as not filled in', () => {
    expect([undefined, null, '', '  ', Number.NaN, [], {}].every(isEmptyValue)).toBe(true);
    expect([0, false, 'x', [0], { a: 1 }].some(isEmptyValue)).toBe(false);
  });
});
