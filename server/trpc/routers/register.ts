import { z } from 'zod';
import { ANY_ROLE, procedureFor, router } from '../init';
import { actorOf } from '../../auth/viewer';
import { listKinds, getKind } from '../../registers/kinds';
import {
  createEdition,
  createEntry,
  getEdition,
  getEntry,
  fieldUsage,
  impactOf,
  listEditions,
  listEntries,
  requestRetirement,
  saveDraft,
  startDraft,
  submitForApproval,
  withdrawRequest,
} from '../../registers/service';
import { diffEntryVersions, diffRegisterDates } from '../../registers/diff';
import { mayReadDrafts, REGISTER_WRITERS } from '../../registers/access';

const reader = procedureFor(ANY_ROLE);
const editor = procedureFor(REGISTER_WRITERS);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const kindCode = z.string().min(1).max(40);
const entryCode = z.string().min(1).max(64);
const content = z.record(z.string(), z.unknown());
/** One key per submit dialog: a retried or double-clicked submit returns the first result. */
const idempotencyKey = z.string().min(8).max(128).optional();

export const registerRouter = router({
  kinds: reader.query(({ ctx }) => listKinds(ctx.db)),
  kind: reader.input(z.object({ code: kindCode })).query(({ ctx, input }) => getKind(ctx.db, input.code)),
  list: reader
    .input(z.object({ kindCode, asOf: day.optional(), q: z.string().max(100).optional(), status: z.string().max(20).optional(), page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(200).default(20) }))
    .query(({ ctx, input }) => listEntries(ctx.db, { ...input, drafts: mayReadDrafts(ctx.viewer) })),
  entry: reader.input(z.object({ kindCode, code: entryCode, asOf: day.optional() })).query(({ ctx, input }) => getEntry(ctx.db, input.kindCode, input.code, { asOf: input.asOf, drafts: mayReadDrafts(ctx.viewer) })),
  fieldUsage: editor.input(z.object({ kindCode, fields: z.array(z.string().min(1).max(64)).max(200) })).query(({ ctx, input }) => fieldUsage(ctx.db, input.kindCode, input.fields)),
  impact: reader.input(z.object({ kindCode, code: entryCode })).query(({ ctx, input }) => impactOf(ctx.db, input.kindCode, input.code, { drafts: mayReadDrafts(ctx.viewer) })),
  diffVersions: reader
    .input(z.object({ kindCode, code: entryCode, from: z.number().int().min(0), to: z.number().int().min(1) }))
    .query(({ ctx, input }) => diffEntryVersions(ctx.db, input.kindCode, input.code, input.from, input.to, { drafts: mayReadDrafts(ctx.viewer) })),
  diffDates: reader.input(z.object({ kindCode, from: day, to: day })).query(({ ctx, input }) => diffRegisterDates(ctx.db, input.kindCode, input.from, input.to)),
  create: editor
    .input(z.object({ kindCode, code: entryCode, content, changeNote: z.string().max(500).optional() }))
    .mutation(({ ctx, input }) => createEntry(ctx.db, actorOf(ctx.viewer), input)),
  startDraft: editor
    .input(z.object({ kindCode, code: entryCode, content: content.optional(), changeNote: z.string().max(500).optional() }))
    .mutation(({ ctx, input }) => startDraft(ctx.db, actorOf(ctx.viewer), input)),
  saveDraft: editor
    .input(z.object({ versionId: z.uuid(), revision: z.number().int().min(1), content, changeNote: z.string().max(500).optional() }))
    .mutation(({ ctx, input }) => saveDraft(ctx.db, actorOf(ctx.viewer), input)),
  submit: editor
    .input(z.object({ versionId: z.uuid(), revision: z.number().int().min(1), effectiveDate: day, reason: z.string().max(1000).optional(), idempotencyKey }))
    .mutation(({ ctx, input }) => submitForApproval(ctx.db, actorOf(ctx.viewer), input)),
  requestRetire: editor
    .input(z.object({ kindCode, code: entryCode, effectiveDate: day, reason: z.string().max(1000), idempotencyKey }))
    .mutation(({ ctx, input }) => requestRetirement(ctx.db, actorOf(ctx.viewer), input)),
  withdraw: editor.input(z.object({ changeRequestId: z.uuid() })).mutation(({ ctx, input }) => withdrawRequest(ctx.db, actorOf(ctx.viewer), input.changeRequestId)),
  editions: reader.input(z.object({ kindCode })).query(({ ctx, input }) => listEditions(ctx.db, input.kindCode)),
  edition: reader.input(z.object({ id: z.uuid() })).query(({ ctx, input }) => getEdition(ctx.db, input.id)),
  createEdition: editor
    .input(z.object({ kindCode, name: z.string().max(50), asOf: day, note: z.string().max(500).optional() }))
    .mutation(({ ctx, input }) => createEdition(ctx.db, actorOf(ctx.viewer), input)),
});
