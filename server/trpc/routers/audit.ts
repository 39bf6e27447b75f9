import { z } from 'zod';
import { procedureFor, router } from '../init';
import { auditFilterSchema } from '../../audit/filter';
import { auditListInputSchema, countAudit, listAudit, listAuditActions } from '../../audit/query';
import { auditChainOverview, verifyWithCheckpointText } from '../../audit/checkpoint';
import { revealAuditRow, revealQueryLogRow } from '../../audit/reveal';
import { actorOf } from '../../auth/viewer';

// Auditors read everything; admins too. Nobody else sees the log.
const reader = procedureFor(['auditor', 'admin']);
// Personal values in the log are masked for everyone; an auditor reveals one row with a reason.
const revealer = procedureFor(['auditor']);
const reason = z.string().max(500);

export const auditRouter = router({
  list: reader.input(auditListInputSchema).query(({ ctx, input }) => listAudit(ctx.db, input)),
  count: reader.input(auditFilterSchema).query(({ ctx, input }) => countAudit(ctx.db, input)),
  actions: reader.query(({ ctx }) => listAuditActions(ctx.db)),
  status: reader.query(({ ctx }) => auditChainOverview(ctx.db)),
  verify: reader.input(z.object({ checkpoint: z.string().max(20_000).optional() }).optional()).mutation(({ ctx, input }) => verifyWithCheckpointText(ctx.db, actorOf(ctx.viewer), input?.checkpoint)),
  reveal: revealer.input(z.object({ id: z.number().int().min(1), reason })).mutation(({ ctx, input }) => revealAuditRow(ctx.db, actorOf(ctx.viewer), input)),
  revealQueryLog: revealer.input(z.object({ id: z.uuid(), reason })).mutation(({ ctx, input }) => revealQueryLogRow(ctx.db, actorOf(ctx.viewer), input)),
});
