/**
 * Value helpers for the plain-language diff: equality that ignores key order (content comes back
 * from jsonb with its keys reordered), emptiness, and how a value is shown inside a sentence.
 */
import type { EntryRef, LegalBasis, Locale, Localized, RowColumn } from '../types';

/** Values longer than this (in characters) are cut and end with “…” in sentences. */
export const MAX_SHOWN = 60;

export type Primitive = string | number | boolean | null | undefined;

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

export function both(f: (locale: Locale) => string): Localized {
  return { 'zh-CN': f('zh-CN'), en: f('en') };
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isPrimitive(v: unknown): v is Primitive {
  return v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

export function isPrimitiveArray(v: unknown): v is Primitive[] {
  return Array.isArray(v) && v.every(isPrimitive);
}

/** Missing, null, '', [] and {} all mean "no value": going between them is not a change. */
export function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isPlainObject(v)) return Object.values(v).every((x) => x === undefined);
  return false;
}

/** Structural equality; object key order and keys holding `undefined` do not matter. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) if (!deepEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

/** JSON with sorted keys, so the same value always reads the same. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : stableJson(x))).join(',')}]`;
  if (isPlainObject(v)) {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort(compareStrings);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** Code-point order: locale-independent, so output is the same on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One line, at most MAX_SHOWN characters (code points, so no surrogate is split). */
export function truncate(s: string, max = MAX_SHOWN): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : flat;
}

export function quote(s: string): string {
  return `“${truncate(s)}”`;
}

export function listSeparator(locale: Locale): string {
  return locale === 'zh-CN' ? '、' : ', ';
}

/** The text of one scalar: enum label when the field has one, 是/否 for booleans. */
export function scalarText(v: unknown, locale: Locale, options?: Record<string, Localized>): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'boolean') return locale === 'zh-CN' ? (v ? '是' : '否') : v ? 'Yes' : 'No';
  if (typeof v === 'string' || typeof v === 'number') return options?.[String(v)]?.[locale] ?? String(v);
  return stableJson(v);
}

/** Any value as one quoted phrase: scalars, lists of scalars joined, anything else as JSON. */
export function showValue(v: unknown, locale: Locale, options?: Record<string, Localized>): string {
  if (isPrimitive(v)) return quote(scalarText(v, locale, options));
  if (isPrimitiveArray(v)) return quote(v.map((x) => scalarText(x, locale, options)).join(listSeparator(locale)));
  return quote(stableJson(v));
}

/**
 * Items joined while they fit in MAX_SHOWN characters (at least one), then "等 N 项" / "and N more".
 * Used for legal bases and references, whose items must not be cut in the middle.
 */
export function joinFitting(items: string[], locale: Locale, sep = locale === 'zh-CN' ? '；' : '; '): string {
  const shown: string[] = [];
  let length = 0;
  for (const item of items) {
    const next = length + (shown.length ? sep.length : 0) + Array.from(item).length;
    if (shown.length && next > MAX_SHOWN) break;
    shown.push(item);
    length = next;
  }
  const rest = items.length - shown.length;
  const joined = shown.join(sep);
  if (rest === 0) return joined;
  return locale === 'zh-CN' ? `${joined}等 ${items.length} 项` : `${joined} and ${rest} more`;
}

export function isLegalBasis(v: unknown): v is LegalBasis {
  return isPlainObject(v) && typeof v.name === 'string';
}

/** 《name》（number）article in Chinese; 《name》 (number) article in English. */
export function legalBasisText(item: LegalBasis, locale: Locale): string {
  // A name typed with its own book-title marks (《…》) must not read 《《…》》.
  const name = `《${truncate(item.name.trim().replace(/^《+|》+$/g, ''))}》`;
  const number = item.number ? truncate(item.number) : '';
  const article = item.article ? truncate(item.article) : '';
  if (locale === 'zh-CN') return `${name}${number ? `（${number}）` : ''}${article}`;
  return [name, number && `(${number})`, article].filter(Boolean).join(' ');
}

/**
 * One row of a rows field as a phrase: “程度：严重，公示期（月）：36”, columns in order, empty cells
 * left out; a property no column names is still shown, by its key, so nothing is hidden.
 */
export function rowText(columns: readonly RowColumn[], row: Record<string, unknown>, locale: Locale): string {
  const colon = locale === 'zh-CN' ? '：' : ': ';
  const part = (label: string, v: unknown, options?: Record<string, Localized>) => `${label}${colon}${truncate(isPrimitiveArray(v) ? v.map((x) => scalarText(x, locale, options)).join(listSeparator(locale)) : scalarText(v, locale, options))}`;
  const parts = columns.filter((c) => !isEmpty(row[c.key])).map((c) => part(c.label[locale] || c.label['zh-CN'], row[c.key], c.options));
  const known = new Set(columns.map((c) => c.key));
  for (const k of Object.keys(row).filter((k) => !known.has(k) && !isEmpty(row[k])).sort(compareStrings)) parts.push(part(k, row[k]));
  return quote(parts.join(locale === 'zh-CN' ? '，' : ', '));
}

export function isEntryRef(v: unknown): v is EntryRef {
  return isPlainObject(v) && typeof v.code === 'string';
}

/** SL-001 v3; an unpinned reference follows the latest version, which the sentence says. */
export function refText(ref: EntryRef, locale: Locale): string {
  if (typeof ref.version === 'number') return `${ref.code} v${ref.version}`;
  return locale === 'zh-CN' ? `${ref.code}（最新版）` : `${ref.code} (latest)`;
}

/** a.b[0].c */
export function formatPath(segments: readonly (string | number)[]): string {
  return segments.reduce<string>((path, s) => (typeof s === 'number' ? `${path}[${s}]` : path ? `${path}.${s}` : s), '');
}
