/**
 * Checks that a register-kind definition is usable: the meta schema says its shape, this says
 * whether it makes sense (schema compiles, fields in ui.order exist, title field exists…).
 */
import { schemaProblem } from '../forms/ajv';
import { safeRegExp, UnsafePatternError } from '../forms/safe-regex';
import { ROW_COLUMN_WIDGETS, type FieldUi, type KindDefinition, type Localized } from './types';

export interface DefinitionProblem {
  path: string;
  message: Localized;
}

const WIDGETS = new Set(['text', 'textarea', 'rich-text', 'number', 'integer', 'date', 'select', 'checkboxes', 'tags', 'boolean', 'legal-basis', 'departments', 'reference', 'entry-code', 'references', 'form-definition', 'flow-graph', 'docx-template', 'data-item', 'grades', 'rows', 'json']);

export function kindDefinitionProblems(def: Omit<KindDefinition, 'code'>): DefinitionProblem[] {
  const out: DefinitionProblem[] = [];
  const schema = def.schema as unknown as Record<string, unknown>;
  if (!schema || schema.type !== 'object' || typeof schema.properties !== 'object' || schema.properties === null) {
    out.push({ path: 'schema', message: { 'zh-CN': '条目 Schema 必须是 type 为 object 且含 properties 的对象。', en: 'The entry schema must be an object schema with properties.' } });
    return out;
  }
  const reason = schemaProblem(schema);
  if (reason) out.push({ path: 'schema', message: { 'zh-CN': `条目 Schema 无法编译：${reason}`, en: `The entry schema does not compile: ${reason}` } });
  const props = Object.keys(schema.properties as object);
  if (props.length === 0) out.push({ path: 'schema', message: { 'zh-CN': '至少需要一个字段。', en: 'Define at least one field.' } });
  for (const f of def.ui?.order ?? []) {
    if (!props.includes(f)) out.push({ path: 'ui.order', message: { 'zh-CN': `字段顺序中的「${f}」不在 Schema 中。`, en: `Field ${f} in ui.order is not in the schema.` } });
  }
  if (!def.ui || !props.includes(def.ui.titleField)) {
    out.push({ path: 'ui.titleField', message: { 'zh-CN': '标题字段必须是 Schema 中的字段。', en: 'The title field must be one of the schema fields.' } });
  }
  for (const [name, f] of Object.entries(def.ui?.fields ?? {})) {
    if (!props.includes(name)) out.push({ path: `ui.fields.${name}`, message: { 'zh-CN': `字段「${name}」不在 Schema 中。`, en: `Field ${name} is not in the schema.` } });
    if (!f?.label?.['zh-CN']) out.push({ path: `ui.fields.${name}.label`, message: { 'zh-CN': `字段「${name}」缺少中文名称。`, en: `Field ${name} has no Chinese label.` } });
    if (f?.widget && !WIDGETS.has(f.widget)) out.push({ path: `ui.fields.${name}.widget`, message: { 'zh-CN': `字段「${name}」的控件「${f.widget}」不受支持。`, en: `Field ${name} uses an unknown widget ${f.widget}.` } });
    if (f?.widget === 'grades') {
      const of = f.gradesOf ? def.ui?.fields?.[f.gradesOf] : undefined;
      if (!of || of.widget !== 'reference' || of.refKind !== 'grading-model') {
        out.push({ path: `ui.fields.${name}.gradesOf`, message: { 'zh-CN': `字段「${name}」的等级须来自本条目中引用评价模型的字段。`, en: `Field ${name}: gradesOf must name a field of this kind that references a grading model.` } });
      }
    }
    if (f?.widget === 'rows') out.push(...rowsProblems(name, f, (schema.properties as Record<string, unknown>)[name]));
    if (f?.widget === 'entry-code' && (typeof f.refKind !== 'string' || !f.refKind)) {
      out.push({ path: `ui.fields.${name}.refKind`, message: { 'zh-CN': `字段「${name}」须指明引用哪一类清单（refKind）。`, en: `Field ${name}: refKind must name the kind it points to.` } });
    }
    const usesLinkedItems = f?.widget === 'data-item' ? f.dataItemsOf !== undefined : f?.widget === 'rows' && Array.isArray(f.columns) && f.columns.some((c) => c?.widget === 'data-item');
    if (usesLinkedItems || (f?.dataItemsOf !== undefined && f?.widget !== 'data-item')) {
      const of = typeof f!.dataItemsOf === 'string' ? def.ui?.fields?.[f!.dataItemsOf] : undefined;
      if (!of || f!.dataItemsOf === name || (of.widget !== 'entry-code' && of.widget !== 'reference') || of.refKind !== 'info-catalog') {
        out.push({ path: `ui.fields.${name}.dataItemsOf`, message: { 'zh-CN': `字段「${name}」的数据项须来自本条目中选择目录事项的字段（dataItemsOf）。`, en: `Field ${name}: dataItemsOf must name a field of this kind that picks a catalog item.` } });
      }
    }
    const when = f?.shownWhen as { field?: unknown; in?: unknown } | undefined;
    if (when !== undefined && (typeof when !== 'object' || when === null || typeof when.field !== 'string' || !props.includes(when.field) || when.field === name || !Array.isArray(when.in) || when.in.length === 0 || !when.in.every((v) => typeof v === 'string'))) {
      out.push({ path: `ui.fields.${name}.shownWhen`, message: { 'zh-CN': `字段「${name}」的显示条件须指明另一个字段及其取值。`, en: `Field ${name}: shownWhen must name another field and the values it is shown for.` } });
    }
  }
  if (def.codePattern) {
    // Entry codes are checked on the linear-time engine (forms/safe-regex), so check the rule there too.
    try {
      safeRegExp(def.codePattern);
    } catch (e) {
      if (!(e instanceof UnsafePatternError)) throw e;
      out.push({
        path: 'codePattern',
        message:
          e.reason === 'invalid'
            ? { 'zh-CN': '编码规则不是有效的正则表达式。', en: 'The code pattern is not a valid regular expression.' }
            : { 'zh-CN': '编码规则使用了线性时间正则引擎不支持的语法（如反向引用、前后断言），请改写。', en: `The code pattern cannot be used: ${e.message}` },
      });
    }
  }
  return out;
}

/**
 * A rows widget edits an array of objects as a table: every column must be a property of the
 * items, named once, with a Chinese label and a cell control; every required property needs a
 * column (or rows could never be completed).
 */
function rowsProblems(name: string, f: FieldUi, propSchema: unknown): DefinitionProblem[] {
  const out: DefinitionProblem[] = [];
  const path = `ui.fields.${name}.columns`;
  const items = (propSchema as { type?: unknown; items?: { type?: unknown; properties?: unknown; required?: unknown } } | undefined)?.items;
  const isArrayOfObjects = (propSchema as { type?: unknown } | undefined)?.type === 'array' && items?.type === 'object' && typeof items.properties === 'object' && items.properties !== null;
  if (!isArrayOfObjects) {
    return [{ path: `schema.properties.${name}`, message: { 'zh-CN': `字段「${name}」用表格填写，其 Schema 须是由对象组成的数组（items 含 properties）。`, en: `Field ${name} is edited as rows: its schema must be an array of objects with properties.` } }];
  }
  const itemProps = Object.keys(items.properties as object);
  const columns = Array.isArray(f.columns) ? f.columns : [];
  if (columns.length === 0) out.push({ path, message: { 'zh-CN': `字段「${name}」用表格填写，须列出表格的列。`, en: `Field ${name} is edited as rows: list its columns.` } });
  const seen = new Set<string>();
  columns.forEach((c, i) => {
    const key = typeof c?.key === 'string' ? c.key : '';
    if (!itemProps.includes(key) || seen.has(key)) {
      out.push({ path: `${path}[${i}].key`, message: { 'zh-CN': `字段「${name}」的第 ${i + 1} 列「${key}」须是每行中的一个属性，且只出现一次。`, en: `Field ${name}, column ${i + 1} "${key}" must be a property of the rows, listed once.` } });
    }
    seen.add(key);
    if (!c?.label?.['zh-CN']) out.push({ path: `${path}[${i}].label`, message: { 'zh-CN': `字段「${name}」的第 ${i + 1} 列缺少中文名称。`, en: `Field ${name}, column ${i + 1} has no Chinese label.` } });
    if (c?.widget !== undefined && !ROW_COLUMN_WIDGETS.includes(c.widget)) {
      out.push({ path: `${path}[${i}].widget`, message: { 'zh-CN': `字段「${name}」的第 ${i + 1} 列的控件「${String(c.widget)}」不受支持（可用：${ROW_COLUMN_WIDGETS.join('、')}）。`, en: `Field ${name}, column ${i + 1} uses an unknown control ${String(c.widget)} (allowed: ${ROW_COLUMN_WIDGETS.join(', ')}).` } });
    }
  });
  const required = Array.isArray(items.required) ? (items.required as unknown[]).filter((r): r is string => typeof r === 'string') : [];
  for (const r of required) {
    if (!seen.has(r)) out.push({ path, message: { 'zh-CN': `字段「${name}」的必填属性「${r}」没有对应的列。`, en: `Field ${name}: the required property ${r} has no column.` } });
  }
  return out;
}

export function titleOf(kind: Pick<KindDefinition, 'ui'>, content: Record<string, unknown>, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  const v = content[kind.ui.titleField];
  if (v && typeof v === 'object' && 'zh-CN' in (v as object)) {
    const l = v as Localized;
    return (locale === 'en' ? l.en || l['zh-CN'] : l['zh-CN']) ?? '';
  }
  return v == null ? '' : String(v);
}

/** References an entry's content makes, from its kind's reference widgets. */
export function referencesOf(kind: Pick<KindDefinition, 'ui'>, content: Record<string, unknown>): { field: string; kind: string; code: string; version: number | null }[] {
  const out: { field: string; kind: string; code: string; version: number | null }[] = [];
  for (const [field, ui] of Object.entries(kind.ui.fields)) {
    const v = content[field];
    const items = ui.widget === 'reference' ? [v] : ui.widget === 'references' && Array.isArray(v) ? v : [];
    for (const r of items) {
      if (r && typeof r === 'object' && typeof (r as { code?: unknown }).code === 'string') {
        const ref = r as { kind?: string; code: string; version?: number | null };
        out.push({ field, kind: ref.kind ?? ui.refKind ?? '', code: ref.code, version: ref.version ?? null });
      }
    }
  }
  return out;
}
