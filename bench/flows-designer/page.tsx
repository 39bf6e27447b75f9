/**
 * Benchmark page: the designer's canvas (the same DesignerCanvas, history and live validation the
 * designer uses) on a generated 300-node flow, a chain (`shape=chain`) or wide (`shape=wide`). Measures, per mouse move of a drag, the time from
 * the `mousemove` event to the frame whose DOM shows the node at its new place, painted (the
 * animation frame in which the node's transform has changed, then setTimeout 0).
 */
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useEffect, useMemo, useRef } from 'react';
import { createRoot } from 'react-dom/client';
import { layoutFlow } from '../../catalog/flows/layout';
import { largeFlow, wideFlow } from '../../catalog/flows/fixtures';
import type { FlowGraph, FlowNode } from '../../catalog/flows/types';
import { DesignerCanvas } from '../../app/(app)/flows/_components/designer-canvas';
import type { CanvasLabels } from '../../app/(app)/flows/_components/flow-nodes';
import { useFlowProblems, useGraphHistory } from '../../app/(app)/flows/_components/use-graph-history';

declare global {
  interface Window {
    __flowBench: {
      ready: boolean;
      frames: number[];
      done: Promise<number>;
      watch?: string;
      position: (id: string) => { x: number; y: number } | undefined;
      size: () => { nodes: number; edges: number };
      zoom: () => number;
      /** Centres the view on the flow at this zoom. */
      zoomTo: (zoom: number) => Promise<boolean>;
      error?: string;
    };
  }
}

const params = new URLSearchParams(location.search);
const NODES = Number(params.get('nodes') ?? 300);
// chain: one long row left to right, of which the window shows a part; wide: parallel branches
// top to bottom (start, split, join, end and (NODES - 4) / 8 branches of 8 steps), all in view.
const initial: FlowGraph = params.get('shape') === 'wide' ? layoutFlow(wideFlow(Math.floor((NODES - 4) / 8), 8)) : layoutFlow(largeFlow(NODES), { direction: 'LR' });
const labels: CanvasLabels = { locale: 'zh-CN', caption: (n: FlowNode) => n.type };
const NONE = new Set<string>();
// Stable, as the designer's own callbacks are (an inline arrow would be copied into React Flow's store on every move).
const NO_OP = () => undefined;

function Bench() {
  const { history, onGraph } = useGraphHistory(initial);
  const graph = history.present;
  const { onNode } = useFlowProblems(graph, undefined, 'zh-CN');
  const latest = useRef(graph);
  latest.current = graph;
  const flow = useReactFlow();
  const selection = useMemo(() => ({ nodes: new Set<string>(), edges: new Set<string>() }), []);
  useEffect(() => {
    window.__flowBench.position = (id) => latest.current.nodes.find((n) => n.id === id)?.position;
    window.__flowBench.size = () => ({ nodes: latest.current.nodes.length, edges: latest.current.edges.length });
    window.__flowBench.zoom = () => flow.getZoom();
    window.__flowBench.zoomTo = (zoom) => {
      const xs = latest.current.nodes.map((n) => n.position.x);
      const ys = latest.current.nodes.map((n) => n.position.y);
      return flow.setCenter((Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2, { zoom });
    };
    window.__flowBench.ready = true;
  }, [flow]);
  return (
    <DesignerCanvas graph={graph} labels={labels} problems={onNode} selectedNodes={selection.nodes} selectedEdges={NONE} onSelection={NO_OP} onGraph={onGraph} onDropNode={NO_OP} height="100vh" />
  );
}

window.__flowBench = { ready: false, frames: [], done: Promise.resolve(0), position: () => undefined, size: () => ({ nodes: 0, edges: 0 }), zoom: () => 1, zoomTo: async () => true };
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
