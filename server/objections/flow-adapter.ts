/** Objections as flow subjects (trigger objection): the flow's approval applies the department's answer. */
import { registerSubjectAdapter } from '../flows/adapters';
import { applyObjectionOutcome } from './service';
import { DomainError } from '../errors';

registerSubjectAdapter({
  type: 'objection',
  applyOutcome: (tx, actor, id, outcome, comment, audit) => applyObjectionOutcome(tx, actor, id, outcome, comment, audit),
  applyWithdrawal: async () => {
    // An objection is the subject's, not the initiator's: it cannot be withdrawn from the flow.
    throw new DomainError('CONFLICT', 'objections.errors.noWithdrawal');
  },
});
