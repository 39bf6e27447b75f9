import { z } from 'zod';
import { procedureFor, router } from '../init';
import { actorOf } from '../../auth/viewer';
import { API_OPERATIONS, listClients, registerClient, revokeClient, rotateKey, updateClient } from '../../api/clients';
import { scenariosForDisplay } from '../../api/credit-check';

const admin = procedureFor(['admin']);

/** API clients of the open API (issue 17): admins register, rotate and revoke; the key is returned once. */
export const apiClientRouter = router({
  list: admin.query(({ ctx }) => listClients(ctx.db)),
  scenarios: admin.query(({ ctx }) => scenariosForDisplay(ctx.db)),
  create: admin
    .input(z.object({ name: z.string().max(200), departmentId: z.uuid(), operations: z.array(z.enum(API_OPERATIONS)).max(10) }))
    .mutation(({ ctx, input }) => registerClient(ctx.db, actorOf(ctx.viewer), input)),
  update: admin
    .input(z.object({ id: z.uuid(), name: z.string().max(200), operations: z.array(z.enum(API_OPERATIONS)).max(10) }))
    .mutation(({ ctx, input }) => updateClient(ctx.db, actorOf(ctx.viewer), input)),
  rotate: admin.input(z.object({ id: z.uuid() })).mutation(({ ctx, input }) => rotateKey(ctx.db, actorOf(ctx.viewer), input.id)),
  revoke: admin.input(z.object({ id: z.uuid(), reason: z.string().max(500) })).mutation(({ ctx, input }) => revokeClient(ctx.db, actorOf(ctx.viewer), input.id, input.reason)),
});
