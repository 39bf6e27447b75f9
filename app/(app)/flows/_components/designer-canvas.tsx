'use client';
/**
 * The editable canvas of the flow designer. It owns no graph: it renders the FlowGraph it is given
 * and reports edits as functions of the graph (`onGraph`), which the designer applies to its undo
 * history. React Flow's node objects are derived here and cached per node, so dragging one node in
 * a 300-node flow re-renders that node only.
 *
 * No i18n or tRPC in here: the designer passes translated labels, and the benchmark page mounts
 * this same component.
 */
import '@xyflow/react/dist/style.css';
import { Background, Controls, ReactFlow, useReactFlow, useStore, type Connection, type EdgeChange, type NodeChange, type ReactFlowState } from '@xyflow/react';
import { useCallback, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { FLOW_NODE_TYPES, type FlowGraph, type FlowNode, type FlowNodeType } from '@/catalog/flows/types';
import { NODE_SIZE } from '@/catalog/flows/layout';
import { canvasEdges, canvasNode, COMPACT_BELOW_ZOOM, CompactContext, flowNodeTypes, HandleModeContext, type CanvasLabels, type FlowCanvasNode, type FlowNodeStatus, type HandleMode } from './flow-nodes';
import { FlowMiniMap } from './flow-minimap';
import { connect, moveNodes, removeItems } from './graph-edit';

/** The drag-and-drop payload type of palette items. */
export const DND_NODE_TYPE = 'application/x-ccg-flow-node';

export type GraphEdit = (update: (g: FlowGraph) => FlowGraph, mode: 'commit' | 'transient' | 'settle') => void;

export interface DesignerCanvasProps {
  graph: FlowGraph;
  labels: CanvasLabels;
  /** Problem messages per node id (shown on the node). */
  problems: Map<string, string[]>;
  statuses?: Record<string, FlowNodeStatus>;
  highlightedEdges?: Set<string>;
  selectedNodes: Set<string>;
  selectedEdges: Set<string>;
  onSelection: (nodes: Set<string>, edges: Set<string>) => void;
  onGraph: GraphEdit;
  onDropNode: (type: FlowNodeType, position: { x: number; y: number }) => void;
  height: number | string;
  readOnly?: boolean;
}

interface Cached {
  src: FlowNode;
  selected: boolean;
  problems: string[] | undefined;
  status: FlowNodeStatus | null;
  labels: CanvasLabels;
  rf: FlowCanvasNode;
}

/**
 * From this many nodes the canvas draws only the nodes and edges in view: an editor zoomed in on
 * one part of a large flow then drags at the cost of that part, not of the whole flow (see
 * bench/flows-designer.ts). Small flows are drawn whole (culling costs more than it saves there).
 */
const LARGE_FLOW_NODES = 100;

/**
 * React Flow's node objects, one per graph node, rebuilt only for a node whose inputs changed:
 * during a drag that is the dragged node alone (the problem lists and labels keep their identity
 * while only positions change), so a move costs identity checks, not 300 captions.
 */
function useCanvasNodes(p: DesignerCanvasProps): FlowCanvasNode[] {
  const cache = useRef(new Map<string, Cached>());
  return useMemo(() => {
    const next = new Map<string, Cached>();
    const out = p.graph.nodes.map((n) => {
      const selected = p.selectedNodes.has(n.id);
      const problems = p.problems.get(n.id);
      const status = p.statuses?.[n.id] ?? null;
      const old = cache.current.get(n.id);
      const keep = old && old.src === n && old.selected === selected && old.problems === problems && old.status === status && old.labels === p.labels;
      const c = keep ? old : { src: n, selected, problems, status, labels: p.labels, rf: canvasNode(n, p.labels, { selected, problems, status }) };
      next.set(n.id, c);
      return c.rf;
    });
    cache.current = next;
    return out;
  }, [p.graph.nodes, p.selectedNodes, p.problems, p.statuses, p.labels]);
}

/**
 * The node list the overview map draws: held still while a node is dragged (the map is redrawn
 * once, when the drag ends), the graph's nodes otherwise.
 */
function useMapNodes(nodes: FlowNode[], dragging: React.RefObject<boolean>): FlowNode[] {
  const held = useRef(nodes);
  if (!dragging.current) held.current = nodes;
  return held.current;
}

// Props React Flow copies into its store when they change identity: each copy re-runs every node's
// and edge's store selector, so they are constants or stable callbacks (an inline object or arrow
// here cost a full extra pass per frame of a drag).
const FIT_VIEW_OPTIONS = { maxZoom: 1 };
const PRO_OPTIONS = { hideAttribution: true };
const DELETE_KEYS = ['Delete', 'Backspace'];

const compactSelector = (s: ReactFlowState) => s.transform[2] < COMPACT_BELOW_ZOOM;

/** Cards of a large flow drawn as blocks below a readable zoom: one subscription here, not one per card. */
function CompactCards({ enabled, children }: { enabled: boolean; children: React.ReactNode }) {
  const zoomedOut = useStore(compactSelector);
  return <CompactContext.Provider value={enabled && zoomedOut}>{children}</CompactContext.Provider>;
}

export function DesignerCanvas(p: DesignerCanvasProps) {
  const { screenToFlowPosition } = useReactFlow();
  const nodes = useCanvasNodes(p);
  const dragging = useRef(false);
  const mapNodes = useMapNodes(p.graph.nodes, dragging);
  const [connecting, setConnecting] = useState(false);
  const onConnectStart = useCallback(() => setConnecting(true), []);
  const onConnectEnd = useCallback(() => setConnecting(false), []);
  const large = p.graph.nodes.length >= LARGE_FLOW_NODES;
  const handleMode: HandleMode = p.readOnly ? 'never' : !large ? 'always' : connecting ? 'connecting' : 'lazy';
  const edges = useMemo(() => canvasEdges(p.graph.edges, p.labels, { highlighted: p.highlightedEdges, selected: p.selectedEdges }), [p.graph.edges, p.labels, p.highlightedEdges, p.selectedEdges]);
  const { onGraph, onSelection, selectedNodes, selectedEdges, onDropNode } = p;

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowCanvasNode>[]) => {
      const moved = new Map<string, { x: number; y: number }>();
      const removed: string[] = [];
      let dragEnded = false;
      let dragMove = false;
      let sel: Set<string> | null = null;
      for (const c of changes) {
        if (c.type === 'position') {
          if (c.position) moved.set(c.id, c.position);
          if (c.dragging === false) dragEnded = true;
          if (c.dragging) dragMove = true;
        } else if (c.type === 'select') {
          sel ??= new Set(selectedNodes);
          if (c.selected) sel.add(c.id);
          else sel.delete(c.id);
        } else if (c.type === 'remove') removed.push(c.id);
      }
      // A drag's moves are rendered inside the pointer event, as React Flow renders its own
      // (uncontrolled) drags: a state update from a mousemove otherwise waits for a scheduler task
      // after the frame's animation callbacks, and every move shows one frame late.
      if (moved.size || dragEnded) dragging.current = dragMove && !dragEnded;
      if (moved.size && dragMove) flushSync(() => onGraph((g) => moveNodes(g, moved), 'transient'));
      else if (moved.size) onGraph((g) => moveNodes(g, moved), 'transient');
      if (dragEnded) onGraph((g) => g, 'settle');
      if (removed.length) onGraph((g) => removeItems(g, removed), 'commit');
      if (sel) onSelection(sel, selectedEdges);
    },
    [onGraph, onSelection, selectedNodes, selectedEdges],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const removed = changes.filter((c) => c.type === 'remove').map((c) => c.id);
      if (removed.length) onGraph((g) => removeItems(g, [], removed), 'commit');
      const selects = changes.filter((c) => c.type === 'select');
      if (selects.length) {
        const sel = new Set(selectedEdges);
        for (const c of selects) if (c.selected) sel.add(c.id);
        else sel.delete(c.id);
        onSelection(selectedNodes, sel);
      }
    },
    [onGraph, onSelection, selectedNodes, selectedEdges],
  );

  const onConnect = useCallback((c: Connection) => onGraph((g) => connect(g, { source: c.source, target: c.target, sourceHandle: c.sourceHandle === 'out' ? null : c.sourceHandle, targetHandle: c.targetHandle === 'in' ? null : c.targetHandle }), 'commit'), [onGraph]);

  const onDrop = useCallback(
    (e: React.DragEvent) => {
      const type = e.dataTransfer.getData(DND_NODE_TYPE) as FlowNodeType;
      if (!(FLOW_NODE_TYPES as readonly string[]).includes(type)) return;
      e.preventDefault();
      const at = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      onDropNode(type, { x: Math.round(at.x - NODE_SIZE.width / 2), y: Math.round(at.y - NODE_SIZE.height / 2) });
    },
    [onDropNode, screenToFlowPosition],
  );

  return (
    <div style={{ height: p.height }} className="rounded-md border border-slate-200 bg-slate-50" data-testid="flow-canvas" onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; }} onDrop={onDrop}>
      <HandleModeContext.Provider value={handleMode}>
        <CompactCards enabled={large}>
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={flowNodeTypes}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={onConnect}
            onConnectStart={large ? onConnectStart : undefined}
            onConnectEnd={large ? onConnectEnd : undefined}
            nodesDraggable={!p.readOnly}
            nodesConnectable={!p.readOnly}
            deleteKeyCode={p.readOnly ? null : DELETE_KEYS}
            onlyRenderVisibleElements={large}
            fitView
            fitViewOptions={FIT_VIEW_OPTIONS}
            minZoom={0.1}
            proOptions={PRO_OPTIONS}
            ariaLabelConfig={p.labels.aria}
          >
            <Background gap={16} />
            <Controls />
            <FlowMiniMap nodes={mapNodes} label={p.labels.minimap} />
          </ReactFlow>
        </CompactCards>
      </HandleModeContext.Provider>
    </div>
  );
}
