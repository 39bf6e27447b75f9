/** List cases as flow subjects (trigger list-identification): 执行名单认定 and the end of the flow. */
import { registerSubjectAdapter } from '../flows/adapters';
import { applyCaseDecision, applyCaseWithdrawal } from './service';

registerSubjectAdapter({
  type: 'list-case',
  applyOutcome: async (tx, actor, id, outcome, comment) => {
    await applyCaseDecision(tx, actor, id, outcome, comment);
  },
  applyWithdrawal: (tx, actor, id) => applyCaseWithdrawal(tx, actor, id),
  applyAction: async (tx, actor, id, action) => {
    if (action !== 'apply-list-decision') return false;
    await applyCaseDecision(tx, actor, id, 'approved', null);
    return true;
  },
});
