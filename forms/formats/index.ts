/**
 * The domain formats of the form engine, as Ajv formats plus precise field messages.
 *
 * Ajv format validators only return booleans, so the messages come from re-running the checker
 * on the failing value (`explainFormatFailure`), which knows the reason (wrong check character,
 * forbidden letter, impossible birth date …) and, for check characters, the correct one.
 */
import type Ajv from 'ajv/dist/core';
import { checkPhone, type PhoneFailureReason } from './phone';
import { checkResidentId, type ResidentIdFailureReason } from './resident-id';
import { checkUscc, type LocalizedName, type UsccFailureReason } from './uscc';

import { decimalPlaces } from '../decimal';
import { normalizeCode } from './normalize';

export * from './normalize';
export * from './phone';
export * from './resident-id';
export * from './uscc';

export const DOMAIN_FORMATS = ['uscc', 'resident-id', 'phone', 'money-wan'] as const;
export type DomainFormat = (typeof DOMAIN_FORMATS)[number];
export type Locale = 'zh-CN' | 'en';

export type MoneyWanFailureReason = 'number' | 'negative' | 'precision';
export type MoneyWanCheck = { ok: true } | { ok: false; reason: MoneyWanFailureReason };

export type FormatFailureReason = UsccFailureReason | ResidentIdFailureReason | PhoneFailureReason | MoneyWanFailureReason;

export interface FormatFailure {
  reason: FormatFailureReason;
  /** the correct check character, when reason is 'check' */
  expected?: string;
}

/**
 * Money in 万元 (units of 10,000 yuan): finite, not negative, at most 6 decimal places
 * (0.000001 万元 = 0.01 yuan, i.e. to the fen). Decimals are counted on the number as JSON
 * writes it, so 0.1 + 0.2 (0.30000000000000004) fails: the client must send what the user typed.
 */
export function checkMoneyWan(value: number): MoneyWanCheck {
  if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, reason: 'number' };
  if (value < 0) return { ok: false, reason: 'negative' };
  if (decimalPlaces(value) > 6) return { ok: false, reason: 'precision' };
  return { ok: true };
}

/** Adds the domain formats to an Ajv instance (call once, next to ajv-formats). */
export function registerDomainFormats<A extends Ajv>(ajv: A): A {
  // Stored codes are normalised (./normalize): a value that is not, was not prepared, and is refused.
  ajv.addFormat('uscc', { type: 'string', validate: (s: string) => s === normalizeCode(s) && checkUscc(s).ok });
  ajv.addFormat('resident-id', { type: 'string', validate: (s: string) => s === normalizeCode(s) && checkResidentId(s).ok });
  ajv.addFormat('phone', { type: 'string', validate: (s: string) => checkPhone(s).ok });
  ajv.addFormat('money-wan', { type: 'number', validate: (n: number) => checkMoneyWan(n).ok });
  return ajv;
}

export function isDomainFormat(format: string): format is DomainFormat {
  return (DOMAIN_FORMATS as readonly string[]).includes(format);
}

/**
 * Why `value` fails `format`; null when it passes, when the format is not ours, or when the
 * value has a type the format does not apply to (Ajv skips those too).
 */
export function explainFormatFailure(format: string, value: unknown): FormatFailure | null {
  let r: { ok: true } | { ok: false; reason: FormatFailureReason; expected?: string };
  if (format === 'money-wan') {
    if (typeof value !== 'number') return null;
    r = checkMoneyWan(value);
  } else {
    if (typeof value !== 'string') return null;
    if (format === 'uscc') r = checkUscc(value);
    else if (format === 'resident-id') r = checkResidentId(value);
    else if (format === 'phone') r = checkPhone(value);
    else return null;
  }
  if (r.ok) {
    // Valid once normalised, but not stored that way: said as the characters not allowed.
    return typeof value === 'string' && (format === 'uscc' || format === 'resident-id') && value !== normalizeCode(value) ? { reason: 'charset' } : null;
  }
  return r.expected === undefined ? { reason: r.reason } : { reason: r.reason, expected: r.expected };
}

type Message = (label: string, expected?: string) => LocalizedName;

const checkChar: Message = (l, e) =>
  e
    ? { 'zh-CN': `「${l}」校验位错误：第18位应为“${e}”。`, en: `${l}: the check character is wrong (the 18th character should be “${e}”).` }
    : { 'zh-CN': `「${l}」校验位错误，请核对号码。`, en: `${l}: the check character is wrong; please check the number.` };

const length18: Message = (l) => ({ 'zh-CN': `「${l}」应为18位。`, en: `${l}: must be exactly 18 characters long.` });

const MESSAGES: { [F in DomainFormat]: Record<string, Message> } = {
  uscc: {
    length: length18,
    charset: (l) => ({
      'zh-CN': `「${l}」含有不允许的字符（只能是数字和大写字母；I、O、S、V、Z 不用于统一社会信用代码）。`,
      en: `${l}: contains characters that are not allowed (only digits and capital letters; I, O, S, V and Z are never used in a unified social credit code).`,
    }),
    authority: (l) => ({
      'zh-CN': `「${l}」第1位（登记管理部门代码）无效：应为1–9、A、N或Y。`,
      en: `${l}: the 1st character (registration authority code) is not valid; it must be 1–9, A, N or Y.`,
    }),
    type: (l) => ({
      'zh-CN': `「${l}」第2位（机构类别代码）不是第1位登记管理部门下的有效类别。`,
      en: `${l}: the 2nd character (organisation type code) is not a valid type for the registration authority in the 1st character.`,
    }),
    region: (l) => ({
      'zh-CN': `「${l}」第3–8位（登记管理机关行政区划码）应为6位数字。`,
      en: `${l}: characters 3–8 (administrative division code of the registering authority) must be 6 digits.`,
    }),
    check: checkChar,
  },
  'resident-id': {
    length: length18,
    charset: (l) => ({
      'zh-CN': `「${l}」前17位应为数字，第18位应为数字或X。`,
      en: `${l}: the first 17 characters must be digits and the 18th a digit or X.`,
    }),
    date: (l) => ({
      'zh-CN': `「${l}」第7–14位的出生日期无效：应为1900年1月1日以后、不晚于今天的真实日期。`,
      en: `${l}: the date of birth (characters 7–14) is not valid; it must be a real date, not before 1 January 1900 and not in the future.`,
    }),
    check: checkChar,
  },
  phone: {
    charset: (l) => ({ 'zh-CN': `「${l}」只能包含数字和连字符“-”。`, en: `${l}: may contain only digits and hyphens (-).` }),
    mobile: (l) => ({
      'zh-CN': `「${l}」不是有效的手机号码：应为以13–19开头的11位数字。`,
      en: `${l}: not a valid mobile number; it must be 11 digits starting with 13–19.`,
    }),
    landline: (l) => ({
      'zh-CN': `「${l}」不是有效的固定电话号码：应为区号加号码，如“010-12345678”，分机号用“-”连接。`,
      en: `${l}: not a valid landline number; write the area code and number, e.g. “010-12345678”, and any extension after a hyphen.`,
    }),
    shape: (l) => ({
      'zh-CN': `「${l}」应为11位手机号码或带区号的固定电话号码。`,
      en: `${l}: must be an 11-digit mobile number or a landline number with its area code.`,
    }),
  },
  'money-wan': {
    number: (l) => ({ 'zh-CN': `「${l}」应为有效的金额（单位：万元）。`, en: `${l}: must be a valid amount (in 万元, units of 10,000 yuan).` }),
    negative: (l) => ({ 'zh-CN': `「${l}」不能为负数。`, en: `${l}: must not be negative.` }),
    precision: (l) => ({
      'zh-CN': `「${l}」最多保留6位小数（单位：万元，即精确到分）。`,
      en: `${l}: use at most 6 decimal places (amounts are in 万元; 0.000001 万元 is one fen).`,
    }),
  },
};

/**
 * The sentence shown next to a field whose value failed a domain format. `expected` is the
 * correct check character for reason 'check' (from `explainFormatFailure`).
 */
export function formatMessage(format: DomainFormat, reason: FormatFailureReason, locale: Locale, fieldLabel: string, expected?: string): string {
  const m = MESSAGES[format][reason];
  if (m) return m(fieldLabel, expected)[locale];
  // A reason that does not belong to the format: still say which field and what kind of value.
  return locale === 'zh-CN' ? `「${fieldLabel}」格式不正确（${format}）。` : `${fieldLabel}: not a valid ${format} value.`;
}

/** Both languages at once, for FieldIssue.message; null when the value passes. */
export function describeFormatFailure(format: DomainFormat, value: unknown, fieldLabel: string | LocalizedName): LocalizedName | null {
  const f = explainFormatFailure(format, value);
  if (!f) return null;
  const label = typeof fieldLabel === 'string' ? { 'zh-CN': fieldLabel, en: fieldLabel } : fieldLabel;
  return {
    'zh-CN': formatMessage(format, f.reason, 'zh-CN', label['zh-CN'], f.expected),
    en: formatMessage(format, f.reason, 'en', label.en, f.expected),
  };
}
