/**
 * What a kind's semantic check (catalog/kinds/semantic.ts) may look up, loaded only for the kind
 * being checked: the user directory for approval flows, the registers in force for grading models.
 */
import type { Db } from '../db';
import type { SemanticContext } from '../../catalog/kinds/semantic';
import { flowValidationContextOf } from '../flow-design/service';
import { loadGradingContext } from '../grading/models';
import { fileFacts } from '../files/service';
import { templateHashes, type ListCheckContext } from '../../catalog/lists/validate';
import { inForceVersions } from '../grading/models';
import { todayCN } from '../registers/dates';
import { now as clockNow } from '../flows/clock';
import { modelGrades, type GradingModelContent } from '../../catalog/grading/types';

export async function semanticContextFor(db: Db, kindCode: string, content: Record<string, unknown> = {}): Promise<SemanticContext> {
  switch (kindCode) {
    case 'credit-list':
      return { lists: { files: await fileFacts(db, templateHashes(content)), ...(await eligibilityModelOf(db, content)) } };
    case 'approval-flow':
      return flowValidationContextOf(db);
    case 'grading-model':
      return { grading: await loadGradingContext(db) };
    default:
      return {};
  }
}

/** The grading model a red list's conditions name, as in force today: its name and its grades. */
async function eligibilityModelOf(db: Db, content: Record<string, unknown>): Promise<Pick<ListCheckContext, 'eligibilityModel'>> {
  const code = (content.eligibilityModel as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || !code) return {};
  const model = (await inForceVersions(db, 'grading-model', todayCN(await clockNow(db)))).get(code);
  if (!model) return {};
  const c = model.content as GradingModelContent;
  return { eligibilityModel: { name: String(c.name ?? code), grades: modelGrades(c).map((g) => g.grade) } };
}
