import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { seedBase } from '../seed';
import { dueDate, listCalendarDays, seedCalendar, setCalendarDay } from './service';
import { SYSTEM_ACTOR } from '../audit/append';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedBase(t.db);
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
