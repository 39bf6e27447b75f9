/**
 * The top-level data items of a catalog item's own form (its `dataItems` definition), by name:
 * what the office picks from where a field of the catalog item names one of them (the 双公示
 * decision date and decision number), instead of typing a key.
 */
import type { Localized } from './types';

export interface DataItemChoice {
  key: string;
  label: Localized;
  format: string | null;
}

type Definition = { schema?: { properties?: Record<string, { title?: unknown; format?: unknown; type?: unknown }> }; ui?: { fields?: Record<string, { label?: Partial<Localized> }> } };

/** The form's top-level scalar data items in order of the schema; `format` keeps only those of that format (e.g. date). */
export function dataItemChoices(dataItems: unknown, format?: string): DataItemChoice[] {
  const def = (dataItems && typeof dataItems === 'object' ? dataItems : {}) as Definition;
  const properties = def.schema?.properties && typeof def.schema.properties === 'object' ? def.schema.properties : {};
  const out: DataItemChoice[] = [];
  for (const [key, schema] of Object.entries(properties)) {
    if (!schema || typeof schema !== 'object' || schema.type === 'object' || schema.type === 'array') continue;
    const f = typeof schema.format === 'string' ? schema.format : null;
    if (format && f !== format) continue;
    const label = def.ui?.fields?.[key]?.label;
    const title = typeof schema.title === 'string' && schema.title ? schema.title : key;
    out.push({ key, format: f, label: { 'zh-CN': label?.['zh-CN'] || title, en: label?.en || label?.['zh-CN'] || title } });
  }
  return out;
}
