import { procedureFor, router } from '../init';
import { auditFilterSchema } from '../../audit/filter';
import { auditListInputSchema, countAudit, listAudit, listAuditActions } from '../../audit/query';
import { verifyAndRecord } from '../../audit/verify';
import { actorOf } from '../../auth/viewer';

// Auditors read everything; admins too. Nobody else sees the log.
const reader = procedureFor(['auditor', 'admin']);

export const auditRouter = router({
  list: reader.input(auditListInputSchema).query(({ ctx, input }) => listAudit(ctx.db, input)),
  count: reader.input(auditFilterSchema).query(({ ctx, input }) => countAudit(ctx.db, input)),
  actions: reader.query(({ ctx }) => listAuditActions(ctx.db)),
  verify: reader.mutation(({ ctx }) => verifyAndRecord(ctx.db, actorOf(ctx.viewer))),
});
