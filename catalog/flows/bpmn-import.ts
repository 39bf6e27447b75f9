/**
 * BPMN 2.0 import: our own exports read back exactly (ccg:props carry what BPMN cannot say), and
 * diagrams drawn in other modelers (Camunda, Signavio, bpmn.io, Bizagi, Flowable …) mapped to our
 * semantics **with the same meaning, or not at all**. Every element of the process ends up in one
 * of three places, and the import review dialog shows the last two before anything is replaced:
 * - the graph, as it was (our own files; plain starts, user tasks, gateways …);
 * - `mapped`: kept with a meaning we state, e.g. an error end event → an end with outcome
 *   rejected, P1W → 5 working days, a lane → an assignee hint, a conditional connection leaving
 *   a task → a new condition node;
 * - `unsupported`: what we cannot do (a message end event sends nothing here, P2M has no fixed
 *   number of working days, a script task, a second pool …), with what was kept in its place.
 * bpmn-moddle's own warnings (duplicate ids, unknown elements) are passed on in the user's language.
 *
 * Bounded work: the file size is checked before parsing (bpmn-model.ts), the number of elements
 * before anything else; the layout of a diagram without DI is bounded too (layout.ts).
 */
import { EXPORTER, JSON_LOGIC_LANGUAGE, newModdle, refuse, unsafeXmlProblem, type El, type Refusal } from './bpmn-model';
import { both, DURATION_REASONS, DURATION_RULES, elementWords, fill, NOTE_MESSAGES, PHRASES, TIMEOUT_WORDS, TRIGGER_NAMES, WARNING_MESSAGES, type NoteCode, type Params, type TriggerName, type WarningCode } from './bpmn-messages';
import { durationToWorkingDays } from './iso-duration';
import { layoutFlow, NODE_SIZE } from './layout';
import type { ApprovalMode, Assignee, Deadline, FlowEdge, FlowExpression, FlowGraph, FlowNode, TimeoutAction } from './types';
import type { Localized } from '../types';

/** Larger diagrams are refused: no approval flow has that many steps, and the work stays bounded. */
export const MAX_IMPORT_NODES = 500;
export const MAX_IMPORT_FLOWS = 1000;

/** One element, and how it was mapped (kept with a stated meaning) or why it is not supported. */
export interface ImportNote {
  /** The BPMN element's id (for tests and support; the dialog shows `message`). */
  id: string;
  /** Its BPMN type, e.g. `bpmn:EndEvent`. */
  type: string;
  name?: string;
  code: NoteCode;
  message: Localized;
}

export interface ImportWarning {
  code: WarningCode;
  message: Localized;
}

/** A lane with the steps drawn in it: the review dialog turns it into an assignee for those steps. */
export interface ImportedLane {
  id: string;
  name: string;
  nodeIds: string[];
}

export type BpmnImportResult =
  | {
      ok: true;
      graph: FlowGraph;
      /** Kept with the meaning the message states. */
      mapped: ImportNote[];
      /** Not supported: left out, or kept only as the message states. */
      unsupported: ImportNote[];
      warnings: ImportWarning[];
      lanes: ImportedLane[];
      /** The modeler that wrote the file, when it says (`exporter` and `exporterVersion`). */
      exporter?: string;
    }
  | Refusal;

// Colours and display metadata of other modelers: they carry no meaning for a flow.
const COSMETIC_NAMESPACES = new Set([
  'http://bpmn.io/schema/bpmn/biocolor/1.0',
  'http://www.omg.org/spec/BPMN/non-normative/color/1.0',
  'http://www.signavio.com',
  'http://camunda.org/schema/modeler/1.0',
]);
const BIZAGI_NAMESPACE = 'http://www.bizagi.com/bpmn20';

const TRIGGER_OF: Record<string, TriggerName> = {
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:SignalEventDefinition': 'signal',
  'bpmn:ConditionalEventDefinition': 'conditional',
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:TerminateEventDefinition': 'terminate',
  'bpmn:EscalationEventDefinition': 'escalation',
  'bpmn:CompensateEventDefinition': 'compensate',
  'bpmn:CancelEventDefinition': 'cancel',
  'bpmn:LinkEventDefinition': 'link',
};

function triggerOf(el: El): TriggerName | undefined {
  const defs: El[] = el.eventDefinitions ?? [];
  if (defs.length === 0) return undefined;
  if (defs.length > 1) return 'multiple';
  return TRIGGER_OF[defs[0].$type] ?? 'multiple';
}

const propsIn = (el: El): El | undefined => el?.extensionElements?.values?.find((v: El) => v.$type === 'ccg:Props');

/** Scale of other modelers' coordinates: their tasks are 100 px wide, our cards 180. */
const FOREIGN_SCALE = { x: 1.8, y: 1.2 };

class Ctx {
  mapped: ImportNote[] = [];
  unsupported: ImportNote[] = [];
  deadlines = new Map<string, Deadline>();
  /** xmlns prefix → namespace URI, from the definitions element. */
  namespaces = new Map<string, string>();
  /** The file's default expression language (BPMN's `expressionLanguage`). */
  expressionLanguage: string | undefined;
  constructor(definitions: El) {
    this.expressionLanguage = definitions.expressionLanguage;
    for (const [k, v] of Object.entries<string>(definitions.$attrs ?? {})) if (k.startsWith('xmlns:')) this.namespaces.set(k.slice(6), v);
  }

  words(el: El): Localized {
    if (el.$type === 'bpmn:SequenceFlow' || el.$type === 'bpmn:MessageFlow') {
      if (el.name?.trim()) return elementWords(el.$type, el.name);
      const end = (x: El) => (x?.$type ? elementWords(x.$type, x.name, x.eventDefinitions ? triggerOf(x) : undefined) : PHRASES.missing);
      return fill(PHRASES.flowBetween, { from: end(el.sourceRef), to: end(el.targetRef) });
    }
    return elementWords(el.$type, el.name, el.eventDefinitions ? triggerOf(el) : undefined);
  }

  note(list: 'mapped' | 'unsupported', el: El, code: NoteCode, params: Params = {}) {
    const m = fill(NOTE_MESSAGES[code], { el: this.words(el), ...params });
    const message = { 'zh-CN': m['zh-CN'], en: m.en.charAt(0).toUpperCase() + m.en.slice(1) };
    this[list].push({ id: String(el.id ?? ''), type: el.$type, ...(el.name ? { name: String(el.name) } : {}), code, message });
  }

  /** Settings of other tools on an element (Camunda listeners, Flowable assignees …), colours aside. */
  foreignSettings(el: El) {
    const keys = new Set<string>();
    for (const k of Object.keys(el.$attrs ?? {})) {
      if (k.startsWith('xmlns') || !k.includes(':')) continue;
      if (!COSMETIC_NAMESPACES.has(this.namespaces.get(k.split(':')[0]!) ?? '')) keys.add(k);
    }
    for (const v of el.extensionElements?.values ?? []) {
      if (v.$type === 'ccg:Props' || this.cosmetic(v)) continue;
      keys.add(v.$type);
    }
    if (keys.size) this.note('unsupported', el, 'extension', { keys: { 'zh-CN': [...keys].join('、'), en: [...keys].join(', ') } });
  }

  private cosmetic(v: El): boolean {
    const uri = this.namespaces.get(String(v.$type).split(':')[0]!) ?? '';
    if (COSMETIC_NAMESPACES.has(uri)) return true;
    if (uri !== BIZAGI_NAMESPACE) return false;
    // Bizagi Modeler keeps shape colours in BizagiProperties; anything else there is listed.
    const names: string[] = [];
    const walk = (x: El) => {
      for (const ch of x.$children ?? []) {
        if (String(ch.$type).endsWith('BizagiProperty')) names.push(String(ch.name ?? ''));
        walk(ch);
      }
    };
    walk(v);
    return names.every((n) => /colou?r/i.test(n));
  }

  /** Working days of a timer (ours in ccg:props; others' ISO 8601 mapped, or 0 and listed). */
  workingDays(el: El, ours: number | undefined, what: 'timer' | 'deadline', extra: Params = {}): number {
    if (typeof ours === 'number') return ours;
    const def = (el.eventDefinitions ?? [])[0] ?? {};
    const duration = def.timeDuration?.body?.trim();
    const unsupported = (reason: keyof typeof DURATION_REASONS, iso: string) => {
      this.note('unsupported', el, 'durationUnsupported', { iso, reason: DURATION_REASONS[reason] });
      return 0;
    };
    if (duration) {
      const m = durationToWorkingDays(duration);
      if (!m.ok) return unsupported(m.reason, duration);
      const days = m.workingDays === 1 ? PHRASES.oneWorkingDay : fill(PHRASES.workingDays, { n: m.workingDays });
      this.note('mapped', el, what === 'timer' ? 'timerDuration' : 'deadlineDuration', { iso: duration, days, rule: DURATION_RULES[m.rule], ...extra });
      return m.workingDays;
    }
    if (def.timeDate?.body) return unsupported('timeDate', def.timeDate.body.trim());
    if (def.timeCycle?.body) return unsupported('timeCycle', def.timeCycle.body.trim());
    return unsupported('missing', '');
  }
}

function labelFrom(el: El, props: El | undefined): Localized | undefined {
  const labels: El[] = props?.labels ?? [];
  if (labels.length) {
    const get = (lang: string) => labels.find((l) => l.lang === lang)?.text ?? '';
    return { 'zh-CN': get('zh-CN'), en: get('en') };
  }
  const name = typeof el.name === 'string' ? el.name.trim() : '';
  return name ? { 'zh-CN': name, en: name } : undefined;
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
      // A task from another tool names no assignee we know: left empty for the lane hint or the validator.
      return { kind: 'role', role: a?.role ?? '', ...(a?.departmentId ? { departmentId: a.departmentId } : {}) };
  }
}

function modeFrom(c: Ctx, el: El, props: El | undefined): ApprovalMode {
  if (props?.mode) return props.mode;
  const loop = el.loopCharacteristics;
  if (!loop) return 'single';
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    c.note('unsupported', el, 'loop');
    return 'single';
  }
  return loop.isSequential ? 'sequential' : loop.completionCondition ? 'any' : 'all';
}

const APPROVAL_TYPES = new Set(['bpmn:UserTask', 'bpmn:Task', 'bpmn:ManualTask']);

function nodeFrom(c: Ctx, el: El, position: { x: number; y: number }): FlowNode | null {
  const props = propsIn(el);
  const label = labelFrom(el, props);
  const L = label ?? { 'zh-CN': '', en: '' };
  const base = { id: el.id as string, position };
  const trigger = el.eventDefinitions ? triggerOf(el) : undefined;
  switch (el.$type) {
    case 'bpmn:StartEvent':
      if (trigger) c.note('unsupported', el, 'startTrigger', { trigger: TRIGGER_NAMES[trigger] });
      return { ...base, type: 'start', params: label ? { label } : {} };
    case 'bpmn:EndEvent': {
      const end = (outcome: 'approved' | 'rejected'): FlowNode => ({ ...base, type: 'end', params: { ...(label ? { label } : {}), outcome } });
      if (props?.outcome === 'approved' || props?.outcome === 'rejected') return end(props.outcome);
      if (!trigger) {
        c.note('mapped', el, 'endNone');
        return end('approved');
      }
      if (trigger === 'error') {
        const err = el.eventDefinitions[0].errorRef;
        const errName = err?.name?.trim() || err?.errorCode?.trim();
        c.note('mapped', el, 'endError', { error: errName ? fill(PHRASES.errorNamed, { name: errName }) : '' });
        return end('rejected');
      }
      if (trigger === 'terminate') {
        c.note('mapped', el, 'endTerminate');
        return end('rejected');
      }
      // It would throw something (a message, a signal, an escalation, a compensation) we cannot
      // send; never approve on the strength of it.
      c.note('unsupported', el, 'endThrow', { trigger: TRIGGER_NAMES[trigger] });
      return end('rejected');
    }
    case 'bpmn:UserTask':
    case 'bpmn:Task':
    case 'bpmn:ManualTask':
      if (el.$type !== 'bpmn:UserTask') c.note('mapped', el, 'taskAsApproval');
      return { ...base, type: 'approval', params: { label: L, assignee: assigneeFrom(props?.assignee), mode: modeFrom(c, el, props), deadline: c.deadlines.get(el.id) ?? null } };
    case 'bpmn:SendTask':
      return { ...base, type: 'cc', params: { label: L, assignee: assigneeFrom(props?.assignee) } };
    case 'bpmn:ServiceTask':
      if (!props?.action) return null; // another tool's service call: nothing here would make it
      return { ...base, type: 'action', params: { label: L, action: props.action } };
    case 'bpmn:ExclusiveGateway':
      return { ...base, type: 'condition', params: { label: L, branches: [], defaultEdgeId: el.default?.id ?? null } };
    case 'bpmn:ParallelGateway': {
      const diverging = el.gatewayDirection === 'Diverging' || (el.gatewayDirection !== 'Converging' && (el.outgoing?.length ?? 0) > 1);
      return diverging ? { ...base, type: 'split', params: label ? { label } : {} } : { ...base, type: 'join', params: { ...(label ? { label } : {}), splitId: props?.splitId ?? null } };
    }
    case 'bpmn:IntermediateCatchEvent':
      if (trigger !== 'timer') return null;
      return { ...base, type: 'timer', params: { label: L, workingDays: c.workingDays(el, props?.workingDays, 'timer') } };
    default:
      return null;
  }
}

const timeoutWords = (a: TimeoutAction) => (a === 'remind' || a === 'reject' ? TIMEOUT_WORDS[a] : both(a));

/** Timer boundary events on a step become its deadline; every other boundary event is unsupported. */
function collectDeadlines(c: Ctx, elements: El[]) {
  for (const el of elements) {
    if (el.$type !== 'bpmn:BoundaryEvent') continue;
    const task = el.attachedToRef;
    if (triggerOf(el) !== 'timer' || !APPROVAL_TYPES.has(task?.$type) || c.deadlines.has(task.id)) {
      c.note('unsupported', el, 'boundary', { task: task ? c.words(task) : both('?') });
      continue;
    }
    const d = propsIn(el)?.deadline;
    // Interrupting: the step ends when time is up (we reject); non-interrupting: it runs on (we remind).
    const onTimeout: TimeoutAction = d?.onTimeout ?? (el.cancelActivity === false ? 'remind' : 'reject');
    const workingDays = c.workingDays(el, d?.workingDays, 'deadline', { task: c.words(task), action: timeoutWords(onTimeout) });
    c.deadlines.set(task.id, { workingDays, onTimeout, ...(d?.escalateToRole ? { escalateToRole: d.escalateToRole } : {}) });
    c.foreignSettings(el);
  }
}

function whenFrom(c: Ctx, flow: El): FlowExpression {
  const expr = flow.conditionExpression;
  const body = String(expr?.body ?? '').trim();
  // Without xsi:type the expression is a plain bpmn:Expression and its language an unknown attribute.
  const language = expr?.language ?? expr?.$attrs?.language ?? c.expressionLanguage;
  if (language === JSON_LOGIC_LANGUAGE) {
    try {
      return JSON.parse(body);
    } catch {
      // fall through: reported like any expression we cannot evaluate
    }
  }
  // The branch is kept (never taken) and reported: the user sets its condition again.
  c.note('unsupported', flow, 'conditionNotJsonLogic', { expr: body.length > 120 ? `${body.slice(0, 117)}…` : body || '?' });
  return false;
}

type Branch = ConditionParamsBranch & { priority: number };
type ConditionParamsBranch = Extract<FlowNode, { type: 'condition' }>['params']['branches'][number];

function branchFrom(c: Ctx, flow: El, target: FlowNode): Branch {
  const props = propsIn(flow);
  const targetName = target.params.label?.['zh-CN'] ? { 'zh-CN': `「${target.params.label['zh-CN']}」`, en: `"${target.params.label.en || target.params.label['zh-CN']}"` } : c.words(flow.targetRef);
  return { edgeId: flow.id, when: whenFrom(c, flow), priority: props?.priority ?? Number.MAX_SAFE_INTEGER, label: labelFrom(flow, props) ?? fill(PHRASES.branchTo, { target: targetName }) };
}

function uniqueId(taken: Set<string>, wanted: string): string {
  let id = wanted;
  for (let i = 2; taken.has(id); i++) id = `${wanted}_${i}`;
  taken.add(id);
  return id;
}

const edgeOf = (f: El, source: string, target: string): FlowEdge => {
  const props = propsIn(f);
  return { id: f.id, source, target, ...(props?.sourceHandle ? { sourceHandle: props.sourceHandle } : {}), ...(props?.targetHandle ? { targetHandle: props.targetHandle } : {}) };
};

/**
 * Sequence flows → edges. A conditional flow leaving anything but a gateway (a task's "mini
 * diamond") becomes a condition node inserted after its source: the condition holds → that
 * target; else the source's default flow.
 */
function edgesFrom(c: Ctx, flows: El[], nodes: Map<string, FlowNode>, elements: Map<string, El>, ids: Set<string>): FlowEdge[] {
  const edges: FlowEdge[] = [];
  const bySource = new Map<string, El[]>();
  for (const f of flows) {
    c.foreignSettings(f);
    if (!nodes.has(f.sourceRef?.id) || !nodes.has(f.targetRef?.id)) {
      const deadline = f.sourceRef?.$type === 'bpmn:BoundaryEvent' ? c.deadlines.get(f.sourceRef.attachedToRef?.id) : undefined;
      if (deadline) c.note('unsupported', f, 'boundaryPath', { action: timeoutWords(deadline.onTimeout) });
      else c.note('unsupported', f, 'dangling');
      continue;
    }
    bySource.set(f.sourceRef.id, [...(bySource.get(f.sourceRef.id) ?? []), f]);
  }
  for (const [sourceId, out] of bySource) {
    const source = nodes.get(sourceId)!;
    const sourceEl = elements.get(sourceId);
    if (source.type === 'condition') {
      const branches: Branch[] = [];
      for (const f of out) {
        edges.push(edgeOf(f, sourceId, f.targetRef.id));
        if (f.conditionExpression && source.params.defaultEdgeId !== f.id) branches.push(branchFrom(c, f, nodes.get(f.targetRef.id)!));
      }
      source.params.branches = branches.sort((a, b) => a.priority - b.priority).map(({ priority: _p, ...b }) => b);
      continue;
    }
    const deflt = sourceEl?.default;
    const conditional = source.type === 'split' || source.type === 'join' ? [] : out.filter((f) => f.conditionExpression && f !== deflt);
    if (!conditional.length) {
      for (const f of out) edges.push(edgeOf(f, sourceId, f.targetRef.id));
      continue;
    }
    const name = source.params.label?.['zh-CN'] ? source.params.label : undefined;
    const label = name ? fill(PHRASES.conditionLabel, { name: { 'zh-CN': name['zh-CN'], en: name.en || name['zh-CN'] } }) : PHRASES.defaultCondition;
    const cond: Extract<FlowNode, { type: 'condition' }> = { id: uniqueId(ids, `${sourceId}_cond`), type: 'condition', position: source.position, params: { label: { ...label }, branches: [], defaultEdgeId: null } };
    nodes.set(cond.id, cond);
    edges.push({ id: uniqueId(ids, `${sourceId}_to_cond`), source: sourceId, target: cond.id });
    c.note('mapped', sourceEl, 'conditionalFlow', { cond: label });
    if (conditional.length > 1) c.note('unsupported', sourceEl, 'conditionalInclusive', { count: conditional.length });
    for (const f of out) {
      if (f === deflt) {
        edges.push(edgeOf(f, cond.id, f.targetRef.id));
        cond.params.defaultEdgeId = f.id;
      } else if (conditional.includes(f)) {
        edges.push(edgeOf(f, cond.id, f.targetRef.id));
        cond.params.branches.push(branchFrom(c, f, nodes.get(f.targetRef.id)!));
      } else {
        c.note('unsupported', f, 'parallelWithCondition', { el: c.words(sourceEl), target: c.words(f.targetRef) });
      }
    }
  }
  return edges;
}

function lanesFrom(c: Ctx, process: El, nodes: Map<string, FlowNode>): ImportedLane[] {
  const out: ImportedLane[] = [];
  const walk = (sets: El[] | undefined) => {
    for (const set of sets ?? []) {
      for (const lane of set.lanes ?? []) {
        if (lane.childLaneSet?.lanes?.length) {
          walk([lane.childLaneSet]);
          continue;
        }
        const nodeIds = (lane.flowNodeRef ?? []).map((r: El) => r?.id).filter((id: string) => ['approval', 'cc'].includes(nodes.get(id)?.type ?? ''));
        if (!nodeIds.length) continue;
        out.push({ id: lane.id, name: String(lane.name ?? '').trim(), nodeIds });
        c.note('mapped', lane, 'lane', { count: nodeIds.length });
      }
    }
  };
  walk(process.laneSets);
  return out;
}

function shapeBounds(definitions: El): Map<string, { x: number; y: number; width: number; height: number }> {
  const bounds = new Map<string, { x: number; y: number; width: number; height: number }>();
  for (const d of definitions.diagrams ?? []) {
    for (const pe of d.plane?.planeElement ?? []) {
      if (pe.$type === 'bpmndi:BPMNShape' && pe.bpmnElement && pe.bounds) bounds.set(pe.bpmnElement.id, pe.bounds);
    }
  }
  return bounds;
}

/**
 * Positions of the imported nodes from the diagram's shapes. Ours are kept as they are; another
 * modeler's shapes are smaller than our cards, so their centres are kept and spread apart, far
 * enough that no two cards overlap. False when a node has no shape (then the graph is laid out).
 */
function placeNodes(nodes: FlowNode[], definitions: El, ours: boolean): boolean {
  const bounds = shapeBounds(definitions);
  if (nodes.some((n) => !bounds.has(n.id))) return false;
  if (ours) {
    for (const n of nodes) n.position = { x: bounds.get(n.id)!.x, y: bounds.get(n.id)!.y };
    return true;
  }
  const centres = nodes.map((n) => {
    const b = bounds.get(n.id)!;
    return { n, x: b.x + b.width / 2, y: b.y + b.height / 2 };
  });
  const scale = foreignScale(centres);
  for (const c of centres) c.n.position = { x: Math.round(c.x * scale.x - NODE_SIZE.width / 2), y: Math.round(c.y * scale.y - NODE_SIZE.height / 2) };
  return true;
}

const GAP = { x: 24, y: 16 };
const MAX_SCALE = 6;

/** The least stretch (at least FOREIGN_SCALE) that keeps every pair of cards apart in x or in y. */
function foreignScale(centres: { x: number; y: number }[]) {
  const scale = { ...FOREIGN_SCALE };
  const needX = NODE_SIZE.width + GAP.x;
  const needY = NODE_SIZE.height + GAP.y;
  for (let i = 0; i < centres.length; i++) {
    for (let j = i + 1; j < centres.length; j++) {
      const dx = Math.abs(centres[i]!.x - centres[j]!.x);
      const dy = Math.abs(centres[i]!.y - centres[j]!.y);
      if (dx * scale.x >= needX || dy * scale.y >= needY) continue;
      // Stretch along the axis on which they are further apart (relative to the card's size).
      if (dx / needX >= dy / needY) scale.x = Math.min(MAX_SCALE, needX / dx);
      else if (dy > 0) scale.y = Math.min(MAX_SCALE, needY / dy);
    }
  }
  return scale;
}

/** bpmn-moddle counts lines from 0; people count from 1. */
const lineOf = (zeroBased: string) => Number(zeroBased) + 1;

const WARNING_PATTERNS: [RegExp, (m: RegExpExecArray) => { code: WarningCode; params: Params }][] = [
  [/^unparsable content <([^>\s]+)>? ?detected\s+line: (\d+)[\s\S]*nested error: duplicate ID <([^>]+)>/, (m) => ({ code: 'duplicateId', params: { element: m[1]!, line: lineOf(m[2]!), id: m[3]! } })],
  [/^unparsable content <([^>\s]+)>? ?detected\s+line: (\d+)[\s\S]*nested error: (?:unknown type|unrecognized element|unexpected element) </, (m) => ({ code: 'unknownElement', params: { element: m[1]!, line: lineOf(m[2]!) } })],
  [/^unparsable content (?:<([^>\s]+)>? ?)?detected\s+line: (\d+)[\s\S]*nested error: (.*)$/, (m) => ({ code: 'unparsable', params: { element: m[1] ?? '?', line: lineOf(m[2]!), detail: m[3]!.slice(0, 200) } })],
];

function warningOf(c: Ctx, w: { message: string; element?: El; property?: string; value?: unknown }): ImportWarning {
  const make = (code: WarningCode, params: Params): ImportWarning => {
    const m = fill(WARNING_MESSAGES[code], params);
    return { code, message: { 'zh-CN': m['zh-CN'], en: m.en.charAt(0).toUpperCase() + m.en.slice(1) } };
  };
  for (const [re, to] of WARNING_PATTERNS) {
    const m = re.exec(w.message);
    if (m) {
      const { code, params } = to(m);
      return make(code, params);
    }
  }
  const ref = /^unresolved reference <([^>]+)>/.exec(w.message);
  if (ref) return make('unresolvedReference', { el: w.element ? c.words(w.element) : both('?'), ref: ref[1]! });
  const attr = /^unknown attribute <([^>]+)>/.exec(w.message);
  if (attr) return make('unknownAttribute', { el: w.element ? c.words(w.element) : both('?'), attribute: attr[1]! });
  return make('other', { detail: w.message.split('\n')[0]!.slice(0, 200) });
}

/** Reads a BPMN 2.0 document into a flow graph, saying how each element was mapped or that it was not. */
export async function importBpmn(xml: string): Promise<BpmnImportResult> {
  const unsafe = unsafeXmlProblem(xml);
  if (unsafe) return unsafe;
  let parsed: Awaited<ReturnType<ReturnType<typeof newModdle>['fromXML']>>;
  try {
    parsed = await newModdle().fromXML(xml);
  } catch (err) {
    return refuse('bpmnMalformed', { reason: (err as Error).message.split('\n')[0]!.slice(0, 300) });
  }
  const definitions = parsed.rootElement;
  const roots: El[] = definitions.rootElements ?? [];
  const processes = roots.filter((r) => r.$type === 'bpmn:Process');
  const process = processes.find((p) => p.flowElements?.length) ?? processes[0];
  if (!process) return refuse('bpmnNoProcess');
  const elements: El[] = process.flowElements ?? [];
  const flowCount = elements.filter((e) => e.$type === 'bpmn:SequenceFlow').length;
  if (elements.length - flowCount > MAX_IMPORT_NODES) return refuse('bpmnTooManyNodes', { count: elements.length - flowCount, max: MAX_IMPORT_NODES });
  if (flowCount > MAX_IMPORT_FLOWS) return refuse('bpmnTooManyFlows', { count: flowCount, max: MAX_IMPORT_FLOWS });

  const c = new Ctx(definitions);
  // Other pools and their processes, and the messages between pools: one process is imported.
  const pooled = new Set<El>();
  for (const collab of roots.filter((r) => r.$type === 'bpmn:Collaboration')) {
    for (const p of collab.participants ?? []) {
      if (p.processRef) pooled.add(p.processRef);
      if (p.processRef !== process) c.note('unsupported', p, 'element');
    }
    for (const mf of collab.messageFlows ?? []) c.note('unsupported', mf, 'element');
    for (const a of collab.artifacts ?? []) if (a.$type !== 'bpmn:Association') c.note('unsupported', { $type: a.$type, id: a.id, name: a.name ?? a.text ?? a.categoryValueRef?.value }, 'element');
  }
  for (const other of processes) if (other !== process && !pooled.has(other) && other.flowElements?.length) c.note('unsupported', other, 'element');

  collectDeadlines(c, elements);
  const nodes = new Map<string, FlowNode>();
  const byId = new Map<string, El>();
  for (const el of elements) {
    if (el.$type === 'bpmn:SequenceFlow' || el.$type === 'bpmn:BoundaryEvent') continue;
    const node = nodeFrom(c, el, { x: 0, y: 0 });
    if (!node) {
      c.note('unsupported', el, 'element');
      continue;
    }
    nodes.set(node.id, node);
    byId.set(node.id, el);
    c.foreignSettings(el);
  }
  // Annotations and groups are listed; an association only ties an annotation to a shape.
  for (const a of process.artifacts ?? []) if (a.$type !== 'bpmn:Association') c.note('unsupported', { $type: a.$type, id: a.id, name: a.name ?? a.text ?? a.categoryValueRef?.value }, 'element');

  const placed = placeNodes([...nodes.values()], definitions, definitions.exporter === EXPORTER);
  const ids = new Set<string>([...elements.map((e) => String(e.id)), ...nodes.keys()]);
  const edges = edgesFrom(c, elements.filter((e) => e.$type === 'bpmn:SequenceFlow'), nodes, byId, ids);
  placeInsertedNodes(nodes, edges, byId);
  const lanes = lanesFrom(c, process, nodes);
  let graph: FlowGraph = { nodes: [...nodes.values()], edges };
  if (!placed) graph = layoutFlow(graph);
  const exporter = [definitions.exporter, definitions.exporterVersion].filter(Boolean).join(' ');
  return { ok: true, graph, mapped: c.mapped, unsupported: c.unsupported, warnings: parsed.warnings.map((w) => warningOf(c, w)), lanes, ...(exporter ? { exporter } : {}) };
}

/** A condition node inserted after a step sits between the step and its first target. */
function placeInsertedNodes(nodes: Map<string, FlowNode>, edges: FlowEdge[], original: Map<string, El>) {
  for (const n of nodes.values()) {
    if (original.has(n.id)) continue;
    const from = edges.find((e) => e.target === n.id);
    const to = edges.find((e) => e.source === n.id);
    const a = from ? nodes.get(from.source)?.position : undefined;
    const b = to ? nodes.get(to.target)?.position : undefined;
    if (a && b) n.position = { x: Math.round((a.x + b.x) / 2), y: Math.round((a.y + b.y) / 2) };
  }
}
