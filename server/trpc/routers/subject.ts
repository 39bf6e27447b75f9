import { z } from 'zod';
import { procedureFor, router } from '../init';
import { actorOf } from '../../auth/viewer';
import { creditFile, FILE_ROLES } from '../../subjects/file';
import { NAME_REVIEW_OUTCOMES, nameConflictPage, reviewNameConflict } from '../../subjects/name-review';
import { issueReport, PURPOSES } from '../../reports/service';
import { recordSampleResult } from '../../sampling/results';
import { INSPECTION_RESULTS } from '../../sampling/result-form';
import { drawSample, getSample, listSamples, sampleableRuns } from '../../sampling/service';

const sampler = procedureFor(['editor', 'filler']);

export const subjectRouter = router({
  // Opening a credit file is a lookup that writes the query log and the audit: a mutation, so no GET writes.
  file: procedureFor(FILE_ROLES)
    .input(z.object({ subject: z.string().min(1).max(200), purpose: z.string().max(200).optional() }))
    .mutation(({ ctx, input }) => creditFile(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  nameConflicts: procedureFor(['editor', 'admin'])
    .input(z.object({ state: z.enum(['open', 'waiting']).optional(), q: z.string().max(100).optional(), page: z.number().int().min(1).max(100_000).default(1), pageSize: z.number().int().min(1).max(100).default(20) }))
    .query(({ ctx, input }) => nameConflictPage(ctx.db, ctx.viewer, input)),
  reviewNames: procedureFor(['editor'])
    .input(z.object({ key: z.string().min(1).max(200), outcome: z.enum(NAME_REVIEW_OUTCOMES), correctName: z.string().max(200).optional(), note: z.string().max(2000) }))
    .mutation(({ ctx, input }) => reviewNameConflict(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  purposes: procedureFor(['filler', 'editor']).query(() => Object.keys(PURPOSES)),
  issueReport: procedureFor(['filler', 'editor'])
    .input(z.object({ subject: z.string().min(1).max(200), purpose: z.string().max(50), requester: z.string().max(200) }))
    .mutation(({ ctx, input }) => issueReport(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  sampleRuns: sampler.query(({ ctx }) => sampleableRuns(ctx.db)),
  drawSample: sampler
    .input(z.object({ runId: z.uuid(), plan: z.string().max(200), seed: z.string().max(64).optional(), ratios: z.record(z.string().max(5), z.number().min(0).max(100)).optional() }))
    .mutation(({ ctx, input }) => drawSample(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  samples: sampler.input(z.object({ runId: z.uuid().optional() })).query(({ ctx, input }) => listSamples(ctx.db, ctx.viewer, input)),
  recordResult: procedureFor(['filler'])
    .input(z.object({ sampleId: z.uuid(), index: z.number().int().min(0).max(1_000_000), inspectedOn: z.string().max(10), result: z.string().max(100), note: z.string().max(2000).optional() }))
    .mutation(({ ctx, input }) => recordSampleResult(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  resultOptions: sampler.query(() => [...INSPECTION_RESULTS]),
  sample: sampler.input(z.object({ id: z.uuid() })).query(({ ctx, input }) => getSample(ctx.db, ctx.viewer, input.id)),
});
