/**
 * Mainland China phone numbers: mobile `1[3-9]` + 9 digits, or landline with area code
 * `0` + 2–3 digits, optional hyphen, 7–8 digit number, optional `-` + 1–6 digit extension.
 * No country code, no spaces: the form stores what the registers export.
 */

export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;
export const LANDLINE_PATTERN = /^0\d{2,3}-?\d{7,8}(?:-\d{1,6})?$/;

/**
 * - charset: something other than digits and hyphens
 * - mobile: starts with 1 but is not an 11-digit mobile number starting 13–19
 * - landline: starts with 0 but is not area code + number (+ extension)
 * - shape: starts with neither 1 nor 0 (or is empty)
 */
export type PhoneFailureReason = 'charset' | 'mobile' | 'landline' | 'shape';

export type PhoneCheck = { ok: true; kind: 'mobile' | 'landline' } | { ok: false; reason: PhoneFailureReason };

export function checkPhone(value: string): PhoneCheck {
  if (MOBILE_PATTERN.test(value)) return { ok: true, kind: 'mobile' };
  if (LANDLINE_PATTERN.test(value)) return { ok: true, kind: 'landline' };
  if (/[^\d-]/.test(value)) return { ok: false, reason: 'charset' };
  if (value.startsWith('1')) return { ok: false, reason: 'mobile' };
  if (value.startsWith('0')) return { ok: false, reason: 'landline' };
  return { ok: false, reason: 'shape' };
}
