import { z } from 'zod';
import { procedureFor, router } from '../init';
import { listAudit } from '../../audit/query';
import { verifyChain } from '../../audit/verify';
import { appendAudit } from '../../audit/append';
import { actorOf } from '../../auth/viewer';

const reader = procedureFor(['auditor', 'admin']);

export const auditRouter = router({
  list: reader
    .input(z.object({ action: z.string().max(64).optional(), actorName: z.string().max(64).optional(), from: z.date().optional(), to: z.date().optional(), page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) => listAudit(ctx.db, input)),
  verify: reader.mutation(async ({ ctx }) => {
    const result = await verifyChain(ctx.db);
    await appendAudit(ctx.db, actorOf(ctx.viewer), { action: 'audit.verify', objectType: 'audit_log', after: result });
    return result;
  }),
});
