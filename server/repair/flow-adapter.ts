/** Repair applications as flow subjects (trigger credit-repair): approval applies the repair's effects. */
import { registerSubjectAdapter } from '../flows/adapters';
import { applyRepairDecision } from './service';
import { DomainError } from '../errors';

registerSubjectAdapter({
  type: 'repair-application',
  applyOutcome: async (tx, actor, id, outcome, comment, audit) => {
    await applyRepairDecision(tx, actor, id, outcome, comment, audit);
  },
  applyWithdrawal: async () => {
    throw new DomainError('CONFLICT', 'repair.errors.noWithdrawal');
  },
});
