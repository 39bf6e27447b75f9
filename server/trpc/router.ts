import 'server-only';
import '../subject-adapters';
import { router } from './init';
import { auditRouter } from './routers/audit';
import { departmentRouter } from './routers/department';
import { meRouter } from './routers/me';
import { userRouter } from './routers/user';
import { registerRouter } from './routers/register';
import { approvalRouter } from './routers/approval';
import { recordRouter } from './routers/record';
import { calendarRouter } from './routers/calendar';
import { gradingRouter } from './routers/grading';
import { flowDesignRouter } from './routers/flow-design';
import { flowRouter } from './routers/flow';
import { creditListRouter } from './routers/credit-list';
import { inboxRouter } from './routers/inbox';
import { auditViewRouter } from './routers/audit-view';
import { disclosureRouter, objectionRouter, repairRouter } from './routers/disclosure';
import { apiClientRouter } from './routers/api-client';
import { commitmentRouter } from './routers/commitment';
import { subjectRouter } from './routers/subject';

export const appRouter = router({
  me: meRouter,
  user: userRouter,
  department: departmentRouter,
  audit: auditRouter,
  register: registerRouter,
  approval: approvalRouter,
  record: recordRouter,
  calendar: calendarRouter,
  grading: gradingRouter,
  flowDesign: flowDesignRouter,
  flow: flowRouter,
  creditList: creditListRouter,
  inbox: inboxRouter,
  auditView: auditViewRouter,
  objection: objectionRouter,
  repair: repairRouter,
  disclosure: disclosureRouter,
  apiClient: apiClientRouter,
  commitment: commitmentRouter,
  subjects: subjectRouter,
});

export type AppRouter = typeof appRouter;
