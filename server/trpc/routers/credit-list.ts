import { z } from 'zod';
import { procedureFor, router } from '../init';
import { actorOf } from '../../auth/viewer';
import { answerObjection, closeCase, decideCase, fileObjection, getCase, groundCandidates, listCases, produceNotice, proposeCase, recordService, submitForDecision } from '../../lists/service';
import { today } from '../../flows/clock';
import { listMembers, removeMember } from '../../lists/members';
import { feedbackStats, recordFeedback } from '../../lists/feedback';
import { listsInForce } from '../../lists/definitions';
import { translate } from '../../i18n';
import { listSettings } from '../../../catalog/lists/types';
import { eligibilityLists, eligibleSubjects, MAX_PROPOSE_AT_ONCE, proposeEligible } from '../../lists/eligibility';

const worker = procedureFor(['filler', 'editor'], { departmentScoped: true });
const reader = procedureFor(['filler', 'editor', 'approver', 'auditor', 'admin'], { departmentScoped: true });
const id = z.object({ id: z.uuid() });
const evidence = z.array(z.object({ fileName: z.string().min(1).max(200), sha256: z.string().length(64), size: z.number().int().min(0), mediaType: z.string().max(200) })).max(20);
const day = z.string().max(10);

export const creditListRouter = router({
  lists: reader.query(async ({ ctx }) => (await listsInForce(ctx.db, await today(ctx.db))).map((l) => ({ code: l.code, version: l.version, name: l.content.name, listKind: l.content.listKind ?? null, nature: l.content.nature ?? 'sanction', settings: listSettings(l.content) }))),
  candidates: worker.input(z.object({ listCode: z.string().min(1).max(64), subjectCode: z.string().min(1).max(32) })).query(({ ctx, input }) => groundCandidates(ctx.db, ctx.viewer, input)),
  propose: worker
    .input(z.object({ listCode: z.string().min(1).max(64), recordIds: z.array(z.uuid()).max(50), reason: z.string().max(2000), subjectCode: z.string().max(32).optional() }))
    .mutation(({ ctx, input }) => proposeCase(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  eligibilityLists: procedureFor(['editor']).query(({ ctx }) => eligibilityLists(ctx.db, ctx.viewer)),
  eligible: procedureFor(['editor'])
    .input(z.object({ listCode: z.string().min(1).max(64), q: z.string().max(100).optional(), page: z.number().int().min(1).max(100_000).default(1), pageSize: z.number().int().min(1).max(100).default(20) }))
    .query(({ ctx, input }) => eligibleSubjects(ctx.db, ctx.viewer, input)),
  proposeEligible: procedureFor(['editor'])
    .input(z.object({ listCode: z.string().min(1).max(64), keys: z.array(z.string().min(1).max(200)).max(MAX_PROPOSE_AT_ONCE) }))
    .mutation(async ({ ctx, input }) => {
      const r = await proposeEligible(ctx.db, actorOf(ctx.viewer), ctx.viewer, input);
      return { proposed: r.proposed, refused: r.refused.map((f) => translate(ctx.locale, f.key, f.params ?? {})) };
    }),
  cases: reader
    .input(z.object({ state: z.string().max(30).optional(), listCode: z.string().max(64).optional(), q: z.string().max(100).optional(), page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(100).default(20) }))
    .query(({ ctx, input }) => listCases(ctx.db, ctx.viewer, ctx.scope, input)),
  caseById: reader.input(id).query(({ ctx, input }) => getCase(ctx.db, ctx.viewer, input.id)),
  produceNotice: worker.input(id).mutation(({ ctx, input }) => produceNotice(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  serve: worker
    .input(z.object({ id: z.uuid(), servedOn: day, method: z.string().max(20), note: z.string().max(500).optional() }))
    .mutation(({ ctx, input }) => recordService(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  object: worker
    .input(z.object({ id: z.uuid(), content: z.string().max(5000), filedOn: day.optional(), evidence: evidence.optional() }))
    .mutation(({ ctx, input }) => fileObjection(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  answer: worker
    .input(z.object({ id: z.uuid(), objectionId: z.uuid(), outcome: z.enum(['adopted', 'not_adopted']), answer: z.string().max(5000) }))
    .mutation(({ ctx, input }) => answerObjection(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  submit: worker.input(z.object({ id: z.uuid(), periodMonths: z.number().int().min(1).max(1200) })).mutation(({ ctx, input }) => submitForDecision(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  decide: procedureFor(['approver'])
    .input(z.object({ id: z.uuid(), decision: z.enum(['approve', 'reject']), comment: z.string().max(2000).optional() }))
    .mutation(({ ctx, input }) => decideCase(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  close: worker.input(z.object({ id: z.uuid(), reason: z.string().max(2000) })).mutation(({ ctx, input }) => closeCase(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  members: reader
    .input(z.object({ listCode: z.string().max(64).optional(), status: z.enum(['active', 'ended']).optional(), q: z.string().max(100).optional(), page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(100).default(20) }))
    .query(({ ctx, input }) => listMembers(ctx.db, ctx.viewer, input)),
  removeMember: procedureFor(['approver'])
    .input(z.object({ memberId: z.uuid(), reason: z.string().max(2000) }))
    .mutation(({ ctx, input }) => removeMember(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  feedback: procedureFor(['filler', 'editor', 'approver'])
    .input(z.object({ memberId: z.uuid(), measureCode: z.string().min(1).max(64), appliedOn: day, content: z.string().max(2000), amount: z.string().max(20).nullish(), queryLogId: z.uuid().nullish() }))
    .mutation(({ ctx, input }) => recordFeedback(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  feedbackStats: procedureFor(['editor', 'auditor', 'admin'])
    .input(z.object({ from: day.optional(), to: day.optional() }))
    .query(({ ctx, input }) => feedbackStats(ctx.db, input)),
});
