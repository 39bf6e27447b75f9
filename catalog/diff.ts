/**
 * Plain-language diff of entry versions and of whole registers, in Chinese and English.
 *
 * Reviewers approve changes to registers; they read “「法律依据」新增《…》第二十八条”, not JSON
 * patches. Each field is compared by what its widget says it holds: scalars, lists of values,
 * legal bases (matched by name + number), references (matched by kind + code), form definitions
 * (matched by data item key); anything else gets generic per-path sentences. Output is
 * deterministic: fields in the kind's ui.order, then the rest by key.
 */
import { dataItemChoices } from './data-items';
import { formDefinitionChanges, isFormDefinition, showFormDefinition } from './diff/form-definition';
import { elementChanges, genericChanges, type FieldContext } from './diff/generic';
import { fieldSubject, sentence, zh } from './diff/sentences';
import {
  both,
  compareStrings,
  deepEqual,
  isEmpty,
  isEntryRef,
  isLegalBasis,
  isPlainObject,
  isPrimitive,
  isPrimitiveArray,
  joinFitting,
  legalBasisText,
  listSeparator,
  quote,
  refText,
  rowText,
  scalarText,
  showValue,
  stableJson,
  truncate,
} from './diff/values';
import type { EntryRef, KindDefinition, LegalBasis, Locale, Localized, RowColumn, Widget } from './types';

export type ChangeOp = 'added' | 'removed' | 'changed';

export interface Change {
  /** Where, from the entry content's root: "name", "legalBasis[1]", "dataItems.fineAmount.required". */
  path: string;
  /** Top-level field key of the entry content. */
  field: string;
  op: ChangeOp;
  /** Full values (never truncated); absent when there was none. */
  before?: unknown;
  after?: unknown;
  /** One sentence per locale. */
  text: Localized;
}

export interface RegisterSnapshotItem {
  code: string;
  version: number;
  content: Record<string, unknown>;
}

export interface RegisterDiffItem {
  code: string;
  /** From kind.ui.titleField of the newer side (the older one when removed); the code when empty. */
  title: string;
  op: ChangeOp;
  fromVersion?: number;
  toVersion?: number;
  /** Field changes, for 'changed' items; empty for added and removed entries. */
  changes: Change[];
  text: Localized;
}

export function changeText(change: Change, locale: Locale): string {
  return change.text[locale];
}

type Category = 'scalar' | 'list' | 'legal-basis' | 'rows' | 'reference' | 'references' | 'form-definition' | 'generic';

const WIDGET_CATEGORY: Record<Widget, Category> = {
  text: 'scalar',
  textarea: 'scalar',
  'rich-text': 'scalar',
  number: 'scalar',
  integer: 'scalar',
  date: 'scalar',
  select: 'scalar',
  boolean: 'scalar',
  checkboxes: 'list',
  tags: 'list',
  departments: 'list',
  'legal-basis': 'legal-basis',
  reference: 'reference',
  'entry-code': 'scalar',
  references: 'references',
  'form-definition': 'form-definition',
  'flow-graph': 'generic',
  'docx-template': 'generic',
  'data-item': 'scalar',
  grades: 'list',
  rows: 'rows',
  json: 'generic',
};

/** What a value must look like for its category's rules to apply. */
const FITS: Record<Category, (v: unknown) => boolean> = {
  scalar: isPrimitive,
  list: isPrimitiveArray,
  'legal-basis': (v) => Array.isArray(v) && v.every(isLegalBasis),
  rows: (v) => Array.isArray(v) && v.every(isPlainObject),
  reference: isEntryRef,
  references: (v) => Array.isArray(v) && v.every(isEntryRef),
  'form-definition': isFormDefinition,
  generic: () => true,
};

interface Field extends FieldContext {
  category: Category;
  /** For rows fields: the columns that name each row's parts. */
  columns?: RowColumn[];
}

/**
 * A data-item field holds a key of the entry's own form; it reads by the data item's name, taken
 * from the form of the side it was chosen on (a key no form has reads as itself).
 */
function dataItemNames(...contents: (Record<string, unknown> | null)[]): Record<string, Localized> {
  const out: Record<string, Localized> = {};
  for (const c of contents) for (const choice of dataItemChoices(c?.dataItems)) out[choice.key] ??= choice.label;
  return out;
}

function fieldOf(kind: KindDefinition, key: string, before: unknown, after: unknown, contents: [Record<string, unknown> | null, Record<string, unknown> | null]): Field {
  const ui = kind.ui.fields[key];
  if (ui?.widget === 'data-item' && isPrimitive(before) && isPrimitive(after)) {
    // Of another catalog item's form (dataItemsOf): the names the caller gave in ui.options.
    return { key, label: ui.label, options: ui.dataItemsOf ? (ui.options ?? {}) : dataItemNames(...contents), category: 'scalar' };
  }
  const label = ui?.label ?? { 'zh-CN': key, en: key };
  const fits = (c: Category) => [before, after].every((v) => isEmpty(v) || FITS[c](v));
  const declared = ui?.widget ? WIDGET_CATEGORY[ui.widget] : undefined;
  // A value that does not have the shape its widget promises is still diffed, generically.
  const rows = declared === 'rows' && !ui?.columns?.length ? undefined : declared;
  const category: Category = rows && fits(rows) ? rows : fits('scalar') ? 'scalar' : fits('list') ? 'list' : 'generic';
  return { key, label, ...(ui?.options ? { options: ui.options } : {}), ...(category === 'rows' ? { columns: ui!.columns } : {}), category };
}

/** The kind's ui.order, then any other key by code point. */
function orderedFields(kind: KindDefinition, ...contents: (Record<string, unknown> | null)[]): string[] {
  const keys = new Set(contents.flatMap((c) => (c ? Object.keys(c) : [])));
  const ordered = kind.ui.order.filter((k, i) => keys.has(k) && kind.ui.order.indexOf(k) === i);
  return [...ordered, ...[...keys].filter((k) => !ordered.includes(k)).sort(compareStrings)];
}

const legalBasisKey = (item: LegalBasis, withArticle: boolean) =>
  JSON.stringify([item.name, item.number ?? '', ...(withArticle ? [item.article ?? ''] : [])]);
const refKey = (ref: EntryRef, withVersion: boolean) => JSON.stringify([ref.kind ?? '', ref.code, ...(withVersion ? [ref.version ?? null] : [])]);

/** A whole value as shown in "set to" and "cleared" sentences. */
function showWhole(field: Field, v: unknown, locale: Locale): string {
  switch (field.category) {
    case 'legal-basis':
      return joinFitting((v as LegalBasis[]).map((x) => legalBasisText(x, locale)), locale);
    case 'rows':
      return joinFitting((v as Record<string, unknown>[]).map((x) => rowText(field.columns!, x, locale)), locale);
    case 'reference':
      return refText(v as EntryRef, locale);
    case 'references':
      return joinFitting((v as EntryRef[]).map((x) => refText(x, locale)), locale, listSeparator(locale));
    case 'form-definition':
      return showFormDefinition(v, locale);
    default:
      return showValue(v, locale, field.options);
  }
}

function wholeChange(field: Field, before: unknown, after: unknown): Change {
  const subject = fieldSubject(field.label);
  const show = (v: unknown) => both((l) => showWhole(field, v, l));
  const values = { ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) };
  if (isEmpty(before)) return { path: field.key, field: field.key, op: 'added', ...values, text: sentence.set(subject, show(after)) };
  if (isEmpty(after)) return { path: field.key, field: field.key, op: 'removed', ...values, text: sentence.cleared(subject, show(before)) };
  return { path: field.key, field: field.key, op: 'changed', ...values, text: sentence.changed(subject, show(before), show(after)) };
}

/**
 * Elements of two arrays matched in two passes: first on the full key (unchanged), then on the
 * identity key (same item, edited: e.g. same law with another article). The rest were removed or
 * added. A pure reordering gets one "reordered" sentence; an edit outside the keys gets none here
 * (the caller then says the field was modified).
 */
function matchedElementChanges<T>(
  field: Field,
  before: T[],
  after: T[],
  fullKey: (t: T) => string,
  identityKey: (t: T) => string,
  show: (t: T, locale: Locale) => string,
): Change[] {
  const exact = elementChanges(before, after, fullKey);
  const beforeLeft = exact.removed.map((i) => before[i] as T);
  const afterLeft = exact.added.map((j) => after[j] as T);
  const second = elementChanges(beforeLeft, afterLeft, identityKey);
  const subject = fieldSubject(field.label);
  const shown = (t: T) => both((l) => show(t, l));
  const out: Change[] = [];
  for (const i of second.removed) {
    const at = exact.removed[i] as number;
    const item = before[at] as T;
    out.push({ path: `${field.key}[${at}]`, field: field.key, op: 'removed', before: item, text: sentence.elementRemoved(subject, shown(item)) });
  }
  for (const [i, j] of [...second.matched].sort((x, y) => x[1] - y[1])) {
    const from = before[exact.removed[i] as number] as T;
    const at = exact.added[j] as number;
    const to = after[at] as T;
    out.push({ path: `${field.key}[${at}]`, field: field.key, op: 'changed', before: from, after: to, text: sentence.changed(subject, shown(from), shown(to)) });
  }
  for (const j of second.added) {
    const at = exact.added[j] as number;
    const item = after[at] as T;
    out.push({ path: `${field.key}[${at}]`, field: field.key, op: 'added', after: item, text: sentence.elementAdded(subject, shown(item)) });
  }
  const sameElements = () => {
    const whole = elementChanges(before, after, stableJson);
    return whole.removed.length === 0 && whole.added.length === 0;
  };
  if (out.length === 0 && !deepEqual(before, after) && sameElements()) {
    out.push({ path: field.key, field: field.key, op: 'changed', before, after, text: sentence.reordered(subject) });
  }
  return out;
}

/**
 * An edited row (same first cell) says only the cells that changed, under the row's name:
 * 「失信程度分类」中“严重”一行：最短公示期（月）由“6”改为“12”.
 */
function rowCellsText(field: Field, before: Record<string, unknown>, after: Record<string, unknown>): Localized {
  const columns = field.columns!;
  const named = new Set(columns.map((c) => c.key));
  const keys: { key: string; label: Localized; options?: Record<string, Localized> }[] = [...columns.map((c) => ({ key: c.key, label: c.label, options: c.options })), ...[...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !named.has(k)).sort(compareStrings).map((k) => ({ key: k, label: { 'zh-CN': k, en: k } }))];
  const cell = (v: unknown, l: Locale, options?: Record<string, Localized>) => quote(truncate(isPrimitiveArray(v) ? v.map((x) => scalarText(x, l, options)).join(listSeparator(l)) : scalarText(v, l, options)));
  const parts = keys
    .filter(({ key }) => !deepEqual(before[key], after[key]) && !(isEmpty(before[key]) && isEmpty(after[key])))
    .map(({ key, label, options }) => {
      const subject = { 'zh-CN': label['zh-CN'], en: label.en || label['zh-CN'] };
      const b = both((l) => cell(before[key], l, options));
      const a = both((l) => cell(after[key], l, options));
      return isEmpty(before[key]) ? sentence.set(subject, a) : isEmpty(after[key]) ? sentence.cleared(subject, b) : sentence.changed(subject, b, a);
    });
  const name = both((l) => cell(after[columns[0]!.key], l));
  return {
    'zh-CN': zh(`「${field.label['zh-CN']}」中`, name['zh-CN'], `一行：${parts.map((x) => x['zh-CN']).join('；')}`),
    en: `${field.label.en}, row ${name.en}: ${parts.map((x) => x.en).join('; ')}`,
  };
}

const asArray = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

function fieldChanges(field: Field, before: unknown, after: unknown): Change[] {
  switch (field.category) {
    case 'scalar': {
      const subject = fieldSubject(field.label);
      if (isEmpty(before) || isEmpty(after)) return [wholeChange(field, before, after)];
      const show = (v: unknown) => both((l) => quote(scalarText(v, l, field.options)));
      return [{ path: field.key, field: field.key, op: 'changed', before, after, text: sentence.changed(subject, show(before), show(after)) }];
    }
    case 'list': {
      const key = (v: unknown) => JSON.stringify(v) ?? 'undefined';
      return matchedElementChanges(field, asArray<unknown>(before), asArray<unknown>(after), key, key, (v, l) => quote(scalarText(v, l, field.options)));
    }
    case 'legal-basis':
      return matchedElementChanges(
        field,
        asArray<LegalBasis>(before),
        asArray<LegalBasis>(after),
        (x) => legalBasisKey(x, true),
        (x) => legalBasisKey(x, false),
        legalBasisText,
      );
    case 'rows': {
      // A row keeps its identity by its first column (e.g. the severity class): other cells edited
      // read as that row changed, not as one removed and one added.
      const first = field.columns![0]!.key;
      const changes = matchedElementChanges(
        field,
        asArray<Record<string, unknown>>(before),
        asArray<Record<string, unknown>>(after),
        stableJson,
        (r) => stableJson(r[first] ?? null),
        (r, l) => rowText(field.columns!, r, l),
      );
      return changes.map((c) => (c.op === 'changed' && isPlainObject(c.before) && isPlainObject(c.after) ? { ...c, text: rowCellsText(field, c.before, c.after) } : c));
    }
    case 'references':
      return matchedElementChanges(field, asArray<EntryRef>(before), asArray<EntryRef>(after), (x) => refKey(x, true), (x) => refKey(x, false), refText);
    case 'reference':
      return [wholeChange(field, before, after)];
    case 'form-definition':
      if (isEmpty(before) || isEmpty(after)) return [wholeChange(field, before, after)];
      return formDefinitionChanges(field, before, after);
    case 'generic':
      return genericChanges(field, before, after);
  }
}

/**
 * Changes from one version of an entry's content to the next. `before` null: a new entry, every
 * non-empty field is 'added' ("set to"); `after` null: a removed entry, every field 'removed'.
 */
export function diffEntryContent(kind: KindDefinition, before: Record<string, unknown> | null, after: Record<string, unknown> | null): Change[] {
  const out: Change[] = [];
  for (const key of orderedFields(kind, before, after)) {
    const b = before?.[key];
    const a = after?.[key];
    if (deepEqual(b, a) || (isEmpty(b) && isEmpty(a))) continue;
    const field = fieldOf(kind, key, b, a, [after, before]);
    if (before === null || after === null) {
      out.push(wholeChange(field, b, a));
      continue;
    }
    const changes = fieldChanges(field, b, a);
    // Never hide a difference: if no rule could say what changed, say that the field changed.
    out.push(...(changes.length ? changes : [{ path: key, field: key, op: 'changed' as const, before: b, after: a, text: sentence.modified(fieldSubject(field.label)) }]));
  }
  return out;
}

/** The entry's title in each locale; titles may be plain strings or Localized (register kinds). */
function titleOf(kind: KindDefinition, content: Record<string, unknown>): Localized {
  const v = content[kind.ui.titleField];
  if (isPlainObject(v) && typeof v['zh-CN'] === 'string') {
    const chinese = v['zh-CN'];
    return { 'zh-CN': chinese, en: typeof v.en === 'string' && v.en ? v.en : chinese };
  }
  const s = isPrimitive(v) && !isEmpty(v) ? String(v) : '';
  return { 'zh-CN': s, en: s };
}

const codeOrder = new Intl.Collator('en', { numeric: true });
/** SM-2 before SM-10; ties (SM-01 / SM-1) broken by code point so the order is total. */
const compareCodes = (a: string, b: string) => codeOrder.compare(a, b) || compareStrings(a, b);

function itemText(op: ChangeOp, code: string, title: Localized, extra?: { from: number; to: number; count: number }): Localized {
  return both((l) => {
    const t = title[l] ? truncate(title[l]) : '';
    const named = l === 'zh-CN' ? (t ? `「${t}」(${code})` : code) : t ? `“${t}” (${code})` : code;
    if (op === 'added') return l === 'zh-CN' ? zh('新增', named) : `Added ${named}`;
    if (op === 'removed') return l === 'zh-CN' ? zh('删除', named) : `Removed ${named}`;
    const { from, to, count } = extra ?? { from: 0, to: 0, count: 0 };
    return l === 'zh-CN'
      ? `${zh('修改', named)}：v${from} → v${to}，${count} 处变更`
      : `Changed ${named}: v${from} → v${to}, ${count} ${count === 1 ? 'change' : 'changes'}`;
  });
}

/**
 * Entries added, removed and changed between two snapshots of a register, sorted by code.
 * Entries with the same version on both sides (versions are immutable) or no visible change are
 * left out. A code listed twice in one snapshot keeps its last occurrence.
 */
export function diffRegister(kind: KindDefinition, before: RegisterSnapshotItem[], after: RegisterSnapshotItem[]): RegisterDiffItem[] {
  const older = new Map(before.map((i) => [i.code, i]));
  const newer = new Map(after.map((i) => [i.code, i]));
  const codes = [...new Set([...older.keys(), ...newer.keys()])].sort(compareCodes);
  const out: RegisterDiffItem[] = [];
  for (const code of codes) {
    const b = older.get(code);
    const a = newer.get(code);
    const title = titleOf(kind, (a ?? b)?.content ?? {});
    const plainTitle = title['zh-CN'] || code;
    if (!b && a) {
      out.push({ code, title: plainTitle, op: 'added', toVersion: a.version, changes: [], text: itemText('added', code, title) });
    } else if (b && !a) {
      out.push({ code, title: plainTitle, op: 'removed', fromVersion: b.version, changes: [], text: itemText('removed', code, title) });
    } else if (b && a && b.version !== a.version) {
      const changes = diffEntryContent(kind, b.content, a.content);
      if (changes.length === 0) continue;
      const text = itemText('changed', code, title, { from: b.version, to: a.version, count: changes.length });
      out.push({ code, title: plainTitle, op: 'changed', fromVersion: b.version, toVersion: a.version, changes, text });
    }
  }
  return out;
}
