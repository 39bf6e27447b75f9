import 'server-only';
import { router } from './init';
import { auditRouter } from './routers/audit';
import { departmentRouter } from './routers/department';
import { meRouter } from './routers/me';
import { userRouter } from './routers/user';

export const appRouter = router({
  me: meRouter,
  user: userRouter,
  department: departmentRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
