/**
 * The designer's working model of a form definition: a tree of fields in display order, each
 * holding its own schema and UI entry. Editing a tree is simpler than editing the definition's
 * three parallel places (schema properties, `required` lists, `ui.fields` keyed by dotted path,
 * `ui.order` lists), and `fromDesign(toDesign(def))` gives the definition back unchanged, so a
 * definition written by hand (or seeded) loses nothing by passing through the designer.
 *
 * What cannot be represented as a tree (a property that is not an object, `properties` that is
 * not an object) is refused by `designProblem`; the designer then offers only its JSON tab.
 * Normalised on the way through: a partial or messy `ui.order` becomes the full display order.
 */
import { isPlainObject } from '../conditions';
import { formModel, type FormDefinition, type FormField, type FormFieldUi, type FormUi } from '../definition';

export type Schema = Record<string, unknown>;

export interface DesignField {
  key: string;
  structure: FormField['structure'];
  /** Own schema without the children: a group without `properties`, rows with `items` without `properties`. */
  schema: Schema;
  /** The field's entry in `ui.fields`, as stored (undefined when it has none). */
  ui: FormFieldUi | undefined;
  /** The entry listed the children's order (`ui.order`); written back as the children's keys. */
  orderExplicit: boolean;
  children: DesignField[];
}

export interface Design {
  /** Root schema without `properties` (its `required` list stays here). */
  schema: Schema;
  /** `ui` without `order` and `fields`; undefined when the definition had no `ui`. */
  ui: Omit<FormUi, 'order' | 'fields'> | undefined;
  orderExplicit: boolean;
  /** The definition had a `ui.fields` object (written back even when empty). */
  hasUiFields: boolean;
  /** `ui.fields` entries that belong to no field (or are not objects): kept as they are, for the checker to name. */
  orphanUi: Record<string, unknown>;
  fields: DesignField[];
}

/** Why a definition cannot be edited in the designer (only as JSON); null when it can. */
export function designProblem(def: unknown): 'not-object' | 'no-properties' | 'bad-property' | null {
  if (!isPlainObject(def)) return 'not-object';
  if (!isPlainObject(def.schema) || !isPlainObject(def.schema.properties)) return 'no-properties';
  if (def.ui !== undefined && !isPlainObject(def.ui)) return 'not-object';
  const walk = (props: Record<string, unknown>): boolean =>
    Object.values(props).every((s) => {
      if (!isPlainObject(s)) return false;
      if (s.properties !== undefined && !isPlainObject(s.properties)) return false;
      if (isPlainObject(s.properties) && !walk(s.properties)) return false;
      if (isPlainObject(s.items) && s.items.properties !== undefined) return isPlainObject(s.items.properties) && walk(s.items.properties);
      return true;
    });
  return walk(def.schema.properties) ? null : 'bad-property';
}

function without(obj: Schema, key: string): Schema {
  const { [key]: _drop, ...rest } = obj;
  return rest;
}

/** The schema a design field stores: the definition's, minus what the children carry. */
function ownSchema(f: FormField): Schema {
  if (f.structure === 'group') return without(f.schema, 'properties');
  if (f.structure === 'rows') return { ...f.schema, items: without(f.schema.items as Schema, 'properties') };
  return f.schema;
}

function toField(f: FormField): DesignField {
  return {
    key: f.key,
    structure: f.structure,
    schema: ownSchema(f),
    ui: f.ui,
    orderExplicit: Array.isArray(f.ui?.order),
    children: f.children.map(toField),
  };
}

export function toDesign(def: FormDefinition): Design {
  const model = formModel(def);
  const rawUi = isPlainObject(def.ui) ? (def.ui as Record<string, unknown>) : undefined;
  const rawFields = rawUi && isPlainObject(rawUi.fields) ? rawUi.fields : {};
  const orphanUi: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rawFields)) if (!model.byPath.has(k) || !isPlainObject(v)) orphanUi[k] = v;
  let ui: Design['ui'];
  if (rawUi) {
    const { order: _o, fields: _f, ...rest } = rawUi;
    ui = rest as Design['ui'];
  }
  return {
    schema: without(def.schema, 'properties'),
    ui,
    orderExplicit: Array.isArray(rawUi?.order),
    hasUiFields: rawUi !== undefined && Object.hasOwn(rawUi, 'fields'),
    orphanUi,
    fields: model.fields.map(toField),
  };
}

const join = (a: string, b: string) => (a ? `${a}.${b}` : b);

function properties(fields: DesignField[], prefix: string, uiFields: Record<string, FormFieldUi>): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  for (const f of fields) {
    const path = join(prefix, f.key);
    const children = properties(f.children, path, uiFields);
    if (f.structure === 'group') out[f.key] = { ...f.schema, properties: children };
    else if (f.structure === 'rows') out[f.key] = { ...f.schema, items: { ...(f.schema.items as Schema), properties: children } };
    else out[f.key] = f.schema;
    if (f.ui !== undefined || f.orderExplicit) {
      const entry: FormFieldUi = { ...f.ui };
      if (f.orderExplicit) entry.order = f.children.map((c) => c.key);
      uiFields[path] = entry;
    }
  }
  return out;
}

export function fromDesign(d: Design): FormDefinition {
  const uiFields: Record<string, FormFieldUi> = {};
  const props = properties(d.fields, '', uiFields);
  const schema = { ...d.schema, properties: props } as FormDefinition['schema'];
  for (const [k, v] of Object.entries(d.orphanUi)) if (!Object.hasOwn(uiFields, k)) uiFields[k] = v as FormFieldUi;
  const hasFieldEntries = Object.keys(uiFields).length > 0;
  if (d.ui === undefined && !d.orderExplicit && !hasFieldEntries) return { schema };
  const ui: FormUi = { ...d.ui };
  if (d.orderExplicit) ui.order = d.fields.map((f) => f.key);
  if (hasFieldEntries || d.hasUiFields) ui.fields = uiFields;
  return { schema, ui };
}

// ---------------------------------------------------------------------------------------------
// Finding things in a design

export interface Located {
  field: DesignField;
  /** The list that holds the field (the root's or a container's children). */
  siblings: DesignField[];
  index: number;
  /** The container, or null at the root. */
  parent: DesignField | null;
}

export function locate(d: Design, path: string): Located | null {
  let siblings = d.fields;
  let parent: DesignField | null = null;
  const parts = path.split('.');
  for (let i = 0; i < parts.length; i++) {
    const index = siblings.findIndex((f) => f.key === parts[i]);
    if (index < 0) return null;
    const field = siblings[index]!;
    if (i === parts.length - 1) return { field, siblings, index, parent };
    parent = field;
    siblings = field.children;
  }
  return null;
}

/** The schema object whose `required` list decides whether the children of `parent` are required. */
export function requiredHolder(d: Design, parent: DesignField | null): Schema {
  if (!parent) return d.schema;
  return parent.structure === 'rows' ? (parent.schema.items as Schema) : parent.schema;
}

export function requiredList(holder: Schema): string[] {
  return Array.isArray(holder.required) ? holder.required.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * A design for an operation to rearrange. Its tree (design fields, containers' schemas, the
 * root schema) is new, but leaf schemas and UI entries are the definition's own objects, shared
 * with the result: operations replace them, never change them in place, so the definition they
 * were given stays as it was (a test holds every operation to that).
 */
export function workingDesign(def: FormDefinition): Design {
  return toDesign(def);
}
