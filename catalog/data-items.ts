/**
 * The top-level data items of a catalog item's own form (its `dataItems` definition), by name:
 * what the office picks from where a field of the catalog item names one of them (the 双公示
 * decision date and decision number), instead of typing a key. Names and order are the form's own
 * (forms/definition.ts `formModel`), as the filler sees them.
 */
import { formModel, type FormDefinition } from '../forms/definition';
import type { Localized } from './types';

export interface DataItemChoice {
  key: string;
  label: Localized;
  format: string | null;
}

/** The form's top-level single-value data items in form order; `format` keeps only those of that format (e.g. date). */
export function dataItemChoices(dataItems: unknown, format?: string): DataItemChoice[] {
  if (!dataItems || typeof dataItems !== 'object' || Array.isArray(dataItems)) return [];
  const out: DataItemChoice[] = [];
  for (const f of formModel(dataItems as FormDefinition).fields) {
    if (f.structure !== 'leaf') continue;
    const itemFormat = typeof f.schema.format === 'string' ? f.schema.format : null;
    if (format && itemFormat !== format) continue;
    out.push({ key: f.key, label: f.label, format: itemFormat });
  }
  return out;
}

/** The code a field naming another entry stores: a plain code (widget entry-code) or a reference's; null when empty. */
export function entryCodeIn(value: unknown): string | null {
  if (typeof value === 'string') return value || null;
  if (value && typeof value === 'object' && typeof (value as { code?: unknown }).code === 'string') return (value as { code: string }).code || null;
  return null;
}
