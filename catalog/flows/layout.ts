/**
 * Auto-layout of a flow graph (layered, top to bottom). Returns a new graph with positions only
 * changed; React Flow positions are the node's top-left corner.
 *
 * The work is bounded whatever the graph: dagre is quadratic and worse in the dummy nodes it adds
 * for every rank a long edge crosses (a 100-step flow whose steps all loop back to the first took
 * 7 s; 2,000 steps overflowed the stack), so it only sees
 * - the graph without its back edges (loops: found by an iterative depth-first search; React Flow
 *   draws every edge from the node positions, the layout needs none of them), and
 * - graphs whose nodes plus dummy nodes stay under DAGRE_MAX_WORK (a flow people draw by hand).
 * Larger graphs get a plain layered layout that runs in linear time per sweep: ranks by longest
 * path, a few barycenter sweeps to untangle, rows centred.
 */
import dagre from '@dagrejs/dagre';
import type { FlowGraph } from './types';

/** The designer's node box; layout and the canvas agree on it. */
export const NODE_SIZE = { width: 180, height: 64 } as const;

/** Nodes + dummy nodes dagre is given at most (under 0.3 s on a loaded 2-core machine); beyond, the linear layout. */
export const DAGRE_MAX_WORK = 150;

export interface LayoutOptions {
  direction?: 'TB' | 'LR';
  nodeSep?: number;
  rankSep?: number;
}

interface Skeleton {
  ids: string[];
  /** Forward edges only (back edges of loops removed), as index pairs. */
  forward: [number, number, string][];
  rank: number[];
  /** Depth-first discovery order: the initial order within a rank. */
  discovered: number[];
}

/** Back edges removed by an iterative DFS (starts first, then in node order); longest-path ranks. */
function skeleton(graph: FlowGraph): Skeleton {
  const ids = graph.nodes.map((n) => n.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const out: { to: number; id: string }[][] = ids.map(() => []);
  for (const e of graph.edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s !== undefined && t !== undefined && s !== t) out[s]!.push({ to: t, id: e.id });
  }
  const state = new Uint8Array(ids.length); // 0 new, 1 on the stack, 2 done
  const discovered = new Array<number>(ids.length).fill(0);
  const forward: [number, number, string][] = [];
  let counter = 0;
  const roots = [...graph.nodes.keys()].sort((a, b) => Number(graph.nodes[b]!.type === 'start') - Number(graph.nodes[a]!.type === 'start'));
  for (const root of roots) {
    if (state[root]) continue;
    const stack: [number, number][] = [[root, 0]];
    state[root] = 1;
    discovered[root] = counter++;
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const [v, i] = top;
      if (i < out[v]!.length) {
        top[1]++;
        const { to, id } = out[v]![i]!;
        if (state[to] === 1) continue; // a back edge: a loop
        forward.push([v, to, id]);
        if (state[to] === 0) {
          state[to] = 1;
          discovered[to] = counter++;
          stack.push([to, 0]);
        }
      } else {
        state[v] = 2;
        stack.pop();
      }
    }
  }
  // Longest path from the sources over the forward edges (Kahn's order).
  const indeg = new Array<number>(ids.length).fill(0);
  const succ: number[][] = ids.map(() => []);
  for (const [s, t] of forward) {
    indeg[t]!++;
    succ[s]!.push(t);
  }
  const rank = new Array<number>(ids.length).fill(0);
  const queue = ids.map((_, i) => i).filter((i) => indeg[i] === 0);
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    for (const t of succ[v]!) {
      rank[t] = Math.max(rank[t]!, rank[v]! + 1);
      if (--indeg[t]! === 0) queue.push(t);
    }
  }
  return { ids, forward, rank, discovered };
}

export function layoutFlow(graph: FlowGraph, opts: LayoutOptions = {}): FlowGraph {
  const sk = skeleton(graph);
  const dummies = sk.forward.reduce((sum, [s, t]) => sum + Math.max(0, sk.rank[t]! - sk.rank[s]! - 1), 0);
  const centres = sk.ids.length + dummies <= DAGRE_MAX_WORK ? dagreCentres(sk, opts) : layeredCentres(sk, opts);
  return {
    ...graph,
    nodes: graph.nodes.map((n, i) => {
      const p = centres[i]!;
      return { ...n, position: { x: Math.round(p.x - NODE_SIZE.width / 2), y: Math.round(p.y - NODE_SIZE.height / 2) } };
    }),
  };
}

function dagreCentres(sk: Skeleton, opts: LayoutOptions): { x: number; y: number }[] {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: opts.direction ?? 'TB', nodesep: opts.nodeSep ?? 40, ranksep: opts.rankSep ?? 60 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const id of sk.ids) g.setNode(id, { width: NODE_SIZE.width, height: NODE_SIZE.height });
  for (const [s, t, id] of sk.forward) g.setEdge(sk.ids[s]!, sk.ids[t]!, {}, id);
  dagre.layout(g);
  return sk.ids.map((id) => g.node(id));
}

const SWEEPS = 4;

function layeredCentres(sk: Skeleton, opts: LayoutOptions): { x: number; y: number }[] {
  const n = sk.ids.length;
  const ranks: number[][] = [];
  for (let v = 0; v < n; v++) (ranks[sk.rank[v]!] ??= []).push(v);
  for (const row of ranks) row?.sort((a, b) => sk.discovered[a]! - sk.discovered[b]!);
  const up: number[][] = sk.ids.map(() => []);
  const down: number[][] = sk.ids.map(() => []);
  for (const [s, t] of sk.forward) {
    down[s]!.push(t);
    up[t]!.push(s);
  }
  // Position of a node within its row, as a fraction of the row, so rows of any width compare.
  const at = new Float64Array(n);
  const place = () => ranks.forEach((row) => row?.forEach((v, i) => (at[v] = row.length > 1 ? i / (row.length - 1) : 0.5)));
  place();
  const sweep = (neighbours: number[][], rows: number[][]) => {
    for (const row of rows) {
      if (!row || row.length < 2) continue;
      const key = new Map(row.map((v) => [v, neighbours[v]!.length ? neighbours[v]!.reduce((s, u) => s + at[u]!, 0) / neighbours[v]!.length : at[v]!]));
      row.sort((a, b) => key.get(a)! - key.get(b)! || sk.discovered[a]! - sk.discovered[b]!);
      row.forEach((v, i) => (at[v] = i / (row.length - 1)));
    }
  };
  for (let i = 0; i < SWEEPS; i++) {
    sweep(up, ranks);
    sweep(down, [...ranks].reverse());
  }
  const lr = opts.direction === 'LR';
  const across = (lr ? NODE_SIZE.height : NODE_SIZE.width) + (opts.nodeSep ?? 40);
  const along = (lr ? NODE_SIZE.width : NODE_SIZE.height) + (opts.rankSep ?? 60);
  const out = new Array<{ x: number; y: number }>(n);
  ranks.forEach((row, r) =>
    row?.forEach((v, i) => {
      const a = (i - (row.length - 1) / 2) * across;
      const b = r * along;
      out[v] = lr ? { x: b, y: a } : { x: a, y: b };
    }),
  );
  return out;
}
