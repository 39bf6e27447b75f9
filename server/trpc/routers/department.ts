import { z } from 'zod';
import { ANY_ROLE, procedureFor, router } from '../init';
import { actorOf } from '../../auth/viewer';
import { createDepartment, listDepartments, updateDepartment } from '../../users/service';

const admin = procedureFor(['admin']);

export const departmentRouter = router({
  list: procedureFor(ANY_ROLE)
    .input(z.object({ includeArchived: z.boolean().default(false) }).default({ includeArchived: false }))
    .query(({ ctx, input }) => listDepartments(ctx.db, input)),
  create: admin
    .input(z.object({ code: z.string().max(32), nameZh: z.string().max(100), nameEn: z.string().max(200) }))
    .mutation(({ ctx, input }) => createDepartment(ctx.db, actorOf(ctx.viewer), input)),
  update: admin
    .input(z.object({ id: z.uuid(), nameZh: z.string().max(100), nameEn: z.string().max(200), archived: z.boolean() }))
    .mutation(({ ctx, input }) => updateDepartment(ctx.db, actorOf(ctx.viewer), input.id, input)),
});
