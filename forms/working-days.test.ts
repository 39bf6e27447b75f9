import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { addWorkingDays, isWeekend, isWorkingDay, workingDaysBetween, type WorkingCalendar } from './working-days';
import { HOLIDAYS_2024, HOLIDAYS_2025, WORKDAYS_2024, WORKDAYS_2025 } from './working-days.fixtures';


const cal: WorkingCalendar = { holidays: [...HOLIDAYS_2024, ...HOLIDAYS_2025], workdays: [...WORKDAYS_2024, ...WORKDAYS_2025] };

describe('what the browser bundles', () => {
  // The flow designer's and the submitter's path preview run predict.ts in the browser; the
  // holiday data file of chinese-days (every year it knows) must stay on the server.
  it.each(['forms/working-days.ts', 'catalog/flows/predict.ts'])('%s does not pull in chinese-days', async (entry) => {
    const out = await build({ entryPoints: [entry], bundle: true, write: false, metafile: true, platform: 'browser', format: 'esm', logLevel: 'silent' });
    const inputs = Object.keys(out.metafile.inputs);
    expect(inputs.some((f) => f.includes('working-days'))).toBe(true);
    expect(inputs.filter((f) => f.includes('chinese-days'))).toEqual([]);
  });
});

describe('isWeekend', () => {
  it('is Saturday and Sunday only, whatever the calendar says', () => {
    expect(['2024-09-27', '2024-09-28', '2024-09-29', '2024-09-30'].map(isWeekend)).toEqual([false, true, true, false]);
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
