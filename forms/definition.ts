/**
 * The grammar of a form definition and its checker.
 *
 * A form definition is a JSON Schema (draft 2020-12) object, which alone decides what a valid
 * record is, plus a UI schema that says how to show it: labels and help in zh-CN and en, widgets,
 * sections and order, and conditions kept as data (`visibleIf`, `requiredIf`, see ./conditions)
 * that the browser and the server evaluate with the same code. Fields are addressed by dotted
 * paths without row numbers: `applicant.name` (group), `items.amount` (every row of a repeating
 * group). `catalog/types`' FormDefinition is assignable to the one here.
 *
 * `formModel(def)` turns a definition into the field tree that the runtime (./effective), the
 * resolver and the renderer walk; it is computed once per definition object. It never throws,
 * whatever is stored: `formDefinitionProblems(def)` is what refuses a bad definition on save.
 */
import type { JsonSchemaObject, Localized, Widget } from '../catalog/types';
import { schemaProblem } from './ajv';
import { CONDITION_OPS, ITEM_PREFIX, OPS_WITH_VALUE, conditionFields, isPlainObject, type Condition } from './conditions';
import { defaultMaskFor, type MaskRule } from './masking';
import { SUBJECT_BINDINGS, SUBJECT_TYPES, isSubjectBinding, type SubjectBinding } from './subject';
import { UI_FIELD_KEYS, fieldKeyProblem, schemaSubsetProblems } from './subset';

export const FORM_WIDGETS = [
  'text',
  'textarea',
  'number',
  'money', // 万元, format money-wan
  'date',
  'select', // enum code list
  'uscc',
  'resident-id',
  'phone',
  'email',
  'boolean',
  'group', // nested object
  'repeating-group', // array of objects
] as const;
export type FormWidget = (typeof FORM_WIDGETS)[number];

export interface FormSection {
  id: string;
  title: Localized;
}

export interface FormFieldUi {
  /** Required by the checker; a field without a UI entry is labelled by its schema title. */
  label?: Localized;
  help?: Localized;
  placeholder?: Localized;
  /** Inferred from the schema when absent (see `inferWidget`). Register widgets other than 'integer' are refused. */
  widget?: FormWidget | Widget;
  /** Id of one of `ui.sections` (top-level fields only). */
  section?: string;
  visibleIf?: Condition;
  requiredIf?: Condition;
  /** Personal data (个人信息): masked for roles without the right, by `mask` or the format's default rule. */
  personal?: boolean;
  mask?: MaskRule;
  /** Labels of enum values (select). */
  options?: Record<string, Localized>;
  /** Order of the children of a group or repeating group (keys relative to it). */
  order?: string[];
  /**
   * The field means the record's subject (./subject): filled from the header's subject type,
   * code or name and locked, never asked twice. Top-level text fields only.
   */
  subject?: SubjectBinding;
}

export interface FormUi {
  /** Order of the top-level fields; fields not listed follow in schema order. */
  order?: string[];
  sections?: FormSection[];
  fields?: Record<string, FormFieldUi>;
}

export interface FormDefinition {
  schema: JsonSchemaObject;
  ui?: FormUi;
}

export interface DefinitionProblem {
  path: string;
  message: Localized;
}

type Schema = Record<string, unknown>;

/** One field of the tree; `path` has no row numbers. */
export interface FormField {
  path: string;
  key: string;
  schema: Schema;
  ui: FormFieldUi | undefined;
  /** How the data is shaped, from the schema (the widget cannot change it). */
  structure: 'leaf' | 'group' | 'rows';
  widget: FormWidget;
  label: Localized;
  /** In the `required` list of its parent object (unconditionally required). */
  requiredInParent: boolean;
  /** Path of the nearest enclosing repeating group (what `$item.` refers to), or null. */
  row: string | null;
  parent: FormField | null;
  /** Children of a group or of each row, in display order. */
  children: FormField[];
}

export interface FormModel {
  /** Top-level fields in display order. */
  fields: FormField[];
  byPath: Map<string, FormField>;
  /** Every field, parents before children, in display order. */
  all: FormField[];
  /** Fields with a visibleIf, ordered so that every field comes after the fields its condition reads. */
  visibilityOrder: FormField[];
  /** Fields with a requiredIf, in display order. */
  requiredIfFields: FormField[];
  /** Cycles among visibleIf conditions (each a list of paths); empty for a good definition. */
  cycles: string[][];
}

const CONTAINER_WIDGETS: ReadonlySet<string> = new Set(['group', 'repeating-group']);
const FORMAT_WIDGETS: Record<string, FormWidget> = { uscc: 'uscc', 'resident-id': 'resident-id', phone: 'phone', email: 'email', date: 'date', 'money-wan': 'money' };

/** A schema's type, ignoring "null" in a union. */
export function schemaType(s: Schema): string | undefined {
  if (typeof s.type === 'string') return s.type;
  if (Array.isArray(s.type)) return s.type.find((t): t is string => typeof t === 'string' && t !== 'null');
  return undefined;
}

function structureOf(s: Schema): FormField['structure'] {
  const t = schemaType(s);
  if (t === 'object' || (t === undefined && isPlainObject(s.properties))) return 'group';
  if (t === 'array' && isPlainObject(s.items) && isPlainObject(s.items.properties)) return 'rows';
  return 'leaf';
}

/** The widget a schema asks for when the UI does not name one. */
export function inferWidget(s: Schema): FormWidget {
  const structure = structureOf(s);
  if (structure === 'group') return 'group';
  if (structure === 'rows') return 'repeating-group';
  if (Array.isArray(s.enum)) return 'select';
  if (typeof s.format === 'string' && Object.hasOwn(FORMAT_WIDGETS, s.format)) return FORMAT_WIDGETS[s.format]!;
  const t = schemaType(s);
  if (t === 'number' || t === 'integer') return 'number';
  if (t === 'boolean') return 'boolean';
  if (typeof s.maxLength === 'number' && s.maxLength > 200) return 'textarea';
  return 'text';
}

function isFormWidget(w: unknown): w is FormWidget {
  return typeof w === 'string' && (FORM_WIDGETS as readonly string[]).includes(w);
}

/** The UI's widget when it is one the form runtime knows and fits the data's shape; else inferred. */
function widgetOf(s: Schema, ui: FormFieldUi | undefined): FormWidget {
  const inferred = inferWidget(s);
  const given = ui?.widget === 'integer' ? 'number' : ui?.widget;
  if (!isFormWidget(given)) return inferred;
  // group / repeating-group follow the schema: a widget cannot turn a text into a list.
  if (CONTAINER_WIDGETS.has(given) || CONTAINER_WIDGETS.has(inferred)) return inferred;
  return given;
}

export function isLocalized(v: unknown): v is Localized {
  return isPlainObject(v) && typeof v['zh-CN'] === 'string' && v['zh-CN'].trim() !== '' && typeof v.en === 'string' && v.en.trim() !== '';
}

function labelFor(key: string, s: Schema, ui: FormFieldUi | undefined): Localized {
  if (isLocalized(ui?.label)) return ui.label;
  const title = typeof s.title === 'string' && s.title.trim() ? s.title : key;
  return { 'zh-CN': title, en: title };
}

function uiFieldsOf(def: unknown): Record<string, FormFieldUi> {
  if (!isPlainObject(def) || !isPlainObject(def.ui) || !isPlainObject(def.ui.fields)) return {};
  const out: Record<string, FormFieldUi> = {};
  for (const [k, v] of Object.entries(def.ui.fields)) if (isPlainObject(v)) out[k] = v as FormFieldUi;
  return out;
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Keys listed in `order` first (those that exist, once), then the rest in schema order. */
function ordered(keys: string[], order: string[]): string[] {
  const present = new Set(keys);
  const out: string[] = [];
  for (const k of order) if (present.has(k) && !out.includes(k)) out.push(k);
  for (const k of keys) if (!out.includes(k)) out.push(k);
  return out;
}

/** The object schema whose properties are a field's children (itself, or its rows). */
function childObjectOf(s: Schema, structure: FormField['structure']): Schema | null {
  if (structure === 'group') return s;
  if (structure === 'rows') return s.items as Schema;
  return null;
}

const modelCache = new WeakMap<object, FormModel>();

/**
 * The field tree of a definition, cached per definition object: a stored definition version is
 * immutable, so do not change a definition object after handing it to the runtime.
 */
export function formModel(def: FormDefinition): FormModel {
  const hit = modelCache.get(def);
  if (hit) return hit;
  const model = buildModel(def);
  modelCache.set(def, model);
  return model;
}

function buildModel(def: FormDefinition): FormModel {
  const uiFields = uiFieldsOf(def);
  const byPath = new Map<string, FormField>();
  const all: FormField[] = [];

  const build = (obj: Schema, prefix: string, order: string[], parent: FormField | null, row: string | null): FormField[] => {
    const props = isPlainObject(obj.properties) ? obj.properties : {};
    const required = new Set(stringList(obj.required));
    const keys = Object.keys(props).filter((k) => isPlainObject(props[k]));
    return ordered(keys, order).map((key) => {
      const s = props[key] as Schema;
      const path = prefix ? `${prefix}.${key}` : key;
      const ui = Object.hasOwn(uiFields, path) ? uiFields[path] : undefined;
      const structure = structureOf(s);
      const field: FormField = {
        path,
        key,
        schema: s,
        ui,
        structure,
        widget: widgetOf(s, ui),
        label: labelFor(key, s, ui),
        requiredInParent: required.has(key),
        row,
        parent,
        children: [],
      };
      byPath.set(path, field);
      all.push(field);
      const child = childObjectOf(s, structure);
      if (child) field.children = build(child, path, stringList(ui?.order), field, structure === 'rows' ? path : row);
      return field;
    });
  };

  const schema = isPlainObject(def) && isPlainObject(def.schema) ? (def.schema as Schema) : {};
  const ui = isPlainObject(def) && isPlainObject(def.ui) ? def.ui : {};
  const fields = build(schema, '', stringList(ui.order), null, null);

  // Visibility is decided in dependency order: a condition reads values of fields whose own
  // visibility is already settled (hidden ones already removed), so the outcome does not depend
  // on the order fields are listed in. Cycles are refused by the checker; here they are broken
  // where the depth-first walk meets them, which is still deterministic.
  const depsOf = (f: FormField): FormField[] => {
    const deps: FormField[] = f.parent ? [f.parent] : [];
    if (f.ui?.visibleIf !== undefined) {
      for (const ref of conditionFields(f.ui.visibleIf)) {
        const r = resolveRef({ fields, byPath }, ref, f);
        if ('field' in r) deps.push(r.field);
      }
    }
    return deps;
  };
  const state = new Map<FormField, 'visiting' | 'done'>();
  const topo: FormField[] = [];
  const cycles: string[][] = [];
  const stack: FormField[] = [];
  const visit = (f: FormField) => {
    const st = state.get(f);
    if (st === 'done') return;
    if (st === 'visiting') {
      cycles.push([...stack.slice(stack.indexOf(f)), f].map((x) => x.path));
      return;
    }
    state.set(f, 'visiting');
    stack.push(f);
    for (const d of depsOf(f)) visit(d);
    stack.pop();
    state.set(f, 'done');
    topo.push(f);
  };
  all.forEach(visit);

  return {
    fields,
    byPath,
    all,
    visibilityOrder: topo.filter((f) => f.ui?.visibleIf !== undefined),
    requiredIfFields: all.filter((f) => f.ui?.requiredIf !== undefined),
    cycles,
  };
}

type RefResolution = { field: FormField } | { error: 'unknown' | 'no-row' | 'item-outside' };

/**
 * The field a condition's path names, as seen from `from` (for `$item.`). A root path may go into
 * a repeating group only with a row number (`items.0.amount`): "the amount" of a list has no value.
 */
export function resolveRef(model: Pick<FormModel, 'fields' | 'byPath'>, ref: string, from: FormField | null): RefResolution {
  let node: FormField | null = null;
  let inRow = false; // inside one row of `node` (a repeating group)
  let parts = ref.split('.');
  if (ref.startsWith(ITEM_PREFIX)) {
    if (!from?.row) return { error: 'item-outside' };
    node = model.byPath.get(from.row) ?? null;
    if (!node) return { error: 'unknown' };
    inRow = true;
    parts = ref.slice(ITEM_PREFIX.length).split('.');
  }
  for (const part of parts) {
    if (node?.structure === 'rows' && !inRow) {
      if (!/^\d+$/.test(part)) return { error: 'no-row' };
      inRow = true;
      continue;
    }
    const next = (node ? node.children : model.fields).find((c) => c.key === part);
    if (!next) return { error: 'unknown' };
    node = next;
    inRow = false;
  }
  return node ? { field: node } : { error: 'unknown' };
}

/** The widget of a field (by path without row numbers): the UI's, or inferred from the schema. */
export function fieldWidget(def: FormDefinition, key: string): FormWidget | undefined {
  return formModel(def).byPath.get(key)?.widget;
}

/**
 * Masking rules of the personal fields, as `maskRecord` (./masking) takes them: rows are `*`
 * (`items.*.idNumber`). A personal field without a rule of its own gets its format's default,
 * else is masked completely.
 */
export function personalFields(def: FormDefinition): Record<string, MaskRule> {
  const out: Record<string, MaskRule> = {};
  for (const f of formModel(def).all) {
    if (f.ui?.personal !== true) continue;
    const segments: string[] = [];
    for (let p: FormField | null = f; p; p = p.parent) {
      segments.unshift(p.key);
      if (p !== f && p.structure === 'rows') segments.splice(1, 0, '*');
    }
    const format = typeof f.schema.format === 'string' ? f.schema.format : '';
    out[segments.join('.')] = f.ui.mask ?? defaultMaskFor(format) ?? { keepStart: 0, keepEnd: 0 };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The checker

const MAX_CONDITION_DEPTH = 16;

type Add = (path: string, zh: string, en: string) => void;

/** Which schema a widget needs; null when it fits. */
function widgetMismatch(widget: FormWidget, s: Schema): Localized | null {
  const t = schemaType(s);
  const structure = structureOf(s);
  const needs = (zh: string, en: string): Localized => ({ 'zh-CN': `控件「${widget}」要求${zh}。`, en: `Widget ${widget} needs ${en}.` });
  const format = (f: string) => (s.format === f ? null : needs(`字段的 format 为「${f}」`, `the field's format to be "${f}"`));
  switch (widget) {
    case 'text':
    case 'textarea':
      return t === 'string' ? null : needs('字符串类型（type: "string"）', 'a string (type: "string")');
    case 'number':
      return t === 'number' || t === 'integer' ? null : needs('数值类型（type: "number" 或 "integer"）', 'a number (type: "number" or "integer")');
    case 'money':
      return t === 'number' ? format('money-wan') : needs('数值类型且 format 为「money-wan」', 'a number with format "money-wan"');
    case 'date':
      return t === 'string' ? format('date') : needs('字符串类型且 format 为「date」', 'a string with format "date"');
    case 'uscc':
    case 'resident-id':
    case 'phone':
    case 'email':
      return t === 'string' ? format(widget) : needs(`字符串类型且 format 为「${widget}」`, `a string with format "${widget}"`);
    case 'select':
      return Array.isArray(s.enum) && s.enum.length > 0
        ? null
        : needs('在 JSON Schema 中用 enum 列出可选值（代码表）', 'its allowed values (the code list) listed as an enum in the JSON Schema');
    case 'boolean':
      return t === 'boolean' ? null : needs('布尔类型（type: "boolean"）', 'a boolean (type: "boolean")');
    case 'group':
      return structureOf(s) === 'group' ? null : needs('带 properties 的对象（type: "object"）', 'an object with properties (type: "object")');
    case 'repeating-group':
      return structure === 'rows' ? null : needs('元素为带 properties 的对象的数组（type: "array"，items 为对象）', 'an array whose items are objects with properties');
  }
}

function checkSchemaShape(obj: Schema, schemaPath: string, fieldPath: string, add: Add): void {
  const props = obj.properties;
  if (!isPlainObject(props)) {
    add(schemaPath, `「${fieldPath || '表单'}」应为带 properties 的对象。`, `${fieldPath || 'The form'} must be an object with properties.`);
    return;
  }
  for (const [key, s] of Object.entries(props)) {
    const sp = `${schemaPath}.properties.${key}`;
    const fp = fieldPath ? `${fieldPath}.${key}` : key;
    const keyProblem = fieldKeyProblem(key);
    if (keyProblem) add(sp, keyProblem['zh-CN'], keyProblem.en);
    if (!isPlainObject(s)) {
      add(sp, `字段「${fp}」的定义应为 JSON 对象。`, `The definition of field ${fp} must be a JSON object.`);
      continue;
    }
    const t = schemaType(s);
    if (t === 'object' || (t === undefined && s.properties !== undefined)) checkSchemaShape(s, sp, fp, add);
    else if (t === 'array') {
      if (isPlainObject(s.items) && isPlainObject(s.items.properties)) checkSchemaShape(s.items, `${sp}.items`, fp, add);
      else
        add(sp, `列表字段「${fp}」的元素应为带 properties 的对象（重复组）；其他列表表单无法填写。`, `List field ${fp} must be a list of objects with properties (a repeating group); other lists cannot be filled in on a form.`);
    }
  }
  stringList(obj.required).forEach((r, i) => {
    if (!Object.hasOwn(props, r)) add(`${schemaPath}.required.${i}`, `必填字段「${r}」不在 properties 中。`, `Required field ${r} is not among the properties; add it or remove it from required.`);
  });
}

function checkCondition(c: unknown, path: string, from: FormField, model: FormModel, add: Add, depth: number): void {
  if (depth > MAX_CONDITION_DEPTH) {
    add(path, `条件嵌套超过 ${MAX_CONDITION_DEPTH} 层，请简化。`, `The condition is nested more than ${MAX_CONDITION_DEPTH} levels deep; simplify it.`);
    return;
  }
  if (!isPlainObject(c)) {
    add(path, '条件应为 JSON 对象：{ field, op, value } 或 { all }、{ any }、{ not }。', 'A condition must be a JSON object: { field, op, value }, { all }, { any } or { not }.');
    return;
  }
  const shapes = ['field', 'all', 'any', 'not'].filter((k) => Object.hasOwn(c, k));
  if (shapes.length !== 1) {
    add(path, '条件必须且只能是 { field, op, value }、{ all }、{ any }、{ not } 之一。', 'A condition must be exactly one of { field, op, value }, { all }, { any }, { not }.');
    return;
  }
  const shape = shapes[0]!;
  if (shape === 'all' || shape === 'any') {
    const list = c[shape];
    if (!Array.isArray(list) || list.length === 0) {
      add(`${path}.${shape}`, `「${shape}」应为至少包含一个条件的列表。`, `"${shape}" must be a list of at least one condition.`);
      return;
    }
    list.forEach((x, i) => checkCondition(x, `${path}.${shape}.${i}`, from, model, add, depth + 1));
    return;
  }
  if (shape === 'not') {
    checkCondition(c.not, `${path}.not`, from, model, add, depth + 1);
    return;
  }
  const { field, op } = c;
  if (typeof field !== 'string' || field === '') {
    add(`${path}.field`, '条件的 field 应为字段路径（如 "XK_XDR_LB" 或 "$item.amount"）。', 'The condition\'s field must be a field path (e.g. "XK_XDR_LB" or "$item.amount").');
    return;
  }
  if (typeof op !== 'string' || !(CONDITION_OPS as readonly string[]).includes(op)) {
    add(`${path}.op`, `运算符「${String(op)}」无效，可用：${CONDITION_OPS.join('、')}。`, `Operator "${String(op)}" is not known; use one of ${CONDITION_OPS.join(', ')}.`);
    return;
  }
  if (OPS_WITH_VALUE.has(op as never) && !Object.hasOwn(c, 'value')) {
    add(`${path}.value`, `运算符「${op}」需要 value。`, `Operator "${op}" needs a value.`);
  } else if ((op === 'in' || op === 'notIn') && !Array.isArray(c.value)) {
    add(`${path}.value`, `运算符「${op}」的 value 应为列表。`, `The value of operator "${op}" must be a list.`);
  } else if (['gt', 'gte', 'lt', 'lte'].includes(op) && typeof c.value !== 'number' && typeof c.value !== 'string') {
    add(`${path}.value`, `运算符「${op}」的 value 应为数字或字符串（日期用 YYYY-MM-DD）。`, `The value of operator "${op}" must be a number or a string (dates as YYYY-MM-DD).`);
  }
  const r = resolveRef(model, field, from);
  if ('error' in r) {
    const [zh, en] =
      r.error === 'item-outside'
        ? [`「${field}」：$item 只能用于重复组内的字段。`, `${field}: $item can only be used by fields inside a repeating group.`]
        : r.error === 'no-row'
          ? [`「${field}」指向重复组中的字段但未指明行：组内用“$item.字段”，组外用行号（如 items.0.amount）。`, `${field} points into a repeating group without a row: use "$item.field" inside the group, or a row number (e.g. items.0.amount) outside it.`]
          : [`条件引用了不存在的字段「${field}」。`, `The condition refers to field ${field}, which does not exist in the schema.`];
    add(`${path}.field`, zh, en);
    return;
  }
  const target = r.field;
  if (['eq', 'ne', 'in', 'notIn'].includes(op) && Array.isArray(target.schema.enum) && Object.hasOwn(c, 'value')) {
    const allowed = target.schema.enum;
    const values = op === 'in' || op === 'notIn' ? (Array.isArray(c.value) ? c.value : []) : [c.value];
    for (const v of values) {
      if (!allowed.some((a) => a === v)) {
        add(`${path}.value`, `「${String(v)}」不是字段「${target.label['zh-CN']}」的可选值（${allowed.map(String).join('、')}）。`, `"${String(v)}" is not one of the allowed values of ${target.label.en} (${allowed.map(String).join(', ')}).`);
      }
    }
  }
}

/**
 * What is wrong with a form definition, each with the path of the offending part and a sentence
 * in zh-CN and en. Empty when the definition can be saved.
 */
export function formDefinitionProblems(def: unknown): DefinitionProblem[] {
  const out: DefinitionProblem[] = [];
  const add: Add = (path, zh, en) => out.push({ path, message: { 'zh-CN': zh, en } });
  if (!isPlainObject(def)) {
    add('', '表单定义应为 JSON 对象 { schema, ui }。', 'A form definition must be a JSON object { schema, ui }.');
    return out;
  }
  const schema = def.schema;
  if (!isPlainObject(schema) || schema.type !== 'object' || !isPlainObject(schema.properties)) {
    add('schema', '表单的 JSON Schema 应为 type 为 "object"、带 properties 的对象。', 'The form\'s JSON Schema must be an object with type "object" and properties.');
    return out;
  }
  checkSchemaShape(schema, 'schema', '', add);
  // Everything outside the documented subset is named in the user's language, fields by their
  // label with the key after it …
  const labelled = buildModel(def as unknown as FormDefinition);
  const outside = schemaSubsetProblems(schema, (path) => {
    if (!path) return { 'zh-CN': '表单', en: 'the form' };
    const f = labelled.byPath.get(path);
    return f && f.label['zh-CN'] !== path ? { 'zh-CN': `${f.label['zh-CN']}（${path}）`, en: `"${f.label.en}" (${path})` } : { 'zh-CN': path, en: path };
  });
  out.push(...outside);
  if (outside.length === 0 && out.length === 0) {
    // … so Ajv only speaks when something the subset allows still does not compile (Ajv's
    // English reason is kept for the English message, never inside the Chinese one).
    const reason = schemaProblem(schema);
    if (reason) add('schema', 'JSON Schema 无法编译，请在 JSON 页签中检查定义；如无法解决，请联系系统管理员。', `The JSON Schema does not compile: ${reason}`);
  }

  // Not the cached model: an editor may check the same object again after changing it.
  const model = buildModel(def as unknown as FormDefinition);
  const ui = def.ui;
  if (ui === undefined) return out;
  if (!isPlainObject(ui)) {
    add('ui', 'ui 应为 JSON 对象。', 'ui must be a JSON object.');
    return out;
  }

  if (ui.order !== undefined) checkOrder(ui.order, 'ui.order', model.fields, '', add);

  const sectionIds = new Set<string>();
  if (ui.sections !== undefined) {
    if (!Array.isArray(ui.sections)) add('ui.sections', 'sections 应为列表。', 'sections must be a list.');
    else
      ui.sections.forEach((s, i) => {
        const p = `ui.sections.${i}`;
        if (!isPlainObject(s) || typeof s.id !== 'string' || s.id.trim() === '') {
          add(`${p}.id`, '分区需要 id。', 'A section needs an id.');
          return;
        }
        if (sectionIds.has(s.id)) add(`${p}.id`, `分区 id「${s.id}」重复。`, `Section id ${s.id} is used twice.`);
        sectionIds.add(s.id);
        if (!isLocalized(s.title)) add(`${p}.title`, `分区「${s.id}」需要中英文标题。`, `Section ${s.id} needs a title in zh-CN and en.`);
      });
  }

  if (ui.fields !== undefined && !isPlainObject(ui.fields)) add('ui.fields', 'ui.fields 应为 JSON 对象。', 'ui.fields must be a JSON object.');
  const fields = isPlainObject(ui.fields) ? ui.fields : {};
  for (const [key, f] of Object.entries(fields)) {
    const p = `ui.fields.${key}`;
    const field = model.byPath.get(key);
    if (!field) {
      add(p, `「${key}」不是 JSON Schema 中的字段（嵌套字段写作 group.field，重复组写作 items.field，不带行号）。`, `${key} is not a field of the JSON Schema (nested fields are written group.field, repeating groups items.field, without row numbers).`);
      continue;
    }
    if (!isPlainObject(f)) {
      add(p, `字段「${key}」的界面定义应为 JSON 对象。`, `The UI of field ${key} must be a JSON object.`);
      continue;
    }
    checkFieldUi(f, p, field, model, sectionIds, add);
  }

  for (const cycle of model.cycles) {
    const first = model.byPath.get(cycle[0]!);
    const at = first?.ui?.visibleIf !== undefined ? `ui.fields.${first.path}.visibleIf` : 'ui.fields';
    add(at, `显示条件循环依赖：${cycle.join(' → ')}。请去掉其中一个条件。`, `The visibility conditions depend on each other in a circle: ${cycle.join(' → ')}. Remove one of them.`);
  }
  return out;
}

/** A field bound to the subject: a top-level text field of the right shape, one per binding and format. */
function checkSubjectBinding(b: unknown, p: string, field: FormField, model: FormModel, add: Add): void {
  const name = field.path;
  if (!isSubjectBinding(b)) {
    add(p, `字段「${name}」的主体绑定「${String(b)}」无效，可用：${SUBJECT_BINDINGS.join('、')}（主体类型、主体代码、主体名称）。`, `Field ${name} has subject binding "${String(b)}", which is not known; use ${SUBJECT_BINDINGS.join(', ')}.`);
    return;
  }
  if (field.parent || field.structure !== 'leaf' || schemaType(field.schema) !== 'string') {
    add(p, `只有顶层的文字字段可以绑定主体；「${name}」不是。`, `Only top-level text fields can be bound to the subject; ${name} is not one.`);
    return;
  }
  const format = field.schema.format;
  if (b === 'code' && format !== undefined && format !== 'uscc' && format !== 'resident-id') {
    add(p, `绑定主体代码的字段「${name}」的格式应为 uscc（统一社会信用代码）、resident-id（居民身份证号码）或不设格式。`, `Field ${name} is bound to the subject code, so its format must be uscc, resident-id or none.`);
  }
  if (b !== 'code' && format !== undefined) add(p, `绑定主体${b === 'type' ? '类型' : '名称'}的字段「${name}」不能设置格式。`, `Field ${name} is bound to the subject ${b}, so it cannot have a format.`);
  if (b === 'type' && Array.isArray(field.schema.enum)) {
    const missing = SUBJECT_TYPES.filter((t) => !(field.schema.enum as unknown[]).includes(t));
    if (missing.length) add(p, `绑定主体类型的字段「${name}」的可选值缺少：${missing.join('、')}。`, `Field ${name} is bound to the subject type, but its allowed values lack ${missing.join(', ')}.`);
  }
  const twin = model.fields.find((o) => o !== field && o.ui?.subject === b && (b !== 'code' || o.schema.format === format));
  if (twin && model.fields.indexOf(twin) < model.fields.indexOf(field)) {
    add(p, `字段「${twin.path}」已绑定同一主体信息；每项主体信息只能由一个字段表示。`, `Field ${twin.path} is already bound to the same subject information; bind only one field to it.`);
  }
}

function checkOrder(order: unknown, path: string, siblings: FormField[], parent: string, add: Add): void {
  if (!Array.isArray(order)) {
    add(path, 'order 应为字段名列表。', 'order must be a list of field names.');
    return;
  }
  const seen = new Set<string>();
  order.forEach((k, i) => {
    if (typeof k !== 'string' || !siblings.some((s) => s.key === k)) {
      add(`${path}.${i}`, `排序中的「${String(k)}」不是${parent ? `「${parent}」的子` : ''}字段。`, `${String(k)} in the order is not a field${parent ? ` of ${parent}` : ''}.`);
    } else if (seen.has(k)) add(`${path}.${i}`, `排序中「${k}」出现了两次。`, `${k} appears twice in the order.`);
    seen.add(String(k));
  });
}

function checkFieldUi(f: Record<string, unknown>, p: string, field: FormField, model: FormModel, sectionIds: Set<string>, add: Add): void {
  const name = field.path;
  for (const k of Object.keys(f)) {
    if (!(UI_FIELD_KEYS as readonly string[]).includes(k)) {
      add(`${p}.${k}`, `字段「${name}」的界面设置「${k}」不受支持；可用：${UI_FIELD_KEYS.join('、')}。`, `Field ${name} has the UI setting "${k}", which is not supported; use ${UI_FIELD_KEYS.join(', ')}.`);
    }
  }
  if (f.subject !== undefined) checkSubjectBinding(f.subject, `${p}.subject`, field, model, add);
  if (!isLocalized(f.label)) add(`${p}.label`, `字段「${name}」需要中英文名称（label 的 zh-CN 与 en）。`, `Field ${name} needs a label in zh-CN and en.`);
  for (const k of ['help', 'placeholder'] as const) {
    if (f[k] !== undefined && !isLocalized(f[k])) add(`${p}.${k}`, `字段「${name}」的 ${k} 应同时有 zh-CN 与 en。`, `The ${k} of field ${name} needs both zh-CN and en.`);
  }
  if (f.widget !== undefined) {
    const w = f.widget === 'integer' ? 'number' : f.widget;
    if (!isFormWidget(w)) {
      add(`${p}.widget`, `字段「${name}」的控件「${String(f.widget)}」表单不支持，可用：${FORM_WIDGETS.join('、')}。`, `Field ${name} uses widget "${String(f.widget)}", which forms do not support; use one of ${FORM_WIDGETS.join(', ')}.`);
    } else {
      const m = widgetMismatch(w, field.schema);
      if (m) add(`${p}.widget`, `字段「${name}」：${m['zh-CN']}`, `Field ${name}: ${m.en}`);
    }
  }
  if (field.widget === 'select' && f.widget === undefined && !(Array.isArray(field.schema.enum) && field.schema.enum.length > 0)) {
    add(`${p}.widget`, `字段「${name}」的 enum 为空，请列出可选值。`, `Field ${name} has an empty enum; list its allowed values.`);
  }
  if (f.section !== undefined) {
    if (field.parent) add(`${p}.section`, `只有顶层字段可以指定分区；「${name}」随所在的组显示。`, `Only top-level fields can name a section; ${name} is shown with its group.`);
    else if (typeof f.section !== 'string' || !sectionIds.has(f.section))
      add(`${p}.section`, `字段「${name}」的分区「${String(f.section)}」未在 ui.sections 中定义。`, `Field ${name} names section ${String(f.section)}, which ui.sections does not define.`);
  }
  if (f.options !== undefined) {
    const allowed = Array.isArray(field.schema.enum) ? field.schema.enum.map(String) : [];
    if (!isPlainObject(f.options)) add(`${p}.options`, `字段「${name}」的 options 应为 { 代码: 名称 }。`, `The options of field ${name} must be { code: label }.`);
    else
      for (const [code, label] of Object.entries(f.options)) {
        if (!allowed.includes(code)) add(`${p}.options.${code}`, `「${code}」不是字段「${name}」的可选值。`, `${code} is not one of the allowed values of field ${name}.`);
        else if (!isLocalized(label)) add(`${p}.options.${code}`, `选项「${code}」需要中英文名称。`, `Option ${code} needs a label in zh-CN and en.`);
      }
  }
  if (f.order !== undefined) {
    if (field.structure === 'leaf') add(`${p}.order`, `只有组和重复组可以指定子字段顺序。`, `Only groups and repeating groups can order their children.`);
    else checkOrder(f.order, `${p}.order`, field.children, name, add);
  }
  if (f.personal !== undefined && typeof f.personal !== 'boolean') add(`${p}.personal`, 'personal 应为 true 或 false。', 'personal must be true or false.');
  if (f.mask !== undefined) {
    const m = f.mask;
    const count = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
    if (!isPlainObject(m) || !count(m.keepStart) || !count(m.keepEnd) || (m.char !== undefined && (typeof m.char !== 'string' || Array.from(m.char).length !== 1))) {
      add(`${p}.mask`, '脱敏规则应为 { keepStart, keepEnd, char? }：保留前后位数为非负整数，char 为单个字符。', 'A mask rule is { keepStart, keepEnd, char? }: non-negative whole numbers of characters kept, and a single mask character.');
    }
    if (f.personal !== true) add(`${p}.mask`, `字段「${name}」有脱敏规则但未标为个人信息（personal: true）。`, `Field ${name} has a mask rule but is not marked personal (personal: true).`);
  }
  if (f.visibleIf !== undefined) checkCondition(f.visibleIf, `${p}.visibleIf`, field, model, add, 0);
  if (f.requiredIf !== undefined) {
    checkCondition(f.requiredIf, `${p}.requiredIf`, field, model, add, 0);
    if (field.requiredInParent)
      add(`${p}.requiredIf`, `字段「${name}」已在 JSON Schema 中无条件必填，requiredIf 不起作用：从 required 中移除它，或去掉 requiredIf。`, `Field ${name} is already required unconditionally in the JSON Schema, so requiredIf has no effect: remove it from required, or drop requiredIf.`);
  }
}
