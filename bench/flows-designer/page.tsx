/**
 * Benchmark page: the designer's canvas (the same DesignerCanvas, history and live validation the
 * designer uses) on a generated 300-node flow. Measures, per mouse move of a drag, the time from
 * the `mousemove` event to the frame whose DOM shows the node at its new place, painted (the
 * animation frame in which the node's transform has changed, then setTimeout 0).
 */
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useMemo, useRef } from 'react';
import { createRoot } from 'react-dom/client';
import { layoutFlow } from '../../catalog/flows/layout';
import { largeFlow } from '../../catalog/flows/fixtures';
import type { FlowGraph, FlowNode } from '../../catalog/flows/types';
import { DesignerCanvas } from '../../app/(app)/flows/_components/designer-canvas';
import type { CanvasLabels } from '../../app/(app)/flows/_components/flow-nodes';
import { useFlowProblems, useGraphHistory } from '../../app/(app)/flows/_components/use-graph-history';

declare global {
  interface Window {
    __flowBench: { ready: boolean; frames: number[]; done: Promise<number>; watch?: string; position: (id: string) => { x: number; y: number } | undefined; error?: string };
  }
}

const NODES = Number(new URLSearchParams(location.search).get('nodes') ?? 300);
const initial: FlowGraph = layoutFlow(largeFlow(NODES), { direction: 'LR' });
const labels: CanvasLabels = { locale: 'zh-CN', caption: (n: FlowNode) => n.type };
const NONE = new Set<string>();

function Bench() {
  const { history, onGraph } = useGraphHistory(initial);
  const graph = history.present;
  const { onNode } = useFlowProblems(graph, undefined, 'zh-CN');
  const latest = useRef(graph);
  latest.current = graph;
  const selection = useMemo(() => ({ nodes: new Set<string>(), edges: new Set<string>() }), []);
  useEffect(() => {
    window.__flowBench.position = (id) => latest.current.nodes.find((n) => n.id === id)?.position;
    window.__flowBench.ready = true;
  }, []);
  return (
    <DesignerCanvas graph={graph} labels={labels} problems={onNode} selectedNodes={selection.nodes} selectedEdges={NONE} onSelection={() => undefined} onGraph={onGraph} onDropNode={() => undefined} height="100vh" />
  );
}

window.__flowBench = { ready: false, frames: [], done: Promise.resolve(0), position: () => undefined };
window.addEventListener('error', (e) => (window.__flowBench.error = String(e.message)));
// Window capture listeners registered before React Flow's: d3-drag stops propagation at the window.
let dragging = false;
window.addEventListener('mousedown', () => (dragging = true), true);
window.addEventListener('mouseup', () => (dragging = false), true);

/** The dragged node's transform, which React Flow writes when the move has been rendered. */
const transformOf = (id: string) => document.querySelector<HTMLElement>(`.react-flow__node[data-id="${id}"]`)?.style.transform ?? '';

window.addEventListener(
  'mousemove',
  () => {
    const id = window.__flowBench.watch;
    if (!dragging || !id) return;
    const t0 = performance.now();
    const before = transformOf(id);
    window.__flowBench.done = new Promise<number>((resolve) => {
      // Wait, frame by frame, for the frame whose DOM shows the move, then for its paint.
      const frame = () =>
        requestAnimationFrame(() => {
          if (transformOf(id) === before && performance.now() - t0 < 1000) return frame();
          setTimeout(() => {
            const ms = performance.now() - t0;
            window.__flowBench.frames.push(ms);
            resolve(ms);
          }, 0);
        });
      frame();
    });
  },
  true,
);
createRoot(document.getElementById('root')!).render(
  <ReactFlowProvider>
    <Bench />
  </ReactFlowProvider>,
);
