import { z } from 'zod';
import { ANY_ROLE, procedureFor, router } from '../init';
import { actorOf } from '../../auth/viewer';
import { listCalendarDays, loadCalendarRange, setCalendarDay } from '../../calendar/service';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const calendarRouter = router({
  year: procedureFor(ANY_ROLE).input(z.object({ year: z.number().int().min(2000).max(2100) })).query(({ ctx, input }) => listCalendarDays(ctx.db, input.year)),
  /** Holidays and make-up days in [from, to] as a WorkingCalendar: anyone signed in counts deadlines. */
  range: procedureFor(ANY_ROLE).input(z.object({ from: day, to: day })).query(({ ctx, input }) => loadCalendarRange(ctx.db, input.from, input.to)),
  setDay: procedureFor(['editor', 'admin'])
    .input(z.object({ day, kind: z.enum(['holiday', 'workday']).nullable(), note: z.string().max(100).optional() }))
    .mutation(({ ctx, input }) => setCalendarDay(ctx.db, actorOf(ctx.viewer), input)),
});
