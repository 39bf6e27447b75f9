import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { seedBase, seedDemoUsers } from '../seed';
import { dueDate, listCalendarDays, seedCalendar, setCalendarDay } from './service';
import { SYSTEM_ACTOR } from '../audit/append';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { contextFor, viewerByUsername } from '../testing/context';
import { addWorkingDays } from '../../forms/working-days';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedBase(t.db);
  await seedDemoUsers(t.db);
});
afterAll(async () => {
  await t.close();
});

describe('working-day calendar kept as data', () => {
  it('is seeded from chinese-days once; a second seed adds nothing', async () => {
    expect((await listCalendarDays(t.db, 2024)).length).toBeGreaterThan(10);
    expect(await seedCalendar(t.db)).toBe(0);
  });

  it('counts 7 working days across National Day 2024 with its make-up working days', async () => {
    expect(await dueDate(t.db, '2024-09-27')).toBe('2024-10-12');
    expect(await dueDate(t.db, '2024-09-30')).toBe('2024-10-15');
  });

  it('follows the office’s edits', async () => {
    const before = await dueDate(t.db, '2024-06-03');
    await setCalendarDay(t.db, SYSTEM_ACTOR, { day: '2024-06-05', kind: 'holiday', note: '测试' });
    expect(await dueDate(t.db, '2024-06-03')).not.toBe(before);
    await setCalendarDay(t.db, SYSTEM_ACTOR, { day: '2024-06-05', kind: null });
    expect(await dueDate(t.db, '2024-06-03')).toBe(before);
  });
});

describe('calendar.range (what the browser counts deadlines with)', () => {
  const caller = async (username: string | null) => createCallerFactory(appRouter)(contextFor(t.db, username ? await viewerByUsername(t.db, username) : null));

  it('gives a filler the holidays and make-up days of the range, enough to count like the server', async () => {
    const cal = await (await caller('filler')).calendar.range({ from: '2024-09-01', to: '2024-12-31' });
    expect(cal.holidays).toContain('2024-10-01');
    expect(cal.workdays).toEqual(['2024-09-14', '2024-09-29', '2024-10-12']);
    expect([...cal.holidays, ...cal.workdays].every((d) => d >= '2024-09-01' && d <= '2024-12-31')).toBe(true);
    expect(addWorkingDays('2024-09-27', 7, cal)).toBe(await dueDate(t.db, '2024-09-27'));
  });

  it('refuses a reversed or too long range, and an anonymous caller', async () => {
    const auditor = await caller('auditor');
    await expect(auditor.calendar.range({ from: '2025-01-01', to: '2024-01-01' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(auditor.calendar.range({ from: '2020-01-01', to: '2030-01-01' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect((await caller(null)).calendar.range({ from: '2024-01-01', to: '2024-12-31' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
