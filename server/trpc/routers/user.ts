import { z } from 'zod';
import { procedureFor, router } from '../init';
import { ROLES } from '../../auth/roles';
import { actorOf } from '../../auth/viewer';
import { createUser, listUsers, renameUser, resetPassword, setDepartment, setDisabled, setRoles } from '../../users/service';

const admin = procedureFor(['admin']);
const roleList = z.array(z.enum(ROLES)).min(1);

export const userRouter = router({
  list: admin
    .input(z.object({ q: z.string().max(100).optional(), departmentId: z.uuid().optional(), role: z.enum(ROLES).optional(), page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(100).default(20) }))
    .query(({ ctx, input }) => listUsers(ctx.db, input)),
  create: admin
    .input(z.object({ username: z.string().max(64), name: z.string().max(100), password: z.string().max(200), departmentId: z.uuid(), roles: roleList }))
    .mutation(({ ctx, input }) => createUser(ctx.db, actorOf(ctx.viewer), input)),
  rename: admin
    .input(z.object({ userId: z.uuid(), username: z.string().max(64), name: z.string().max(100) }))
    .mutation(({ ctx, input }) => renameUser(ctx.db, actorOf(ctx.viewer), input.userId, input)),
  resetPassword: admin
    .input(z.object({ userId: z.uuid(), password: z.string().max(200) }))
    .mutation(({ ctx, input }) => resetPassword(ctx.db, actorOf(ctx.viewer), input.userId, input.password)),
  setRoles: admin
    .input(z.object({ userId: z.uuid(), roles: roleList }))
    .mutation(({ ctx, input }) => setRoles(ctx.db, actorOf(ctx.viewer), input.userId, input.roles)),
  setDepartment: admin
    .input(z.object({ userId: z.uuid(), departmentId: z.uuid() }))
    .mutation(({ ctx, input }) => setDepartment(ctx.db, actorOf(ctx.viewer), input.userId, input.departmentId)),
  setDisabled: admin
    .input(z.object({ userId: z.uuid(), disabled: z.boolean() }))
    .mutation(({ ctx, input }) => setDisabled(ctx.db, actorOf(ctx.viewer), input.userId, input.disabled)),
});
