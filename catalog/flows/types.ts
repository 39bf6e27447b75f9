/**
 * The approval-flow graph as it is stored (DESIGN §6): plain JSON, no functions. The designer
 * (@xyflow/react) edits it, `validateFlow` judges it, the engine runs it, BPMN export/import maps
 * it. This file is the contract between them; change it only together with all of them.
 */
import type { Localized } from '../types';

export const FLOW_NODE_TYPES = ['start', 'approval', 'condition', 'split', 'join', 'cc', 'timer', 'action', 'end'] as const;
export type FlowNodeType = (typeof FLOW_NODE_TYPES)[number];

/** single: one person acts; all 会签: every assignee approves; any 或签: first approval wins; sequential 依次: one after another. */
export const APPROVAL_MODES = ['single', 'all', 'any', 'sequential'] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

export const TIMEOUT_ACTIONS = ['remind', 'escalate', 'approve', 'reject'] as const;
export type TimeoutAction = (typeof TIMEOUT_ACTIONS)[number];

/** Who gets the task. `initiator-approver`: users with the approver role in the initiator's department. */
export type Assignee =
  | { kind: 'role'; role: string; departmentId?: string | null }
  | { kind: 'department'; departmentId: string; role?: string | null }
  | { kind: 'users'; userIds: string[] }
  | { kind: 'initiator-approver' };

export interface Deadline {
  /** Working days on the calendar (forms/working-days.ts), counted from the task's creation. */
  workingDays: number;
  onTimeout: TimeoutAction;
  /** For `escalate`: the role that receives the escalated task. */
  escalateToRole?: string | null;
}

/** A JSON Logic expression over `{ data: <record data or entry content>, meta: {...} }`. Data, not code. */
export type FlowExpression = Record<string, unknown> | boolean;

export interface StartParams {
  label?: Localized;
}
export interface ApprovalParams {
  label: Localized;
  assignee: Assignee;
  mode: ApprovalMode;
  deadline?: Deadline | null;
}
export interface ConditionParams {
  label: Localized;
  /** One branch per outgoing edge except the default; order = evaluation order. */
  branches: { edgeId: string; label: Localized; when: FlowExpression }[];
  /** The edge taken when no branch matches. Required. */
  defaultEdgeId: string | null;
}
export interface SplitParams {
  label?: Localized;
}
export interface JoinParams {
  label?: Localized;
  /** The split this join closes. */
  splitId?: string | null;
}
export interface CcParams {
  label: Localized;
  assignee: Assignee;
}
export interface TimerParams {
  label: Localized;
  workingDays: number;
}
export interface ActionParams {
  label: Localized;
  /** What the automatic step does; `publish` applies the change request / accepts the record. */
  action: 'publish' | 'notify' | 'apply-list-decision';
}
export interface EndParams {
  label?: Localized;
  /** approved: the subject is accepted; rejected: it is refused. */
  outcome: 'approved' | 'rejected';
}

export type FlowNodeParams = {
  start: StartParams;
  approval: ApprovalParams;
  condition: ConditionParams;
  split: SplitParams;
  join: JoinParams;
  cc: CcParams;
  timer: TimerParams;
  action: ActionParams;
  end: EndParams;
};

export type FlowNode = {
  [T in FlowNodeType]: { id: string; type: T; position: { x: number; y: number }; params: FlowNodeParams[T] };
}[FlowNodeType];

export interface FlowEdge {
  id: string;
  source: string;
  sourceHandle?: string | null;
  target: string;
  targetHandle?: string | null;
}

export interface FlowGraph {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

/** A problem found by the validator, attached to a node or edge so the designer can show it there. */
export interface FlowProblem {
  nodeId?: string;
  edgeId?: string;
  /** i18n key under `flows.problems`, with params for the message. */
  code: string;
  params?: Record<string, string | number>;
  message: Localized;
}

/** Triggers a published flow can be bound to. The last three are reserved for later processes. */
export const FLOW_TRIGGERS = ['register-change', 'record-submit', 'list-identification', 'objection', 'credit-repair'] as const;
export type FlowTrigger = (typeof FLOW_TRIGGERS)[number];
