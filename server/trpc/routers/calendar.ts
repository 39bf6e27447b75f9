import { z } from 'zod';
import { ANY_ROLE, procedureFor, router } from '../init';
import { actorOf } from '../../auth/viewer';
import { listCalendarDays, setCalendarDay } from '../../calendar/service';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const calendarRouter = router({
  year: procedureFor(ANY_ROLE).input(z.object({ year: z.number().int().min(2000).max(2100) })).query(({ ctx, input }) => listCalendarDays(ctx.db, input.year)),
  setDay: procedureFor(['editor', 'admin'])
    .input(z.object({ day, kind: z.enum(['holiday', 'workday']).nullable(), note: z.string().max(100).optional() }))
    .mutation(({ ctx, input }) => setCalendarDay(ctx.db, actorOf(ctx.viewer), input)),
});
