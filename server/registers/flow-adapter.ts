/** Register change requests as flow subjects (trigger register-change): published/retired or rejected. */
import { eq } from 'drizzle-orm';
import { registerSubjectAdapter } from '../flows/adapters';
import { changeRequest } from '../db/schema';
import { DomainError } from '../errors';
import { applyChangeRequestDecision, applyRequestWithdrawal } from './service';

registerSubjectAdapter({
  type: 'change-request',
  applyOutcome: async (tx, actor, id, outcome, comment, audit) => {
    await applyChangeRequestDecision(tx, actor, { id, decision: outcome === 'approved' ? 'approve' : 'reject', comment: comment ?? undefined }, audit);
  },
  applyWithdrawal: async (tx, actor, id, audit) => {
    const [cr] = await tx.select().from(changeRequest).where(eq(changeRequest.id, id)).for('update');
    if (!cr || cr.status !== 'open') throw new DomainError('CONFLICT', 'registers.errors.requestDecided', { status: cr?.status ?? 'missing' });
    await applyRequestWithdrawal(tx, actor, cr, audit);
  },
});
