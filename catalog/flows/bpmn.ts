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
 * Import reads that subset back. Anything else in the file is reported in `unsupported`, never
 * silently dropped. The XML is untrusted: a DOCTYPE/ENTITY declaration (XXE, billion laughs) or
 * an oversized file is refused before the parser sees it.
 */
import { BpmnModdle, type Moddle } from 'bpmn-moddle';
import { layoutFlow } from './layout';
import { problem } from './problems';
import type { ApprovalMode, Assignee, Deadline, FlowEdge, FlowExpression, FlowGraph, FlowNode, FlowProblem } from './types';
import type { Localized } from '../types';

export const CCG_URI = 'https://credit-office.gov.cn/schema/bpmn/ccg/1.0';
export const JSON_LOGIC_LANGUAGE = 'https://jsonlogic.com';
export const MAX_BPMN_BYTES = 2 * 1024 * 1024;
const ANY_ONE_COMPLETION = '${nrOfCompletedInstances >= 1}';

const attr = (name: string, type = 'String') => ({ name, isAttr: true, type });

/** The moddle package descriptor of our extension (prefix `ccg`). */
export const ccgDescriptor = {
  name: 'CreditCatalogGovernance',
  uri: CCG_URI,
  prefix: 'ccg',
  xml: { tagAlias: 'lowerCase' },
  types: [
    {
      name: 'Props',
      superClass: ['Element'],
      properties: [
        attr('mode'),
        attr('outcome'),
        attr('action'),
        attr('splitId'),
        attr('workingDays', 'Integer'),
        attr('priority', 'Integer'),
        attr('sourceHandle'),
        attr('targetHandle'),
        { name: 'labels', type: 'Label', isMany: true },
        { name: 'assignee', type: 'Assignee' },
        { name: 'deadline', type: 'Deadline' },
      ],
    },
    { name: 'Label', properties: [attr('lang'), { name: 'text', isBody: true, type: 'String' }] },
    { name: 'Assignee', properties: [attr('kind'), attr('role'), attr('departmentId'), attr('userIds')] },
    { name: 'Deadline', properties: [attr('workingDays', 'Integer'), attr('onTimeout'), attr('escalateToRole')] },
  ],
};

// Moddle elements are dynamic objects; these are the few shapes we touch.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type El = any;
function newModdle(): Moddle {
  return BpmnModdle({ ccg: ccgDescriptor });
}

const SIZES: Record<string, { width: number; height: number }> = {
  event: { width: 36, height: 36 },
  gateway: { width: 50, height: 50 },
  task: { width: 100, height: 80 },
};
const BPMN_TYPE: Record<FlowNode['type'], string> = {
  start: 'bpmn:StartEvent',
  end: 'bpmn:EndEvent',
  approval: 'bpmn:UserTask',
  condition: 'bpmn:ExclusiveGateway',
  split: 'bpmn:ParallelGateway',
  join: 'bpmn:ParallelGateway',
  cc: 'bpmn:SendTask',
  action: 'bpmn:ServiceTask',
  timer: 'bpmn:IntermediateCatchEvent',
};
const sizeOf = (bpmnType: string) => (bpmnType.endsWith('Event') ? SIZES.event! : bpmnType.endsWith('Gateway') ? SIZES.gateway! : SIZES.task!);

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
    exporter: 'credit-catalog-governance',
    rootElements: [process],
    diagrams: [diagramOf(c, process, graph, boundaries)],
  });
  const { xml } = await m.toXML(definitions, { format: true });
  return xml;
}

// ---------- import ----------

export interface UnsupportedElement {
  id: string;
  type: string;
  name?: string;
}

export type BpmnImportResult =
  | { ok: true; graph: FlowGraph; unsupported: UnsupportedElement[]; warnings: string[] }
  | { ok: false; problem: FlowProblem };

const refuse = (code: Parameters<typeof problem>[0], params: Record<string, string | number> = {}): BpmnImportResult => ({ ok: false, problem: problem(code, {}, params) });

/** Why an XML text may not even be parsed; null when it may. */
export function unsafeXmlProblem(xml: string): BpmnImportResult | null {
  if (new TextEncoder().encode(xml).length > MAX_BPMN_BYTES) return refuse('bpmnTooLarge', { max: '2 MB' });
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return refuse('bpmnDoctype');
  return null;
}

const propsIn = (el: El): El | undefined => el.extensionElements?.values?.find((v: El) => v.$type === 'ccg:Props');

function labelFrom(el: El, props: El | undefined): Localized | undefined {
  const labels: El[] = props?.labels ?? [];
  if (labels.length) {
    const get = (lang: string) => labels.find((l) => l.lang === lang)?.text ?? '';
    return { 'zh-CN': get('zh-CN'), en: get('en') };
  }
  return el.name ? { 'zh-CN': el.name, en: el.name } : undefined;
}

function assigneeFrom(a: El | undefined): Assignee {
  switch (a?.kind) {
    case 'users':
      return { kind: 'users', userIds: String(a.userIds ?? '').split(/\s+/).filter(Boolean) };
    case 'department':
      return { kind: 'department', departmentId: a.departmentId ?? '', ...(a.role ? { role: a.role } : {}) };
    case 'initiator-approver':
      return { kind: 'initiator-approver' };
    default:
      // A task from another tool names no assignee we know: left empty for the validator to flag.
      return { kind: 'role', role: a?.role ?? '', ...(a?.departmentId ? { departmentId: a.departmentId } : {}) };
  }
}

function modeFrom(el: El, props: El | undefined, unsupported: UnsupportedElement[]): ApprovalMode {
  if (props?.mode) return props.mode;
  const loop = el.loopCharacteristics;
  if (!loop) return 'single';
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    unsupported.push({ id: el.id, type: loop.$type, name: el.name });
    return 'single';
  }
  return loop.isSequential ? 'sequential' : loop.completionCondition ? 'any' : 'all';
}

const daysFrom = (timer: El | undefined, props: El | undefined) => {
  if (typeof props?.workingDays === 'number') return props.workingDays;
  const m = /P(\d+)D/.exec(timer?.eventDefinitions?.[0]?.timeDuration?.body ?? '');
  return m ? Number(m[1]) : 1;
};

interface ImportCtx {
  unsupported: UnsupportedElement[];
  deadlines: Map<string, Deadline>;
}

function nodeFrom(c: ImportCtx, el: El, position: { x: number; y: number }): FlowNode | null {
  const props = propsIn(el);
  const label = labelFrom(el, props);
  const L = label ?? { 'zh-CN': '', en: '' };
  const base = { id: el.id as string, position };
  switch (el.$type) {
    case 'bpmn:StartEvent':
      return { ...base, type: 'start', params: label ? { label } : {} };
    case 'bpmn:EndEvent':
      return { ...base, type: 'end', params: { ...(label ? { label } : {}), outcome: props?.outcome === 'rejected' ? 'rejected' : 'approved' } };
    case 'bpmn:UserTask':
      return { ...base, type: 'approval', params: { label: L, assignee: assigneeFrom(props?.assignee), mode: modeFrom(el, props, c.unsupported), deadline: c.deadlines.get(el.id) ?? null } };
    case 'bpmn:SendTask':
      return { ...base, type: 'cc', params: { label: L, assignee: assigneeFrom(props?.assignee) } };
    case 'bpmn:ServiceTask':
      return { ...base, type: 'action', params: { label: L, action: props?.action ?? 'notify' } };
    case 'bpmn:ExclusiveGateway':
      return { ...base, type: 'condition', params: { label: L, branches: [], defaultEdgeId: el.default?.id ?? null } };
    case 'bpmn:ParallelGateway': {
      const diverging = el.gatewayDirection === 'Diverging' || (el.gatewayDirection !== 'Converging' && (el.outgoing?.length ?? 0) > 1);
      return diverging ? { ...base, type: 'split', params: label ? { label } : {} } : { ...base, type: 'join', params: { ...(label ? { label } : {}), splitId: props?.splitId ?? null } };
    }
    case 'bpmn:IntermediateCatchEvent':
      if (el.eventDefinitions?.length === 1 && el.eventDefinitions[0].$type === 'bpmn:TimerEventDefinition') {
        return { ...base, type: 'timer', params: { label: L, workingDays: daysFrom(el, props) } };
      }
      return null;
    default:
      return null;
  }
}

/** Timer boundary events on user tasks become deadlines; every other boundary event is unsupported. */
function collectDeadlines(c: ImportCtx, elements: El[]) {
  for (const el of elements) {
    if (el.$type !== 'bpmn:BoundaryEvent') continue;
    const isTimer = el.eventDefinitions?.length === 1 && el.eventDefinitions[0].$type === 'bpmn:TimerEventDefinition';
    if (!isTimer || el.attachedToRef?.$type !== 'bpmn:UserTask' || c.deadlines.has(el.attachedToRef.id)) {
      c.unsupported.push({ id: el.id, type: el.$type, name: el.name });
      continue;
    }
    const d = propsIn(el)?.deadline;
    const onTimeout = d?.onTimeout ?? (el.cancelActivity === false ? 'remind' : 'reject');
    c.deadlines.set(el.attachedToRef.id, { workingDays: d?.workingDays ?? daysFrom(el, undefined), onTimeout, ...(d?.escalateToRole ? { escalateToRole: d.escalateToRole } : {}) });
  }
}

function branchFrom(c: ImportCtx, flow: El): { when: FlowExpression; priority: number; label: Localized } {
  const props = propsIn(flow);
  const expr = flow.conditionExpression;
  let when: FlowExpression = false;
  if (expr?.language === JSON_LOGIC_LANGUAGE) {
    try {
      when = JSON.parse(expr.body);
    } catch {
      c.unsupported.push({ id: flow.id, type: 'bpmn:FormalExpression', name: String(expr.body ?? '') });
    }
  } else {
    // An expression language we cannot evaluate: the branch is kept (never taken) and reported.
    c.unsupported.push({ id: flow.id, type: 'bpmn:FormalExpression', name: String(expr?.body ?? '') });
  }
  return { when, priority: props?.priority ?? Number.MAX_SAFE_INTEGER, label: labelFrom(flow, props) ?? { 'zh-CN': flow.id, en: flow.id } };
}

function edgesFrom(c: ImportCtx, flows: El[], nodes: Map<string, FlowNode>): FlowEdge[] {
  const edges: FlowEdge[] = [];
  const branches = new Map<string, { edgeId: string; label: Localized; when: FlowExpression; priority: number }[]>();
  for (const f of flows) {
    const source = nodes.get(f.sourceRef?.id);
    if (!source || !nodes.has(f.targetRef?.id)) {
      c.unsupported.push({ id: f.id, type: f.$type, name: f.name });
      continue;
    }
    const props = propsIn(f);
    edges.push({ id: f.id, source: source.id, target: f.targetRef.id, ...(props?.sourceHandle ? { sourceHandle: props.sourceHandle } : {}), ...(props?.targetHandle ? { targetHandle: props.targetHandle } : {}) });
    if (source.type === 'condition' && f.conditionExpression && source.params.defaultEdgeId !== f.id) {
      branches.set(source.id, [...(branches.get(source.id) ?? []), { edgeId: f.id, ...branchFrom(c, f) }]);
    }
  }
  for (const [id, list] of branches) {
    const node = nodes.get(id) as Extract<FlowNode, { type: 'condition' }>;
    node.params.branches = list.sort((a, b) => a.priority - b.priority).map(({ priority: _p, ...b }) => b);
  }
  return edges;
}

function positionsFrom(definitions: El): Map<string, { x: number; y: number }> {
  const out = new Map<string, { x: number; y: number }>();
  for (const d of definitions.diagrams ?? []) {
    for (const pe of d.plane?.planeElement ?? []) {
      if (pe.$type === 'bpmndi:BPMNShape' && pe.bpmnElement && pe.bounds) out.set(pe.bpmnElement.id, { x: pe.bounds.x, y: pe.bounds.y });
    }
  }
  return out;
}

const FLOW_NODE_BPMN_TYPES = new Set(Object.values(BPMN_TYPE));

/** Reads a BPMN 2.0 document of the supported subset into a flow graph. */
export async function importBpmn(xml: string): Promise<BpmnImportResult> {
  const unsafe = unsafeXmlProblem(xml);
  if (unsafe) return unsafe;
  let parsed: Awaited<ReturnType<Moddle['fromXML']>>;
  try {
    parsed = await newModdle().fromXML(xml);
  } catch (err) {
    return refuse('bpmnMalformed', { reason: (err as Error).message.split('\n')[0]!.slice(0, 300) });
  }
  const definitions = parsed.rootElement;
  const processes: El[] = (definitions.rootElements ?? []).filter((r: El) => r.$type === 'bpmn:Process');
  const process = processes.find((p) => p.flowElements?.length) ?? processes[0];
  if (!process) return refuse('bpmnNoProcess');
  const c: ImportCtx = { unsupported: [], deadlines: new Map() };
  for (const other of processes) if (other !== process) c.unsupported.push({ id: other.id, type: other.$type, name: other.name });
  for (const r of definitions.rootElements ?? []) {
    if (r.$type === 'bpmn:Collaboration') c.unsupported.push({ id: r.id, type: r.$type, name: r.name });
  }
  const elements: El[] = process.flowElements ?? [];
  collectDeadlines(c, elements);
  const positions = positionsFrom(definitions);
  const nodes = new Map<string, FlowNode>();
  for (const el of elements) {
    if (el.$type === 'bpmn:SequenceFlow' || el.$type === 'bpmn:BoundaryEvent') continue;
    const node = FLOW_NODE_BPMN_TYPES.has(el.$type) ? nodeFrom(c, el, positions.get(el.id) ?? { x: 0, y: 0 }) : null;
    if (node) nodes.set(node.id, node);
    else c.unsupported.push({ id: el.id, type: el.$type, name: el.name });
  }
  for (const a of process.artifacts ?? []) c.unsupported.push({ id: a.id, type: a.$type, name: a.name ?? a.text });
  const edges = edgesFrom(c, elements.filter((e) => e.$type === 'bpmn:SequenceFlow'), nodes);
  let graph: FlowGraph = { nodes: [...nodes.values()], edges };
  if (positions.size === 0) graph = layoutFlow(graph);
  return { ok: true, graph, unsupported: c.unsupported, warnings: parsed.warnings.map((w) => w.message) };
}
