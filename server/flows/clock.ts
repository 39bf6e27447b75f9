/**
 * The engine's clock. Deadlines and timers compare against `now(db)`. In production it is the
 * wall clock; with E2E_TEST_HOOKS=1 an offset in days kept in `system_setting` (so every app
 * instance and the sweeper share it) moves it forward, which lets end-to-end tests make a
 * deadline pass without waiting. Without that env the offset is never read.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { systemSetting } from '../db/schema';
import { todayCN } from '../registers/dates';

const KEY = 'flow.clock-offset-days';
const DAY_MS = 86_400_000;

export function testHooksEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.E2E_TEST_HOOKS === '1';
}

export async function clockOffsetDays(db: Db): Promise<number> {
  if (!testHooksEnabled()) return 0;
  const [row] = await db.select({ value: systemSetting.value }).from(systemSetting).where(eq(systemSetting.key, KEY));
  return typeof row?.value === 'number' ? row.value : 0;
}

export async function now(db: Db): Promise<Date> {
  return new Date(Date.now() + (await clockOffsetDays(db)) * DAY_MS);
}

/** Today in China (YYYY-MM-DD) on this clock: the day deadlines, publication and periods are judged by. */
export async function today(db: Db): Promise<string> {
  return todayCN(await now(db));
}

/** Moves the test clock by `days` (cumulative). Refused unless the test hooks are on. */
export async function advanceClock(db: Db, days: number): Promise<number> {
  if (!testHooksEnabled()) throw new Error('the test clock is only available with E2E_TEST_HOOKS=1');
  const next = (await clockOffsetDays(db)) + days;
  await db.insert(systemSetting).values({ key: KEY, value: next }).onConflictDoUpdate({ target: systemSetting.key, set: { value: next, updatedAt: new Date() } });
  return next;
}
