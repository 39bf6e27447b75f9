/**
 * The verdict on a record: what the browser shows as errors before submitting and what the server
 * accepts or refuses are the same function (`prepare`) over the same cached Ajv validator.
 *
 * Steps, in this order:
 *  1. clean: keep only the fields the schema declares (anything else is a forged or stale key:
 *     dropped and named in `stripped`, so a server can refuse instead); blank values ('' or only
 *     spaces, null, NaN — what an untouched input gives) count as not filled in and are dropped;
 *     codes (formats uscc, resident-id) are normalised as people type them (./formats/normalize);
 *  1b. subject: given the record's subject, the fields bound to it (./subject) are set from it,
 *     and a value sent for one that is not the subject's is refused (header and body never differ);
 *  2. visibility: fields whose `visibleIf` is false are removed, rows of repeating groups
 *     included, in dependency order (a condition never reads a value that is itself hidden);
 *  3. groups that are optional and were left empty are dropped (their inner required fields only
 *     apply once the group is filled in);
 *  4. validate with the validator compiled once per `id@version`; errors at hidden fields are
 *     dropped (visibility wins over `required`), `requiredIf` is applied here with the field's
 *     label, and every issue carries a dotted path (`items.1.amount`).
 */
import { SchemaCompileError, validateWith, type FieldIssue } from './ajv';
import { evaluate, isEmptyValue, isPlainObject, valueAt } from './conditions';
import { formModel, type FormDefinition, type FormField, type FormModel } from './definition';
import { describeFormatFailure, isDomainFormat, normalizeFormatValue } from './formats';
import { boundFields, boundValue, comparable, disagreement, normalizeSubject, type Subject } from './subject';
import type { Localized } from '../catalog/types';

export type { FieldIssue } from './ajv';

export interface Prepared {
  /** The record as it may be stored: declared, visible, filled-in fields only. */
  data: Record<string, unknown>;
  /** Empty when the record is valid. */
  issues: FieldIssue[];
  /** Dotted paths of keys that the schema does not declare and that were removed. */
  stripped: string[];
}

type Obj = Record<string, unknown>;
interface Container {
  obj: Obj;
  /** concrete dotted path of the container, '' for the root */
  path: string;
  /** the row of the nearest repeating group, for `$item.` */
  row: Obj | undefined;
}

const join = (a: string, b: string) => (a ? `${a}.${b}` : b);

/** Sets an own property even when the key is "__proto__" (never the prototype). */
function put(obj: Obj, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Values of the wrong shape are copied for the validator to name — but only so deep: a leaf's
 * value is never an object in a valid record, and a forged one nested thousands of levels deep
 * must not overflow the stack (a 500). Deeper parts become null; the type error is said anyway.
 */
const MAX_COPY_DEPTH = 16;

function plainCopy(v: unknown, depth = 0): unknown {
  if (Array.isArray(v)) return depth >= MAX_COPY_DEPTH ? null : v.map((x) => plainCopy(x, depth + 1));
  if (isPlainObject(v)) {
    if (depth >= MAX_COPY_DEPTH) return null;
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) put(out, k, plainCopy(x, depth + 1));
    return out;
  }
  return v;
}

function cleanObject(obj: Obj, children: FormField[], path: string, stripped: string[]): Obj {
  const out: Obj = {};
  const declared = new Set(children.map((c) => c.key));
  for (const k of Object.keys(obj)) if (!declared.has(k)) stripped.push(join(path, k));
  for (const f of children) {
    if (!Object.hasOwn(obj, f.key)) continue;
    const v = cleanValue(obj[f.key], f, join(path, f.key), stripped);
    if (v !== undefined) put(out, f.key, v);
  }
  return out;
}

function cleanValue(v: unknown, f: FormField, path: string, stripped: string[]): unknown {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' && v.trim() === '') return undefined;
  if (typeof v === 'number' && Number.isNaN(v)) return undefined;
  if (f.structure === 'group' && isPlainObject(v)) return cleanObject(v, f.children, path, stripped);
  if (f.structure === 'rows' && Array.isArray(v)) return v.map((row, i) => (isPlainObject(row) ? cleanObject(row, f.children, `${path}.${i}`, stripped) : plainCopy(row)));
  // A leaf, or a value of the wrong shape: kept (as a copy) for the validator to name.
  return normalizeFormatValue(f.schema.format, plainCopy(v));
}

/** Every object that holds field `f` in `root`, with its concrete path and row. */
function containersOf(f: FormField, root: Obj): Container[] {
  const chain: FormField[] = [];
  for (let p = f.parent; p; p = p.parent) chain.unshift(p);
  let current: Container[] = [{ obj: root, path: '', row: undefined }];
  for (const a of chain) {
    const next: Container[] = [];
    for (const c of current) {
      if (!Object.hasOwn(c.obj, a.key)) continue;
      const v = c.obj[a.key];
      const p = join(c.path, a.key);
      if (a.structure === 'group' && isPlainObject(v)) next.push({ obj: v, path: p, row: c.row });
      else if (a.structure === 'rows' && Array.isArray(v))
        v.forEach((row, i) => {
          if (isPlainObject(row)) next.push({ obj: row, path: `${p}.${i}`, row });
        });
    }
    current = next;
  }
  return current;
}

/** Removes hidden fields from `working` (in place); returns their concrete paths. */
function applyVisibility(model: FormModel, working: Obj): Set<string> {
  const hidden = new Set<string>();
  for (const f of model.visibilityOrder) {
    const condition = f.ui!.visibleIf!;
    for (const c of containersOf(f, working)) {
      if (evaluate(condition, working, c.row)) continue;
      delete c.obj[f.key];
      hidden.add(join(c.path, f.key));
    }
  }
  return hidden;
}

function dropEmptyOptionalGroups(children: FormField[], obj: Obj): void {
  for (const f of children) {
    if (!Object.hasOwn(obj, f.key)) continue;
    const v = obj[f.key];
    if (f.structure === 'group' && isPlainObject(v)) {
      dropEmptyOptionalGroups(f.children, v);
      if (Object.keys(v).length === 0 && !f.requiredInParent) delete obj[f.key];
    } else if (f.structure === 'rows' && Array.isArray(v)) {
      for (const row of v) if (isPlainObject(row)) dropEmptyOptionalGroups(f.children, row);
    }
  }
}

function underHidden(path: string, hidden: Set<string>): boolean {
  if (hidden.size === 0) return false;
  const parts = path.split('.');
  for (let i = 1; i <= parts.length; i++) if (hidden.has(parts.slice(0, i).join('.'))) return true;
  return false;
}

/** The field of a concrete path (`items.1.amount` → items.amount). Field names are never all digits. */
function fieldAt(model: FormModel, path: string): FormField | undefined {
  return model.byPath.get(
    path
      .split('.')
      .filter((p) => !/^\d+$/.test(p))
      .join('.'),
  );
}

export function requiredMessage(label: Localized): Localized {
  return { 'zh-CN': `「${label['zh-CN']}」为必填项`, en: `${label.en} is required` };
}

/** Ajv's messages, said with the field's label where we can (required, domain formats). */
function relabel(issue: FieldIssue, model: FormModel, data: Obj): FieldIssue {
  const f = fieldAt(model, issue.path);
  if (!f) return issue;
  const custom = (f.schema['x-messages'] as Record<string, unknown> | undefined)?.[issue.keyword];
  if (custom) return issue;
  if (issue.keyword === 'required') return { ...issue, message: requiredMessage(f.label) };
  if (issue.keyword === 'multipleOf' && typeof f.schema.multipleOf === 'number') {
    const d = f.schema.multipleOf;
    return { ...issue, message: { 'zh-CN': `「${f.label['zh-CN']}」应为 ${d} 的整数倍。`, en: `${f.label.en} must be a multiple of ${d}.` } };
  }
  if (issue.keyword === 'format' && typeof f.schema.format === 'string' && isDomainFormat(f.schema.format)) {
    const m = describeFormatFailure(f.schema.format, valueAt(data, issue.path), f.label);
    if (m) return { ...issue, message: m };
  }
  return issue;
}

const NOT_AN_OBJECT: FieldIssue = {
  path: '',
  keyword: 'type',
  message: { 'zh-CN': '提交的记录应为 JSON 对象。', en: 'The record must be a JSON object.' },
};

const UNUSABLE: FieldIssue = {
  path: '',
  keyword: 'definition',
  message: {
    'zh-CN': '此表单定义无法使用（其中有表单不支持的写法），记录暂不能提交。请联系信用办在目录中修正该信息类别的数据项。',
    en: 'This form definition cannot be used (it contains something forms do not support), so records cannot be submitted for now. Ask the credit office to correct the data items of this catalog item.',
  },
};

export interface PrepareOptions {
  /** The record's subject (header): fields bound to it are set from it and checked against it. */
  subject?: Subject;
}

/** Sets the fields bound to the subject; a different value sent for one is an issue (and is replaced). */
function applySubject(model: FormModel, working: Obj, subject: Subject): FieldIssue[] {
  const s = normalizeSubject(subject);
  const issues: FieldIssue[] = [];
  for (const { field, binding } of boundFields(model)) {
    const expected = boundValue(field, binding, s);
    const given = Object.hasOwn(working, field.key) ? comparable(binding, working[field.key]) : undefined;
    if (given !== undefined && given !== expected) issues.push({ path: field.key, keyword: 'subject', message: disagreement(field.label, binding, expected, given) });
    if (expected === undefined) delete working[field.key];
    else put(working, field.key, expected);
  }
  return issues;
}

/**
 * THE verdict on `data` for definition `def` (`key` = `id@version`, the validator cache key).
 * Deterministic; compiles the schema at most once per key for the life of the process. A stored
 * definition that does not compile (one saved before the subset was enforced) gives an issue
 * on the whole record, never an exception.
 */
export function prepare(def: FormDefinition, key: string, data: unknown, options: PrepareOptions = {}): Prepared {
  const model = formModel(def);
  const stripped: string[] = [];
  if (!isPlainObject(data)) return { data: {}, issues: [{ ...NOT_AN_OBJECT }], stripped };

  const working = cleanObject(data, model.fields, '', stripped);
  const subjectIssues = options.subject ? applySubject(model, working, options.subject) : [];
  const hidden = applyVisibility(model, working);
  dropEmptyOptionalGroups(model.fields, working);

  let validated: FieldIssue[];
  try {
    validated = validateWith(key, def.schema, working);
  } catch (e) {
    // A definition that does not compile, or recurses without end ($dynamicRef), judges nothing.
    if (!(e instanceof SchemaCompileError) && !(e instanceof RangeError)) throw e;
    return { data: working, issues: [{ ...UNUSABLE }], stripped };
  }
  // With the subject given, its one check (subjectCodeProblem and the header's required fields,
  // run by the caller) speaks for the fields bound to it: no second message for the same value.
  const bound = new Set(options.subject ? boundFields(model).map((b) => b.field.key) : []);
  const issues = [
    ...subjectIssues.filter((i) => !underHidden(i.path, hidden)),
    ...validated.filter((i) => !underHidden(i.path, hidden) && !bound.has(i.path)).map((i) => relabel(i, model, working)),
  ];
  const requiredAt = new Set(issues.filter((i) => i.keyword === 'required').map((i) => i.path));
  for (const f of model.requiredIfFields) {
    const condition = f.ui!.requiredIf!;
    for (const c of containersOf(f, working)) {
      const path = join(c.path, f.key);
      if (hidden.has(path) || requiredAt.has(path) || bound.has(path)) continue;
      if (isEmptyValue(c.obj[f.key]) && evaluate(condition, working, c.row)) {
        issues.push({ path, keyword: 'required', message: requiredMessage(f.label) });
        requiredAt.add(path);
      }
    }
  }
  return { data: working, issues, stripped };
}

export interface FieldStates {
  /** Concrete paths (`items.1.amount`) of fields hidden by their visibleIf. */
  hidden: Set<string>;
  /** Concrete paths of visible fields that must be filled in now (schema `required` or a true requiredIf). */
  required: Set<string>;
}

/**
 * Which fields to hide and which to mark required, for the renderer, by the same steps as
 * `prepare` (so what is hidden on screen is exactly what the server drops).
 */
export function fieldStates(def: FormDefinition, data: unknown): FieldStates {
  const model = formModel(def);
  const working = isPlainObject(data) ? cleanObject(data, model.fields, '', []) : {};
  const hidden = applyVisibility(model, working);
  const required = new Set<string>();
  for (const f of model.all) {
    if (!f.requiredInParent && f.ui?.requiredIf === undefined) continue;
    for (const c of containersOf(f, working)) {
      const path = join(c.path, f.key);
      if (hidden.has(path)) continue;
      if (f.requiredInParent || evaluate(f.ui!.requiredIf!, working, c.row)) required.add(path);
    }
  }
  return { hidden, required };
}
