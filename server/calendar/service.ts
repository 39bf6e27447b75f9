/**
 * The office's working-day calendar (holidays and make-up working days) as rows, read into the
 * pure calendar of forms/working-days for deadline arithmetic. Edits are audited.
 */
import { asc, eq, gte, lte, and } from 'drizzle-orm';
import type { Db } from '../db';
import { calendarDay } from '../db/schema';
import { appendAudit, SYSTEM_ACTOR, type Actor } from '../audit/append';
import { DomainError } from '../errors';
import { addWorkingDays, type WorkingCalendar } from '../../forms/working-days';
import { isIsoDate } from '../registers/dates';
import { calendarFromChineseDays } from './chinese-days';
import { cacheKey, VersionedCache } from '../db/cache-version';

const toCalendar = (rows: { day: string; kind: string }[]): WorkingCalendar => ({
  holidays: rows.filter((r) => r.kind === 'holiday').map((r) => r.day),
  workdays: rows.filter((r) => r.kind === 'workday').map((r) => r.day),
});

export async function loadCalendar(db: Db): Promise<WorkingCalendar> {
  return toCalendar(await db.select({ day: calendarDay.day, kind: calendarDay.kind }).from(calendarDay).orderBy(asc(calendarDay.day)));
}

/** The office calendar per year, cached in this process while `cache_version('calendar')` stands
 *  (every edit of calendar_day bumps it, on any instance): a submission used to read the whole
 *  table for one due date. */
const yearCache = new VersionedCache<WorkingCalendar>('calendar', 32);

async function calendarYear(db: Db, version: string | null, year: number): Promise<WorkingCalendar> {
  return yearCache.at(
    version,
    async () =>
      toCalendar(
        await db
          .select({ day: calendarDay.day, kind: calendarDay.kind })
          .from(calendarDay)
          .where(and(gte(calendarDay.day, `${year}-01-01`), lte(calendarDay.day, `${year}-12-31`)))
          .orderBy(asc(calendarDay.day)),
      ),
    String(year),
  );
}

/**
 * The calendar from `day`'s year through as many years as `workingDays` working days can reach
 * (about 250 a year; one spare year), from the per-year cache. What addWorkingDays(day, n, …)
 * needs, without reading every row of calendar_day.
 */
export async function calendarFrom(db: Db, day: string, workingDays: number): Promise<WorkingCalendar> {
  const first = Number(day.slice(0, 4));
  const last = first + 1 + Math.ceil(Math.max(0, workingDays) / 200);
  const version = await cacheKey(db, 'calendar');
  const years = await Promise.all(Array.from({ length: last - first + 1 }, (_, i) => calendarYear(db, version, first + i)));
  return { holidays: years.flatMap((y) => y.holidays), workdays: years.flatMap((y) => y.workdays) };
}

/** The longest span `calendar.range` answers: enough for any deadline a page predicts. */
export const MAX_RANGE_DAYS = 3 * 366;

/**
 * The holidays and make-up working days in [from, to], for pages that count working days in the
 * browser (the flow designer's and the submitter's predicted path). A span longer than
 * MAX_RANGE_DAYS, reversed or malformed dates are refused.
 */
export async function loadCalendarRange(db: Db, from: string, to: string): Promise<WorkingCalendar> {
  if (!isIsoDate(from)) throw new DomainError('INVALID_INPUT', 'registers.errors.badDate', { value: from });
  if (!isIsoDate(to)) throw new DomainError('INVALID_INPUT', 'registers.errors.badDate', { value: to });
  const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (span < 0 || span > MAX_RANGE_DAYS) throw new DomainError('INVALID_INPUT', 'flowPreview.errors.calendarRange', { from, to, max: MAX_RANGE_DAYS });
  const rows = await db
    .select({ day: calendarDay.day, kind: calendarDay.kind })
    .from(calendarDay)
    .where(and(gte(calendarDay.day, from), lte(calendarDay.day, to)))
    .orderBy(asc(calendarDay.day));
  return toCalendar(rows);
}

export async function listCalendarDays(db: Db, year: number) {
  return db
    .select()
    .from(calendarDay)
    .where(and(gte(calendarDay.day, `${year}-01-01`), lte(calendarDay.day, `${year}-12-31`)))
    .orderBy(asc(calendarDay.day));
}

/** Seeds every year the chinese-days package knows; existing rows (office edits) are kept. */
export async function seedCalendar(db: Db, fromYear = 2020, toYear = new Date().getUTCFullYear() + 1): Promise<number> {
  let inserted = 0;
  for (let year = fromYear; year <= toYear; year++) {
    let cal: WorkingCalendar;
    try {
      cal = calendarFromChineseDays(year, year);
    } catch {
      continue; // no data for that year yet: the office enters it by hand
    }
    const rows = [...cal.holidays.map((day) => ({ day, kind: 'holiday', note: 'chinese-days' })), ...cal.workdays.map((day) => ({ day, kind: 'workday', note: 'chinese-days' }))];
    if (rows.length === 0) continue;
    const res = await db.insert(calendarDay).values(rows).onConflictDoNothing().returning({ day: calendarDay.day });
    inserted += res.length;
  }
  if (inserted > 0) await appendAudit(db, SYSTEM_ACTOR, { action: 'calendar.seed', objectType: 'calendar', after: { days: inserted, fromYear, toYear } });
  return inserted;
}

/** Marks a day as holiday / make-up working day, or back to the plain weekday rule (kind null). */
export async function setCalendarDay(db: Db, actor: Actor, input: { day: string; kind: 'holiday' | 'workday' | null; note?: string }) {
  if (!isIsoDate(input.day)) throw new DomainError('INVALID_INPUT', 'registers.errors.badDate', { value: input.day });
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(calendarDay).where(eq(calendarDay.day, input.day));
    if (input.kind === null) await tx.delete(calendarDay).where(eq(calendarDay.day, input.day));
    else
      await tx
        .insert(calendarDay)
        .values({ day: input.day, kind: input.kind, note: input.note ?? null, updatedBy: actor.id })
        .onConflictDoUpdate({ target: calendarDay.day, set: { kind: input.kind, note: input.note ?? null, updatedBy: actor.id, updatedAt: new Date() } });
    await appendAudit(tx, actor, { action: 'calendar.set_day', objectType: 'calendar', objectId: input.day, before: before ? { kind: before.kind, note: before.note } : null, after: input.kind ? { kind: input.kind, note: input.note ?? null } : null });
  });
}

/** 双公示: due date = decision date + n working days on the office calendar. */
export async function dueDate(db: Db, decisionDate: string, workingDays = 7): Promise<string> {
  if (!isIsoDate(decisionDate)) return addWorkingDays(decisionDate, workingDays, await loadCalendar(db));
  return addWorkingDays(decisionDate, workingDays, await calendarFrom(db, decisionDate, workingDays));
}
