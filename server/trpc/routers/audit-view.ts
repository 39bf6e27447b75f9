import { z } from 'zod';
import { procedureFor, router } from '../init';
import { auditFilterChoices, describeAuditRows } from '../../audit-view/describe';

// The same readers as the audit log itself.
const reader = procedureFor(['auditor', 'admin']);

export const auditViewRouter = router({
  describe: reader.input(z.object({ ids: z.array(z.number().int().min(1)).max(200) })).query(({ ctx, input }) => describeAuditRows(ctx.db, input.ids)),
  choices: reader.query(({ ctx }) => auditFilterChoices(ctx.db)),
});
