/**
 * The fallback diff for values without a dedicated rule ('json' fields, nested objects): walks
 * both values and writes one sentence per changed path, naming the path inside the field.
 */
import type { Change } from '../diff';
import type { Localized } from '../types';
import { fieldSubject, sentence, zh, type Subject } from './sentences';
import { both, compareStrings, deepEqual, formatPath, isEmpty, isPlainObject, isPrimitiveArray, showValue } from './values';

export interface FieldContext {
  key: string;
  label: Localized;
  options?: Record<string, Localized>;
}

type Segment = string | number;

/** 「X」 at the root, 「X」的 a.b / X: a.b below it. */
function subjectAt(field: FieldContext, rel: readonly Segment[]): Subject {
  if (rel.length === 0) return fieldSubject(field.label);
  const path = formatPath(rel);
  return { 'zh-CN': zh(`「${field.label['zh-CN']}」的`, path), en: `${field.label.en}: ${path}` };
}

function changePath(field: FieldContext, rel: readonly Segment[]): string {
  return formatPath([field.key, ...rel]);
}

/**
 * Differences between two arrays of scalars as elements added and removed, compared as
 * multisets: moving an element is a reorder, not a removal plus an addition.
 */
export function elementChanges<T>(
  before: readonly T[],
  after: readonly T[],
  key: (item: T) => string,
): { removed: number[]; added: number[]; matched: [number, number][] } {
  const unmatchedAfter = new Map<string, number[]>();
  after.forEach((item, i) => {
    const k = key(item);
    unmatchedAfter.set(k, [...(unmatchedAfter.get(k) ?? []), i]);
  });
  const removed: number[] = [];
  const matched: [number, number][] = [];
  before.forEach((item, i) => {
    const queue = unmatchedAfter.get(key(item));
    const j = queue?.shift();
    if (j === undefined) removed.push(i);
    else matched.push([i, j]);
  });
  const added = [...unmatchedAfter.values()].flat().sort((a, b) => a - b);
  return { removed, added, matched };
}

export function genericChanges(field: FieldContext, before: unknown, after: unknown, base: readonly Segment[] = []): Change[] {
  const out: Change[] = [];
  const make = (rel: readonly Segment[], op: Change['op'], b: unknown, a: unknown, text: Localized) =>
    out.push({ path: changePath(field, rel), field: field.key, op, ...(b === undefined ? {} : { before: b }), ...(a === undefined ? {} : { after: a }), text });
  const show = (v: unknown) => both((l) => showValue(v, l, field.options));

  const walk = (b: unknown, a: unknown, rel: Segment[]): void => {
    if (deepEqual(b, a) || (isEmpty(b) && isEmpty(a))) return;
    if (isPlainObject(b) && isPlainObject(a)) {
      const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort(compareStrings);
      for (const k of keys) walk(b[k], a[k], [...rel, k]);
      return;
    }
    if (isPrimitiveArray(b) && isPrimitiveArray(a)) {
      const { removed, added } = elementChanges(b, a, (x) => JSON.stringify(x) ?? 'undefined');
      const subject = subjectAt(field, rel);
      for (const i of removed) make([...rel, i], 'removed', b[i], undefined, elementSentence(field, rel, subject, show(b[i]), 'removed'));
      for (const i of added) make([...rel, i], 'added', undefined, a[i], elementSentence(field, rel, subject, show(a[i]), 'added'));
      if (removed.length === 0 && added.length === 0) make(rel, 'changed', b, a, sentence.reordered(subject));
      return;
    }
    if (Array.isArray(b) && Array.isArray(a)) {
      for (let i = 0; i < Math.max(b.length, a.length); i++) walk(b[i], a[i], [...rel, i]);
      return;
    }
    const subject = subjectAt(field, rel);
    if (isEmpty(b)) make(rel, 'added', b, a, sentence.set(subject, show(a)));
    else if (isEmpty(a)) {
      const gone = a === undefined && rel.length > 0;
      make(rel, 'removed', b, a, gone ? sentence.deleted(subject, show(b)) : sentence.cleared(subject, show(b)));
    } else make(rel, 'changed', b, a, sentence.changed(subject, show(b), show(a)));
  };

  walk(before, after, [...base]);
  return out;
}

/** 「X」的 a.tags 新增“v” / X: added “v” to a.tags (the en form avoids a double colon). */
function elementSentence(field: FieldContext, rel: readonly Segment[], subject: Subject, value: Localized, op: 'added' | 'removed'): Localized {
  const s = op === 'added' ? sentence.elementAdded(subject, value) : sentence.elementRemoved(subject, value);
  if (rel.length === 0) return s;
  const path = formatPath(rel);
  return { 'zh-CN': s['zh-CN'], en: op === 'added' ? `${field.label.en}: added ${value.en} to ${path}` : `${field.label.en}: removed ${value.en} from ${path}` };
}
