/**
 * Sentence templates, one per kind of change, in both locales. Values arrive already shown
 * (quoted “v”, 《law》…, or a bare code such as SL-001 v1); subjects arrive as 「label」 / label.
 */
import type { Localized } from '../types';

const HAN = /\p{Script=Han}/u;
const ASCII = /[\x21-\x7e]/;

function lastChar(s: string): string {
  return Array.from(s.slice(-2)).at(-1) ?? '';
}

/**
 * Joins Chinese sentence parts, putting a space where Han characters meet ASCII (由 SL-001 v1 改为),
 * the usual spacing in mixed Chinese text; no space next to full-width punctuation.
 */
export function zh(...parts: string[]): string {
  let out = '';
  for (const part of parts) {
    if (!part) continue;
    const l = lastChar(out);
    const r = Array.from(part.slice(0, 2))[0] ?? '';
    const space = (HAN.test(l) && ASCII.test(r)) || (ASCII.test(l) && HAN.test(r));
    out += space ? ` ${part}` : part;
  }
  return out;
}

/** What a sentence is about: 「处罚类别」 / Penalty category, or 「罚款金额」的类型 / 罚款金额: type. */
export type Subject = Localized;

export function fieldSubject(label: Localized): Subject {
  return { 'zh-CN': `「${label['zh-CN']}」`, en: label.en };
}

/** 「X」的 <attr> / X: <attr> */
export function attributeSubject(label: Localized, attr: Localized): Subject {
  return { 'zh-CN': zh(`「${label['zh-CN']}」的`, attr['zh-CN']), en: `${label.en}: ${attr.en}` };
}

export const sentence = {
  changed: (s: Subject, before: Localized, after: Localized): Localized => ({
    'zh-CN': zh(s['zh-CN'], '由', before['zh-CN'], '改为', after['zh-CN']),
    en: `${s.en} changed from ${before.en} to ${after.en}`,
  }),
  set: (s: Subject, value: Localized): Localized => ({
    'zh-CN': zh(s['zh-CN'], '设为', value['zh-CN']),
    en: `${s.en} set to ${value.en}`,
  }),
  cleared: (s: Subject, was: Localized): Localized => ({
    'zh-CN': zh(s['zh-CN'], '已清空（原为', was['zh-CN'], '）'),
    en: `${s.en} cleared (was ${was.en})`,
  }),
  /** A key that disappeared from a nested object (generic diff). */
  deleted: (s: Subject, was: Localized): Localized => ({
    'zh-CN': zh(s['zh-CN'], '已删除（原为', was['zh-CN'], '）'),
    en: `${s.en} removed (was ${was.en})`,
  }),
  elementAdded: (s: Subject, value: Localized): Localized => ({
    'zh-CN': zh(s['zh-CN'], '新增', value['zh-CN']),
    en: `${s.en}: added ${value.en}`,
  }),
  elementRemoved: (s: Subject, value: Localized): Localized => ({
    'zh-CN': zh(s['zh-CN'], '删除', value['zh-CN']),
    en: `${s.en}: removed ${value.en}`,
  }),
  reordered: (s: Subject): Localized => ({
    'zh-CN': zh(s['zh-CN'], '的顺序已调整'),
    en: `${s.en} reordered`,
  }),
  /** Last resort when a difference has no more specific sentence. */
  modified: (s: Subject): Localized => ({
    'zh-CN': zh(s['zh-CN'], '已修改'),
    en: `${s.en} modified`,
  }),

  dataItemAdded: (label: Localized): Localized => ({
    'zh-CN': `新增数据项「${label['zh-CN']}」`,
    en: `Data item ${label.en} added`,
  }),
  dataItemRemoved: (label: Localized): Localized => ({
    'zh-CN': `删除数据项「${label['zh-CN']}」`,
    en: `Data item ${label.en} removed`,
  }),
  dataItemRequired: (label: Localized, required: boolean): Localized => ({
    'zh-CN': `「${label['zh-CN']}」改为${required ? '必填' : '选填'}`,
    en: `${label.en} became ${required ? 'required' : 'optional'}`,
  }),
  /** When only one locale's label changed, the other locale says so instead of "X renamed to X". */
  dataItemRenamed: (before: Localized, after: Localized): Localized => ({
    'zh-CN':
      before['zh-CN'] === after['zh-CN']
        ? `「${before['zh-CN']}」的英文名称由“${before.en}”改为“${after.en}”`
        : `「${before['zh-CN']}」名称改为「${after['zh-CN']}」`,
    en:
      before.en === after.en
        ? `Data item ${before.en}: Chinese name changed from ${before['zh-CN']} to ${after['zh-CN']}`
        : `Data item ${before.en} renamed to ${after.en}`,
  }),
  dataItemsReordered: (): Localized => ({
    'zh-CN': '数据项顺序已调整',
    en: 'Data item order changed',
  }),
};
