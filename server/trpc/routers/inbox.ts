import { z } from 'zod';
import { procedureFor, router } from '../init';
import { inboxCounts, inboxFor } from '../../inbox';
import { listNotifications, markRead, unreadCount } from '../../notifications/service';
import { now as clockNow } from '../../flows/clock';
import { todayCN } from '../../registers/dates';

// Everyone signed in has an inbox (an auditor's holds their notices only); each source filters by role and person.
const anyone = procedureFor(['admin', 'editor', 'filler', 'approver', 'auditor']);

export const inboxRouter = router({
  list: anyone.query(async ({ ctx }) => inboxFor(ctx.db, ctx.viewer, todayCN(await clockNow(ctx.db)))),
  counts: anyone.query(async ({ ctx }) => ({ ...(await inboxCounts(ctx.db, ctx.viewer, todayCN(await clockNow(ctx.db)))), unread: await unreadCount(ctx.db, ctx.viewer) })),
  notifications: anyone.query(({ ctx }) => listNotifications(ctx.db, ctx.viewer)),
  markRead: anyone.input(z.object({ ids: z.array(z.uuid()).max(500).optional() })).mutation(({ ctx, input }) => markRead(ctx.db, ctx.viewer, input.ids)),
});
