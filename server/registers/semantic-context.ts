/**
 * What a kind's semantic check (catalog/kinds/semantic.ts) may look up, loaded only for the kind
 * being checked: the user directory for approval flows, the registers in force for grading models.
 */
import type { Db } from '../db';
import type { SemanticContext } from '../../catalog/kinds/semantic';
import { flowValidationContextOf } from '../flow-design/service';
import { loadGradingContext } from '../grading/models';
import { fileFacts } from '../files/service';
import { templateHashes } from '../../catalog/lists/validate';

export async function semanticContextFor(db: Db, kindCode: string, content: Record<string, unknown> = {}): Promise<SemanticContext> {
  switch (kindCode) {
    case 'credit-list':
      return { lists: { files: await fileFacts(db, templateHashes(content)) } };
    case 'approval-flow':
      return flowValidationContextOf(db);
    case 'grading-model':
      return { grading: await loadGradingContext(db) };
    default:
      return {};
  }
}
