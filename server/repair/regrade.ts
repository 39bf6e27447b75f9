/**
 * Incremental re-grade of one subject (after a repair, a revocation, a correction): in every
 * current evaluation run, the subject's result is computed again by the same compiled statement a
 * full run uses (compile.ts, limited to the subject), replacing its row and moving the run's
 * distribution by one — not a full run. In the caller's transaction.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { rowsOf } from '../db';
import { evaluationResult, evaluationRun } from '../db/schema';
import { compileInsert } from '../grading/compile';
import type { GradingModelContent } from '../../catalog/grading/types';

export interface Regraded {
  modelCode: string;
  modelVersion: number | null;
  period: { start: string; end: string };
  from: string | null;
  to: string | null;
}

export async function regradeSubject(tx: Db, subjectCode: string): Promise<Regraded[]> {
  const runs = await tx.select().from(evaluationRun).where(and(eq(evaluationRun.isCurrent, true), eq(evaluationRun.whatIf, false))).for('update');
  const out: Regraded[] = [];
  for (const run of runs) {
    const [old] = await tx.delete(evaluationResult).where(and(eq(evaluationResult.runId, run.id), eq(evaluationResult.subjectCode, subjectCode))).returning({ grade: evaluationResult.grade });
    const written = rowsOf<{ grade: string; n: number }>(await tx.execute(compileInsert(run.content as unknown as GradingModelContent, run.id, { period: { start: run.periodStart, end: run.periodEnd }, subjectCode })));
    const to = written[0]?.grade ?? null;
    if (!old && !to) continue;
    const distribution = { ...(run.distribution ?? {}) };
    if (old) distribution[old.grade] = Math.max(0, (distribution[old.grade] ?? 0) - 1);
    if (to) distribution[to] = (distribution[to] ?? 0) + 1;
    await tx.update(evaluationRun).set({ distribution: sql`${JSON.stringify(distribution)}::jsonb` }).where(eq(evaluationRun.id, run.id));
    out.push({ modelCode: run.modelCode, modelVersion: run.modelVersion, period: { start: run.periodStart, end: run.periodEnd }, from: old?.grade ?? null, to });
  }
  return out;
}
