/**
 * Condition expressions of approval flows: JSON Logic over `{ data, meta }` (DESIGN §6 — data, not
 * code). The designer's preview, `predict.ts` and the engine all call `evaluateExpression`, so a
 * branch is taken in production exactly when the preview said so.
 *
 * Expressions come from stored definitions and BPMN imports, i.e. they are untrusted: only the
 * operators in `ALLOWED_OPERATORS` are accepted (no `log`, no `method`, nothing added later with
 * `add_operation`), and `var` paths may not walk into prototypes.
 *
 * The visual builder edits the common shape "all/any of (field op value)"; `toJsonLogic` and
 * `fromJsonLogic` convert both ways so that what is stored is always JSON Logic.
 */
import jsonLogic from 'json-logic-js';
import type { Localized } from '../types';
import type { FlowExpression } from './types';

export const ALLOWED_OPERATORS = [
  'var', 'missing', 'missing_some',
  'if', '?:', 'and', 'or', '!', '!!',
  '==', '===', '!=', '!==', '<', '<=', '>', '>=',
  'in', 'cat', 'substr', 'merge',
  '+', '-', '*', '/', '%', 'min', 'max',
  'all', 'some', 'none', 'map', 'filter', 'reduce',
] as const;

const ALLOWED = new Set<string>(ALLOWED_OPERATORS);
const FORBIDDEN_PATH_PART = new Set(['__proto__', 'prototype', 'constructor']);
/** Deep or huge expressions are refused rather than evaluated (they are edited by people). */
const MAX_DEPTH = 32;
const MAX_NODES = 2000;

export interface ExpressionContext {
  /** The record's data or the entry's content. */
  data: unknown;
  /** Facts about the instance: kind code, initiator's department, … */
  meta?: Record<string, unknown>;
}

export interface ExpressionProblem {
  code: 'badOperator' | 'badVar' | 'tooComplex' | 'notLogic';
  message: Localized;
}

function varPathProblem(arg: unknown): ExpressionProblem | null {
  const path = Array.isArray(arg) ? arg[0] : arg;
  if (path === undefined || path === null || typeof path === 'number') return null;
  if (typeof path !== 'string') return { code: 'badVar', message: { 'zh-CN': 'var 的字段路径必须是文本。', en: 'The field path of var must be text.' } };
  if (path.split('.').some((p) => FORBIDDEN_PATH_PART.has(p))) {
    return { code: 'badVar', message: { 'zh-CN': `字段路径「${path}」不允许。`, en: `The field path "${path}" is not allowed.` } };
  }
  return null;
}

/** Why an expression may not be stored or evaluated; null when it is acceptable. */
export function expressionProblem(expr: unknown): ExpressionProblem | null {
  let nodes = 0;
  const walk = (e: unknown, depth: number): ExpressionProblem | null => {
    if (++nodes > MAX_NODES || depth > MAX_DEPTH) return { code: 'tooComplex', message: { 'zh-CN': '条件表达式过于复杂。', en: 'The condition expression is too complex.' } };
    if (Array.isArray(e)) {
      for (const x of e) {
        const p = walk(x, depth + 1);
        if (p) return p;
      }
      return null;
    }
    if (e === null || typeof e !== 'object') return null;
    const keys = Object.keys(e);
    if (keys.length !== 1) return { code: 'notLogic', message: { 'zh-CN': '每个条件对象必须恰好包含一个运算符。', en: 'Each condition object must have exactly one operator.' } };
    const op = keys[0]!;
    if (!ALLOWED.has(op)) return { code: 'badOperator', message: { 'zh-CN': `不允许的运算符「${op}」。`, en: `The operator "${op}" is not allowed.` } };
    const arg = (e as Record<string, unknown>)[op];
    if (op === 'var') {
      const p = varPathProblem(arg);
      if (p) return p;
    }
    return walk(arg, depth + 1);
  };
  return walk(expr, 0);
}

export class ExpressionError extends Error {
  constructor(readonly problem: ExpressionProblem) {
    super(problem.message.en);
  }
}

/** Evaluates a condition to a boolean (JSON Logic truthiness). Throws ExpressionError for a refused expression. */
export function evaluateExpression(expr: FlowExpression, ctx: ExpressionContext): boolean {
  const problem = expressionProblem(expr);
  if (problem) throw new ExpressionError(problem);
  const result: unknown = jsonLogic.apply(expr as never, { data: ctx.data ?? {}, meta: ctx.meta ?? {} });
  return jsonLogic.truthy(result);
}

// ---------- visual builder model ----------

export const CONDITION_OPS = ['==', '!=', '<', '<=', '>', '>=', 'in', 'notIn', 'contains', 'isEmpty', 'notEmpty'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];
/** Ops that take no value. */
export const UNARY_OPS: readonly ConditionOp[] = ['isEmpty', 'notEmpty'];

export type Scalar = string | number | boolean | null;
export interface SimpleCondition {
  /** A path under the context, e.g. `data.penaltyAmount` or `meta.departmentCode`. */
  field: string;
  op: ConditionOp;
  value?: Scalar | Scalar[];
}
export type ConditionGroup = { all: SimpleCondition[] } | { any: SimpleCondition[] };

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

function conditionToLogic(c: SimpleCondition): Record<string, unknown> {
  const v = { var: c.field };
  switch (c.op) {
    case 'in':
      return { in: [v, c.value ?? []] };
    case 'notIn':
      return { '!': { in: [v, c.value ?? []] } };
    case 'contains':
      return { in: [c.value ?? null, v] };
    case 'isEmpty':
      return { '!': v };
    case 'notEmpty':
      return { '!!': v };
    default:
      return { [c.op]: [v, c.value ?? null] };
  }
}

export function toJsonLogic(group: ConditionGroup): FlowExpression {
  const items = 'all' in group ? group.all : group.any;
  // all of nothing holds, any of nothing does not: a new branch starts as { any: [] } = never taken.
  if (items.length === 0) return 'all' in group;
  return { [('all' in group ? 'and' : 'or')]: items.map(conditionToLogic) };
}

const isVar = (x: unknown): x is { var: string } => !!x && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length === 1 && typeof (x as { var?: unknown }).var === 'string';
const isScalar = (x: unknown): x is Scalar => x === null || ['string', 'number', 'boolean'].includes(typeof x);
const isScalarList = (x: unknown): x is Scalar[] => Array.isArray(x) && x.every(isScalar);
const single = (x: unknown): [string, unknown] | null => (x && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length === 1 ? Object.entries(x)[0]! : null);

function logicToCondition(e: unknown): SimpleCondition | null {
  const one = single(e);
  if (!one) return null;
  const [op, arg] = one;
  if ((op === '!' || op === '!!') && isVar(arg)) return { field: arg.var, op: op === '!' ? 'isEmpty' : 'notEmpty' };
  if (op === '!') {
    const inner = logicToCondition(arg);
    return inner?.op === 'in' ? { ...inner, op: 'notIn' } : null;
  }
  if (!Array.isArray(arg) || arg.length !== 2) return null;
  const [a, b] = arg as [unknown, unknown];
  if (COMPARISONS.has(op) && isVar(a) && isScalar(b)) return { field: a.var, op: op as ConditionOp, value: b };
  if (op === 'in' && isVar(a) && isScalarList(b)) return { field: a.var, op: 'in', value: b };
  if (op === 'in' && isScalar(a) && isVar(b)) return { field: b.var, op: 'contains', value: a };
  return null;
}

/** The builder model of an expression, or null when it is not of the simple shape (then edit as JSON). */
export function fromJsonLogic(expr: FlowExpression): ConditionGroup | null {
  if (expr === true) return { all: [] };
  if (expr === false) return { any: [] };
  const one = single(expr);
  if (!one) return null;
  const [op, arg] = one;
  if ((op === 'and' || op === 'or') && Array.isArray(arg)) {
    const items = arg.map(logicToCondition);
    if (items.some((c) => c === null)) return null;
    return op === 'and' ? { all: items as SimpleCondition[] } : { any: items as SimpleCondition[] };
  }
  const c = logicToCondition(expr);
  return c ? { all: [c] } : null;
}
