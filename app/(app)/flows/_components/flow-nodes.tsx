'use client';
/**
 * The canvas pieces of an approval flow, shared by the designer and the read-only views (entry
 * page, instance view). Node components take every text they show from `data` (the parent
 * translates), so they render the same inside the app and in the benchmark page.
 *
 * `flowNodeTypes` is defined at module scope: React Flow re-mounts every node when it changes.
 */
import { Handle, Position, ReactFlow, Background, Controls, MarkerType, type Edge, type Node, type NodeHandle, type NodeProps } from '@xyflow/react';
import { createContext, memo, useContext, useState } from 'react';
import { NODE_SIZE } from '@/catalog/flows/layout';
import type { FlowEdge, FlowGraph, FlowNode, FlowNodeType } from '@/catalog/flows/types';
import { nodeLabel } from '@/catalog/flows/graph';

/** How a step looks in an instance view or a preview. */
export type FlowNodeStatus = 'done' | 'active' | 'pending' | 'predicted' | 'skipped';

export interface FlowNodeData extends Record<string, unknown> {
  node: FlowNode;
  label: string;
  /** e.g. "审批 · 会签" */
  caption: string;
  problems?: string[];
  status?: FlowNodeStatus | null;
  /** A due date or an actor shown under the caption. */
  note?: string | null;
}

export type FlowCanvasNode = Node<FlowNodeData, 'flow'>;

const ACCENT: Record<FlowNodeType, string> = {
  start: 'border-l-emerald-500',
  end: 'border-l-slate-700',
  approval: 'border-l-blue-500',
  condition: 'border-l-amber-500',
  split: 'border-l-violet-500',
  join: 'border-l-violet-500',
  cc: 'border-l-cyan-500',
  timer: 'border-l-orange-500',
  action: 'border-l-teal-600',
};
// Glyphs from the Geometric Shapes and Dingbats blocks, which the CJK fonts cover (⑃ ⑂ ⏱ showed as empty boxes).
export const NODE_GLYPH: Record<FlowNodeType, string> = { start: '▶', end: '■', approval: '✔', condition: '◇', split: '△', join: '▽', cc: '✉', timer: '◎', action: '⚙' };

export const FLOW_STATUS_CLASS: Record<FlowNodeStatus, string> = {
  done: 'bg-emerald-50 border-emerald-400',
  active: 'bg-blue-50 border-blue-500 ring-2 ring-blue-300',
  pending: 'bg-white border-dashed border-slate-300 text-slate-500',
  predicted: 'bg-amber-50 border-amber-400',
  skipped: 'bg-slate-50 border-slate-200 opacity-60',
};

/**
 * When a card mounts React Flow's connection handles. Each mounted handle subscribes to the flow's
 * store and is a transformed element the browser re-layerizes on every frame of a drag: 600 of
 * them in a 300-node flow. The edges do not need them (React Flow finds the dots below by the same
 * classes, and cards declare their handles, see `canvasNode`), so a large flow mounts them only
 * where they can be used — on the card under the pointer or selected, and on every card while a
 * connection is being drawn (to land on).
 * 'always': small flows; 'never': read-only views; 'lazy' / 'connecting': large designer flows.
 */
export type HandleMode = 'always' | 'never' | 'lazy' | 'connecting';
export const HandleModeContext = createContext<HandleMode>('always');

/**
 * Below this zoom a card's text is a few pixels high and cannot be read: the cards of a large flow
 * are then drawn as plain coloured blocks (type accent, status and problem colours kept; the name in the tooltip and
 * for screen readers). A 300-node flow fitted to the window is at ~0.2, and its 900 clipped text
 * boxes were a third of what the browser re-layerized on every frame of a drag.
 */
export const COMPACT_BELOW_ZOOM = 0.35;
export const CompactContext = createContext(false);

const HANDLE_SIZE = 10;
/**
 * A handle's dot while React Flow's handle is not mounted: the same 10 px box on the same spot, and
 * the `source` / `target` class and data attributes React Flow measures handles by, so the edges
 * end where they always did. Placed without a transform (a transformed element costs a paint chunk
 * of its own).
 */
const DOT = 'pointer-events-none absolute left-[calc(50%-5px)] h-2.5 w-2.5 rounded-full border border-white bg-slate-500';

function FlowNodeCard({ data, selected }: NodeProps<FlowCanvasNode>) {
  const { node, problems, status } = data;
  const mode = useContext(HandleModeContext);
  const [hover, setHover] = useState(false);
  const live = mode === 'always' || mode === 'connecting' || (mode === 'lazy' && (hover || selected));
  const bad = !!problems?.length;
  const tone = bad ? 'border-red-500 bg-red-50' : status ? FLOW_STATUS_CLASS[status] : 'bg-white border-slate-300';
  const compact = useContext(CompactContext);
  return (
    <div
      className={`relative flex flex-col justify-center rounded-md border border-l-4 px-2 py-1 text-xs shadow-sm ${ACCENT[node.type]} ${tone} ${selected ? 'outline outline-2 outline-offset-1 outline-blue-500' : ''}`}
      style={{ width: NODE_SIZE.width, height: NODE_SIZE.height }}
      title={bad ? problems!.join('\n') : compact ? data.label : undefined}
      aria-label={compact ? data.label : undefined}
      data-testid={`flow-node-${node.id}`}
      data-node-type={node.type}
      data-status={status ?? undefined}
      data-problems={bad ? problems!.length : 0}
      data-compact={compact || undefined}
      aria-invalid={bad || undefined}
      onMouseEnter={mode === 'lazy' ? () => setHover(true) : undefined}
      onMouseLeave={mode === 'lazy' ? () => setHover(false) : undefined}
    >
      {node.type !== 'start' ? live ? <Handle type="target" position={Position.Top} id="in" className="!h-2.5 !w-2.5 !bg-slate-500" /> : <span aria-hidden className={`${DOT} target -top-[5px]`} data-handleid="in" data-handlepos="top" /> : null}
      {compact ? null : (
        <>
          <div className="flex items-center gap-1 font-medium text-slate-900">
            <span aria-hidden>{NODE_GLYPH[node.type]}</span>
            <span className="min-w-0 truncate">{data.label}</span>
          </div>
          {data.caption !== data.label ? <div className="truncate text-[11px] text-slate-500">{data.caption}</div> : null}
          {data.note ? <div className="truncate text-[11px] text-slate-600">{data.note}</div> : null}
        </>
      )}
      {bad ? (
        <span className="absolute -right-2 -top-2 flex h-5 min-w-5 items-center justify-center rounded-full bg-red-600 px-1 text-[10px] font-bold text-white" aria-label={problems!.join('\n')}>
          {problems!.length}
        </span>
      ) : null}
      {node.type !== 'end' ? live ? <Handle type="source" position={Position.Bottom} id="out" className="!h-2.5 !w-2.5 !bg-slate-500" /> : <span aria-hidden className={`${DOT} source -bottom-[5px]`} data-handleid="out" data-handlepos="bottom" /> : null}
    </div>
  );
}

/** Where the handles are, as React Flow measures them when mounted: edges attach there without them. */
function handlesOf(type: FlowNodeType): NodeHandle[] {
  const x = NODE_SIZE.width / 2 - HANDLE_SIZE / 2;
  return [
    ...(type !== 'start' ? [{ id: 'in', type: 'target' as const, position: Position.Top, x, y: -HANDLE_SIZE / 2, width: HANDLE_SIZE, height: HANDLE_SIZE }] : []),
    ...(type !== 'end' ? [{ id: 'out', type: 'source' as const, position: Position.Bottom, x, y: NODE_SIZE.height - HANDLE_SIZE / 2, width: HANDLE_SIZE, height: HANDLE_SIZE }] : []),
  ];
}

export const FlowNodeView = memo(FlowNodeCard);
export const flowNodeTypes = { flow: FlowNodeView };

export interface CanvasLabels {
  /** Caption of a node (type and the key parameter), already translated. */
  caption: (node: FlowNode) => string;
  /** Label of an edge (a condition's branch or "default"), if any. */
  edgeLabel?: (edgeId: string) => string | undefined;
  /** Name of a node type (开始, 审批 …): the label of a node that has none of its own. */
  typeName?: (type: FlowNodeType) => string;
  locale: 'zh-CN' | 'en';
  /** Accessible name of the overview map. */
  minimap?: string;
  /** React Flow's tooltips and screen-reader texts, translated (zoom in, fit view …). */
  aria?: Partial<Record<'node.a11yDescription.default' | 'node.a11yDescription.keyboardDisabled' | 'edge.a11yDescription.default' | 'controls.ariaLabel' | 'controls.zoomIn.ariaLabel' | 'controls.zoomOut.ariaLabel' | 'controls.fitView.ariaLabel' | 'controls.interactive.ariaLabel' | 'minimap.ariaLabel' | 'handle.ariaLabel', string>>;
}

/** What a person sees a node called: its own label, else the name of its type (开始, 结束 …), never a raw id when a type name is known. */
export function displayName(node: FlowNode, locale: 'zh-CN' | 'en', typeName?: (type: FlowNodeType) => string): string {
  const own = node.params?.label;
  return own?.[locale] || own?.['zh-CN'] ? nodeLabel(node, locale) : (typeName?.(node.type) ?? node.id);
}

export function canvasNode(node: FlowNode, labels: CanvasLabels, extra: Partial<FlowNodeData> & { selected?: boolean } = {}): FlowCanvasNode {
  const { selected, ...data } = extra;
  const label = displayName(node, labels.locale, labels.typeName);
  // Cards have a fixed size, and saying so as `measured` matters: React Flow rebuilds a controlled
  // node whose object changed (every move of a drag) from what we pass, and a node without
  // `measured` loses its handle positions, is observed again and re-measured with a forced layout
  // on every frame. The minimap and the large-flow canvas also need the size before measuring.
  return { id: node.id, type: 'flow', position: node.position, measured: NODE_SIZE, handles: handlesOf(node.type), selected: !!selected, data: { node, label, caption: labels.caption(node), ...data } };
}

/** Takes the edges only: while a node is dragged they stay the same array, so this is not recomputed. */
export function canvasEdges(edges: FlowEdge[], labels: CanvasLabels, opts: { highlighted?: Set<string>; selected?: Set<string> } = {}): Edge[] {
  return edges.map((e) => {
    const on = opts.highlighted?.has(e.id);
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      sourceHandle: e.sourceHandle ?? 'out',
      targetHandle: e.targetHandle ?? 'in',
      // Curves, not right-angled steps: a step edge spanning several rows after 自动布局 took
      // its horizontal run through the row between and looped around the nodes there.
      type: 'default',
      label: labels.edgeLabel?.(e.id),
      selected: opts.selected?.has(e.id) ?? false,
      animated: !!on,
      markerEnd: { type: MarkerType.ArrowClosed },
      style: on ? { stroke: '#d97706', strokeWidth: 2.5 } : undefined,
    };
  });
}

/**
 * A read-only drawing of a flow: the register's entry page, the instance view (pass `statuses`
 * and `notes` per node id) and the submitter's preview.
 */
export function FlowGraphView({
  graph,
  labels,
  statuses,
  notes,
  highlightedEdges,
  height = 320,
  controls = false,
}: {
  graph: FlowGraph;
  labels: CanvasLabels;
  statuses?: Record<string, FlowNodeStatus>;
  notes?: Record<string, string>;
  highlightedEdges?: Set<string>;
  height?: number;
  /** zoom buttons, for a graph too large to read at the fitted size */
  controls?: boolean;
}) {
  const nodes = graph.nodes.map((n) => canvasNode(n, labels, { status: statuses?.[n.id] ?? null, note: notes?.[n.id] ?? null }));
  return (
    <div style={{ height }} className="rounded-md border border-slate-200 bg-slate-50" data-testid="flow-graph-view">
      <HandleModeContext.Provider value="never">
        <ReactFlow nodes={nodes} edges={canvasEdges(graph.edges, labels, { highlighted: highlightedEdges })} nodeTypes={flowNodeTypes} nodesDraggable={false} nodesConnectable={false} elementsSelectable={false} fitView proOptions={{ hideAttribution: true }} ariaLabelConfig={labels.aria}>
          <Background gap={16} />
          {controls ? <Controls showInteractive={false} /> : null}
        </ReactFlow>
      </HandleModeContext.Provider>
    </div>
  );
}

/** The key to the statuses a read-only graph shows, each as its node cards draw it. */
export function FlowStatusLegend({ statuses, title, name }: { statuses: FlowNodeStatus[]; title: string; name: (status: FlowNodeStatus) => string }) {
  return (
    <div className="flex items-center gap-3 text-xs" aria-label={title} data-testid="legend">
      <span>{title}:</span>
      {statuses.map((s) => (
        <span key={s} className="inline-flex items-center gap-1">
          <span aria-hidden className={`inline-block h-3.5 w-3.5 rounded-sm border ${FLOW_STATUS_CLASS[s]}`} />
          {name(s)}
        </span>
      ))}
    </div>
  );
}
