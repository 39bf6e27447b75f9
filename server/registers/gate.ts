/**
 * The one gate of register changes (issue 11): every path that asks for a version to be
 * published or an entry to be retired — the entry page's submit and retire dialogs, the grading
 * and flow designers (all `register.submit` / `register.requestRetire`), the open API to come —
 * opens its change request through `openChangeRequest`, which starts the flow bound to the
 * register kind or leaves the built-in single step open (an approver decides with
 * `approval.decide`). Four eyes: the requester and everyone who wrote a revision of the version
 * (its contributors) are excluded from deciding it, in the built-in step and in every flow task.
 *
 * The gate writes no audit row itself: the flow's start is folded into the caller's one audit
 * row (`entry.submit`, `entry.request_retire`), in the caller's transaction.
 *
 * A register import (io/import.ts) writes drafts only — it opens no change request — and records
 * the importer as a contributor of every version it wrote, so it cannot be used to approve.
 */
import type { Db } from '../db';
import { changeRequest, type entryVersion } from '../db/schema';
import type { Actor } from '../audit/append';
import { boundFlowOf, newFold, startInstances, type FoldedAudit } from '../flows/engine';
import { SUBJECT_TYPE_OF } from '../flows/bindings';
import { eq } from 'drizzle-orm';

type VersionRow = typeof entryVersion.$inferSelect;

export interface ChangeInput {
  version: VersionRow;
  entryCode: string;
  action: 'publish' | 'retire';
  effectiveDate: string;
  reason: string | null;
}

export interface ChangeOutcome {
  changeRequest: typeof changeRequest.$inferSelect;
  fold: FoldedAudit;
}

/** Who may not decide a change of `v`: its author and everyone who wrote a revision of it. */
export function changeContributors(v: Pick<VersionRow, 'authorId' | 'contributorIds'>): string[] {
  return [...new Set([...(v.authorId ? [v.authorId] : []), ...v.contributorIds])];
}

export async function openChangeRequest(tx: Db, actor: Actor, input: ChangeInput): Promise<ChangeOutcome> {
  const v = input.version;
  const [cr] = await tx
    .insert(changeRequest)
    .values({ entryId: v.entryId, versionId: v.id, kindCode: v.kindCode, action: input.action, requestedBy: actor.id!, effectiveDate: input.effectiveDate, reason: input.reason })
    .returning();
  const fold = newFold();
  const flowCode = await boundFlowOf(tx, 'register-change', [{ type: 'register-kind', value: v.kindCode }]);
  if (!flowCode) return { changeRequest: cr!, fold };
  const [instanceId] = await startInstances(
    tx,
    actor,
    flowCode,
    'register-change',
    [
      {
        subject: { type: SUBJECT_TYPE_OF['register-change'], id: cr!.id, label: `${v.kindCode}/${input.entryCode} v${v.version}` },
        data: v.content,
        meta: { kindCode: v.kindCode, code: input.entryCode, action: input.action, version: v.version },
        // Retiring is decided by anyone but its requester: the published version's editors may.
        alsoExcluded: input.action === 'publish' ? changeContributors(v) : [],
      },
    ],
    fold,
  );
  // A flow that decided at once has already changed the request: read it back as it is now.
  const [bound] = await tx.update(changeRequest).set({ flowInstanceId: instanceId! }).where(eq(changeRequest.id, cr!.id)).returning();
  return { changeRequest: bound!, fold };
}
