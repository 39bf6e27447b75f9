/**
 * A natural person's ID number on an outward path (issue 11): shown in clear only to roles that
 * decide on personal data (approvers); everyone else sees 1101**********002X. Organisations'
 * 统一社会信用代码 are public and never masked. Names are not masked (the lookup shows them too).
 */
import type { Viewer } from '../auth/viewer';

export function seesPersonalCodes(viewer: Pick<Viewer, 'roles'>): boolean {
  return viewer.roles.includes('approver');
}

export function maskCode(code: string): string {
  return code.length > 8 ? `${code.slice(0, 4)}${'*'.repeat(code.length - 8)}${code.slice(-4)}` : '****';
}

export function maskedSubject(viewer: Pick<Viewer, 'roles'>, subjectType: string, code: string): string {
  if (subjectType !== '自然人' || seesPersonalCodes(viewer)) return code;
  return maskCode(code);
}

/**
 * A record's data with a natural person's own ID number masked wherever it is written in it — a
 * body field that repeats the subject (承诺人代码, 行政相对人代码) or a text that quotes it (the
 * commitment letter) — on top of the form's own masking rules. Organisations' data is unchanged.
 */
export function maskSubjectCodeIn(data: Record<string, unknown>, subjectType: string, code: string): Record<string, unknown> {
  if (subjectType !== '自然人' || code.length < 8) return data;
  const masked = maskCode(code);
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, typeof v === 'string' && v.includes(code) ? v.split(code).join(masked) : v]));
}
