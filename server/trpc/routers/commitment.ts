import { z } from 'zod';
import { procedureFor, router } from '../init';
import { actorOf } from '../../auth/viewer';
import { checkCommitment, commitableItems, getCommitment, issueCommitment, listCommitments, proposeAttention } from '../../commitments/service';

const reader = procedureFor(['filler', 'editor', 'approver', 'auditor', 'admin'], { departmentScoped: true });
const filler = procedureFor(['filler'], { departmentScoped: true });

export const commitmentRouter = router({
  items: procedureFor(['filler', 'editor']).query(({ ctx }) => commitableItems(ctx.db, ctx.viewer)),
  issue: filler
    .input(z.object({ itemCode: z.string().min(1).max(40), subjectType: z.string().max(20), subjectCode: z.string().max(32), subjectName: z.string().max(200), legalRepresentative: z.string().max(100).optional(), note: z.string().max(500).optional() }))
    .mutation(({ ctx, input }) => issueCommitment(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  list: reader
    .input(z.object({ state: z.enum(['pending', 'overdue', 'fulfilled', 'broken']).optional(), q: z.string().max(100).optional(), page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(100).default(20) }))
    .query(({ ctx, input }) => listCommitments(ctx.db, ctx.viewer, ctx.scope, input)),
  byId: reader.input(z.object({ id: z.uuid() })).query(({ ctx, input }) => getCommitment(ctx.db, ctx.viewer, input.id)),
  check: filler
    .input(z.object({ id: z.uuid(), outcome: z.enum(['已履行', '未履行']), note: z.string().max(4000).optional(), falseCommitment: z.boolean().optional(), revision: z.number().int().optional() }))
    .mutation(({ ctx, input }) => checkCommitment(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  proposeAttention: filler.input(z.object({ id: z.uuid() })).mutation(({ ctx, input }) => proposeAttention(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
});
