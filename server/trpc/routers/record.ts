import { z } from 'zod';
import { procedureFor, router } from '../init';
import { actorOf } from '../../auth/viewer';
import { decideRecord, getFillForm, getRecord, listFillableItems, listRecords, recordDashboard, revealRecord, saveRecordDraft, submitRecord } from '../../records/service';

const filler = procedureFor(['filler'], { departmentScoped: true });
const reader = procedureFor(['filler', 'editor', 'approver', 'auditor', 'admin'], { departmentScoped: true });
const recordInput = z.object({
  id: z.uuid().optional(),
  revision: z.number().int().min(1).optional(),
  catalogCode: z.string().min(1).max(64),
  catalogVersion: z.number().int().min(1),
  subjectType: z.string().max(20),
  subjectCode: z.string().max(32),
  subjectName: z.string().max(200),
  data: z.record(z.string(), z.unknown()),
  /** Explicit move of a draft off a superseded catalog version onto the current one. */
  repin: z.boolean().optional(),
});
/** One key per form session: a retried or double-clicked submit returns the first result. */
const idempotencyKey = z.string().min(8).max(128).optional();

export const recordRouter = router({
  fillable: filler.query(({ ctx }) => listFillableItems(ctx.db, ctx.viewer)),
  form: filler.input(z.object({ code: z.string().max(64) })).query(({ ctx, input }) => getFillForm(ctx.db, ctx.viewer, input.code)),
  saveDraft: filler.input(recordInput).mutation(({ ctx, input }) => saveRecordDraft(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  submit: filler.input(recordInput.extend({ idempotencyKey })).mutation(({ ctx, input }) => submitRecord(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  list: reader
    .input(z.object({ status: z.string().max(20).optional(), catalogCode: z.string().max(64).optional(), q: z.string().max(100).optional(), overdue: z.boolean().optional(), page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(100).default(20) }))
    .query(({ ctx, input }) => listRecords(ctx.db, ctx.viewer, ctx.scope, input)),
  byId: reader.input(z.object({ id: z.uuid() })).query(({ ctx, input }) => getRecord(ctx.db, ctx.viewer, input.id)),
  reveal: reader.input(z.object({ id: z.uuid(), reason: z.string().max(500) })).mutation(({ ctx, input }) => revealRecord(ctx.db, actorOf(ctx.viewer), ctx.viewer, input.id, input.reason)),
  dashboard: reader.query(({ ctx }) => recordDashboard(ctx.db, ctx.scope)),
  decide: procedureFor(['approver'])
    .input(z.object({ id: z.uuid(), decision: z.enum(['accept', 'reject']), comment: z.string().max(1000).optional() }))
    .mutation(({ ctx, input }) => decideRecord(ctx.db, actorOf(ctx.viewer), input)),
});
