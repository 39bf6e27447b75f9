/**
 * The designer's live preview of one leaf: what a chosen subject would get from the rule as it
 * is being edited, on the latest completed period. The leaf alone is compiled (the rest of the
 * draft may be half-written) with the same compiler the engine uses, limited to that subject.
 */
import type { Db } from '../db';
import { rowsOf } from '../db';
import { DomainError } from '../errors';
import { todayCN } from '../registers/dates';
import { latestCompletedPeriod } from '../../catalog/grading/period';
import { adjustmentOf, leafPoints, leavesOf, type RuleValue } from '../../catalog/grading/score';
import { describeRule } from '../../catalog/grading/explain';
import { gradingModelProblems } from '../../catalog/grading/validate';
import type { GradingModelContent } from '../../catalog/grading/types';
import { compileSelect } from './compile';
import { normalizeCode } from '../../forms/formats/normalize';
import { assertNoProblems } from './models';
import { explainNames } from './results';

export async function previewLeaf(db: Db, input: { content: GradingModelContent; indicatorId: string; subjectCode: string }) {
  const def = input.content.definition;
  const leaf = leavesOf(def?.indicators ?? []).find((l) => l.id === input.indicatorId);
  if (!leaf) throw new DomainError('NOT_FOUND', 'grading.errors.indicatorNotFound', { id: input.indicatorId });
  const ruleProblems = gradingModelProblems(input.content).filter((p) => p.path.startsWith('definition.period'));
  assertNoProblems(ruleProblems);
  if (!leaf.rule) throw new DomainError('INVALID_DEFINITION', 'grading.errors.leafWithoutRule', { id: leaf.id });
  const period = latestCompletedPeriod(def.period, todayCN());
  const single = { definition: { ...def, indicators: [leaf], vetoes: [] } };
  const rows = rowsOf<{ scores: Record<string, [RuleValue, number]> | string }>(await db.execute(compileSelect(single, { period, subjectCode: normalizeCode(input.subjectCode) })));
  const raw = rows[0]?.scores;
  const scores = typeof raw === 'string' ? (JSON.parse(raw) as Record<string, [RuleValue, number]>) : raw;
  const value: RuleValue = scores?.[leaf.id]?.[0] ?? (leaf.rule.aggregation === 'latest' ? null : 0);
  const adjustment = adjustmentOf(leaf.rule.points, value);
  return { period, value, adjustment, score: leafPoints(leaf, adjustment), points: leaf.points, inScope: rows.length > 0, explanation: describeRule(leaf.rule, leaf.points, await explainNames(db)) };
}
