/**
 * Pure edits of a flow graph, used by the designer (and its tests). Each returns a new graph; the
 * designer keeps them on its undo stack. Only our JSON (catalog/flows/types.ts) is ever produced —
 * never React Flow's node objects.
 */
import type { FlowEdge, FlowGraph, FlowNode, FlowNodeType } from '@/catalog/flows/types';

const L = (zh: string, en: string) => ({ 'zh-CN': zh, en });

export function newId(prefix: string): string {
  // NCName-safe (BPMN ids) and unique enough for a graph edited by one person.
  return `${prefix}_${Math.random().toString(36).slice(2, 8)}${Date.now().toString(36).slice(-3)}`;
}

export function defaultNode(type: FlowNodeType, position: { x: number; y: number }, id = newId(type)): FlowNode {
  switch (type) {
    case 'start':
      return { id, type, position, params: { label: L('开始', 'Start') } };
    case 'approval':
      return { id, type, position, params: { label: L('审批', 'Approval'), assignee: { kind: 'role', role: '' }, mode: 'single', deadline: null } };
    case 'condition':
      return { id, type, position, params: { label: L('条件', 'Condition'), branches: [], defaultEdgeId: null } };
    case 'split':
      return { id, type, position, params: { label: L('并行分支', 'Parallel split') } };
    case 'join':
      return { id, type, position, params: { label: L('并行汇聚', 'Parallel join'), splitId: null } };
    case 'cc':
      return { id, type, position, params: { label: L('抄送', 'CC'), assignee: { kind: 'role', role: '' } } };
    case 'timer':
      return { id, type, position, params: { label: L('等待', 'Wait'), workingDays: 1 } };
    case 'action':
      return { id, type, position, params: { label: L('发布', 'Publish'), action: 'publish' } };
    case 'end':
      return { id, type, position, params: { label: L('结束', 'End'), outcome: 'approved' } };
  }
}

/** A new flow: only its start; the live problems ("needs an end") guide the first steps. */
export function emptyGraph(): FlowGraph {
  return { nodes: [defaultNode('start', { x: 0, y: 0 }, 'start')], edges: [] };
}

export function addNode(graph: FlowGraph, node: FlowNode): FlowGraph {
  let nodes = [...graph.nodes, node];
  // A join is meant for the split drawn before it: match it when there is exactly one unmatched split.
  if (node.type === 'join') {
    const matched = new Set(graph.nodes.flatMap((n) => (n.type === 'join' && n.params.splitId ? [n.params.splitId] : [])));
    const open = graph.nodes.filter((n) => n.type === 'split' && !matched.has(n.id));
    if (open.length === 1) nodes = nodes.map((n) => (n.id === node.id && n.type === 'join' ? { ...n, params: { ...n.params, splitId: open[0]!.id } } : n));
  }
  return { ...graph, nodes };
}

export function updateNode(graph: FlowGraph, id: string, update: (n: FlowNode) => FlowNode): FlowGraph {
  return { ...graph, nodes: graph.nodes.map((n) => (n.id === id ? update(n) : n)) };
}

/**
 * Adds an edge. From a condition, the first edge becomes the default branch and later ones become
 * branches whose expression the editor fills in (never-true until then).
 */
export function connect(graph: FlowGraph, c: { source: string; target: string; sourceHandle?: string | null; targetHandle?: string | null }, id = newId('e')): FlowGraph {
  if (c.source === c.target) return graph;
  if (graph.edges.some((e) => e.source === c.source && e.target === c.target)) return graph;
  const edge: FlowEdge = { id, source: c.source, target: c.target, ...(c.sourceHandle ? { sourceHandle: c.sourceHandle } : {}), ...(c.targetHandle ? { targetHandle: c.targetHandle } : {}) };
  const next = { ...graph, edges: [...graph.edges, edge] };
  const src = graph.nodes.find((n) => n.id === c.source);
  if (src?.type !== 'condition') return next;
  return updateNode(next, src.id, (n) => {
    if (n.type !== 'condition') return n;
    if (!n.params.defaultEdgeId) return { ...n, params: { ...n.params, defaultEdgeId: id } };
    const k = n.params.branches.length + 1;
    return { ...n, params: { ...n.params, branches: [...n.params.branches, { edgeId: id, label: L(`分支${k}`, `Branch ${k}`), when: false }] } };
  });
}

/** Removes nodes and edges, and whatever referred to them (edges of removed nodes, branches, join→split). */
export function removeItems(graph: FlowGraph, nodeIds: Iterable<string>, edgeIds: Iterable<string> = []): FlowGraph {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  for (const e of graph.edges) if (nodes.has(e.source) || nodes.has(e.target)) edges.add(e.id);
  return {
    nodes: graph.nodes
      .filter((n) => !nodes.has(n.id))
      .map((n) => {
        if (n.type === 'condition') {
          return { ...n, params: { ...n.params, branches: n.params.branches.filter((b) => !edges.has(b.edgeId)), defaultEdgeId: n.params.defaultEdgeId && edges.has(n.params.defaultEdgeId) ? null : n.params.defaultEdgeId } };
        }
        if (n.type === 'join' && n.params.splitId && nodes.has(n.params.splitId)) return { ...n, params: { ...n.params, splitId: null } };
        return n;
      }),
    edges: graph.edges.filter((e) => !edges.has(e.id)),
  };
}

export function moveNodes(graph: FlowGraph, positions: Map<string, { x: number; y: number }>): FlowGraph {
  if (positions.size === 0) return graph;
  return { ...graph, nodes: graph.nodes.map((n) => (positions.has(n.id) ? { ...n, position: positions.get(n.id)! } : n)) };
}

/** What Ctrl+C keeps: the selected nodes and the edges between them. */
export function copySelection(graph: FlowGraph, selected: Set<string>): FlowGraph {
  return { nodes: graph.nodes.filter((n) => selected.has(n.id)), edges: graph.edges.filter((e) => selected.has(e.source) && selected.has(e.target)) };
}

/** Pastes a copied fragment with fresh ids, shifted so it does not cover the original. */
export function pasteFragment(graph: FlowGraph, fragment: FlowGraph, offset = 40): { graph: FlowGraph; pasted: string[] } {
  const ids = new Map(fragment.nodes.map((n) => [n.id, newId(n.type)]));
  const edgeIds = new Map(fragment.edges.map((e) => [e.id, newId('e')]));
  const nodes = fragment.nodes.map((n) => {
    const id = ids.get(n.id)!;
    const position = { x: n.position.x + offset, y: n.position.y + offset };
    if (n.type === 'condition') {
      const params = { ...n.params, branches: n.params.branches.filter((b) => edgeIds.has(b.edgeId)).map((b) => ({ ...b, edgeId: edgeIds.get(b.edgeId)! })), defaultEdgeId: n.params.defaultEdgeId ? (edgeIds.get(n.params.defaultEdgeId) ?? null) : null };
      return { ...n, id, position, params };
    }
    if (n.type === 'join') return { ...n, id, position, params: { ...n.params, splitId: n.params.splitId ? (ids.get(n.params.splitId) ?? null) : null } };
    return { ...n, id, position } as FlowNode;
  });
  const edges = fragment.edges.map((e) => ({ ...e, id: edgeIds.get(e.id)!, source: ids.get(e.source)!, target: ids.get(e.target)! }));
  // Never paste a second start: a flow has exactly one.
  const keep = nodes.filter((n) => n.type !== 'start' || !graph.nodes.some((g) => g.type === 'start'));
  const kept = new Set(keep.map((n) => n.id));
  return { graph: { nodes: [...graph.nodes, ...keep], edges: [...graph.edges, ...edges.filter((e) => kept.has(e.source) && kept.has(e.target))] }, pasted: [...kept] };
}

/**
 * The first place at or below `at` where a new node overlaps none of the graph's nodes: nodes
 * added one after another from the palette line up under each other instead of piling onto one
 * spot. Tries downwards, then the next column to the right.
 */
export function freeSpot(graph: FlowGraph, at: { x: number; y: number }, size = { width: 180, height: 64 }, gap = 24): { x: number; y: number } {
  const clashes = (p: { x: number; y: number }) => graph.nodes.some((n) => Math.abs(n.position.x - p.x) < size.width + gap / 2 && Math.abs(n.position.y - p.y) < size.height + gap / 2);
  for (let col = 0; col < 20; col++) {
    for (let row = 0; row < 20; row++) {
      const p = { x: at.x + col * (size.width + gap), y: at.y + row * (size.height + gap) };
      if (!clashes(p)) return p;
    }
  }
  return at;
}
