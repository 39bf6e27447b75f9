/**
 * Working-day arithmetic over a calendar kept as data. Deadlines such as "publish 双公示 within
 * 7 working days of the decision date" count in working days, and the State Council's holiday and
 * make-up-day (调休) schedule changes every year, so the office edits the calendar; it is seeded
 * once from the `chinese-days` package (server/calendar/chinese-days.ts). This module is pure and
 * small: the browser gets the calendar from the server (`calendar.range`), never the package's
 * data file.
 *
 * Days are ISO strings `YYYY-MM-DD` and all arithmetic is on calendar dates (UTC), so the result
 * does not depend on the time zone of the browser or server.
 */
export interface WorkingCalendar {
  /** days off (YYYY-MM-DD) that would otherwise be weekdays, e.g. 2024-10-01 … 2024-10-07 */
  holidays: string[];
  /** make-up working days (调休) that fall on a Saturday or Sunday, e.g. 2024-09-29, 2024-10-12 */
  workdays: string[];
}

const DAY_MS = 86_400_000;

function toEpochDay(day: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = Date.UTC(y, mo - 1, d);
    const back = new Date(t);
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) return t / DAY_MS;
  }
  throw new RangeError(`"${day}" is not a date in the form YYYY-MM-DD`);
}

function fromEpochDay(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 (epoch day 0) was a Thursday. */
function weekday(epochDay: number): number {
  return (((epochDay + 4) % 7) + 7) % 7;
}

interface CalendarIndex {
  holidays: Set<string>;
  workdays: Set<string>;
}

function index(cal: WorkingCalendar): CalendarIndex {
  return { holidays: new Set(cal.holidays), workdays: new Set(cal.workdays) };
}

function working(epochDay: number, idx: CalendarIndex): boolean {
  const day = fromEpochDay(epochDay);
  if (idx.workdays.has(day)) return true;
  if (idx.holidays.has(day)) return false;
  const w = weekday(epochDay);
  return w >= 1 && w <= 5;
}

/** Saturday or Sunday. */
export function isWeekend(day: string): boolean {
  const w = weekday(toEpochDay(day));
  return w === 0 || w === 6;
}

/** A make-up working day is a working day; a listed holiday is not; otherwise Monday–Friday. */
export function isWorkingDay(day: string, cal: WorkingCalendar): boolean {
  return working(toEpochDay(day), index(cal));
}

/**
 * The n-th working day after `day`. Counting starts the day after `day` (the decision date is
 * day 0 and never counts, even when it is a working day); `day` itself may be a holiday.
 * n = 0 returns `day` unchanged. E.g. decided on Fri 2024-09-27, 7 working days → 2024-10-12
 * (29 Sep is a make-up day, 1–7 Oct are off, 12 Oct is a make-up Saturday).
 */
export function addWorkingDays(day: string, n: number, cal: WorkingCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`addWorkingDays needs a whole number ≥ 0, got ${n}`);
  const idx = index(cal);
  let d = toEpochDay(day);
  for (let left = n; left > 0; ) {
    d++;
    if (working(d, idx)) left--;
  }
  return fromEpochDay(d);
}

/**
 * Working days in (a, b]: after `a`, up to and including `b` — the same counting as
 * `addWorkingDays`, so `workingDaysBetween(a, addWorkingDays(a, n, cal), cal) === n`.
 * Negative when b is before a.
 */
export function workingDaysBetween(a: string, b: string, cal: WorkingCalendar): number {
  const from = toEpochDay(a);
  const to = toEpochDay(b);
  if (to < from) return -workingDaysBetween(b, a, cal);
  const idx = index(cal);
  let count = 0;
  for (let d = from + 1; d <= to; d++) if (working(d, idx)) count++;
  return count;
}
