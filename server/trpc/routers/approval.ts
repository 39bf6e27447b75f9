import { z } from 'zod';
import { procedureFor, router } from '../init';
import { actorOf } from '../../auth/viewer';
import { decideChangeRequest, listOpenRequests } from '../../registers/service';

const approver = procedureFor(['approver']);

export const approvalRouter = router({
  inbox: approver.query(({ ctx }) => listOpenRequests(ctx.db)),
  decide: approver
    .input(z.object({ id: z.uuid(), decision: z.enum(['approve', 'reject']), comment: z.string().max(1000).optional() }))
    .mutation(({ ctx, input }) => decideChangeRequest(ctx.db, actorOf(ctx.viewer), input)),
});
