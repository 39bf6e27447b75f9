/**
 * Auto-layout of a flow graph with dagre (layered, top to bottom). Returns a new graph with
 * positions only changed; React Flow positions are the node's top-left corner, dagre's are its
 * centre, hence the shift by half the node size.
 */
import dagre from '@dagrejs/dagre';
import type { FlowGraph } from './types';

/** The designer's node box; layout and the canvas agree on it. */
export const NODE_SIZE = { width: 180, height: 64 } as const;

export interface LayoutOptions {
  direction?: 'TB' | 'LR';
  nodeSep?: number;
  rankSep?: number;
}

export function layoutFlow(graph: FlowGraph, opts: LayoutOptions = {}): FlowGraph {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: opts.direction ?? 'TB', nodesep: opts.nodeSep ?? 40, ranksep: opts.rankSep ?? 60 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes) g.setNode(n.id, { width: NODE_SIZE.width, height: NODE_SIZE.height });
  const ids = new Set(graph.nodes.map((n) => n.id));
  for (const e of graph.edges) if (ids.has(e.source) && ids.has(e.target)) g.setEdge(e.source, e.target, {}, e.id);
  dagre.layout(g);
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      const p = g.node(n.id);
      return { ...n, position: { x: Math.round(p.x - NODE_SIZE.width / 2), y: Math.round(p.y - NODE_SIZE.height / 2) } };
    }),
  };
}
