import { describe, expect, it } from 'vitest';
import { describeChanges, formatValue } from './change-summary';

describe('before → after in words', () => {
  it('lists changed, added and removed fields, nested ones by path', () => {
    const before = { 名称: '限制高消费', amount: 1, basis: { law: '行政处罚法' }, old: true, list: [1, 2] };
    const after = { 名称: '限制高消费', amount: 2, basis: { law: '行政许可法' }, added: 'x', list: [1, 2] };
    expect(describeChanges(before, after)).toEqual([
      { path: 'amount', kind: 'changed', before: 1, after: 2 },
      { path: 'basis.law', kind: 'changed', before: '行政处罚法', after: '行政许可法' },
      { path: 'old', kind: 'removed', before: true },
      { path: 'added', kind: 'added', after: 'x' },
    ]);
  });

  it('shows a creation as added fields and a deletion as removed ones', () => {
    expect(describeChanges(null, { a: 1 })).toEqual([{ path: 'a', kind: 'added', after: 1 }]);
    expect(describeChanges({ a: 1 }, undefined)).toEqual([{ path: 'a', kind: 'removed', before: 1 }]);
    expect(describeChanges(null, null)).toEqual([]);
    expect(describeChanges([1], [2])).toEqual([{ path: '', kind: 'changed', before: [1], after: [2] }]);
  });

  it('caps the list and the values', () => {
    const many = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]));
    expect(describeChanges(null, many, 3)).toHaveLength(3);
    expect(formatValue('x'.repeat(10), 5)).toBe('xxxx…');
    expect(formatValue({ a: [1] })).toBe('{"a":[1]}');
  });
});
