import { z } from 'zod';
import { procedureFor, router } from '../init';
import { actorOf } from '../../auth/viewer';
import { FLOW_TRIGGERS } from '../../../catalog/flows/types';
import { addSigner, approveTask, commentOnInstance, rejectTask, returnTask, transferTask, urgeInstance, withdrawInstance } from '../../flows/actions';
import { listBindings, removeBinding, SCOPE_TYPES, setBinding } from '../../flows/bindings';
import { listPublishedFlows } from '../../flows/definitions';
import { getInbox, getInstanceView, listCandidates, listMyInstances, markNotificationsRead, previewForSubmission } from '../../flows/queries';
import { todayCN } from '../../registers/dates';

// Anyone who may hold a task or start an instance; the service checks the task's assignee.
const participant = procedureFor(['admin', 'editor', 'filler', 'approver']);
const viewer = procedureFor(['admin', 'editor', 'filler', 'approver', 'auditor']);
const bindingEditor = procedureFor(['editor', 'admin']);
const bindingReader = procedureFor(['editor', 'admin', 'auditor']);

const task = z.object({ taskId: z.uuid(), comment: z.string().max(1000).optional() });
const instance = z.object({ instanceId: z.uuid(), comment: z.string().max(1000).optional() });
const scope = z.object({ type: z.enum(SCOPE_TYPES), value: z.string().min(1).max(200) });

export const flowRouter = router({
  inbox: viewer.query(({ ctx }) => getInbox(ctx.db, ctx.viewer)),
  markRead: viewer.input(z.object({ ids: z.array(z.uuid()).max(500).optional() })).mutation(({ ctx, input }) => markNotificationsRead(ctx.db, ctx.viewer, input.ids)),
  candidates: participant.input(z.object({ taskId: z.uuid() })).query(({ ctx, input }) => listCandidates(ctx.db, ctx.viewer, input.taskId)),
  approve: participant.input(task).mutation(({ ctx, input }) => approveTask(ctx.db, actorOf(ctx.viewer), input)),
  reject: participant.input(task).mutation(({ ctx, input }) => rejectTask(ctx.db, actorOf(ctx.viewer), input)),
  return: participant
    .input(task.extend({ target: z.union([z.literal('previous'), z.literal('initiator'), z.string().min(1).max(100)]) }))
    .mutation(({ ctx, input }) => returnTask(ctx.db, actorOf(ctx.viewer), input)),
  transfer: participant.input(task.extend({ userId: z.uuid() })).mutation(({ ctx, input }) => transferTask(ctx.db, actorOf(ctx.viewer), input)),
  addSigner: participant
    .input(task.extend({ userId: z.uuid(), position: z.enum(['before', 'after']) }))
    .mutation(({ ctx, input }) => addSigner(ctx.db, actorOf(ctx.viewer), input)),
  withdraw: participant.input(instance).mutation(({ ctx, input }) => withdrawInstance(ctx.db, actorOf(ctx.viewer), input)),
  comment: participant.input(z.object({ instanceId: z.uuid(), text: z.string().max(1000) })).mutation(({ ctx, input }) => commentOnInstance(ctx.db, actorOf(ctx.viewer), input)),
  urge: participant.input(instance).mutation(({ ctx, input }) => urgeInstance(ctx.db, actorOf(ctx.viewer), input)),
  byId: viewer.input(z.object({ id: z.uuid() })).query(({ ctx, input }) => getInstanceView(ctx.db, ctx.viewer, input.id)),
  myInstances: participant.query(({ ctx }) => listMyInstances(ctx.db, ctx.viewer)),
  publishedFlows: bindingReader.query(({ ctx }) => listPublishedFlows(ctx.db, todayCN())),
  bindings: bindingReader.query(({ ctx }) => listBindings(ctx.db)),
  setBinding: bindingEditor
    .input(z.object({ trigger: z.enum(FLOW_TRIGGERS), scopeType: z.enum(SCOPE_TYPES), scopeValue: z.string().max(200), flowCode: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) => setBinding(ctx.db, actorOf(ctx.viewer), input)),
  removeBinding: bindingEditor.input(z.object({ id: z.uuid() })).mutation(({ ctx, input }) => removeBinding(ctx.db, actorOf(ctx.viewer), input.id)),
  previewForSubmission: procedureFor(['editor', 'filler', 'admin'])
    .input(z.object({ trigger: z.enum(FLOW_TRIGGERS), scopes: z.array(scope).min(1).max(5), data: z.record(z.string(), z.unknown()), meta: z.record(z.string(), z.unknown()).optional() }))
    .query(({ ctx, input }) => previewForSubmission(ctx.db, actorOf(ctx.viewer), input)),
});
