/**
 * 公民身份号码 (resident id number) per GB 11643-1999: 6-digit address code, 8-digit birth date
 * (YYYYMMDD), 3-digit sequence (odd = male, even = female) and a check character from
 * "10X98765432". See shared/reference/domain/codes.md §3.
 *
 * Pure TS: runs in the browser and on the server.
 */
import { normalizeCode } from './normalize';

export const RESIDENT_ID_WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
// One formatter for the process (constructing one per call is costly).
const CN_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

export type ResidentIdFailureReason = 'length' | 'charset' | 'date' | 'check';

export type ResidentIdCheck =
  | {
      ok: true;
      /** normalised value (lower-case x → X) */
      value: string;
      /** positions 1–6, the address code */
      region: string;
      /** positions 7–14 as YYYY-MM-DD */
      birthDate: string;
      /** positions 15–17 */
      sequence: string;
      sex: 'male' | 'female';
    }
  | { ok: false; reason: ResidentIdFailureReason; /** the correct check character, when reason is 'check' */ expected?: string };

export interface ResidentIdOptions {
  /** "today" as YYYY-MM-DD for the not-in-the-future rule; defaults to today in China (Asia/Shanghai). */
  today?: string;
}

/** The number as stored: trimmed, half-width, upper case (x → X; see ./normalize). */
export function normalizeResidentId(value: string): string {
  return normalizeCode(value);
}

/** Check character for the first 17 digits. Throws a RangeError for anything but 17 digits. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('residentIdCheckChar needs 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * RESIDENT_ID_WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/**
 * Today's date in China. Birth dates are Chinese calendar days; a server running in UTC would
 * otherwise refuse someone registered today between 00:00 and 08:00 Beijing time.
 */
export function todayInChina(now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return CN_DAY.format(now);
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/** Validates a resident id number. Reasons are checked in order: length, charset, date, check. */
export function checkResidentId(value: string, options: ResidentIdOptions = {}): ResidentIdCheck {
  const s = normalizeResidentId(value);
  if (s.length !== 18) return { ok: false, reason: 'length' };
  if (!/^\d{17}[\dX]$/.test(s)) return { ok: false, reason: 'charset' };
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  const birthDate = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  // ISO dates compare correctly as strings.
  if (y < 1900 || !isRealDate(y, m, d) || birthDate > (options.today ?? todayInChina())) return { ok: false, reason: 'date' };
  const expected = residentIdCheckChar(s.slice(0, 17));
  if (s[17] !== expected) return { ok: false, reason: 'check', expected };
  const sequence = s.slice(14, 17);
  return { ok: true, value: s, region: s.slice(0, 6), birthDate, sequence, sex: Number(sequence) % 2 === 1 ? 'male' : 'female' };
}
