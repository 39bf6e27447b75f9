/**
 * What-if (issue #6 §4): evaluate a draft model content on the latest completed period, before it
 * is submitted, and compare with the published version: the two distributions side by side and
 * the subjects whose grade changes. The draft is evaluated by the same compiled statement into a
 * run flagged `what_if` (never current, never listed); the caller's previous what-if runs of the
 * model are dropped first, so they do not pile up. The published side reuses its current run for
 * that period when there is one, and is evaluated as a what-if run otherwise.
 */
import { maskedSubject } from '../subjects/mask';
import type { Viewer } from '../auth/viewer';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { rowsOf } from '../db';
import { evaluationResult, evaluationRun } from '../db/schema';
import { appendAudit, type Actor } from '../audit/append';
import { todayCN } from '../registers/dates';
import { latestCompletedPeriod, type Period } from '../../catalog/grading/period';
import { decodeRunError, type GradingModelContent } from '../../catalog/grading/types';
import { DomainError, type DomainCode } from '../errors';
import { executeRun } from './evaluate';
import { assertNoProblems, findPublishedModel, modelProblems } from './models';

async function evaluateWhatIf(db: Db, actor: Actor, code: string, version: number | null, content: GradingModelContent, period: Period) {
  const [run] = await db
    .insert(evaluationRun)
    .values({ modelCode: code, modelVersion: version, content: content as unknown as Record<string, unknown>, periodStart: period.start, periodEnd: period.end, status: 'running', whatIf: true, createdBy: actor.id, startedAt: new Date() })
    .returning();
  await executeRun(db, run!, 1);
  const [done] = await db.select().from(evaluationRun).where(eq(evaluationRun.id, run!.id));
  if (done?.status === 'failed') {
    const failure = decodeRunError(done.error ?? '');
    if (failure.kind === 'refusal') throw new DomainError((failure.code ?? 'INVALID_DEFINITION') as DomainCode, failure.key, failure.params);
    throw new Error('what-if evaluation failed (see the server log)');
  }
  return done!;
}

async function dropOldWhatIfs(db: Db, actor: Actor, code: string) {
  const old = await db
    .select({ id: evaluationRun.id })
    .from(evaluationRun)
    .where(and(eq(evaluationRun.modelCode, code), eq(evaluationRun.whatIf, true), actor.id ? eq(evaluationRun.createdBy, actor.id) : sql`${evaluationRun.createdBy} is null`));
  if (!old.length) return;
  const ids = old.map((o) => o.id);
  await db.delete(evaluationResult).where(inArray(evaluationResult.runId, ids));
  await db.delete(evaluationRun).where(inArray(evaluationRun.id, ids));
}

export interface WhatIfInput {
  code: string;
  content: GradingModelContent;
  page?: number;
  pageSize?: number;
}

export async function whatIf(db: Db, actor: Actor, input: WhatIfInput, viewer: Pick<Viewer, 'roles'> = { roles: [] }) {
  assertNoProblems(await modelProblems(db, input.content));
  const period = latestCompletedPeriod(input.content.definition.period, todayCN());
  const published = await findPublishedModel(db, input.code);
  await dropOldWhatIfs(db, actor, input.code);
  const draft = await evaluateWhatIf(db, actor, input.code, null, input.content, period);
  let base: { runId: string; version: number; distribution: Record<string, number> } | null = null;
  if (published) {
    const [current] = await db
      .select()
      .from(evaluationRun)
      .where(and(eq(evaluationRun.modelCode, input.code), eq(evaluationRun.periodStart, period.start), eq(evaluationRun.periodEnd, period.end), eq(evaluationRun.isCurrent, true), eq(evaluationRun.modelVersion, published.version)));
    const run = current ?? (await evaluateWhatIf(db, actor, input.code, published.version, published.content, period));
    base = { runId: run.id, version: published.version, distribution: run.distribution ?? {} };
  }
  const page = input.page ?? 1;
  const pageSize = input.pageSize ?? 50;
  const changed = sql`from evaluation_result d left join evaluation_result p on p.run_id = ${base?.runId ?? null}::uuid and p.subject_code = d.subject_code
    where d.run_id = ${draft.id}::uuid and p.grade is distinct from d.grade`;
  const [total] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n ${changed}`));
  const changes = rowsOf<{ subjectCode: string; subjectName: string; subjectType: string; from: string | null; to: string; scoreFrom: string | number | null; scoreTo: string | number }>(
    await db.execute(sql`select d.subject_code as "subjectCode", d.subject_name as "subjectName", d.subject_type as "subjectType", p.grade as "from", d.grade as "to", p.score as "scoreFrom", d.score as "scoreTo"
      ${changed} order by d.subject_code limit ${pageSize}::int offset ${(page - 1) * pageSize}::int`),
  );
  await appendAudit(db, actor, { action: 'grading.what_if', objectType: 'register-entry', objectId: `grading-model/${input.code}`, after: { period, publishedVersion: base?.version ?? null, draft: draft.distribution, changes: Number(total?.n ?? 0) } });
  return {
    period,
    published: base ? { version: base.version, distribution: base.distribution } : null,
    draft: { distribution: draft.distribution ?? {} },
    changes: changes.map((c) => ({ ...c, subjectCode: maskedSubject(viewer, c.subjectType, c.subjectCode), scoreFrom: c.scoreFrom === null ? null : Number(c.scoreFrom), scoreTo: Number(c.scoreTo) })),
    changesTotal: Number(total?.n ?? 0),
  };
}
