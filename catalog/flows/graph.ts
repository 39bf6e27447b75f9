/** Small graph helpers shared by the validator, the predictor, layout and BPMN mapping. */
import type { FlowEdge, FlowGraph, FlowNode } from './types';

export interface GraphIndex {
  nodes: Map<string, FlowNode>;
  out: Map<string, FlowEdge[]>;
  in: Map<string, FlowEdge[]>;
}

export function indexGraph(graph: FlowGraph): GraphIndex {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const out = new Map<string, FlowEdge[]>(graph.nodes.map((n) => [n.id, []]));
  const inc = new Map<string, FlowEdge[]>(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) {
    if (!nodes.has(e.source) || !nodes.has(e.target)) continue;
    out.get(e.source)!.push(e);
    inc.get(e.target)!.push(e);
  }
  return { nodes, out, in: inc };
}

/** Node ids reachable from `from` following `dir` edges, not entering `blocked`. Includes `from`. */
export function reachable(idx: GraphIndex, from: string[], dir: 'out' | 'in' = 'out', blocked?: string): Set<string> {
  const seen = new Set<string>();
  const stack = [...from];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id) || id === blocked) continue;
    seen.add(id);
    for (const e of idx[dir].get(id) ?? []) stack.push(dir === 'out' ? e.target : e.source);
  }
  return seen;
}

/** The node's label in one language, else its id. */
export function nodeLabel(node: FlowNode, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  const l = node.params?.label;
  return (l && (l[locale] || l['zh-CN'])) || node.id;
}

export function nodeLabels(node: FlowNode) {
  return { 'zh-CN': nodeLabel(node, 'zh-CN'), en: nodeLabel(node, 'en') };
}
