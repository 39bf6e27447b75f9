/**
 * ISO 8601 durations (BPMN timers) → working days, the only unit our deadlines and timers count in.
 *
 * The mapping keeps the meaning honest rather than exact (README "BPMN import"):
 * - days count as working days, one for one: Chinese administrative deadlines written in days are
 *   working days (行政许可法 第八十二条), and that is what a BPMN modeler here encodes as P5D;
 * - a week is 5 working days;
 * - hours, minutes and seconds are clock time, rounded **up** to whole days of 24 hours (PT4H → 1,
 *   PT36H → 2), so an imported deadline is never earlier than the diagram's;
 * - months and years are refused: the number of working days in a month depends on the month and
 *   on that year's holidays (19 to 23), and any fixed factor would silently move the deadline.
 *   So is a zero duration (our timers and deadlines are at least one working day).
 * Fractions are allowed on any component (PT1.5H, P0.5W), as ISO 8601 allows on the smallest.
 */

export type DurationMapping =
  | { ok: true; workingDays: number; rule: DurationRule }
  | { ok: false; reason: 'monthsOrYears' | 'zero' | 'notADuration' };

/** Which rule decided the figure, for the import review ("P1W → 5 个工作日（1 周按 5 个工作日）"). */
export type DurationRule = 'days' | 'weeks' | 'hours' | 'mixed';

const ISO_DURATION = /^P(?!$)(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?=\d)(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

const num = (s: string | undefined) => (s === undefined ? 0 : Number(s.replace(',', '.')));

/** Working days for an ISO 8601 duration such as P1W, PT36H or P3DT4H. */
export function durationToWorkingDays(text: string): DurationMapping {
  const m = ISO_DURATION.exec(text.trim().toUpperCase());
  if (!m) return { ok: false, reason: 'notADuration' };
  const [, y, mo, w, d, h, mi, s] = m;
  if (y !== undefined || mo !== undefined) return { ok: false, reason: 'monthsOrYears' };
  const days = num(d) + 5 * num(w);
  const seconds = num(h) * 3600 + num(mi) * 60 + num(s);
  // Whole days are kept as they are; only clock time is rounded up (to whole 24-hour days).
  const total = days + seconds / 86_400;
  if (total <= 0) return { ok: false, reason: 'zero' };
  // Rounding guards against 0.1 + 0.2: a hair above a whole number is that number.
  const workingDays = Math.ceil(Math.round(total * 1e6) / 1e6);
  const parts = [d !== undefined, w !== undefined, h !== undefined || mi !== undefined || s !== undefined].filter(Boolean).length;
  const rule: DurationRule = parts > 1 ? 'mixed' : w !== undefined ? 'weeks' : d !== undefined ? 'days' : 'hours';
  return { ok: true, workingDays, rule };
}
