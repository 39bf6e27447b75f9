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
import type { GradingModelContent, Indicator } from '../../catalog/grading/types';
import { gradingModelKind } from '../../catalog/kinds/grading-model';
import { validateWith, type FieldIssue } from '../../forms/ajv';
import { compileSelect } from './compile';
import { normalizeCode } from '../../forms/formats/normalize';
import { assertNoProblems } from './models';
import { explainNames } from './results';

const kindSchema = gradingModelKind.schema as unknown as { $defs: { indicator: { properties: Record<string, unknown> } }; properties: { definition: { properties: Record<string, unknown> } } };
const defProps = kindSchema.properties.definition.properties;
const indicatorDef = kindSchema.$defs.indicator;

/**
 * The shape the preview reads, from the kind's own schema: the indicator tree (rules of other
 * leaves may be half-written, so not checked here), subject types and period; then the chosen
 * leaf's rule on its own. The draft is arbitrary JSON (z.record), and the semantic checks and the
 * compiler assume this shape: a malformed rule used to end as a 500.
 */
const PREVIEW_SCHEMA = {
  type: 'object',
  $defs: { indicator: { ...indicatorDef, properties: { ...indicatorDef.properties, rule: {} } } },
  properties: { definition: { type: 'object', properties: { subjectTypes: defProps.subjectTypes, indicators: defProps.indicators, period: defProps.period }, required: ['subjectTypes', 'indicators', 'period'] } },
  required: ['definition'],
};
const RULE_SCHEMA = { ...(indicatorDef.properties.rule as object), type: 'object' };

function assertShape(issues: FieldIssue[], at = ''): void {
  assertNoProblems(issues.map((i) => ({ path: at && i.path ? `${at}.${i.path}` : at || i.path, code: i.keyword, params: {}, message: i.message })));
}

/** The JSON path of indicator `id` in the tree, e.g. `definition.indicators.1.children.0`. */
function pathOf(nodes: Indicator[], id: string, at: string): string | null {
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (n.id === id && !n.children?.length) return `${at}.${i}`;
    const inner = n.children?.length ? pathOf(n.children, id, `${at}.${i}.children`) : null;
    if (inner) return inner;
  }
  return null;
}

export async function previewLeaf(db: Db, input: { content: GradingModelContent; indicatorId: string; subjectCode: string }) {
  assertShape(validateWith('grading-preview', PREVIEW_SCHEMA, input.content));
  const def = input.content.definition;
  const leaf = leavesOf(def.indicators).find((l) => l.id === input.indicatorId);
  const at = pathOf(def.indicators, input.indicatorId, 'definition.indicators');
  if (!leaf || !at) throw new DomainError('NOT_FOUND', 'grading.errors.indicatorNotFound', { id: input.indicatorId });
  if (!leaf.rule) throw new DomainError('INVALID_DEFINITION', 'grading.errors.leafWithoutRule', { id: leaf.id });
  assertShape(validateWith('grading-preview-rule', RULE_SCHEMA, leaf.rule), `${at}.rule`);
  // The leaf's rule and the period, judged alone (the rest of the draft may be half-written).
  const single = { definition: { ...def, indicators: [leaf], vetoes: [] } };
  const own = (p: string) => p.startsWith('definition.period') || p.startsWith('definition.indicators.0.rule');
  assertNoProblems(gradingModelProblems(single).filter((p) => own(p.path)).map((p) => ({ ...p, path: p.path.replace('definition.indicators.0', at) })));
  const period = latestCompletedPeriod(def.period, todayCN());
  const rows = rowsOf<{ scores: Record<string, [RuleValue, number]> | string }>(await db.execute(compileSelect(single, { period, subjectCode: normalizeCode(input.subjectCode) })));
  const raw = rows[0]?.scores;
  const scores = typeof raw === 'string' ? (JSON.parse(raw) as Record<string, [RuleValue, number]>) : raw;
  const value: RuleValue = scores?.[leaf.id]?.[0] ?? (leaf.rule.aggregation === 'latest' ? null : 0);
  const adjustment = adjustmentOf(leaf.rule.points, value);
  return { period, value, adjustment, score: leafPoints(leaf, adjustment), points: leaf.points, inScope: rows.length > 0, explanation: describeRule(leaf.rule, leaf.points, await explainNames(db)) };
}
