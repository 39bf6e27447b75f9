/**
 * The seed of the office's working-day calendar: the `chinese-days` package's data file (holiday
 * data from the State Council notices). Server-only on purpose — the file covers every year the
 * package knows and must not reach the browser bundle; pages read the calendar from the database
 * (`calendar.range`) and do the arithmetic with the pure forms/working-days.
 */
import chineseDays from 'chinese-days/dist/chinese-days.json';
import { isWeekend, type WorkingCalendar } from '../../forms/working-days';

/** The package's published data file: days off and make-up days of every year it covers. */
const CHINESE_DAYS = chineseDays as { holidays: Record<string, string>; workdays: Record<string, string> };

/**
 * Builds the calendar data for whole years from the package. Used once to seed the office's
 * editable calendar. Throws a RangeError for a year the package has no data for.
 *
 * Reads the package's JSON data file rather than its functions: those build their date keys
 * with local-time getters from UTC-parsed dates, which shifts every holiday by a day when the
 * process runs west of Greenwich.
 */
export function calendarFromChineseDays(fromYear: number, toYear: number): WorkingCalendar {
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || toYear < fromYear) {
    throw new RangeError(`calendarFromChineseDays needs fromYear ≤ toYear, got ${fromYear}–${toYear}`);
  }
  const inRange = (day: string) => {
    const y = Number(day.slice(0, 4));
    return y >= fromYear && y <= toYear;
  };
  for (let year = fromYear; year <= toYear; year++) {
    if (!Object.keys(CHINESE_DAYS.holidays).some((d) => d.startsWith(`${year}-`))) {
      throw new RangeError(`chinese-days has no holiday data for ${year}; enter that year's calendar by hand`);
    }
  }
  // The package lists every day of a holiday period; weekend days off change nothing, so only
  // weekdays are kept as holidays (and only weekend days as make-up days).
  const holidays = Object.keys(CHINESE_DAYS.holidays).filter((d) => inRange(d) && !isWeekend(d)).sort();
  const workdays = Object.keys(CHINESE_DAYS.workdays).filter((d) => inRange(d) && isWeekend(d)).sort();
  return { holidays, workdays };
}
