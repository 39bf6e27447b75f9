/**
 * BPMN 2.0 exchange of flow graphs (issue 5 §5), through bpmn-moddle.
 *
 * Mapping: start/end → startEvent/endEvent; approval → userTask (countersign-all, any-one and
 * sequential as multiInstanceLoopCharacteristics; its deadline as a timer boundaryEvent);
 * condition → exclusiveGateway with JSON Logic conditionExpressions and a default flow; split/join →
 * parallelGateway (diverging/converging); CC → sendTask; automatic action → serviceTask; timer →
 * intermediateCatchEvent with a timerEventDefinition. What BPMN cannot say (assignees, mode names,
 * timeout actions, English labels, working days) travels in `extensionElements` as `ccg:props`
 * (descriptor below); positions travel in BPMN DI.
 *
 * Import (bpmn-import.ts) reads that subset back, and maps what other modelers draw to the same
 * meaning or lists it as unsupported.
 */
import { ANY_ONE_COMPLETION, BPMN_TYPE, CCG_URI, EXPORTER, JSON_LOGIC_LANGUAGE, newModdle, SIZES, sizeOf, type El } from './bpmn-model';
import type { Assignee, Deadline, FlowEdge, FlowGraph, FlowNode } from './types';
import type { Localized } from '../types';
import type { Moddle } from 'bpmn-moddle';

export { CCG_URI, ccgDescriptor, JSON_LOGIC_LANGUAGE, MAX_BPMN_BYTES, unsafeXmlProblem } from './bpmn-model';
export { importBpmn, MAX_IMPORT_FLOWS, MAX_IMPORT_NODES, type BpmnImportResult, type ImportNote, type ImportWarning, type ImportedLane } from './bpmn-import';

// ---------- export ----------

interface ExportCtx {
  m: Moddle;
  byId: Map<string, El>;
}

function labelsOf(m: Moddle, label: Localized | undefined): El[] {
  if (!label) return [];
  return (['zh-CN', 'en'] as const).filter((l) => label[l] !== undefined).map((lang) => m.create('ccg:Label', { lang, text: label[lang] }));
}

function assigneeEl(m: Moddle, a: Assignee): El {
  const attrs: Record<string, unknown> = { kind: a.kind };
  if (a.kind === 'role' || a.kind === 'department') {
    if (a.role) attrs.role = a.role;
    if (a.departmentId) attrs.departmentId = a.departmentId;
  }
  if (a.kind === 'users') attrs.userIds = a.userIds.join(' ');
  return m.create('ccg:Assignee', attrs);
}

function propsOf(m: Moddle, node: FlowNode): El {
  const p: Record<string, unknown> = { labels: labelsOf(m, node.params.label) };
  switch (node.type) {
    case 'approval':
      Object.assign(p, { mode: node.params.mode, assignee: assigneeEl(m, node.params.assignee) });
      break;
    case 'cc':
      p.assignee = assigneeEl(m, node.params.assignee);
      break;
    case 'timer':
      p.workingDays = node.params.workingDays;
      break;
    case 'action':
      p.action = node.params.action;
      break;
    case 'end':
      p.outcome = node.params.outcome;
      break;
    case 'join':
      if (node.params.splitId) p.splitId = node.params.splitId;
      break;
  }
  return m.create('ccg:Props', p);
}

function loopOf(m: Moddle, node: Extract<FlowNode, { type: 'approval' }>): El | undefined {
  const mode = node.params.mode;
  if (mode === 'single') return undefined;
  const loop = m.create('bpmn:MultiInstanceLoopCharacteristics', { isSequential: mode === 'sequential' });
  if (mode === 'any') loop.completionCondition = m.create('bpmn:FormalExpression', { body: ANY_ONE_COMPLETION });
  return loop;
}

const isoDays = (n: number) => `P${n}D`;

function timerDef(m: Moddle, workingDays: number): El {
  // Other tools understand calendar days only; ccg:props carries the working days we count in.
  return m.create('bpmn:TimerEventDefinition', { timeDuration: m.create('bpmn:FormalExpression', { body: isoDays(workingDays) }) });
}

function nodeElement(c: ExportCtx, node: FlowNode): El {
  const { m } = c;
  const type = BPMN_TYPE[node.type];
  const el = m.create(type, { id: node.id, name: node.params.label?.['zh-CN'] ?? undefined });
  el.extensionElements = m.create('bpmn:ExtensionElements', { values: [propsOf(m, node)] });
  if (node.type === 'approval') el.loopCharacteristics = loopOf(m, node);
  if (node.type === 'timer') el.eventDefinitions = [timerDef(m, node.params.workingDays)];
  if (node.type === 'split') el.gatewayDirection = 'Diverging';
  if (node.type === 'join') el.gatewayDirection = 'Converging';
  return el;
}

function deadlineBoundary(c: ExportCtx, task: El, d: Deadline): El {
  const { m } = c;
  const deadline = m.create('ccg:Deadline', { workingDays: d.workingDays, onTimeout: d.onTimeout, ...(d.escalateToRole ? { escalateToRole: d.escalateToRole } : {}) });
  return m.create('bpmn:BoundaryEvent', {
    id: `${task.id}_deadline`,
    attachedToRef: task,
    // approve / reject end the task; remind / escalate leave it running
    cancelActivity: d.onTimeout === 'approve' || d.onTimeout === 'reject',
    eventDefinitions: [timerDef(m, d.workingDays)],
    extensionElements: m.create('bpmn:ExtensionElements', { values: [m.create('ccg:Props', { deadline })] }),
  });
}

function flowElement(c: ExportCtx, graph: FlowGraph, e: FlowEdge): El {
  const { m, byId } = c;
  const source = byId.get(e.source);
  const target = byId.get(e.target);
  const flow = m.create('bpmn:SequenceFlow', { id: e.id, sourceRef: source, targetRef: target });
  const cond = graph.nodes.find((n): n is Extract<FlowNode, { type: 'condition' }> => n.id === e.source && n.type === 'condition');
  const props: Record<string, unknown> = {};
  if (e.sourceHandle) props.sourceHandle = e.sourceHandle;
  if (e.targetHandle) props.targetHandle = e.targetHandle;
  const bi = cond?.params.branches.findIndex((b) => b.edgeId === e.id) ?? -1;
  if (cond && bi >= 0) {
    const b = cond.params.branches[bi]!;
    flow.name = b.label?.['zh-CN'];
    flow.conditionExpression = m.create('bpmn:FormalExpression', { language: JSON_LOGIC_LANGUAGE, body: JSON.stringify(b.when) });
    Object.assign(props, { priority: bi, labels: labelsOf(m, b.label) });
  }
  if (Object.keys(props).length) flow.extensionElements = m.create('bpmn:ExtensionElements', { values: [m.create('ccg:Props', props)] });
  source?.outgoing.push(flow);
  target?.incoming.push(flow);
  return flow;
}

function diagramOf(c: ExportCtx, process: El, graph: FlowGraph, boundaries: El[]): El {
  const { m, byId } = c;
  const bounds = new Map<string, { x: number; y: number; width: number; height: number }>();
  const shapes: El[] = graph.nodes.map((n) => {
    const b = { x: n.position.x, y: n.position.y, ...sizeOf(BPMN_TYPE[n.type]) };
    bounds.set(n.id, b);
    return m.create('bpmndi:BPMNShape', { id: `${n.id}_di`, bpmnElement: byId.get(n.id), bounds: m.create('dc:Bounds', b) });
  });
  for (const be of boundaries) {
    const t = bounds.get(be.attachedToRef.id)!;
    shapes.push(m.create('bpmndi:BPMNShape', { id: `${be.id}_di`, bpmnElement: be, bounds: m.create('dc:Bounds', { x: t.x + t.width - 18, y: t.y + t.height - 18, ...SIZES.event }) }));
  }
  const centre = (id: string) => {
    const b = bounds.get(id) ?? { x: 0, y: 0, width: 0, height: 0 };
    return m.create('dc:Point', { x: b.x + b.width / 2, y: b.y + b.height / 2 });
  };
  const edges: El[] = graph.edges.map((e) => m.create('bpmndi:BPMNEdge', { id: `${e.id}_di`, bpmnElement: byId.get(e.id), waypoint: [centre(e.source), centre(e.target)] }));
  const plane = m.create('bpmndi:BPMNPlane', { id: `${process.id}_plane`, bpmnElement: process, planeElement: [...shapes, ...edges] });
  return m.create('bpmndi:BPMNDiagram', { id: `${process.id}_diagram`, plane });
}

export interface ExportOptions {
  /** Process id (an XML NCName); defaults to `Flow`. */
  processId?: string;
  name?: string;
}

/** The flow as BPMN 2.0 XML. */
export async function exportBpmn(graph: FlowGraph, opts: ExportOptions = {}): Promise<string> {
  const m = newModdle();
  const c: ExportCtx = { m, byId: new Map() };
  const elements: El[] = [];
  const boundaries: El[] = [];
  for (const n of graph.nodes) {
    const el = nodeElement(c, n);
    el.incoming = [];
    el.outgoing = [];
    c.byId.set(n.id, el);
    elements.push(el);
    if (n.type === 'approval' && n.params.deadline) boundaries.push(deadlineBoundary(c, el, n.params.deadline));
  }
  for (const e of graph.edges) {
    const f = flowElement(c, graph, e);
    c.byId.set(e.id, f);
    elements.push(f);
  }
  for (const n of graph.nodes) {
    if (n.type !== 'condition' || !n.params.defaultEdgeId) continue;
    const def = c.byId.get(n.params.defaultEdgeId);
    if (def) c.byId.get(n.id).default = def;
  }
  const process = m.create('bpmn:Process', { id: opts.processId ?? 'Flow', name: opts.name, isExecutable: true, flowElements: [...elements, ...boundaries] });
  const definitions = m.create('bpmn:Definitions', {
    id: `${process.id}_definitions`,
    targetNamespace: CCG_URI,
    exporter: EXPORTER,
    rootElements: [process],
    diagrams: [diagramOf(c, process, graph, boundaries)],
  });
  const { xml } = await m.toXML(definitions, { format: true });
  return xml;
}
