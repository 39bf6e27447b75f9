import { describe, expect, it } from 'vitest';
import { layoutFlow, NODE_SIZE } from './layout';
import { getBezierPath, Position } from '@xyflow/react';
import { approval, chain, conditionFlow, edge, largeFlow, parallelFlow, singleFlow } from './fixtures';
import type { FlowGraph } from './types';

describe('layoutFlow', () => {
  it('places a chain top to bottom without changing anything but positions', () => {
    const g = singleFlow();
    g.nodes.forEach((n) => (n.position = { x: 0, y: 0 }));
    const out = layoutFlow(g);
    const y = (id: string) => out.nodes.find((n) => n.id === id)!.position.y;
    expect(y('start')).toBeLessThan(y('a1'));
    expect(y('a1')).toBeLessThan(y('end'));
    expect(out.edges).toEqual(g.edges);
    expect(out.nodes.map(({ position: _p, ...rest }) => rest)).toEqual(g.nodes.map(({ position: _p, ...rest }) => rest));
  });

  it('puts parallel branches side by side without overlap', () => {
    const out = layoutFlow(parallelFlow());
    const a = out.nodes.find((n) => n.id === 'pa')!.position;
    const b = out.nodes.find((n) => n.id === 'pb')!.position;
    expect(a.y).toBe(b.y);
    expect(Math.abs(a.x - b.x)).toBeGreaterThanOrEqual(NODE_SIZE.width);
  });

  /** n steps after a start, each connected to the next, plus `extra(i)` more edges from step i. */
  const shaped = (n: number, extra: (i: number) => number[]): FlowGraph => {
    const g: FlowGraph = { nodes: [{ id: 's0', type: 'start', position: { x: 0, y: 0 }, params: {} }], edges: [] };
    for (let i = 1; i < n; i++) {
      g.nodes.push({ id: `s${i}`, type: 'action', position: { x: 0, y: 0 }, params: { label: { 'zh-CN': `${i}`, en: `${i}` }, action: 'notify' } });
      g.edges.push({ id: `e${i}`, source: `s${i - 1}`, target: `s${i}` });
      for (const t of extra(i)) g.edges.push({ id: `x${i}_${t}`, source: `s${i}`, target: `s${t}` });
    }
    return g;
  };
  const overlaps = (g: FlowGraph) => {
    const p = g.nodes.map((n) => n.position);
    let count = 0;
    for (let i = 0; i < p.length; i++) for (let j = i + 1; j < p.length; j++) if (Math.abs(p[i]!.x - p[j]!.x) < NODE_SIZE.width && Math.abs(p[i]!.y - p[j]!.y) < NODE_SIZE.height) count++;
    return count;
  };

  // dagre added a dummy node per rank each loop-back edge crossed: 100 steps looping back to the
  // first took 7 s, 200 took 34 s (300: past the test timeout), a 2,000-step ladder overflowed the
  // stack (a 500 on import).
  it.each([
    ['every step loops back to the start', 300, (i: number) => [0], true],
    ['every step loops back two steps (2,000 steps)', 2000, (i: number) => (i > 2 ? [i - 2] : []), true],
    ['steps jump far back and forth', 600, (i: number) => [(i * 7) % 600], false],
  ])('lays out a flow where %s, without overlaps', (_what, n, extra, chainOrder) => {
    const g = shaped(n, extra);
    const out = layoutFlow(g);
    expect(out.edges).toEqual(g.edges);
    expect(overlaps(out)).toBe(0);
    // loops do not change the order: each step is below the one before it
    if (chainOrder) {
      for (let i = 1; i < Math.min(n, 50); i++) expect(out.nodes[i]!.position.y).toBeGreaterThan(out.nodes[i - 1]!.position.y);
    }
  });

  it('lays out wide flows (one split into 1,000 branches) side by side, left to right when asked', () => {
    const g = shaped(2, () => []);
    for (let i = 0; i < 1000; i++) {
      g.nodes.push({ id: `b${i}`, type: 'action', position: { x: 0, y: 0 }, params: { label: { 'zh-CN': 'b', en: 'b' }, action: 'notify' } });
      g.edges.push({ id: `eb${i}`, source: 's1', target: `b${i}` });
    }
    const tb = layoutFlow(g);
    expect(overlaps(tb)).toBe(0);
    expect(new Set(tb.nodes.filter((n) => n.id.startsWith('b')).map((n) => n.position.y)).size).toBe(1);
    const lr = layoutFlow(largeFlow(300), { direction: 'LR' });
    expect(new Set(lr.nodes.map((n) => n.position.y)).size).toBe(1);
    expect(overlaps(lr)).toBe(0);
  });
});

describe('edges after layout', () => {
  /** Points along an edge as the canvas draws it: a bezier from the source's bottom handle to the target's top handle. */
  const curve = (g: FlowGraph, sourceId: string, targetId: string) => {
    const s = g.nodes.find((n) => n.id === sourceId)!.position;
    const t = g.nodes.find((n) => n.id === targetId)!.position;
    const [path] = getBezierPath({ sourceX: s.x + NODE_SIZE.width / 2, sourceY: s.y + NODE_SIZE.height, sourcePosition: Position.Bottom, targetX: t.x + NODE_SIZE.width / 2, targetY: t.y, targetPosition: Position.Top });
    const n = path.match(/-?\d+(\.\d+)?(e-?\d+)?/g)!.map(Number);
    const [x0, y0, x1, y1, x2, y2, x3, y3] = n as [number, number, number, number, number, number, number, number];
    return Array.from({ length: 41 }, (_, i) => {
      const u = i / 40;
      const a = (1 - u) ** 3, b = 3 * (1 - u) ** 2 * u, c = 3 * (1 - u) * u ** 2, d = u ** 3;
      return { x: a * x0 + b * x1 + c * x2 + d * x3, y: a * y0 + b * y1 + c * y2 + d * y3 };
    });
  };
  /** Edges that cross a card they neither start nor end at ("loop around the nodes"). */
  const crossings = (g: FlowGraph) =>
    g.edges.flatMap((e) =>
      g.nodes
        .filter((n) => n.id !== e.source && n.id !== e.target)
        .filter((n) => curve(g, e.source, e.target).some((p) => p.x > n.position.x && p.x < n.position.x + NODE_SIZE.width && p.y > n.position.y && p.y < n.position.y + NODE_SIZE.height))
        .map((n) => `${e.id} × ${n.id}`),
    );

  it('draws no edge through another card, including a branch that skips rows to reach the end', () => {
    // start → cond → (big: a1 → a2 → a3 → end) | (default: straight to end), and a parallel part.
    const g = conditionFlow();
    g.edges = g.edges.filter((e) => e.source !== 'big');
    g.nodes.push(approval('a2', 'single', { kind: 'role', role: 'approver' }, 3), approval('a3', 'single', { kind: 'role', role: 'approver' }, 4));
    g.edges.push(edge('big', 'a2'), edge('a2', 'a3'), edge('a3', 'end'));
    g.nodes.forEach((n) => (n.position = { x: 0, y: 0 }));
    const laid = layoutFlow(g);
    expect(crossings(laid)).toEqual([]);
    expect(crossings(layoutFlow(parallelFlow()))).toEqual([]);
  });

  it('the check finds an edge drawn through a card (the layout before dagre placed long edges)', () => {
    // Every node in one column: start → a → end with a direct start → end edge runs through a.
    const g = chain(approval('a'));
    g.edges.push(edge('start', 'end', 'skip'));
    expect(crossings(g)).toContain('skip × a');
  });
});
