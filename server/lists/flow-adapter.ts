/** List cases as flow subjects (trigger list-identification): 执行名单认定 and the end of the flow. */
import { registerSubjectAdapter } from '../flows/adapters';
import { applyCaseDecision, applyCaseWithdrawal } from './service';

registerSubjectAdapter({
  type: 'list-case',
  applyOutcome: async (tx, actor, id, outcome, comment, audit) => {
    await applyCaseDecision(tx, actor, id, outcome, comment, audit);
  },
  applyWithdrawal: (tx, actor, id, audit) => applyCaseWithdrawal(tx, actor, id, audit),
  applyAction: async (tx, actor, id, action, audit) => {
    if (action !== 'apply-list-decision') return false;
    await applyCaseDecision(tx, actor, id, 'approved', null, audit);
    return true;
  },
});
