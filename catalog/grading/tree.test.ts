import { describe, expect, it } from 'vitest';
import {
  addChild,
  addSibling,
  findIndicator,
  flattenIndicators,
  indicatorAtPath,
  indicatorPath,
  leafCount,
  moveAmongSiblings,
  moveByOffset,
  newIndicatorId,
  normalizePath,
  removeIndicator,
  sumOfLeaves,
  updateIndicator,
} from './tree';
import type { Indicator } from './types';

const L = (zh: string) => ({ 'zh-CN': zh, en: zh });
const leaf = (id: string, points: number): Indicator => ({ id, name: L(id), points, rule: null });

/** 基础信息(300: a 100, b 200) · 监管信息(700: c 700) */
function tree(): Indicator[] {
  return [
    { id: 'base', name: L('基础信息'), points: 300, children: [leaf('a', 100), leaf('b', 200)] },
    { id: 'sup', name: L('监管信息'), points: 700, children: [leaf('c', 700)] },
  ];
}

describe('indicator tree', () => {
  it('sums the leaves, not the branches', () => {
    expect(sumOfLeaves(tree())).toBe(1000);
    expect(leafCount(tree())).toBe(3);
    expect(sumOfLeaves([])).toBe(0);
  });

  it('finds an indicator and its JSON path at any depth', () => {
    expect(findIndicator(tree(), 'b')?.points).toBe(200);
    expect(findIndicator(tree(), 'zzz')).toBeNull();
    expect(indicatorPath(tree(), 'b')).toBe('definition.indicators.0.children.1');
    expect(indicatorPath(tree(), 'sup')).toBe('definition.indicators.1');
  });

  it('maps a problem path, in any spelling, to the deepest indicator it points into', () => {
    expect(indicatorAtPath(tree(), 'definition.indicators.0.children.1.rule.item')?.id).toBe('b');
    expect(indicatorAtPath(tree(), 'definition.indicators[1].children[0].points')?.id).toBe('c');
    expect(indicatorAtPath(tree(), '/definition/indicators/0/name')?.id).toBe('base');
    expect(indicatorAtPath(tree(), 'definition.indicators.10')).toBeNull();
    expect(indicatorAtPath(tree(), 'definition.bands.0.min')).toBeNull();
    expect(normalizePath('a[0].b[12]')).toBe('a.0.b.12');
  });

  it('moves an indicator among its siblings and refuses to move it to another parent', () => {
    const moved = moveAmongSiblings(tree(), 'b', 'a');
    expect(moved[0]!.children!.map((i) => i.id)).toEqual(['b', 'a']);
    expect(moveAmongSiblings(tree(), 'sup', 'base').map((i) => i.id)).toEqual(['sup', 'base']);
    expect(moveAmongSiblings(tree(), 'a', 'c')).toEqual(tree());
    expect(moveByOffset(tree(), 'a', 1)[0]!.children!.map((i) => i.id)).toEqual(['b', 'a']);
    expect(moveByOffset(tree(), 'a', -1)).toEqual(tree());
  });

  it('leaves the input untouched', () => {
    const t = tree();
    const before = JSON.stringify(t);
    moveAmongSiblings(t, 'b', 'a');
    addChild(t, 'c', leaf('d', 5));
    removeIndicator(t, 'a');
    updateIndicator(t, 'a', { points: 1 });
    expect(JSON.stringify(t)).toBe(before);
  });

  it('adds a child (a leaf becomes a branch without its rule) and keeps branch totals', () => {
    const withRule = updateIndicator(tree(), 'c', { rule: { source: 'records', ref: 'XZCF', aggregation: 'count', points: { kind: 'per-unit', perUnit: -20 } } });
    const t = addChild(withRule, 'c', leaf('c1', 50));
    const c = findIndicator(t, 'c')!;
    expect(c.rule).toBeUndefined();
    expect(c.children!.map((i) => i.id)).toEqual(['c1']);
    expect(c.points).toBe(50);
    expect(findIndicator(t, 'sup')!.points).toBe(50);
    expect(sumOfLeaves(t)).toBe(350);
  });

  it('adds a sibling right after the indicator', () => {
    const t = addSibling(tree(), 'a', leaf('a2', 10));
    expect(t[0]!.children!.map((i) => i.id)).toEqual(['a', 'a2', 'b']);
    expect(t[0]!.points).toBe(310);
    expect(addSibling(tree(), 'sup', leaf('x', 1)).map((i) => i.id)).toEqual(['base', 'sup', 'x']);
  });

  it('removes a subtree; a branch that loses its last child becomes an empty leaf', () => {
    expect(flattenIndicators(removeIndicator(tree(), 'base')).map((f) => f.indicator.id)).toEqual(['sup', 'c']);
    const t = removeIndicator(tree(), 'c');
    expect(findIndicator(t, 'sup')).toMatchObject({ id: 'sup', points: 0 });
    expect(findIndicator(t, 'sup')!.children).toBeUndefined();
    expect(sumOfLeaves(t)).toBe(300);
  });

  it('updates a leaf and recomputes the branch above it', () => {
    const t = updateIndicator(tree(), 'a', { points: 150, name: L('登记信息') });
    expect(findIndicator(t, 'a')).toMatchObject({ points: 150, name: L('登记信息') });
    expect(findIndicator(t, 'base')!.points).toBe(350);
    expect(sumOfLeaves(t)).toBe(1050);
  });

  it('makes ids that are not yet used', () => {
    const t = [leaf('I1', 1), leaf('I3', 1)];
    const id = newIndicatorId(t);
    expect(['I1', 'I3']).not.toContain(id);
    expect(newIndicatorId([])).toBe('I1');
  });
});
