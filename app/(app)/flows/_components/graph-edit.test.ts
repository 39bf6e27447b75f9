import { describe, expect, it } from 'vitest';
import { addNode, connect, copySelection, defaultNode, emptyGraph, freeSpot, moveNodes, pasteFragment, removeItems } from './graph-edit';
import { commit, commitTransient, historyOf, redo, replace, undo } from './history';
import { validateFlow } from '@/catalog/flows/validate';
import type { FlowGraph, FlowNode } from '@/catalog/flows/types';

const cond = (g: FlowGraph) => g.nodes.find((n) => n.type === 'condition') as Extract<FlowNode, { type: 'condition' }>;

describe('graph edits', () => {
  it('draws start → approval → end into a valid flow once the assignee is set', () => {
    let g = addNode(emptyGraph(), defaultNode('approval', { x: 0, y: 150 }, 'a'));
    expect(validateFlow(g).map((p) => p.code)).toContain('noEnd');
    g = addNode(g, defaultNode('end', { x: 0, y: 300 }, 'end'));
    g = connect(g, { source: 'start', target: 'a' }, 'e1');
    g = connect(g, { source: 'a', target: 'end' }, 'e2');
    expect(validateFlow(g).map((p) => p.code)).toEqual(['assigneeMissing']);
    g = { ...g, nodes: g.nodes.map((n) => (n.id === 'a' && n.type === 'approval' ? { ...n, params: { ...n.params, assignee: { kind: 'role', role: 'approver' } } } : n)) };
    expect(validateFlow(g)).toEqual([]);
  });

  it('makes the first edge out of a condition its default and later ones branches; removal cleans up', () => {
    let g = addNode(addNode(emptyGraph(), defaultNode('end', { x: 0, y: 300 }, 'end')), defaultNode('condition', { x: 0, y: 100 }, 'c'));
    g = connect(g, { source: 'c', target: 'end' }, 'd');
    g = connect(g, { source: 'c', target: 'start' }, 'b');
    expect(cond(g).params.defaultEdgeId).toBe('d');
    expect(cond(g).params.branches.map((b) => b.edgeId)).toEqual(['b']);
    expect(connect(g, { source: 'c', target: 'end' })).toBe(g); // no duplicate edges
    const r = removeItems(g, [], ['d', 'b']);
    expect(cond(r).params).toMatchObject({ defaultEdgeId: null, branches: [] });
  });

  it('matches a new join to the one open split and forgets it when the split goes', () => {
    let g = addNode(emptyGraph(), defaultNode('split', { x: 0, y: 0 }, 's'));
    g = addNode(g, defaultNode('join', { x: 0, y: 0 }, 'j'));
    expect(g.nodes.find((n) => n.id === 'j')!.params).toMatchObject({ splitId: 's' });
    expect(removeItems(g, ['s']).nodes.find((n) => n.id === 'j')!.params).toMatchObject({ splitId: null });
  });

  it('copies and pastes nodes with fresh ids, inner edges and no second start', () => {
    let g = addNode(emptyGraph(), defaultNode('approval', { x: 10, y: 20 }, 'a'));
    g = connect(g, { source: 'start', target: 'a' }, 'e1');
    const frag = copySelection(g, new Set(['start', 'a']));
    const { graph, pasted } = pasteFragment(g, frag);
    expect(pasted).toHaveLength(1);
    const copy = graph.nodes.find((n) => n.id === pasted[0])!;
    expect(copy).toMatchObject({ type: 'approval', position: { x: 50, y: 60 } });
    expect(graph.nodes.filter((n) => n.type === 'start')).toHaveLength(1);
    expect(graph.edges).toHaveLength(1);
  });
});

describe('history', () => {
  it('undoes and redoes commits, and a drag as one step', () => {
    const g0 = emptyGraph();
    let h = historyOf(g0);
    const g1 = addNode(g0, defaultNode('cc', { x: 0, y: 0 }, 'cc'));
    h = commit(h, g1);
    h = replace(h, moveNodes(h.present, new Map([['cc', { x: 5, y: 5 }]])));
    h = replace(h, moveNodes(h.present, new Map([['cc', { x: 50, y: 50 }]])));
    h = commitTransient(h);
    expect(h.past).toHaveLength(2);
    h = undo(h);
    expect(h.present).toBe(g1);
    h = undo(h);
    expect(h.present).toBe(g0);
    expect(undo(h)).toEqual(h);
    h = redo(redo(h));
    expect(h.present.nodes.find((n) => n.id === 'cc')!.position).toEqual({ x: 50, y: 50 });
  });
});

describe('freeSpot', () => {
  it('puts nodes added one after another under each other, never on top of one another', () => {
    let g: FlowGraph = { nodes: [], edges: [] };
    const placed: { x: number; y: number }[] = [];
    for (let i = 0; i < 8; i++) {
      const p = freeSpot(g, { x: 100, y: 100 });
      placed.push(p);
      g = addNode(g, defaultNode('approval', p, `n${i}`));
    }
    for (let i = 0; i < placed.length; i++)
      for (let j = i + 1; j < placed.length; j++) expect(Math.abs(placed[i]!.x - placed[j]!.x) >= 180 || Math.abs(placed[i]!.y - placed[j]!.y) >= 64).toBe(true);
    expect(placed[0]).toEqual({ x: 100, y: 100 });
  });
});
