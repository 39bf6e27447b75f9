/**
 * A record's correction in plain language: the one diff (catalog/diff.ts) over the record's data,
 * with the record's form definition as the "kind" (labels from the form, in its order).
 */
import { diffEntryContent, type Change } from '../../catalog/diff';
import type { KindDefinition } from '../../catalog/types';
import type { FormDefinition } from '../../forms/definition';

function recordKind(def: FormDefinition): KindDefinition {
  const keys = Object.keys(def.schema.properties ?? {});
  const order = [...(def.ui?.order ?? []).filter((k) => keys.includes(k)), ...keys.filter((k) => !(def.ui?.order ?? []).includes(k))];
  const fields: KindDefinition['ui']['fields'] = {};
  for (const k of keys) {
    const title = String((def.schema.properties[k] as { title?: string }).title ?? k);
    fields[k] = { label: def.ui?.fields?.[k]?.label ?? { 'zh-CN': title, en: title }, widget: 'text' };
  }
  return { code: 'record', name: { 'zh-CN': '记录', en: 'Record' }, schema: def.schema as unknown as Record<string, unknown>, ui: { order, titleField: keys[0] ?? 'id', fields } } as KindDefinition;
}

export function recordDataChanges(def: FormDefinition, before: Record<string, unknown>, after: Record<string, unknown>): Change[] {
  return diffEntryContent(recordKind(def), before, after);
}
