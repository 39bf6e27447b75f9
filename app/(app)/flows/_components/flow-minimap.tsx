'use client';
/**
 * The designer's overview map. React Flow's own MiniMap subscribes once per node to the flow's
 * store, so every move of a drag ran 300 more selectors and redrew the map; this one draws the
 * node list it is given, which the canvas holds still while a node is dragged and hands over when
 * the drag ends. Only the viewport rectangle follows the view (pan and zoom) live. It looks and
 * behaves like React Flow's (same classes and geometry): drag it to pan, wheel to zoom, click to
 * centre the view there.
 */
import { Panel, useReactFlow, useStore, useStoreApi, type ReactFlowState } from '@xyflow/react';
import { memo, useRef } from 'react';
import type { FlowNode } from '@/catalog/flows/types';
import { NODE_SIZE } from '@/catalog/flows/layout';

const WIDTH = 200;
const HEIGHT = 150;
const OFFSET_SCALE = 5;

// inline, as React Flow's map does: its stylesheet's colours would win over SVG attributes
const NODE_STYLE = { fill: '#94a3b8', stroke: '#475569' };

const viewSelector = (s: ReactFlowState) => `${s.transform[0]},${s.transform[1]},${s.transform[2]},${s.width},${s.height}`;

function bounds(nodes: FlowNode[]) {
  if (!nodes.length) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const n of nodes) {
    x0 = Math.min(x0, n.position.x);
    y0 = Math.min(y0, n.position.y);
    x1 = Math.max(x1, n.position.x + NODE_SIZE.width);
    y1 = Math.max(y1, n.position.y + NODE_SIZE.height);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** The node rectangles: redrawn only when the list changes (not during a drag). */
const NodeRects = memo(function NodeRects({ nodes }: { nodes: FlowNode[] }) {
  return (
    <>
      {nodes.map((n) => (
        <rect key={n.id} data-id={n.id} className="react-flow__minimap-node" x={n.position.x} y={n.position.y} width={NODE_SIZE.width} height={NODE_SIZE.height} rx={5} ry={5} style={NODE_STYLE} shapeRendering="crispEdges" />
      ))}
    </>
  );
});

export const FlowMiniMap = memo(function FlowMiniMap({ nodes, label }: { nodes: FlowNode[]; label?: string }) {
  const flow = useReactFlow();
  const store = useStoreApi();
  const [tx, ty, zoom, flowWidth, flowHeight] = useStore(viewSelector).split(',').map(Number) as [number, number, number, number, number];
  const view = { x: -tx / zoom, y: -ty / zoom, width: flowWidth / zoom, height: flowHeight / zoom };
  const b = bounds(nodes);
  const box = b ? { x: Math.min(b.x, view.x), y: Math.min(b.y, view.y), width: 0, height: 0 } : { ...view };
  if (b) {
    box.width = Math.max(b.x + b.width, view.x + view.width) - box.x;
    box.height = Math.max(b.y + b.height, view.y + view.height) - box.y;
  }
  const scale = Math.max(box.width / WIDTH, box.height / HEIGHT) || 1;
  const offset = OFFSET_SCALE * scale;
  const vx = box.x - (scale * WIDTH - box.width) / 2 - offset;
  const vy = box.y - (scale * HEIGHT - box.height) / 2 - offset;
  const vw = scale * WIDTH + offset * 2;
  const vh = scale * HEIGHT + offset * 2;

  const svg = useRef<SVGSVGElement>(null);
  const drag = useRef<{ x: number; y: number; moved: boolean } | null>(null);
  /** A pointer on the map, in flow coordinates. */
  const toFlow = (e: { clientX: number; clientY: number }) => {
    const r = svg.current!.getBoundingClientRect();
    return { x: vx + ((e.clientX - r.left) / r.width) * vw, y: vy + ((e.clientY - r.top) / r.height) * vh };
  };

  return (
    <Panel position="bottom-right" className="react-flow__minimap" data-testid="rf__minimap" style={{ ['--xy-minimap-mask-background-color-props' as string]: 'rgba(241, 245, 249, 0.7)' }}>
      <svg
        ref={svg}
        width={WIDTH}
        height={HEIGHT}
        viewBox={`${vx} ${vy} ${vw} ${vh}`}
        className="react-flow__minimap-svg"
        role="img"
        aria-label={label}
        style={{ cursor: 'grab', touchAction: 'none' }}
        onPointerDown={(e) => {
          svg.current?.setPointerCapture(e.pointerId);
          drag.current = { x: e.clientX, y: e.clientY, moved: false };
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (!d) return;
          const r = svg.current!.getBoundingClientRect();
          const dx = ((e.clientX - d.x) / r.width) * vw;
          const dy = ((e.clientY - d.y) / r.height) * vh;
          if (!d.moved && Math.hypot(e.clientX - d.x, e.clientY - d.y) < 3) return;
          d.moved = true;
          d.x = e.clientX;
          d.y = e.clientY;
          // The viewport rectangle follows the pointer: the flow moves the other way.
          const v = flow.getViewport();
          void flow.setViewport({ x: v.x - dx * v.zoom, y: v.y - dy * v.zoom, zoom: v.zoom });
        }}
        onPointerUp={(e) => {
          const d = drag.current;
          drag.current = null;
          if (d && !d.moved) {
            const p = toFlow(e);
            void flow.setCenter(p.x, p.y, { zoom: flow.getZoom(), duration: 200 });
          }
        }}
        onWheel={(e) => {
          const v = flow.getViewport();
          const { minZoom, maxZoom } = store.getState();
          const next = Math.min(maxZoom, Math.max(minZoom, v.zoom * Math.pow(2, -e.deltaY * 0.002)));
          // keep the middle of the view where it is
          const cx = (flowWidth / 2 - v.x) / v.zoom;
          const cy = (flowHeight / 2 - v.y) / v.zoom;
          void flow.setCenter(cx, cy, { zoom: next });
        }}
      >
        <NodeRects nodes={nodes} />
        <path className="react-flow__minimap-mask" d={`M${vx - offset},${vy - offset}h${vw + offset * 2}v${vh + offset * 2}h${-vw - offset * 2}z M${view.x},${view.y}h${view.width}v${view.height}h${-view.width}z`} fillRule="evenodd" pointerEvents="none" />
      </svg>
    </Panel>
  );
});
