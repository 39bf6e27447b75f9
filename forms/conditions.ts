/**
 * Conditions of a form definition (visibleIf / requiredIf), kept as data and evaluated by one pure
 * function that the browser (live, on every change) and the server (on submit) both run, so a
 * field is shown, hidden or required by the same rule in both places.
 *
 * Grammar (a small JSON-Logic-like subset):
 *   { field: 'XK_XDR_LB', op: 'eq', value: '自然人' }   one comparison
 *   { all: [ … ] } | { any: [ … ] } | { not: … }          combinations
 * `field` is a dotted path from the root of the record (`applicant.type`, `items.0.amount`);
 * `$item.amount` is the same row of the nearest enclosing repeating group.
 */

export const CONDITION_OPS = ['eq', 'ne', 'in', 'notIn', 'empty', 'notEmpty', 'gt', 'gte', 'lt', 'lte'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

export interface FieldCondition {
  field: string;
  op: ConditionOp;
  value?: unknown;
}

export type Condition = FieldCondition | { all: Condition[] } | { any: Condition[] } | { not: Condition };

/** Prefix of a field path that points into the current row of a repeating group. */
export const ITEM_PREFIX = '$item.';

/** Ops that compare against `value` (and so need one). */
export const OPS_WITH_VALUE: ReadonlySet<ConditionOp> = new Set(['eq', 'ne', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte']);

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * What counts as "not filled in", for `empty`/`notEmpty`, requiredIf, and the clean-up before
 * validation: nothing, null, a blank string, NaN, an empty list, an object without keys.
 */
export function isEmptyValue(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (typeof v === 'number') return Number.isNaN(v);
  if (Array.isArray(v)) return v.length === 0;
  if (isPlainObject(v)) return Object.keys(v).length === 0;
  return false;
}

/** The value at a dotted path (own properties only; numeric segments index lists). */
export function valueAt(data: unknown, path: string): unknown {
  let node: unknown = data;
  for (const part of path.split('.')) {
    if (part === '') return undefined;
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(part)) return undefined;
      node = node[Number(part)];
    } else if (isPlainObject(node)) {
      if (!Object.hasOwn(node, part)) return undefined;
      node = node[part];
    } else return undefined;
  }
  return node;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && sameValue(a[k], b[k]));
  }
  return false;
}

/** Numbers compare as numbers, strings as strings (ISO dates sort correctly); anything else does not compare. */
function compare(a: unknown, b: unknown): number | null {
  if (typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b)) return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return null;
}

function isIn(v: unknown, list: unknown): boolean {
  if (!Array.isArray(list)) return false;
  // A list-valued field (several choices) is "in" when any of its values is.
  if (Array.isArray(v)) return v.some((x) => list.some((y) => sameValue(x, y)));
  return list.some((y) => sameValue(v, y));
}

/** The field value a condition reads: from the row for `$item.…`, else from the root. */
export function conditionValue(field: string, data: unknown, itemContext?: unknown): unknown {
  if (field.startsWith(ITEM_PREFIX)) return itemContext === undefined ? undefined : valueAt(itemContext, field.slice(ITEM_PREFIX.length));
  return valueAt(data, field);
}

/**
 * Whether `condition` holds for `data` (the whole record) and, inside a repeating group, the
 * current row. Never throws: a malformed condition is false (definitions are checked on save by
 * `formDefinitionProblems`, so this only guards against stored data that skipped the check).
 */
export function evaluate(condition: Condition, data: unknown, itemContext?: unknown): boolean {
  return evalNode(condition, data, itemContext, 0);
}

const MAX_DEPTH = 64;

function evalNode(c: unknown, data: unknown, item: unknown, depth: number): boolean {
  if (!isPlainObject(c) || depth > MAX_DEPTH) return false;
  if (Array.isArray(c.all)) return c.all.every((x) => evalNode(x, data, item, depth + 1));
  if (Array.isArray(c.any)) return c.any.some((x) => evalNode(x, data, item, depth + 1));
  if ('not' in c) return isPlainObject(c.not) ? !evalNode(c.not, data, item, depth + 1) : false;
  if (typeof c.field !== 'string') return false;
  const v = conditionValue(c.field, data, item);
  switch (c.op) {
    case 'eq':
      return sameValue(v, c.value);
    case 'ne':
      return !sameValue(v, c.value);
    case 'in':
      return isIn(v, c.value);
    case 'notIn':
      return Array.isArray(c.value) && !isIn(v, c.value);
    case 'empty':
      return isEmptyValue(v);
    case 'notEmpty':
      return !isEmptyValue(v);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const d = compare(v, c.value);
      if (d === null) return false;
      return c.op === 'gt' ? d > 0 : c.op === 'gte' ? d >= 0 : c.op === 'lt' ? d < 0 : d <= 0;
    }
    default:
      return false;
  }
}

/** Every field path a condition reads, in order of appearance (with `$item.` kept). */
export function conditionFields(condition: unknown): string[] {
  const out: string[] = [];
  const walk = (c: unknown, depth: number) => {
    if (!isPlainObject(c) || depth > MAX_DEPTH) return;
    if (Array.isArray(c.all)) c.all.forEach((x) => walk(x, depth + 1));
    else if (Array.isArray(c.any)) c.any.forEach((x) => walk(x, depth + 1));
    else if ('not' in c) walk(c.not, depth + 1);
    else if (typeof c.field === 'string' && !out.includes(c.field)) out.push(c.field);
  };
  walk(condition, 0);
  return out;
}
