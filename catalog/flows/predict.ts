/**
 * The predicted path of a flow for given data: which steps will run, in order, and when each is
 * due. The submitter sees it before submitting, the instance view shows it for pending steps, and
 * the engine uses it for due dates — conditions go through `evaluateExpression`, the same
 * evaluator the engine routes with.
 *
 * Dates are pessimistic: a step with a deadline is assumed to take all of it, so the next step
 * starts on the previous one's due date; a step without a deadline takes no time. Parallel
 * branches run side by side and the join waits for the latest of them.
 */
import { addWorkingDays, type WorkingCalendar } from '../../forms/working-days';
import { evaluateExpression, type ExpressionContext } from './expression';
import { indexGraph, type GraphIndex } from './graph';
import type { FlowEdge, FlowGraph, FlowNode, FlowNodeType } from './types';

export interface PredictedStep {
  nodeId: string;
  type: FlowNodeType;
  /** The working day the step starts (YYYY-MM-DD). */
  startsOn: string;
  /** For approvals with a deadline and timers: the day it is due. */
  dueOn: string | null;
}

export interface Prediction {
  /** Node ids in the order they run (parallel branches one after the other, then the join). */
  path: string[];
  /** Edge ids taken. */
  edges: string[];
  steps: PredictedStep[];
  /** The end node reached, or null when the prediction stopped (loop, dead end, bad condition). */
  endNodeId: string | null;
  outcome: 'approved' | 'rejected' | null;
  /** Conditions that could not be evaluated (their default branch was assumed). */
  conditionErrors: { nodeId: string; message: string }[];
}

export interface PredictInput extends ExpressionContext {
  /** The day the instance starts (YYYY-MM-DD). */
  startDate: string;
  calendar: WorkingCalendar;
}

interface Walk {
  idx: GraphIndex;
  input: PredictInput;
  out: Prediction;
  visited: Set<string>;
}

function chooseConditionEdge(w: Walk, node: Extract<FlowNode, { type: 'condition' }>): FlowEdge | undefined {
  const outs = w.idx.out.get(node.id) ?? [];
  for (const b of node.params.branches ?? []) {
    try {
      if (evaluateExpression(b.when, w.input)) return outs.find((e) => e.id === b.edgeId);
    } catch (err) {
      w.out.conditionErrors.push({ nodeId: node.id, message: (err as Error).message });
    }
  }
  return outs.find((e) => e.id === node.params.defaultEdgeId);
}

function dueOf(node: FlowNode, date: string, cal: WorkingCalendar): string | null {
  if (node.type === 'timer') return addWorkingDays(date, Math.max(0, node.params.workingDays | 0), cal);
  if (node.type === 'approval' && node.params.deadline) return addWorkingDays(date, Math.max(0, node.params.deadline.workingDays | 0), cal);
  return null;
}

/** Walks from `id` until an end, or until `stopAt` (a join) is reached; returns the date it got there. */
function walk(w: Walk, id: string, date: string, stopAt: string | null): { date: string; at: string | null } {
  let current: string | null = id;
  while (current) {
    if (current === stopAt) return { date, at: current };
    const node = w.idx.nodes.get(current);
    if (!node || w.visited.has(current)) return { date, at: null };
    w.visited.add(current);
    const due = dueOf(node, date, w.input.calendar);
    w.out.path.push(node.id);
    w.out.steps.push({ nodeId: node.id, type: node.type, startsOn: date, dueOn: due });
    date = due ?? date;
    if (node.type === 'end') {
      w.out.endNodeId = node.id;
      w.out.outcome = node.params.outcome;
      return { date, at: node.id };
    }
    if (node.type === 'split') {
      const join = splitJoin(w.idx, node.id);
      const dates = (w.idx.out.get(node.id) ?? []).map((e) => {
        w.out.edges.push(e.id);
        return walk(w, e.target, date, join).date;
      });
      date = dates.reduce((a, b) => (b > a ? b : a), date);
      if (!join) return { date, at: null };
      current = join;
      continue;
    }
    const next = node.type === 'condition' ? chooseConditionEdge(w, node) : (w.idx.out.get(node.id) ?? [])[0];
    if (!next) return { date, at: null };
    w.out.edges.push(next.id);
    current = next.target;
  }
  return { date, at: null };
}

function splitJoin(idx: GraphIndex, splitId: string): string | null {
  for (const n of idx.nodes.values()) if (n.type === 'join' && n.params?.splitId === splitId) return n.id;
  return null;
}

export function predictPath(graph: FlowGraph, input: PredictInput): Prediction {
  const idx = indexGraph(graph);
  const out: Prediction = { path: [], edges: [], steps: [], endNodeId: null, outcome: null, conditionErrors: [] };
  const start = graph.nodes.find((n) => n.type === 'start');
  if (start) walk({ idx, input, out, visited: new Set() }, start.id, input.startDate, null);
  return out;
}
