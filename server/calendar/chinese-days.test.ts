import { describe, expect, it } from 'vitest';
import { HOLIDAYS_2024, HOLIDAYS_2025, WORKDAYS_2024, WORKDAYS_2025 } from '../../forms/working-days.fixtures';
import { calendarFromChineseDays } from './chinese-days';

describe('calendarFromChineseDays (the seed of the office calendar)', () => {
  it('matches the official 2024 and 2025 schedules', () => {
    expect(calendarFromChineseDays(2024, 2025)).toEqual({ holidays: [...HOLIDAYS_2024, ...HOLIDAYS_2025], workdays: [...WORKDAYS_2024, ...WORKDAYS_2025] });
  });
  it('refuses years the package has no data for', () => {
    expect(() => calendarFromChineseDays(2024, 2099)).toThrow(/no holiday data for 20\d\d/);
    expect(() => calendarFromChineseDays(2025, 2024)).toThrow(RangeError);
  });
});
