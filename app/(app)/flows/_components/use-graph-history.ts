'use client';
/** The designer's graph state: undo history plus the validator's view of it. Shared with the benchmark page. */
import { useCallback, useMemo, useRef, useState } from 'react';
import { validateFlow, problemsByNode, type FlowValidationContext } from '@/catalog/flows/validate';
import type { FlowGraph, FlowProblem } from '@/catalog/flows/types';
import type { GraphEdit } from './designer-canvas';
import { commit, commitTransient, historyOf, replace, type History } from './history';

export function useGraphHistory(initial: FlowGraph) {
  const [history, setHistory] = useState<History<FlowGraph>>(() => historyOf(initial));
  const onGraph: GraphEdit = useCallback((update, mode) => {
    setHistory((h) => (mode === 'settle' ? commitTransient(h) : mode === 'transient' ? replace(h, update(h.present)) : commit(commitTransient(h), update(h.present))));
  }, []);
  return { history, setHistory, onGraph };
}

/**
 * The graph as the validator sees it: the same object as long as only positions changed, so that
 * dragging does not re-validate on every frame.
 */
export function useStructure(graph: FlowGraph): FlowGraph {
  const last = useRef(graph);
  const prev = last.current;
  const same = prev.edges === graph.edges && prev.nodes.length === graph.nodes.length && prev.nodes.every((n, i) => n.params === graph.nodes[i]!.params && n.id === graph.nodes[i]!.id);
  if (!same) last.current = graph;
  return last.current;
}

/** Live problems of the graph, and their messages per node in one language. */
export function useFlowProblems(graph: FlowGraph, ctx: FlowValidationContext | undefined, locale: 'zh-CN' | 'en'): { problems: FlowProblem[]; onNode: Map<string, string[]> } {
  const structure = useStructure(graph);
  const problems = useMemo(() => validateFlow(structure, ctx), [structure, ctx]);
  const onNode = useMemo(() => {
    const m = new Map<string, string[]>();
    for (const [id, list] of problemsByNode(problems)) m.set(id, list.map((p) => p.message[locale]));
    return m;
  }, [problems, locale]);
  return { problems, onNode };
}
