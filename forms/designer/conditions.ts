/**
 * The visual condition builder's side of conditions (./../conditions): a flat list of rules
 * joined by "all" or "any", which is what an editor builds by pointing and clicking, turned into
 * the `Condition` data the runtime evaluates and back. Deeper conditions (nesting, `not`) stay
 * valid and editable in the JSON tab; the builder says it cannot show them rather than dropping them.
 *
 * Also: which fields a condition may read from a given field, and how references follow a rename.
 */
import type { Localized } from '../../catalog/types';
import { ITEM_PREFIX, OPS_WITH_VALUE, isPlainObject, type Condition, type ConditionOp, type FieldCondition } from '../conditions';
import { formModel, resolveRef, type FormDefinition, type FormField, type FormWidget } from '../definition';

export interface ConditionRule {
  field: string;
  op: ConditionOp;
  value?: unknown;
}

export interface ConditionDraft {
  join: 'all' | 'any';
  rules: ConditionRule[];
}

function isFieldCondition(c: unknown): c is FieldCondition {
  return isPlainObject(c) && typeof c.field === 'string' && typeof c.op === 'string';
}

function toRule(c: FieldCondition): ConditionRule {
  return Object.hasOwn(c, 'value') ? { field: c.field, op: c.op, value: c.value } : { field: c.field, op: c.op };
}

/** The builder's view of a condition; null when it is deeper than the builder shows. */
export function toDraft(c: Condition | undefined): ConditionDraft | null {
  if (c === undefined) return { join: 'all', rules: [] };
  if (isFieldCondition(c)) return { join: 'all', rules: [toRule(c)] };
  if (!isPlainObject(c)) return null;
  for (const join of ['all', 'any'] as const) {
    const list = (c as Record<string, unknown>)[join];
    if (Array.isArray(list) && Object.keys(c).length === 1 && list.every(isFieldCondition)) return { join, rules: list.map(toRule) };
  }
  return null;
}

/** The condition a builder state stands for; undefined when it has no rule (no condition). */
export function fromDraft(d: ConditionDraft): Condition | undefined {
  const rules = d.rules.map((r): FieldCondition => (OPS_WITH_VALUE.has(r.op) ? { field: r.field, op: r.op, value: r.value } : { field: r.field, op: r.op }));
  if (rules.length === 0) return undefined;
  if (rules.length === 1) return rules[0];
  return d.join === 'all' ? { all: rules } : { any: rules };
}

export interface ConditionTarget {
  /** What the condition's `field` says: a root path, or `$item.key` inside the same row. */
  ref: string;
  path: string;
  label: Localized;
  widget: FormWidget;
  enum?: unknown[];
}

function insideOf(f: FormField, ancestor: FormField): boolean {
  for (let p: FormField | null = f; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

/**
 * The fields a condition of field `fromPath` may read: leaf fields outside any repeating group
 * (by root path) and, for a field in a repeating group, the other leaves of the same row (by
 * `$item.`). Never the field itself or its own children.
 */
export function conditionTargets(def: FormDefinition, fromPath: string): ConditionTarget[] {
  const model = formModel(def);
  const from = model.byPath.get(fromPath) ?? null;
  const out: ConditionTarget[] = [];
  for (const f of model.all) {
    if (f.structure !== 'leaf' || (from && insideOf(f, from))) continue;
    const base = { path: f.path, label: f.label, widget: f.widget, ...(Array.isArray(f.schema.enum) ? { enum: f.schema.enum } : {}) };
    if (f.row === null) out.push({ ref: f.path, ...base });
    else if (from?.row && f.row === from.row) out.push({ ref: `${ITEM_PREFIX}${f.path.slice(from.row.length + 1)}`, ...base });
  }
  return out;
}

/** Operators that make sense for a target field. */
export function opsFor(widget: FormWidget | undefined): ConditionOp[] {
  switch (widget) {
    case 'boolean':
      return ['eq', 'ne', 'empty', 'notEmpty'];
    case 'select':
      return ['eq', 'ne', 'in', 'notIn', 'empty', 'notEmpty'];
    case 'number':
    case 'money':
    case 'date':
      return ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'empty', 'notEmpty'];
    default:
      return ['eq', 'ne', 'in', 'notIn', 'empty', 'notEmpty'];
  }
}

/** The value a rule needs for a new operator or target: typed as the target's values are. */
export function defaultValue(target: ConditionTarget | undefined, op: ConditionOp): unknown {
  if (!OPS_WITH_VALUE.has(op)) return undefined;
  const list = op === 'in' || op === 'notIn';
  let v: unknown = '';
  if (target?.widget === 'boolean') v = true;
  else if (target?.enum?.length) v = target.enum[0];
  else if (target?.widget === 'number' || target?.widget === 'money') v = 0;
  return list ? [v] : v;
}

/** A typed value from what the editor typed, for a target field (numbers stay numbers). */
export function parseValue(target: ConditionTarget | undefined, text: string): unknown {
  if (target?.widget === 'boolean') return text === 'true';
  if (target?.enum) return target.enum.find((e) => String(e) === text) ?? text;
  if ((target?.widget === 'number' || target?.widget === 'money') && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  return text;
}

// ---------------------------------------------------------------------------------------------
// References between fields

/** Applies `fn` to every field comparison of a condition, keeping its shape. */
export function mapCondition(c: unknown, fn: (fc: FieldCondition) => FieldCondition): unknown {
  if (!isPlainObject(c)) return c;
  if (Array.isArray(c.all)) return { ...c, all: c.all.map((x) => mapCondition(x, fn)) };
  if (Array.isArray(c.any)) return { ...c, any: c.any.map((x) => mapCondition(x, fn)) };
  if ('not' in c) return { ...c, not: mapCondition(c.not, fn) };
  return isFieldCondition(c) ? fn(c) : c;
}

const CONDITION_KEYS = ['visibleIf', 'requiredIf'] as const;
export type ConditionKey = (typeof CONDITION_KEYS)[number];

export interface Reference {
  /** The field whose condition reads the target. */
  from: FormField;
  key: ConditionKey;
  ref: string;
  /** Path of the field the reference resolves to. */
  target: string;
}

const under = (path: string, root: string) => path === root || path.startsWith(`${root}.`);

/** Every condition reference to field `path` or to anything inside it. */
export function referencesTo(def: FormDefinition, path: string): Reference[] {
  const model = formModel(def);
  const out: Reference[] = [];
  for (const from of model.all) {
    for (const key of CONDITION_KEYS) {
      const c = from.ui?.[key];
      if (c === undefined) continue;
      mapCondition(c, (fc) => {
        const r = resolveRef(model, fc.field, from);
        if ('field' in r && under(r.field.path, path)) out.push({ from, key, ref: fc.field, target: r.field.path });
        return fc;
      });
    }
  }
  return out;
}

/**
 * `ref` after the field at `oldPath` was renamed to `newKey`. Segments are matched by key,
 * skipping row numbers (`items.0.amount`); an `$item.` reference only changes when the renamed
 * field is inside the row it is relative to.
 */
export function renamedRef(ref: string, from: FormField, oldPath: string, newKey: string): string {
  const depth = oldPath.split('.').length;
  let prefix = '';
  let parts: string[];
  let skip = 0;
  if (ref.startsWith(ITEM_PREFIX)) {
    if (!from.row) return ref;
    prefix = ITEM_PREFIX;
    parts = ref.slice(ITEM_PREFIX.length).split('.');
    skip = from.row.split('.').length;
  } else parts = ref.split('.');
  const target = depth - 1 - skip; // index among the non-numeric segments of `parts`
  if (target < 0) return ref;
  let seen = -1;
  const out = parts.map((p) => {
    if (/^\d+$/.test(p)) return p;
    seen++;
    return seen === target ? newKey : p;
  });
  return prefix + out.join('.');
}
