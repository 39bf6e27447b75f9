import { z } from 'zod';
import { procedureFor, router } from '../init';
import { actorOf } from '../../auth/viewer';
import { creditFile, FILE_ROLES } from '../../subjects/file';
import { nameConflicts } from '../../subjects/master';
import { issueReport, PURPOSES } from '../../reports/service';
import { drawSample, getSample, listSamples, sampleableRuns } from '../../sampling/service';

const sampler = procedureFor(['editor', 'filler']);

export const subjectRouter = router({
  // Opening a credit file is a lookup that writes the query log and the audit: a mutation, so no GET writes.
  file: procedureFor(FILE_ROLES)
    .input(z.object({ subject: z.string().min(1).max(200), purpose: z.string().max(200).optional() }))
    .mutation(({ ctx, input }) => creditFile(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  nameConflicts: procedureFor(['editor', 'admin']).query(({ ctx }) => nameConflicts(ctx.db)),
  purposes: procedureFor(['filler', 'editor']).query(() => Object.keys(PURPOSES)),
  issueReport: procedureFor(['filler', 'editor'])
    .input(z.object({ subject: z.string().min(1).max(200), purpose: z.string().max(50), requester: z.string().max(200) }))
    .mutation(({ ctx, input }) => issueReport(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  sampleRuns: sampler.query(({ ctx }) => sampleableRuns(ctx.db)),
  drawSample: sampler
    .input(z.object({ runId: z.uuid(), plan: z.string().max(200), seed: z.string().max(64).optional(), ratios: z.record(z.string().max(5), z.number().min(0).max(100)).optional() }))
    .mutation(({ ctx, input }) => drawSample(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  samples: sampler.input(z.object({ runId: z.uuid().optional() })).query(({ ctx, input }) => listSamples(ctx.db, ctx.viewer, input)),
  sample: sampler.input(z.object({ id: z.uuid() })).query(({ ctx, input }) => getSample(ctx.db, ctx.viewer, input.id)),
});
