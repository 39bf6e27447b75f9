/** Records as flow subjects (trigger record-submit): accepted or rejected when the instance ends. */
import { registerSubjectAdapter, type SubmissionPreview } from '../flows/adapters';
import type { Db } from '../db';
import { applyRecordDecision, applyRecordWithdrawal, getPinnedVersion, maskedRecordData } from './service';

/**
 * A record's fill page knows its catalog item (code and version) but not the item's category,
 * which is a binding scope too: add it, and the meta submitRecord gives the flow, from the item.
 */
async function withRecordScopes(db: Db, input: SubmissionPreview): Promise<SubmissionPreview> {
  const item = input.scopes.find((s) => s.type === 'catalog-item');
  const version = input.meta?.catalogVersion;
  if (!item || typeof version !== 'number' || input.scopes.some((s) => s.type === 'catalog-category')) return input;
  const pinned = await getPinnedVersion(db, item.value, version).catch(() => null);
  const category = (pinned?.content as { category?: string } | undefined)?.category;
  if (!category) return input;
  return { ...input, scopes: [...input.scopes, { type: 'catalog-category', value: category }], meta: { ...input.meta, category } };
}

registerSubjectAdapter({
  type: 'record',
  applyOutcome: async (tx, actor, id, outcome, comment, audit) => {
    await applyRecordDecision(tx, actor, { id, decision: outcome === 'approved' ? 'accept' : 'reject', comment: comment ?? undefined }, audit);
  },
  applyWithdrawal: (tx, actor, id, audit) => applyRecordWithdrawal(tx, actor, id, audit),
  previewInput: withRecordScopes,
  dataFor: (db, viewer, id, data) => maskedRecordData(db, viewer, id, data),
});
