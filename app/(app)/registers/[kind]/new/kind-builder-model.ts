/**
 * The register-kind builder's model: a kind definition (JSON Schema + UI schema) as rows an admin
 * edits — key, names, type, required, options — and back. Editing an existing kind keeps what the
 * rows do not show: a field whose type, required flag and options are unchanged keeps its own
 * schema and display settings (length limits, help, shownWhen…); a field of a type the builder does
 * not offer (a reference, a table, a form…) is kept whole and only renamed; the definition's other
 * parts (description, title field, list columns) stay as they were.
 */

export type FieldType = 'text' | 'textarea' | 'integer' | 'number' | 'date' | 'boolean' | 'select' | 'departments' | 'legal-basis';
export const FIELD_TYPES: FieldType[] = ['text', 'textarea', 'integer', 'number', 'date', 'boolean', 'select', 'departments', 'legal-basis'];

export interface Row {
  key: string;
  zh: string;
  en: string;
  /** A builder type, or 'other': a field of another widget, kept as it is. */
  type: FieldType | 'other';
  required: boolean;
  options: string;
  /** For a field of the stored definition: how it was, so what was not touched is kept. */
  stored?: { type: FieldType | 'other'; required: boolean; options: string; schema: unknown; ui: Record<string, unknown> };
}

export const FIRST_ROW: Row = { key: 'name', zh: '名称', en: 'Name', type: 'text', required: true, options: '' };

export const newRow = (n: number): Row => ({ key: `field${n}`, zh: '', en: '', type: 'text', required: false, options: '' });

type Definition = {
  name?: { 'zh-CN'?: string; en?: string };
  codePattern?: string;
  schema?: { properties?: Record<string, unknown>; required?: string[]; [k: string]: unknown };
  ui?: { order?: string[]; titleField?: string; listFields?: string[]; fields?: Record<string, Record<string, unknown>>; [k: string]: unknown };
  [k: string]: unknown;
};

const splitOptions = (s: string) => s.split(/[;；\n]/).map((x) => x.trim()).filter(Boolean);

/** The builder's view of a stored kind definition. */
export function builderOf(content: Record<string, unknown>): { zh: string; en: string; descZh: string; descEn: string; codePattern: string; rows: Row[] } {
  const def = content as Definition;
  const props = def.schema?.properties ?? {};
  const required = new Set(def.schema?.required ?? []);
  const fields = def.ui?.fields ?? {};
  const keys = [...(def.ui?.order ?? []).filter((k) => k in props), ...Object.keys(props).filter((k) => !(def.ui?.order ?? []).includes(k))];
  const rows = keys.map((key): Row => {
    const ui = fields[key] ?? {};
    const schema = props[key] as { enum?: unknown[] } | undefined;
    const widget = typeof ui.widget === 'string' ? ui.widget : 'text';
    const type: Row['type'] = (FIELD_TYPES as string[]).includes(widget) ? (widget as FieldType) : 'other';
    const options = type === 'select' && Array.isArray(schema?.enum) ? schema.enum.map(String).join('；') : '';
    const label = (ui.label ?? {}) as { 'zh-CN'?: string; en?: string };
    const zh = label['zh-CN'] ?? key;
    const en = label.en && label.en !== zh ? label.en : '';
    return { key, zh, en, type, required: required.has(key), options, stored: { type, required: required.has(key), options, schema: props[key], ui } };
  });
  const description = def.description as { 'zh-CN'?: string; en?: string } | undefined;
  return {
    zh: def.name?.['zh-CN'] ?? '',
    en: def.name?.en && def.name.en !== def.name['zh-CN'] ? def.name.en : '',
    descZh: description?.['zh-CN'] ?? '',
    descEn: description?.en && description.en !== description['zh-CN'] ? description.en : '',
    codePattern: def.codePattern ?? '',
    rows,
  };
}

function schemaOf(r: Row): unknown {
  switch (r.type) {
    case 'integer':
    case 'number':
      return { type: r.type };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'boolean':
      return { type: 'boolean' };
    case 'select':
      return { type: 'string', enum: splitOptions(r.options) };
    case 'departments':
      return { type: 'array', items: { type: 'string' }, uniqueItems: true, ...(r.required ? { minItems: 1 } : {}) };
    case 'legal-basis':
      return {
        type: 'array',
        items: { type: 'object', properties: { name: { type: 'string', minLength: 2 }, number: { type: 'string' }, article: { type: 'string' } }, required: ['name'], additionalProperties: false },
        ...(r.required ? { minItems: 1 } : {}),
      };
    default:
      return { type: 'string', ...(r.required ? { minLength: 1 } : {}), maxLength: r.type === 'textarea' ? 5000 : 500 };
  }
}

/**
 * The builder's rows as a register-kind definition. `stored` is the definition being edited (none
 * for a new kind): what the rows do not say is taken from it.
 */
export function buildDefinition(name: { zh: string; en: string; descZh?: string; descEn?: string }, codePattern: string, rows: Row[], stored?: Record<string, unknown>) {
  const base = (stored ?? {}) as Definition;
  const properties: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  for (const r of rows) {
    const label = { 'zh-CN': r.zh, en: r.en || r.zh };
    const s = r.stored;
    const untouched = s && (r.type === 'other' || (s.type === r.type && s.required === r.required && s.options === r.options));
    if (s && untouched) {
      properties[r.key] = s.schema;
      fields[r.key] = { ...s.ui, label };
    } else {
      properties[r.key] = schemaOf(r);
      // A field whose type changed keeps only its help text: other settings belonged to the old type.
      fields[r.key] = { label, widget: r.type, ...(s?.ui.help ? { help: s.ui.help } : {}) };
    }
  }
  const keys = rows.map((r) => r.key);
  const titleField = base.ui?.titleField && keys.includes(base.ui.titleField) ? base.ui.titleField : (keys[0] ?? '');
  const listFields = base.ui?.listFields ? base.ui.listFields.filter((k) => keys.includes(k)) : rows.slice(1, 3).map((r) => r.key);
  const rest: Definition = { ...base };
  delete rest.codePattern;
  delete rest.description;
  const descZh = name.descZh?.trim() ?? '';
  return {
    ...rest,
    name: { 'zh-CN': name.zh, en: name.en || name.zh },
    ...(descZh ? { description: { 'zh-CN': descZh, en: name.descEn?.trim() || descZh } } : {}),
    ...(codePattern ? { codePattern } : {}),
    schema: { ...base.schema, type: 'object', properties, required: rows.filter((r) => r.required).map((r) => r.key), additionalProperties: base.schema?.additionalProperties ?? false },
    ui: { ...base.ui, order: keys, titleField, listFields, fields },
  };
}
