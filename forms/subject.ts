/**
 * The subject of a record (主体: who the record is about) and the form fields that mean it.
 *
 * A record names its subject once, in the header: 主体类型, 主体代码 (统一社会信用代码, or the
 * resident ID number of a 自然人) and 主体名称. Forms such as 双公示 行政许可 ask for the same
 * facts again in their body (行政相对人类别, 行政相对人代码_1, 行政相对人名称). A body field that
 * means the subject carries a binding in its UI entry, `subject: 'type' | 'code' | 'name'`: the
 * renderer fills it from the header and locks it, and `prepare` (./effective) sets it from the
 * subject it is given, refusing a value that disagrees — so header and body can never differ,
 * whatever path the record comes by (form, API, import). There is one value and one check: the
 * subject's (`subjectCodeProblem`, the same in the browser on blur and on the server).
 *
 * A `code` binding follows the field's format: a `uscc` field holds the code of an organisation
 * (法人及非法人组织, 个体工商户 — left empty for the no-code placeholder 00000000000000000X), a
 * `resident-id` field the ID number of a 自然人, a field without a format the code of any subject.
 *
 * Pure TS: runs in the browser and on the server.
 */
import type { Localized } from '../catalog/types';
import type { FormField, FormModel } from './definition';
import { checkResidentId, checkUscc, describeFormatFailure, isUsccPlaceholder, normalizeCode } from './formats';

export const SUBJECT_TYPES = ['法人及非法人组织', '自然人', '个体工商户'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];
export const NATURAL_PERSON: SubjectType = '自然人';
export const INDIVIDUAL_BUSINESS: SubjectType = '个体工商户';

/** The subject types in both languages (stored values are the Chinese names). */
export const SUBJECT_TYPE_LABELS: Record<SubjectType, Localized> = {
  法人及非法人组织: { 'zh-CN': '法人及非法人组织', en: 'Legal person or unincorporated organisation' },
  自然人: { 'zh-CN': '自然人', en: 'Natural person' },
  个体工商户: { 'zh-CN': '个体工商户', en: 'Individual business' },
};

export const SUBJECT_BINDINGS = ['type', 'code', 'name'] as const;
export type SubjectBinding = (typeof SUBJECT_BINDINGS)[number];

export interface Subject {
  type: string;
  code: string;
  name: string;
}

/** The subject as stored: code normalised (trimmed, half-width, upper case), name trimmed. */
export function normalizeSubject(s: Subject): Subject {
  return { type: s.type.trim(), code: normalizeCode(s.code), name: s.name.trim() };
}

/** Names of the subject code by subject type, for messages and labels. */
export function subjectCodeLabel(type: string): Localized {
  return type === NATURAL_PERSON ? { 'zh-CN': '居民身份证号码', en: 'Resident ID number' } : { 'zh-CN': '统一社会信用代码', en: 'Unified social credit code' };
}

/**
 * What is wrong with a subject code for a subject of `type`, in both languages; null when it is
 * valid. The code is normalised first. A 个体工商户 without a code may give the placeholder.
 */
export function subjectCodeProblem(type: string, code: string): Localized | null {
  const c = normalizeCode(code);
  const label = subjectCodeLabel(type);
  if (c === '') return { 'zh-CN': `「${label['zh-CN']}」为必填项`, en: `${label.en} is required` };
  if (type === NATURAL_PERSON) return checkResidentId(c).ok ? null : describeFormatFailure('resident-id', c, label);
  if (type === INDIVIDUAL_BUSINESS && isUsccPlaceholder(c)) return null;
  return checkUscc(c).ok ? null : describeFormatFailure('uscc', c, label);
}

export function isSubjectBinding(v: unknown): v is SubjectBinding {
  return typeof v === 'string' && (SUBJECT_BINDINGS as readonly string[]).includes(v);
}

/** The binding of a field that is bound (top-level leaves only; the checker refuses others). */
export function bindingOf(f: FormField): SubjectBinding | null {
  const b = f.ui?.subject;
  return isSubjectBinding(b) && f.parent === null && f.structure === 'leaf' ? b : null;
}

/** The fields of a form that mean the subject, with their binding. */
export function boundFields(model: Pick<FormModel, 'fields'>): { field: FormField; binding: SubjectBinding }[] {
  const out: { field: FormField; binding: SubjectBinding }[] = [];
  for (const f of model.fields) {
    const binding = bindingOf(f);
    if (binding) out.push({ field: f, binding });
  }
  return out;
}

/**
 * The value a bound field holds for `subject` (already normalised); undefined when the field
 * stays empty for this subject (a USCC field of a natural person, say).
 */
export function boundValue(field: FormField, binding: SubjectBinding, subject: Subject): string | undefined {
  if (binding === 'name') return subject.name || undefined;
  if (binding === 'type') {
    const allowed = Array.isArray(field.schema.enum) ? field.schema.enum : null;
    return subject.type && (!allowed || allowed.includes(subject.type)) ? subject.type : undefined;
  }
  if (!subject.code) return undefined;
  const format = field.schema.format;
  if (format === 'uscc') return subject.type !== NATURAL_PERSON && !isUsccPlaceholder(subject.code) ? subject.code : undefined;
  if (format === 'resident-id') return subject.type === NATURAL_PERSON ? subject.code : undefined;
  return subject.code;
}

/** A value of a bound field as it compares with the subject's (codes normalised, names trimmed). */
export function comparable(binding: SubjectBinding, v: unknown): string | undefined {
  if (typeof v !== 'string') return v === undefined || v === null ? undefined : String(v);
  const s = binding === 'code' ? normalizeCode(v) : v.trim();
  return s === '' ? undefined : s;
}

const HEADER: Record<SubjectBinding, Localized> = {
  type: { 'zh-CN': '主体类型', en: 'subject type' },
  code: { 'zh-CN': '主体代码', en: 'subject code' },
  name: { 'zh-CN': '主体名称', en: 'subject name' },
};

/** The message for a bound field whose value is not the subject's. */
export function disagreement(label: Localized, binding: SubjectBinding, expected: string | undefined, given: string): Localized {
  const h = HEADER[binding];
  if (expected === undefined) {
    return {
      'zh-CN': `「${label['zh-CN']}」由${h['zh-CN']}自动填写，本主体不填此项；填写的「${given}」与主体不符，请删除。`,
      en: `${label.en} is filled in from the ${h.en} and stays empty for this subject; "${given}" does not belong to the subject, remove it.`,
    };
  }
  return {
    'zh-CN': `「${label['zh-CN']}」应与${h['zh-CN']}一致（${expected}），填写的是「${given}」。主体只填写一次：请修改${h['zh-CN']}，或删除此项让系统自动填写。`,
    en: `${label.en} must match the ${h.en} (${expected}) but is "${given}". The subject is given once: change the ${h.en}, or leave this field empty to have it filled in.`,
  };
}
