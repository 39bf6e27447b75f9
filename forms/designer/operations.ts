/**
 * What an editor does to a form definition in the designer, as pure functions: definition in,
 * new definition out (the input is never changed, so React state and the renderer's per-object
 * caches stay sound). Operations that can be refused return `{ ok: false, message }` with the
 * reason in zh-CN and en; the others return the new definition.
 */
import type { Localized } from '../../catalog/types';
import { formModel, type FormDefinition, type FormFieldUi, type FormSection, type FormWidget } from '../definition';
import type { MaskRule } from '../masking';
import type { Condition } from '../conditions';
import { mapCondition, referencesTo, renamedRef, type ConditionKey } from './conditions';
import { workingDesign, fromDesign, locate, requiredHolder, requiredList, type Design, type DesignField, type Located } from './model';
import { isContainerWidget, newFieldSchema, newFieldUi, paletteItem } from './palette';
import { fieldKeyProblem, patternProblem } from '../subset';

export type OpResult = { ok: true; definition: FormDefinition; path: string } | { ok: false; message: Localized };

const L = (zh: string, en: string): Localized => ({ 'zh-CN': zh, en });
const refuse = (zh: string, en: string): OpResult => ({ ok: false, message: L(zh, en) });
const join = (a: string, b: string) => (a ? `${a}.${b}` : b);
const parentOf = (path: string) => path.split('.').slice(0, -1).join('.');

/** An empty definition to start a new catalog item's data items from. */
export function emptyDefinition(): FormDefinition {
  return { schema: { type: 'object', properties: {}, additionalProperties: false }, ui: { order: [], fields: {} } };
}

function must(d: Design, path: string): Located {
  const at = locate(d, path);
  if (!at) throw new RangeError(`No field ${path} in the definition`);
  return at;
}

/** The list a new field goes into: the root's, or the children of a group / repeating group. */
function listAt(d: Design, parentPath: string): DesignField[] | null {
  if (parentPath === '') return d.fields;
  const at = locate(d, parentPath);
  return at && at.field.structure !== 'leaf' ? at.field.children : null;
}

function freeKey(siblings: DesignField[], base: string): string {
  const taken = new Set(siblings.map((f) => f.key));
  for (let n = 1; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

/** Ordering is written out once the designer has touched a list, so what is shown is what is stored. */
function markOrdered(d: Design, parent: DesignField | null): void {
  if (!parent) d.orderExplicit = true;
  else {
    parent.orderExplicit = true;
    parent.ui ??= {};
  }
}

/**
 * Adds a field of a palette kind to the root (`parentPath` '') or to a container, at `index`
 * (default: the end). Its key is generated (`uscc_1`) and can be renamed afterwards.
 */
export function addField(def: FormDefinition, widget: FormWidget, parentPath = '', index?: number): OpResult {
  const d = workingDesign(def);
  const list = listAt(d, parentPath);
  if (!list) return refuse(`「${parentPath}」不是分组或重复组，不能在其中添加字段。`, `${parentPath} is not a group or repeating group; fields cannot be added to it.`);
  const item = paletteItem(widget);
  const key = freeKey(list, item.keyPrefix);
  const field: DesignField = {
    key,
    structure: widget === 'group' ? 'group' : widget === 'repeating-group' ? 'rows' : 'leaf',
    schema: newFieldSchema(widget),
    ui: newFieldUi(widget, item.label),
    orderExplicit: isContainerWidget(widget),
    children: [],
  };
  list.splice(Math.max(0, Math.min(index ?? list.length, list.length)), 0, field);
  markOrdered(d, parentPath ? must(d, parentPath).field : null);
  return { ok: true, definition: fromDesign(d), path: join(parentPath, key) };
}

/** Moves a field to position `toIndex` among its siblings (drag and drop, keyboard, up/down). */
export function moveField(def: FormDefinition, path: string, toIndex: number): FormDefinition {
  const d = workingDesign(def);
  const at = must(d, path);
  const to = Math.max(0, Math.min(toIndex, at.siblings.length - 1));
  if (to === at.index) return def;
  at.siblings.splice(at.index, 1);
  at.siblings.splice(to, 0, at.field);
  markOrdered(d, at.parent);
  return fromDesign(d);
}

/** Changes the field's UI entry; keys set to undefined are removed. Creates the entry if needed. */
export function updateUi(def: FormDefinition, path: string, patch: Partial<Record<keyof FormFieldUi, unknown>>): FormDefinition {
  const d = workingDesign(def);
  const at = must(d, path);
  const ui: Record<string, unknown> = { ...at.field.ui };
  if (at.field.ui === undefined) {
    // A field first described in the designer keeps the name the form showed for it.
    const shown = formModel(def).byPath.get(path)!.label;
    ui.label = { ...shown };
  }
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete ui[k];
    else ui[k] = v;
  }
  at.field.ui = ui as FormFieldUi;
  return fromDesign(d);
}

/** Sets one language of a localized text (label, help, placeholder); a text empty in both languages is removed. */
export function setText(def: FormDefinition, path: string, which: 'label' | 'help' | 'placeholder', locale: keyof Localized, text: string): FormDefinition {
  const current = formModel(def).byPath.get(path)?.ui?.[which];
  const next: Localized = { 'zh-CN': current?.['zh-CN'] ?? '', en: current?.en ?? '', [locale]: text };
  const empty = which !== 'label' && next['zh-CN'].trim() === '' && next.en.trim() === '';
  return updateUi(def, path, { [which]: empty ? undefined : next });
}

export type Requiredness = 'optional' | 'required' | 'conditional';

/** How a field is required now: unconditionally (schema `required`), by a requiredIf, or not. */
export function requirednessOf(def: FormDefinition, path: string): Requiredness {
  const f = formModel(def).byPath.get(path);
  if (f?.requiredInParent) return 'required';
  return f?.ui?.requiredIf !== undefined ? 'conditional' : 'optional';
}

/**
 * Makes a field optional, required, or required when `condition` holds. The two ways of being
 * required exclude each other (the checker refuses both at once), so each mode clears the other.
 */
export function setRequired(def: FormDefinition, path: string, mode: Requiredness, condition?: Condition): FormDefinition {
  const d = workingDesign(def);
  const at = must(d, path);
  const holder = requiredHolder(d, at.parent);
  const list = requiredList(holder).filter((k) => k !== at.field.key);
  if (mode === 'required') list.push(at.field.key);
  if (list.length > 0) holder.required = list;
  else delete holder.required;
  const withList = fromDesign(d);
  if (mode === 'conditional') return updateUi(withList, path, { requiredIf: condition ?? formModel(def).byPath.get(path)?.ui?.requiredIf });
  return at.field.ui?.requiredIf !== undefined ? updateUi(withList, path, { requiredIf: undefined }) : withList;
}

export function setCondition(def: FormDefinition, path: string, key: ConditionKey, condition: Condition | undefined): FormDefinition {
  return updateUi(def, path, { [key]: condition });
}

export type Constraint = 'minimum' | 'maximum' | 'minLength' | 'maxLength';

/** Sets or (with undefined) removes a schema keyword of a leaf field. */
export function setSchemaKeyword(def: FormDefinition, path: string, keyword: Constraint | 'pattern', value: unknown): FormDefinition {
  const d = workingDesign(def);
  const at = must(d, path);
  const schema = { ...at.field.schema };
  if (value === undefined || value === '') delete schema[keyword];
  else schema[keyword] = value;
  at.field.schema = schema;
  return fromDesign(d);
}

/** Sets a pattern after checking it runs on the linear-time engine; refused with the reason otherwise. */
export function setPattern(def: FormDefinition, path: string, pattern: string): OpResult {
  const problem = pattern === '' ? null : patternProblem(pattern);
  if (problem) return { ok: false, message: problem };
  return { ok: true, definition: setSchemaKeyword(def, path, 'pattern', pattern), path };
}

export interface OptionRow {
  code: string;
  label: Localized;
}

/** The code list of a select field, in order, with labels (the code stands in for a missing label). */
export function optionsOf(def: FormDefinition, path: string): OptionRow[] {
  const f = formModel(def).byPath.get(path);
  const values = Array.isArray(f?.schema.enum) ? f.schema.enum : [];
  return values.map((v) => {
    const code = String(v);
    return { code, label: f?.ui?.options?.[code] ?? { 'zh-CN': code, en: code } };
  });
}

/**
 * Replaces the code list: `enum` in the schema and the labels in `ui.options`. Codes that were
 * numbers stay numbers; everything else is stored as text.
 */
export function setOptions(def: FormDefinition, path: string, rows: OptionRow[]): FormDefinition {
  const d = workingDesign(def);
  const at = must(d, path);
  const before = Array.isArray(at.field.schema.enum) ? at.field.schema.enum : [];
  const values = rows.map((r) => before.find((v) => String(v) === r.code) ?? r.code);
  at.field.schema = { ...at.field.schema, enum: values };
  return updateUi(fromDesign(d), path, { options: rows.length ? Object.fromEntries(rows.map((r) => [r.code, r.label])) : undefined });
}

/** Personal data flag and mask rule (undefined rule: the format's default). A non-personal field has no rule. */
export function setMasking(def: FormDefinition, path: string, personal: boolean, mask?: MaskRule): FormDefinition {
  return updateUi(def, path, { personal: personal ? true : undefined, mask: personal ? mask : undefined });
}

export function setSection(def: FormDefinition, path: string, section: string | undefined): FormDefinition {
  return updateUi(def, path, { section: section || undefined });
}

/** Replaces the list of sections; fields of a removed section are left without one. */
export function setSections(def: FormDefinition, sections: FormSection[]): FormDefinition {
  const d = workingDesign(def);
  const ids = new Set(sections.map((s) => s.id));
  d.ui = { ...d.ui };
  if (sections.length) d.ui.sections = sections;
  else delete d.ui.sections;
  for (const f of d.fields) {
    if (typeof f.ui?.section === 'string' && !ids.has(f.ui.section)) {
      const { section: _s, ...rest } = f.ui;
      f.ui = rest;
    }
  }
  return fromDesign(d);
}

/** Why a key cannot be a field name; null when it can (same rules as the checker). */
export function keyProblem(key: string, siblings: string[]): Localized | null {
  const invalid = fieldKeyProblem(key);
  if (invalid) return invalid;
  if (siblings.includes(key)) return L(`同一层级已有字段「${key}」，请换一个名称。`, `There is already a field ${key} at this level; choose another name.`);
  return null;
}

/**
 * Renames a field's key. Everything that names it follows: the parent's `required` list, the
 * UI entries of the field and of its children, the order, and every condition that reads it
 * or a field inside it (root paths, row numbers and `$item.` references alike).
 */
export function renameField(def: FormDefinition, path: string, newKey: string): OpResult {
  const d = workingDesign(def);
  const at = must(d, path);
  const oldKey = at.field.key;
  if (newKey === oldKey) return { ok: true, definition: def, path };
  const problem = keyProblem(newKey, at.siblings.map((f) => f.key));
  if (problem) return { ok: false, message: problem };

  // Conditions are rewritten against the old tree, where their references resolve.
  const refs = referencesTo(def, path);
  const byFrom = new Map<string, Set<string>>();
  for (const r of refs) byFrom.set(`${r.from.path}|${r.key}`, (byFrom.get(`${r.from.path}|${r.key}`) ?? new Set()).add(r.ref));
  const newPathOf = (p: string) => (p === path || p.startsWith(`${path}.`) ? join(parentOf(path), newKey) + p.slice(path.length) : p);
  const model = formModel(def);
  const rewrite = new Map<string, FormFieldUi>();
  for (const from of model.all) {
    let ui = from.ui;
    for (const key of ['visibleIf', 'requiredIf'] as const) {
      const hits = byFrom.get(`${from.path}|${key}`);
      if (!hits || !ui?.[key]) continue;
      ui = { ...ui, [key]: mapCondition(ui[key], (fc) => (hits.has(fc.field) ? { ...fc, field: renamedRef(fc.field, from, path, newKey) } : fc)) as Condition };
    }
    if (ui !== from.ui && ui) rewrite.set(newPathOf(from.path), ui);
  }

  const holder = requiredHolder(d, at.parent);
  if (Array.isArray(holder.required)) holder.required = holder.required.map((k) => (k === oldKey ? newKey : k));
  at.field.key = newKey;
  for (const [p, ui] of rewrite) {
    const target = locate(d, p);
    if (target) target.field.ui = ui;
  }
  return { ok: true, definition: fromDesign(d), path: join(parentOf(path), newKey) };
}

function labelOf(def: FormDefinition, path: string): Localized {
  return formModel(def).byPath.get(path)?.label ?? L(path, path);
}

/**
 * Deletes a field (with its children). Refused while a condition of another field reads it,
 * naming those fields: removing it would silently change when they show or are required.
 */
export function deleteField(def: FormDefinition, path: string): OpResult {
  const inside = (p: string) => p === path || p.startsWith(`${path}.`);
  const readers = referencesTo(def, path).filter((r) => !inside(r.from.path));
  if (readers.length > 0) {
    const names = [...new Set(readers.map((r) => r.from.path))].map((p) => labelOf(def, p));
    const label = labelOf(def, path);
    return refuse(
      `不能删除「${label['zh-CN']}」：${names.map((n) => `「${n['zh-CN']}」`).join('、')}的条件引用了它。请先修改这些条件。`,
      `${label.en} cannot be deleted: the conditions of ${names.map((n) => n.en).join(', ')} refer to it. Change those conditions first.`,
    );
  }
  const d = workingDesign(def);
  const at = must(d, path);
  at.siblings.splice(at.index, 1);
  const holder = requiredHolder(d, at.parent);
  if (Array.isArray(holder.required)) {
    holder.required = holder.required.filter((k) => k !== at.field.key);
    if ((holder.required as unknown[]).length === 0) delete holder.required;
  }
  return { ok: true, definition: fromDesign(d), path: parentOf(path) };
}

/** A copy of a field (and its children) right after it, under a new key; required the same way. */
export function duplicateField(def: FormDefinition, path: string): OpResult {
  const d = workingDesign(def);
  const at = must(d, path);
  const copy = structuredClone(at.field);
  copy.key = freeKey(at.siblings, at.field.key.replace(/_\d+$/, ''));
  at.siblings.splice(at.index + 1, 0, copy);
  const holder = requiredHolder(d, at.parent);
  if (requiredList(holder).includes(at.field.key)) holder.required = [...requiredList(holder), copy.key];
  markOrdered(d, at.parent);
  return { ok: true, definition: fromDesign(d), path: join(parentOf(path), copy.key) };
}
