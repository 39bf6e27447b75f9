/**
 * The one flow-graph validator (DESIGN §2: the browser and the server reach the same verdict). The
 * designer runs it live and paints problems on the nodes; the register service runs it when a
 * flow is submitted for approval (catalog/kinds/semantic.ts) and refuses a graph with problems.
 *
 * Structural rules need only the graph; whether an assignee exists needs the directory, passed in
 * `ctx` (known roles, active departments and users). Without ctx only the shape is checked.
 */
import { expressionProblem } from './expression';
import { indexGraph, nodeLabels, reachable, type GraphIndex } from './graph';
import { problem } from './problems';
import { APPROVAL_MODES, FLOW_NODE_TYPES, TIMEOUT_ACTIONS, type Assignee, type FlowGraph, type FlowNode, type FlowProblem } from './types';

export interface FlowValidationContext {
  roles?: readonly string[];
  departmentIds?: readonly string[];
  userIds?: readonly string[];
}

const SINGLE_OUT = new Set(['start', 'approval', 'cc', 'timer', 'action', 'join']);
const LABEL_REQUIRED = new Set(['approval', 'condition', 'cc', 'timer', 'action']);
const ACTIONS = new Set(['publish', 'notify', 'apply-list-decision']);
const MAX_DEADLINE_DAYS = 365;

function isGraph(g: unknown): g is FlowGraph {
  return !!g && typeof g === 'object' && Array.isArray((g as FlowGraph).nodes) && Array.isArray((g as FlowGraph).edges);
}

function duplicateIds(graph: FlowGraph): FlowProblem[] {
  const seen = new Set<string>();
  const out: FlowProblem[] = [];
  for (const item of [...graph.nodes, ...graph.edges]) {
    if (seen.has(item.id)) out.push(problem('duplicateId', 'source' in item ? { edgeId: item.id } : { nodeId: item.id }, { id: item.id }));
    seen.add(item.id);
  }
  return out;
}

function edgeProblems(graph: FlowGraph, idx: GraphIndex): FlowProblem[] {
  const out: FlowProblem[] = [];
  for (const e of graph.edges) {
    for (const end of [e.source, e.target]) if (!idx.nodes.has(end)) out.push(problem('danglingEdge', { edgeId: e.id }, { id: end }));
  }
  return out;
}

function degreeProblems(node: FlowNode, idx: GraphIndex): FlowProblem[] {
  const at = { nodeId: node.id };
  const label = nodeLabels(node);
  const outs = idx.out.get(node.id)!.length;
  const ins = idx.in.get(node.id)!.length;
  const out: FlowProblem[] = [];
  if (node.type === 'start' && ins > 0) out.push(problem('startIncoming', at));
  if (node.type === 'end' && outs > 0) out.push(problem('endOutgoing', at));
  if (node.type !== 'end' && outs === 0) out.push(problem('noOutgoing', at, { label }));
  if (SINGLE_OUT.has(node.type) && outs > 1) out.push(problem('tooManyOutgoing', at, { label }));
  if (node.type === 'split' && outs < 2) out.push(problem('splitBranches', at, { label }));
  return out;
}

function reachProblems(graph: FlowGraph, idx: GraphIndex): FlowProblem[] {
  const start = graph.nodes.find((n) => n.type === 'start');
  const ends = graph.nodes.filter((n) => n.type === 'end').map((n) => n.id);
  const fromStart = start ? reachable(idx, [start.id]) : new Set<string>();
  const toEnd = reachable(idx, ends, 'in');
  const out: FlowProblem[] = [];
  for (const n of graph.nodes) {
    if (start && !fromStart.has(n.id)) out.push(problem('unreachable', { nodeId: n.id }, { label: nodeLabels(n) }));
    else if (ends.length && !toEnd.has(n.id)) out.push(problem('noPathToEnd', { nodeId: n.id }, { label: nodeLabels(n) }));
  }
  return out;
}

function assigneeProblems(node: FlowNode, assignee: Assignee | undefined, ctx: FlowValidationContext | undefined): FlowProblem[] {
  const at = { nodeId: node.id };
  const label = nodeLabels(node);
  if (!assignee || typeof assignee !== 'object') return [problem('assigneeMissing', at, { label })];
  const roleKnown = (r: string | null | undefined) => !r || !ctx?.roles || ctx.roles.includes(r);
  const deptKnown = (d: string | null | undefined) => !d || !ctx?.departmentIds || ctx.departmentIds.includes(d);
  switch (assignee.kind) {
    case 'role':
      if (!assignee.role) return [problem('assigneeMissing', at, { label })];
      if (!roleKnown(assignee.role)) return [problem('unknownRole', at, { label, role: assignee.role })];
      return deptKnown(assignee.departmentId) ? [] : [problem('unknownDepartment', at, { label })];
    case 'department':
      if (!assignee.departmentId) return [problem('assigneeMissing', at, { label })];
      if (!deptKnown(assignee.departmentId)) return [problem('unknownDepartment', at, { label })];
      return roleKnown(assignee.role) ? [] : [problem('unknownRole', at, { label, role: assignee.role ?? '' })];
    case 'users':
      if (!Array.isArray(assignee.userIds) || assignee.userIds.length === 0) return [problem('assigneeMissing', at, { label })];
      return ctx?.userIds && assignee.userIds.some((u) => !ctx.userIds!.includes(u)) ? [problem('unknownUser', at, { label })] : [];
    case 'initiator-approver':
      return [];
    default:
      return [problem('assigneeMissing', at, { label })];
  }
}

function approvalProblems(node: Extract<FlowNode, { type: 'approval' }>, ctx?: FlowValidationContext): FlowProblem[] {
  const at = { nodeId: node.id };
  const label = nodeLabels(node);
  const p = node.params;
  const out = assigneeProblems(node, p.assignee, ctx);
  if (!(APPROVAL_MODES as readonly string[]).includes(p.mode)) out.push(problem('badMode', at, { label }));
  const d = p.deadline;
  if (d) {
    if (!Number.isInteger(d.workingDays) || d.workingDays < 1 || d.workingDays > MAX_DEADLINE_DAYS) out.push(problem('badDeadline', at, { label }));
    if (!(TIMEOUT_ACTIONS as readonly string[]).includes(d.onTimeout)) out.push(problem('badTimeoutAction', at, { label }));
    else if (d.onTimeout === 'escalate') {
      if (!d.escalateToRole) out.push(problem('escalateNoRole', at, { label }));
      else if (ctx?.roles && !ctx.roles.includes(d.escalateToRole)) out.push(problem('unknownRole', at, { label, role: d.escalateToRole }));
    }
  }
  return out;
}

function conditionProblems(node: Extract<FlowNode, { type: 'condition' }>, idx: GraphIndex): FlowProblem[] {
  const at = { nodeId: node.id };
  const label = nodeLabels(node);
  const outIds = new Set(idx.out.get(node.id)!.map((e) => e.id));
  const branches = Array.isArray(node.params.branches) ? node.params.branches : [];
  const out: FlowProblem[] = [];
  if (!node.params.defaultEdgeId || !outIds.has(node.params.defaultEdgeId)) out.push(problem('conditionNoDefault', at, { label }));
  const covered = new Set<string>();
  for (const b of branches) {
    const branch = b.label?.['zh-CN'] ? b.label : b.edgeId;
    if (!outIds.has(b.edgeId) || b.edgeId === node.params.defaultEdgeId || covered.has(b.edgeId)) out.push(problem('conditionBranchNoEdge', at, { label, branch }));
    covered.add(b.edgeId);
    const bad = expressionProblem(b.when);
    if (bad) out.push(problem('conditionBadExpression', at, { label, branch, reason: bad.message }));
  }
  for (const id of outIds) {
    if (id !== node.params.defaultEdgeId && !covered.has(id)) out.push({ ...problem('conditionEdgeNoBranch', { nodeId: node.id }, { label }), edgeId: id });
  }
  return out;
}

function nodeParamProblems(node: FlowNode, idx: GraphIndex, ctx?: FlowValidationContext): FlowProblem[] {
  const at = { nodeId: node.id };
  const label = nodeLabels(node);
  const out: FlowProblem[] = [];
  if (!(FLOW_NODE_TYPES as readonly string[]).includes(node.type)) return [problem('badNodeType', at, { type: String(node.type) })];
  if (LABEL_REQUIRED.has(node.type) && !node.params?.label?.['zh-CN']?.trim()) out.push(problem('labelMissing', at));
  switch (node.type) {
    case 'approval':
      return [...out, ...approvalProblems(node, ctx)];
    case 'condition':
      return [...out, ...conditionProblems(node, idx)];
    case 'cc':
      return [...out, ...assigneeProblems(node, node.params.assignee, ctx)];
    case 'timer':
      if (!Number.isInteger(node.params.workingDays) || node.params.workingDays < 1 || node.params.workingDays > MAX_DEADLINE_DAYS) out.push(problem('badDeadline', at, { label }));
      return out;
    case 'action':
      if (!ACTIONS.has(node.params.action)) out.push(problem('badAction', at, { label }));
      return out;
    case 'end':
      if (node.params.outcome !== 'approved' && node.params.outcome !== 'rejected') out.push(problem('badOutcome', at, { label }));
      return out;
    default:
      return out;
  }
}

/**
 * Joins match splits: each join names its split; each split has exactly one join; every branch of
 * the split reaches that join and no branch gets to an end without passing it.
 */
function splitJoinProblems(graph: FlowGraph, idx: GraphIndex): FlowProblem[] {
  const out: FlowProblem[] = [];
  const splits = graph.nodes.filter((n) => n.type === 'split');
  const joins = graph.nodes.filter((n): n is Extract<FlowNode, { type: 'join' }> => n.type === 'join');
  const ends = graph.nodes.filter((n) => n.type === 'end').map((n) => n.id);
  for (const j of joins) {
    const split = j.params?.splitId ? idx.nodes.get(j.params.splitId) : undefined;
    if (!split || split.type !== 'split') out.push(problem('joinNoSplit', { nodeId: j.id }, { label: nodeLabels(j) }));
  }
  for (const s of splits) {
    const mine = joins.filter((j) => j.params?.splitId === s.id);
    if (mine.length === 0) {
      out.push(problem('splitNoJoin', { nodeId: s.id }, { label: nodeLabels(s) }));
      continue;
    }
    if (mine.length > 1) {
      for (const j of mine) out.push(problem('joinDuplicate', { nodeId: j.id }, { split: nodeLabels(s) }));
      continue;
    }
    const join = mine[0]!;
    const branches = idx.out.get(s.id)!;
    const incoming = idx.in.get(join.id)!.length;
    if (incoming !== branches.length) out.push(problem('joinBranchCount', { nodeId: join.id }, { label: nodeLabels(join), incoming, branches: branches.length }));
    for (const b of branches) {
      const seen = reachable(idx, [b.target], 'out', join.id);
      const reachesJoin = b.target === join.id || [...seen].some((id) => idx.out.get(id)!.some((e) => e.target === join.id));
      if (!reachesJoin || ends.some((e) => seen.has(e))) {
        out.push({ ...problem('branchEscapesJoin', { nodeId: s.id }, { split: nodeLabels(s), join: nodeLabels(join) }), edgeId: b.id });
      }
    }
  }
  return out;
}

/** Every problem of the graph; empty means it may be published. */
export function validateFlow(graph: FlowGraph, ctx?: FlowValidationContext): FlowProblem[] {
  if (!isGraph(graph)) return [problem('notAGraph', {})];
  const idx = indexGraph(graph);
  const starts = graph.nodes.filter((n) => n.type === 'start');
  const out: FlowProblem[] = [...duplicateIds(graph)];
  if (starts.length !== 1) out.push(problem('startCount', starts.length > 1 ? { nodeId: starts[1]!.id } : {}, { count: starts.length }));
  if (!graph.nodes.some((n) => n.type === 'end')) out.push(problem('noEnd', {}));
  out.push(...edgeProblems(graph, idx));
  for (const n of graph.nodes) out.push(...degreeProblems(n, idx), ...nodeParamProblems(n, idx, ctx));
  out.push(...reachProblems(graph, idx), ...splitJoinProblems(graph, idx));
  return out;
}

/** Problems grouped by node id, for painting them on the canvas. */
export function problemsByNode(problems: FlowProblem[]): Map<string, FlowProblem[]> {
  const m = new Map<string, FlowProblem[]>();
  for (const p of problems) if (p.nodeId) m.set(p.nodeId, [...(m.get(p.nodeId) ?? []), p]);
  return m;
}
