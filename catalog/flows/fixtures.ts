/**
 * Sample flows for tests, the benchmark and the designer's "new flow" template. Built from tiny
 * helpers so each fixture reads like the drawing it stands for.
 */
import type { ApprovalMode, Assignee, Deadline, FlowEdge, FlowGraph, FlowNode } from './types';

const L = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const at = (i: number) => ({ x: 0, y: i * 120 });

export const start = (id = 'start', i = 0): FlowNode => ({ id, type: 'start', position: at(i), params: { label: L('开始', 'Start') } });
export const end = (id = 'end', i = 9, outcome: 'approved' | 'rejected' = 'approved'): FlowNode => ({ id, type: 'end', position: at(i), params: { label: L(outcome === 'approved' ? '通过' : '不通过', outcome === 'approved' ? 'Approved' : 'Rejected'), outcome } });
export const approval = (id: string, mode: ApprovalMode = 'single', assignee: Assignee = { kind: 'role', role: 'approver' }, i = 1, deadline: Deadline | null = null): FlowNode => ({
  id,
  type: 'approval',
  position: at(i),
  params: { label: L(`审批 ${id}`, `Approve ${id}`), assignee, mode, deadline },
});
export const edge = (source: string, target: string, id = `${source}_${target}`): FlowEdge => ({ id, source, target });

/** A chain start → …steps → end. */
export function chain(...steps: FlowNode[]): FlowGraph {
  const nodes = [start(), ...steps, end('end', steps.length + 1)];
  return { nodes, edges: nodes.slice(1).map((n, i) => edge(nodes[i]!.id, n.id)) };
}

export const singleFlow = (): FlowGraph => chain(approval('a1'));
export const countersignFlow = (): FlowGraph => chain(approval('a1', 'all', { kind: 'users', userIds: ['u1', 'u2', 'u3'] }));
export const anyOneFlow = (): FlowGraph => chain(approval('a1', 'any', { kind: 'department', departmentId: 'd1', role: 'approver' }));
export const sequentialFlow = (): FlowGraph => chain(approval('a1', 'sequential', { kind: 'users', userIds: ['u1', 'u2'] }, 1, { workingDays: 3, onTimeout: 'escalate', escalateToRole: 'admin' }));

/** start → cond → (amount ≥ 10000: a-big) | default: a-small → end */
export function conditionFlow(): FlowGraph {
  const cond: FlowNode = {
    id: 'cond',
    type: 'condition',
    position: at(1),
    params: {
      label: L('金额判断', 'Amount check'),
      branches: [{ edgeId: 'cond_big', label: L('大额', 'Large'), when: { and: [{ '>=': [{ var: 'data.amount' }, 10000] }] } }],
      defaultEdgeId: 'cond_small',
    },
  };
  const nodes = [start(), cond, approval('big', 'all', { kind: 'role', role: 'approver' }, 2), approval('small', 'single', { kind: 'initiator-approver' }, 2), end('end', 3)];
  const edges = [edge('start', 'cond'), edge('cond', 'big', 'cond_big'), edge('cond', 'small', 'cond_small'), edge('big', 'end'), edge('small', 'end')];
  return { nodes, edges };
}

/** start → split → (a | b) → join → end */
export function parallelFlow(): FlowGraph {
  const nodes: FlowNode[] = [
    start(),
    { id: 'split', type: 'split', position: at(1), params: { label: L('并行', 'Parallel') } },
    approval('pa', 'single', { kind: 'role', role: 'approver' }, 2),
    approval('pb', 'single', { kind: 'role', role: 'editor' }, 2),
    { id: 'join', type: 'join', position: at(3), params: { label: L('汇聚', 'Join'), splitId: 'split' } },
    end('end', 4),
  ];
  const edges = [edge('start', 'split'), edge('split', 'pa'), edge('split', 'pb'), edge('pa', 'join'), edge('pb', 'join'), edge('join', 'end')];
  return { nodes, edges };
}

export function timerFlow(): FlowGraph {
  return chain({ id: 'wait', type: 'timer', position: at(1), params: { label: L('等待公示', 'Wait for publicity'), workingDays: 5 } }, approval('a1', 'single', { kind: 'role', role: 'approver' }, 2));
}

export function ccFlow(): FlowGraph {
  return chain(
    approval('a1'),
    { id: 'cc', type: 'cc', position: at(2), params: { label: L('抄送信用办', 'CC the credit office'), assignee: { kind: 'role', role: 'auditor' } } },
    { id: 'pub', type: 'action', position: at(3), params: { label: L('发布', 'Publish'), action: 'publish' } },
  );
}

/** A long chain of `n` nodes, for the designer benchmark. */
export function largeFlow(n: number): FlowGraph {
  const steps: FlowNode[] = [];
  for (let i = 0; i < n - 2; i++) steps.push(approval(`a${i}`, (['single', 'all', 'any', 'sequential'] as const)[i % 4], { kind: 'role', role: 'approver' }, i + 1));
  return chain(...steps);
}

/**
 * A wide flow for the designer benchmark: start → split → `branches` parallel branches of `depth`
 * approvals → join → end. Laid out top to bottom it fits the window whole, so every node is drawn.
 */
export function wideFlow(branches: number, depth: number): FlowGraph {
  const nodes: FlowNode[] = [start(), { id: 'split', type: 'split', position: at(1), params: { label: L('并行', 'Parallel') } }];
  const edges: FlowEdge[] = [edge('start', 'split')];
  for (let b = 0; b < branches; b++) {
    for (let d = 0; d < depth; d++) {
      const id = `b${b}_${d}`;
      nodes.push(approval(id, 'single', { kind: 'role', role: 'approver' }, d + 2));
      edges.push(edge(d === 0 ? 'split' : `b${b}_${d - 1}`, id));
    }
    edges.push(edge(`b${b}_${depth - 1}`, 'join'));
  }
  nodes.push({ id: 'join', type: 'join', position: at(depth + 2), params: { label: L('汇聚', 'Join'), splitId: 'split' } }, end('end', depth + 3));
  edges.push(edge('join', 'end'));
  return { nodes, edges };
}

export const ALL_FIXTURES: Record<string, () => FlowGraph> = {
  single: singleFlow,
  countersign: countersignFlow,
  anyOne: anyOneFlow,
  sequential: sequentialFlow,
  condition: conditionFlow,
  parallel: parallelFlow,
  timer: timerFlow,
  cc: ccFlow,
};
