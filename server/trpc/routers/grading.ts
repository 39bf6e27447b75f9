import { z } from 'zod';
import { procedureFor, router } from '../init';
import { actorOf } from '../../auth/viewer';
import { modelProblems } from '../../grading/models';
import { startRun } from '../../grading/evaluate';
import { previewLeaf } from '../../grading/preview';
import { whatIf } from '../../grading/what-if';
import { explainResult, getRun, listResults, listRuns, runView } from '../../grading/results';
import { listQueryLog, lookupSubjects } from '../../grading/lookup';
import type { GradingModelContent } from '../../../catalog/grading/types';

const editor = procedureFor(['editor']);
const designer = procedureFor(['editor', 'admin']);
const reader = procedureFor(['editor', 'admin', 'approver', 'auditor']);
const code = z.string().min(1).max(64);
// The definition's shape is judged by the kind schema and gradingModelProblems, not by zod.
const content = z.record(z.string(), z.unknown()).transform((c) => c as unknown as GradingModelContent);
const date = z.string().max(10);
const paging = { page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(200).default(20) };

export const gradingRouter = router({
  // A mutation only for its transport (POST): the input is the whole model, too large for a GET URL. It changes nothing.
  validate: designer.input(z.object({ content })).mutation(async ({ ctx, input }) => ({ problems: await modelProblems(ctx.db, input.content) })),
  previewLeaf: editor
    .input(z.object({ content, indicatorId: z.string().min(1).max(64), subjectCode: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) => previewLeaf(ctx.db, input)),
  whatIf: editor
    .input(z.object({ code, content, page: z.number().int().min(1).optional(), pageSize: z.number().int().min(1).max(200).optional() }))
    .mutation(({ ctx, input }) => whatIf(ctx.db, actorOf(ctx.viewer), input, ctx.viewer)),
  startRun: designer
    .input(z.object({ code, version: z.number().int().min(1).optional(), periodEnd: date.optional() }))
    .mutation(({ ctx, input }) => startRun(ctx.db, actorOf(ctx.viewer), input)),
  runs: reader.input(z.object({ code: code.optional() })).query(({ ctx, input }) => listRuns(ctx.db, input.code)),
  run: reader.input(z.object({ id: z.uuid() })).query(async ({ ctx, input }) => runView(await getRun(ctx.db, input.id))),
  results: reader
    .input(z.object({ runId: z.uuid(), grade: z.string().max(5).optional(), q: z.string().max(100).optional(), ...paging }))
    .query(({ ctx, input }) => listResults(ctx.db, ctx.viewer, input)),
  explain: reader
    .input(z.object({ runId: z.uuid(), ref: z.string().min(1).max(300).optional(), subjectCode: z.string().min(1).max(64).optional() }).refine((v) => Boolean(v.ref || v.subjectCode)))
    .query(({ ctx, input }) => explainResult(ctx.db, ctx.viewer, input.runId, input)),
  // A mutation: every lookup writes a query-log row and an audit row.
  lookup: procedureFor(['filler', 'editor', 'approver', 'admin'])
    .input(z.object({ query: z.string().max(200), purpose: z.string().max(500) }))
    .mutation(({ ctx, input }) => lookupSubjects(ctx.db, actorOf(ctx.viewer), ctx.viewer, input)),
  queryLog: procedureFor(['auditor', 'admin'])
    .input(z.object({ from: date.optional(), to: date.optional(), userId: z.uuid().optional(), department: z.string().max(32).optional(), subject: z.string().max(100).optional(), purpose: z.string().max(200).optional(), ...paging }))
    .query(({ ctx, input }) => listQueryLog(ctx.db, input)),
});
