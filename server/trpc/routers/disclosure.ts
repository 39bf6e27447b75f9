import { z } from 'zod';
import { procedureFor, router } from '../init';
import { actorOf } from '../../auth/viewer';
import { answerObjection, decideObjectionAnswer, fileObjection, getObjection, listObjections, OUTCOMES, recordRevisions, targetInfo } from '../../objections/service';
import { applyForRepair, decideRepair, getRepair, listRepairs } from '../../repair/service';
import { repairCommitmentItem } from '../../repair/commitment';
import { creditChangesSince } from '../../disclosure/feed';
import { recordDisclosureView } from '../../disclosure/view';
import { today } from '../../flows/clock';

const worker = procedureFor(['filler', 'editor'], { departmentScoped: true });
const reader = procedureFor(['filler', 'editor', 'approver', 'auditor', 'admin'], { departmentScoped: true });
const id = z.object({ id: z.uuid() });
const evidence = z.array(z.object({ fileName: z.string().min(1).max(200), sha256: z.string().length(64), size: z.number().int().min(0), mediaType: z.string().max(200) })).max(20);
const target = { targetType: z.enum(['record', 'membership']), targetId: z.uuid() };
const listQuery = { q: z.string().max(100).optional(), page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(100).default(20) };

export const objectionRouter = router({
  file: worker
    .input(z.object({ ...target, content: z.string().max(5000), disputedItems: z.array(z.string().max(100)).max(50).optional(), evidence: evidence.optional() }))
    .mutation(({ ctx, input }) => fileObjection(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  answer: worker
    .input(z.object({ id: z.uuid(), outcome: z.enum(OUTCOMES), answer: z.string().max(5000), correctedData: z.record(z.string(), z.unknown()).optional(), revision: z.number().int().optional() }))
    .mutation(({ ctx, input }) => answerObjection(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  /** The built-in review of an answer (no flow bound): an approver confirms it or returns it. */
  decide: procedureFor(['approver'])
    .input(z.object({ id: z.uuid(), decision: z.enum(['approve', 'return']), comment: z.string().max(2000).optional(), revision: z.number().int().optional() }))
    .mutation(({ ctx, input }) => decideObjectionAnswer(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  list: reader.input(z.object({ state: z.enum(['open', 'closed']).optional(), ...listQuery })).query(({ ctx, input }) => listObjections(ctx.db, ctx.viewer, ctx.scope, input)),
  byId: reader.input(id).query(({ ctx, input }) => getObjection(ctx.db, ctx.viewer, input.id)),
  target: worker.input(z.object(target)).query(({ ctx, input }) => targetInfo(ctx.db, ctx.viewer, input)),
});

export const repairRouter = router({
  commitmentItem: worker.query(async ({ ctx }) => {
    const item = await repairCommitmentItem(ctx.db, await today(ctx.db));
    return item ? { code: item.code, version: item.version, matterName: item.content.matterName, letterTemplate: item.content.letterTemplate } : null;
  }),
  file: worker
    .input(z.object({ ...target, obligationsStatement: z.string().max(5000), evidence: evidence.optional(), commitment: z.object({ made: z.boolean(), legalRepresentative: z.string().max(50).optional() }) }))
    .mutation(({ ctx, input }) => applyForRepair(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  decide: procedureFor(['approver'])
    .input(z.object({ id: z.uuid(), decision: z.enum(['approve', 'reject']), comment: z.string().max(2000).optional() }))
    .mutation(({ ctx, input }) => decideRepair(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  list: reader.input(z.object({ state: z.enum(['in_decision', 'approved', 'rejected']).optional(), ...listQuery })).query(({ ctx, input }) => listRepairs(ctx.db, ctx.viewer, ctx.scope, input)),
  byId: reader.input(id).query(({ ctx, input }) => getRepair(ctx.db, ctx.viewer, input.id)),
});

export const disclosureRouter = router({
  /** A record's class, 公示截止日, 可申请修复日, publication state and earlier revisions (the record page). */
  ofRecord: reader.input(id).query(async ({ ctx, input }) => ({ disclosure: await recordDisclosureView(ctx.db, ctx.viewer, input.id), revisions: await recordRevisions(ctx.db, ctx.viewer, input.id) })),
  feed: procedureFor(['editor', 'auditor', 'admin'])
    .input(z.object({ cursor: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(50) }))
    .query(({ ctx, input }) => creditChangesSince(ctx.db, input.cursor, input.limit)),
});
