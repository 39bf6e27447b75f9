/**
 * Diff of two form definitions (the data items of a catalog item), said in terms of data items:
 * added, removed, renamed, required or optional, and attribute changes. Data items are matched by
 * property key; nested objects and repeating groups (arrays of objects) recurse with dotted labels.
 */
import type { Change } from '../diff';
import type { Locale, Localized } from '../types';
import { genericChanges, type FieldContext } from './generic';
import { attributeSubject, sentence } from './sentences';
import { both, compareStrings, deepEqual, isEmpty, isPlainObject, listSeparator, quote, showValue } from './values';

type Schema = Record<string, unknown>;

interface FormSide {
  schema: Schema;
  ui: Schema;
  uiFields: Record<string, Schema>;
}

/** Names of JSON Schema attributes; listed ones come first, in this order, then the rest by key. */
const SCHEMA_ATTRIBUTES: Record<string, Localized> = {
  type: { 'zh-CN': '类型', en: 'type' },
  format: { 'zh-CN': '格式', en: 'format' },
  enum: { 'zh-CN': '可选值', en: 'allowed values' },
  const: { 'zh-CN': '固定值', en: 'fixed value' },
  minLength: { 'zh-CN': '最小长度', en: 'minimum length' },
  maxLength: { 'zh-CN': '最大长度', en: 'maximum length' },
  minimum: { 'zh-CN': '最小值', en: 'minimum' },
  maximum: { 'zh-CN': '最大值', en: 'maximum' },
  pattern: { 'zh-CN': '校验规则', en: 'pattern' },
  minItems: { 'zh-CN': '最少条数', en: 'minimum items' },
  maxItems: { 'zh-CN': '最多条数', en: 'maximum items' },
  default: { 'zh-CN': '默认值', en: 'default' },
  description: { 'zh-CN': '说明', en: 'description' },
};

const UI_ATTRIBUTES: Record<string, Localized> = {
  widget: { 'zh-CN': '控件', en: 'widget' },
  help: { 'zh-CN': '填写说明', en: 'help text' },
  section: { 'zh-CN': '分组', en: 'section' },
  options: { 'zh-CN': '选项名称', en: 'option labels' },
  placeholder: { 'zh-CN': '占位提示', en: 'placeholder' },
};

const EMPTY_FORM: FormSide = { schema: { type: 'object', properties: {} }, ui: {}, uiFields: {} };

/** Whether a value looks like a FormDefinition (a schema with properties). */
export function isFormDefinition(v: unknown): boolean {
  return isPlainObject(v) && isPlainObject(v.schema) && isPlainObject(v.schema.properties);
}

function sideOf(v: unknown): FormSide {
  if (!isPlainObject(v) || !isPlainObject(v.schema)) return EMPTY_FORM;
  const ui = isPlainObject(v.ui) ? v.ui : {};
  const uiFields: Record<string, Schema> = {};
  if (isPlainObject(ui.fields)) for (const [k, f] of Object.entries(ui.fields)) if (isPlainObject(f)) uiFields[k] = f;
  return { schema: v.schema, ui, uiFields };
}

function propertiesOf(obj: Schema | undefined): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  if (obj && isPlainObject(obj.properties)) for (const [k, p] of Object.entries(obj.properties)) if (isPlainObject(p)) out[k] = p;
  return out;
}

function requiredOf(obj: Schema | undefined): Set<string> {
  return new Set(Array.isArray(obj?.required) ? obj.required.filter((r): r is string => typeof r === 'string') : []);
}

/** The object whose properties are a data item's children: itself, or its items (repeating group). */
function groupOf(prop: Schema | undefined): Schema | undefined {
  if (!prop) return undefined;
  if (isPlainObject(prop.properties)) return prop;
  if (isPlainObject(prop.items) && isPlainObject(prop.items.properties)) return prop.items;
  return undefined;
}

function stringArray(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Keys in the order the form shows them (ui.order), then the rest by key. */
function orderedKeys(keys: Iterable<string>, orders: string[][]): string[] {
  const present = new Set(keys);
  const out: string[] = [];
  for (const k of orders.flat()) if (present.has(k) && !out.includes(k)) out.push(k);
  return [...out, ...[...present].filter((k) => !out.includes(k)).sort(compareStrings)];
}

/** ui.fields[dotted].label, else the schema title, else the key; prefixed by the parent's label. */
function labelOf(side: FormSide, dotted: string, key: string, prop: Schema, parent: Localized | undefined): Localized {
  const uiLabel = side.uiFields[dotted]?.label;
  const title = typeof prop.title === 'string' && prop.title ? prop.title : undefined;
  return both((l: Locale) => {
    const fromUi = isPlainObject(uiLabel) && typeof uiLabel[l] === 'string' && uiLabel[l] ? (uiLabel[l] as string) : undefined;
    const own = fromUi ?? title ?? key;
    return parent ? `${parent[l]}.${own}` : own;
  });
}

function attributeOrder(keys: Iterable<string>, known: Record<string, Localized>): string[] {
  const present = new Set(keys);
  const listed = Object.keys(known).filter((k) => present.has(k));
  return [...listed, ...[...present].filter((k) => !(k in known)).sort(compareStrings)];
}

export function formDefinitionChanges(field: FieldContext, before: unknown, after: unknown): Change[] {
  const b = sideOf(before);
  const a = sideOf(after);
  const out: Change[] = [];
  const push = (path: string, op: Change['op'], bv: unknown, av: unknown, text: Localized) =>
    out.push({ path, field: field.key, op, ...(bv === undefined ? {} : { before: bv }), ...(av === undefined ? {} : { after: av }), text });

  /** One attribute of a data item; nested plain objects (e.g. `items` of a list of strings) recurse. */
  const attribute = (label: Localized, names: Record<string, Localized>, name: string, path: string, bv: unknown, av: unknown): void => {
    if (deepEqual(bv, av) || (isEmpty(bv) && isEmpty(av))) return;
    if (isPlainObject(bv) && isPlainObject(av)) {
      for (const k of attributeOrder([...Object.keys(bv), ...Object.keys(av)], SCHEMA_ATTRIBUTES)) {
        attribute(label, names, `${name}.${k}`, `${path}.${k}`, bv[k], av[k]);
      }
      return;
    }
    const attr = names[name] ?? { 'zh-CN': name, en: name };
    const subject = attributeSubject(label, attr);
    const show = (v: unknown) => both((l) => showValue(v, l));
    if (isEmpty(bv)) push(path, 'added', bv, av, sentence.set(subject, show(av)));
    else if (isEmpty(av)) push(path, 'removed', bv, av, sentence.cleared(subject, show(bv)));
    else push(path, 'changed', bv, av, sentence.changed(subject, show(bv), show(av)));
  };

  const group = (bObj: Schema | undefined, aObj: Schema | undefined, prefix: string[], parent?: { before: Localized; after: Localized }): void => {
    const bProps = propertiesOf(bObj);
    const aProps = propertiesOf(aObj);
    const bRequired = requiredOf(bObj);
    const aRequired = requiredOf(aObj);
    const orders = prefix.length === 0 ? [stringArray(a.ui.order), stringArray(b.ui.order)] : [];
    for (const key of orderedKeys([...Object.keys(aProps), ...Object.keys(bProps)], orders)) {
      const dotted = [...prefix, key].join('.');
      const path = `${field.key}.${dotted}`;
      const bp = bProps[key];
      const ap = aProps[key];
      if (!bp && ap) {
        push(path, 'added', undefined, ap, sentence.dataItemAdded(labelOf(a, dotted, key, ap, parent?.after)));
        continue;
      }
      if (bp && !ap) {
        push(path, 'removed', bp, undefined, sentence.dataItemRemoved(labelOf(b, dotted, key, bp, parent?.before)));
        continue;
      }
      if (!bp || !ap) continue;
      const bLabel = labelOf(b, dotted, key, bp, parent?.before);
      const aLabel = labelOf(a, dotted, key, ap, parent?.after);
      if (!deepEqual(bLabel, aLabel)) push(`${path}.label`, 'changed', bLabel, aLabel, sentence.dataItemRenamed(bLabel, aLabel));
      if (bRequired.has(key) !== aRequired.has(key)) {
        push(`${path}.required`, 'changed', bRequired.has(key), aRequired.has(key), sentence.dataItemRequired(aLabel, aRequired.has(key)));
      }
      const bGroup = groupOf(bp);
      const aGroup = groupOf(ap);
      // Children and their `required` are compared by recursing into the group, not as attributes.
      const skip = new Set(['title', 'properties']);
      if (bGroup === bp || aGroup === ap) skip.add('required');
      if ((bGroup && bGroup !== bp) || (aGroup && aGroup !== ap)) skip.add('items');
      for (const name of attributeOrder([...Object.keys(bp), ...Object.keys(ap)], SCHEMA_ATTRIBUTES)) {
        if (!skip.has(name)) attribute(aLabel, SCHEMA_ATTRIBUTES, name, `${path}.${name}`, bp[name], ap[name]);
      }
      const bUi = b.uiFields[dotted] ?? {};
      const aUi = a.uiFields[dotted] ?? {};
      for (const name of attributeOrder([...Object.keys(bUi), ...Object.keys(aUi)], UI_ATTRIBUTES)) {
        if (name !== 'label') attribute(aLabel, UI_ATTRIBUTES, name, `${path}.ui.${name}`, bUi[name], aUi[name]);
      }
      if (bGroup || aGroup) group(bGroup, aGroup, [...prefix, key], { before: bLabel, after: aLabel });
    }
  };

  group(b.schema, a.schema, []);

  const common = (order: string[]) => order.filter((k) => k in propertiesOf(b.schema) && k in propertiesOf(a.schema));
  const bOrder = common(stringArray(b.ui.order));
  const aOrder = common(stringArray(a.ui.order));
  if (!deepEqual(bOrder, aOrder)) push(`${field.key}.ui.order`, 'changed', b.ui.order, a.ui.order, sentence.dataItemsReordered());

  // Whatever else the definition holds (additionalProperties, ui settings…) gets generic sentences.
  const rest = (obj: Schema, drop: string[]) => Object.fromEntries(Object.entries(obj).filter(([k]) => !drop.includes(k)));
  out.push(...genericChanges(field, { schema: rest(b.schema, ['properties', 'required']), ui: rest(b.ui, ['order', 'fields']) }, { schema: rest(a.schema, ['properties', 'required']), ui: rest(a.ui, ['order', 'fields']) }));
  return out;
}

/** The data item labels of a definition, for "set to" / "cleared" sentences. */
export function showFormDefinition(v: unknown, locale: Locale): string {
  const side = sideOf(v);
  const keys = orderedKeys(Object.keys(propertiesOf(side.schema)), [stringArray(side.ui.order)]);
  const props = propertiesOf(side.schema);
  const labels = keys.map((k) => {
    const prop = props[k];
    return prop ? labelOf(side, k, k, prop, undefined)[locale] : k;
  });
  return quote(labels.join(listSeparator(locale)));
}
