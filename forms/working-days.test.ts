import { describe, expect, it } from 'vitest';
import { addWorkingDays, calendarFromChineseDays, isWorkingDay, workingDaysBetween, type WorkingCalendar } from './working-days';

// The official schedules (国务院办公厅 notices on the 2024 and 2025 holidays), written out by hand:
// the package is the source of the seed, these lists are what the seed must say.
const HOLIDAYS_2024 = [
  '2024-01-01', // 元旦 (Mon)
  '2024-02-12', '2024-02-13', '2024-02-14', '2024-02-15', '2024-02-16', // 春节 10–17 Feb (weekdays)
  '2024-04-04', '2024-04-05', // 清明 4–6 Apr
  '2024-05-01', '2024-05-02', '2024-05-03', // 劳动节 1–5 May
  '2024-06-10', // 端午
  '2024-09-16', '2024-09-17', // 中秋 15–17 Sep
  '2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04', '2024-10-07', // 国庆 1–7 Oct
];
const WORKDAYS_2024 = ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12'];
const HOLIDAYS_2025 = [
  '2025-01-01', // 元旦 (Wed)
  '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-03', '2025-02-04', // 春节 28 Jan – 4 Feb
  '2025-04-04', // 清明 4–6 Apr
  '2025-05-01', '2025-05-02', '2025-05-05', // 劳动节 1–5 May
  '2025-06-02', // 端午 31 May – 2 Jun
  '2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06', '2025-10-07', '2025-10-08', // 国庆·中秋 1–8 Oct
];
const WORKDAYS_2025 = ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'];

const cal: WorkingCalendar = calendarFromChineseDays(2024, 2025);

describe('calendarFromChineseDays', () => {
  it('matches the official 2024 and 2025 schedules', () => {
    expect(cal).toEqual({ holidays: [...HOLIDAYS_2024, ...HOLIDAYS_2025], workdays: [...WORKDAYS_2024, ...WORKDAYS_2025] });
  });
  it('refuses years the package has no data for', () => {
    expect(() => calendarFromChineseDays(2024, 2099)).toThrow(/no holiday data for 2027|no holiday data for 20\d\d/);
    expect(() => calendarFromChineseDays(2025, 2024)).toThrow(RangeError);
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['2024-09-27', true], // Fri
    ['2024-09-28', false], // Sat
    ['2024-09-29', true], // Sun, make-up day
    ['2024-10-01', false], // National Day
    ['2024-10-07', false], // Mon, holiday
    ['2024-10-12', true], // Sat, make-up day
    ['2024-10-13', false], // Sun
    ['2025-01-26', true], // Sun, make-up day for Spring Festival
    ['2025-01-28', false], // 除夕
    ['2025-02-08', true], // Sat, make-up day
    ['2024-03-06', true], // plain Wednesday
  ] as const)('%s → %s', (day, expected) => {
    expect(isWorkingDay(day, cal)).toBe(expected);
  });
});

describe('addWorkingDays (counting starts the day after the decision date)', () => {
  it.each([
    // National Day 2024: Sep 29 (Sun) work 1, Sep 30 2, Oct 1–7 off, Oct 8–11 3–6, Oct 12 (Sat) 7
    ['2024-09-27', 7, '2024-10-12'],
    // Oct 8–12 1–5 (Oct 12 make-up Saturday), Oct 13 Sun off, Oct 14 6, Oct 15 7
    ['2024-09-30', 7, '2024-10-15'],
    // decision on a holiday: Oct 8–12 1–5, Oct 14, 15
    ['2024-10-03', 7, '2024-10-15'],
    // Spring Festival 2025: Jan 26 (Sun) work 1, Jan 27 2, Jan 28–Feb 4 off, Feb 5–7 3–5, Feb 8 (Sat) 6, Feb 10 7
    ['2025-01-24', 7, '2025-02-10'],
    // Feb 5, 6, 7, 8 (Sat, make-up), 10, 11, 12
    ['2025-01-27', 7, '2025-02-12'],
    // plain weeks: Mon 4 Mar 2024 → Tue 5 … Fri 8 (4), Mon 11 … Wed 13 (7)
    ['2024-03-04', 7, '2024-03-13'],
    ['2024-03-08', 7, '2024-03-19'], // Fri → 11–15 (5), 18, 19
    ['2024-03-09', 1, '2024-03-11'], // decided on a Saturday
    ['2024-03-04', 0, '2024-03-04'],
    ['2024-03-09', 0, '2024-03-09'], // n = 0 returns the day unchanged, even on a weekend
  ] as const)('%s + %i working days = %s', (day, n, expected) => {
    expect(addWorkingDays(day, n, cal)).toBe(expected);
  });

  it('uses the calendar it is given (an edited calendar wins)', () => {
    const edited: WorkingCalendar = { holidays: [...cal.holidays, '2024-03-05'], workdays: cal.workdays };
    expect(addWorkingDays('2024-03-04', 7, edited)).toBe('2024-03-14');
    expect(addWorkingDays('2024-09-27', 7, { holidays: [], workdays: [] })).toBe('2024-10-08');
  });

  it('refuses bad input', () => {
    expect(() => addWorkingDays('2024-02-30', 1, cal)).toThrow(RangeError);
    expect(() => addWorkingDays('2024/03/04', 1, cal)).toThrow(RangeError);
    expect(() => addWorkingDays('2024-03-04', -1, cal)).toThrow(RangeError);
    expect(() => addWorkingDays('2024-03-04', 1.5, cal)).toThrow(RangeError);
  });
});

describe('workingDaysBetween (days after a, up to and including b)', () => {
  it.each([
    ['2024-09-27', '2024-10-12', 7],
    ['2024-09-30', '2024-10-15', 7],
    ['2024-09-30', '2024-10-07', 0],
    ['2025-01-24', '2025-02-10', 7],
    ['2024-03-04', '2024-03-04', 0],
    ['2024-03-04', '2024-03-11', 5],
    ['2024-03-11', '2024-03-04', -5],
    // 2 Jan – 31 Dec 2024: 261 weekdays − 18 weekday holidays (1 Jan is outside) + 8 make-up days
    ['2024-01-01', '2024-12-31', 251],
  ] as const)('%s → %s: %i', (a, b, n) => {
    expect(workingDaysBetween(a, b, cal)).toBe(n);
  });

  it('is the inverse of addWorkingDays', () => {
    for (const start of ['2024-09-27', '2025-01-20', '2024-12-28']) {
      for (let n = 0; n <= 30; n++) expect(workingDaysBetween(start, addWorkingDays(start, n, cal), cal)).toBe(n);
    }
  });
});
