import { describe, expect, it } from 'vitest';
import { layoutFlow, NODE_SIZE } from './layout';
import { parallelFlow, singleFlow } from './fixtures';

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
});
