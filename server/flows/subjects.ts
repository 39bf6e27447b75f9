/**
 * What an instance's outcome does to the thing it decides. The engine calls these inside its own
 * transaction, so the flow's end and the subject's change commit together. Subject types without
 * an adapter (e.g. the benchmark's 'none') are decided by the flow alone.
 *
 * And what a reader of an instance may see of its subject's data: an instance keeps a copy of a
 * record's data (its conditions read it), so personal fields are masked there by the same rule
 * as on the record's own pages.
 */
import type { Db } from '../db';
import type { Actor } from '../audit/append';
import { applyChangeRequestDecision, applyRequestWithdrawal } from '../registers/service';
import { applyRecordDecision, applyRecordWithdrawal, maskedRecordData } from '../records/service';
import type { Viewer } from '../auth/viewer';
import { changeRequest } from '../db/schema';
import { eq } from 'drizzle-orm';
import { DomainError } from '../errors';

export const SUBJECT_TYPES = ['change-request', 'record', 'none'] as const;
export type FlowSubjectType = (typeof SUBJECT_TYPES)[number];

interface SubjectRef {
  subjectType: string;
  subjectId: string;
}

export async function applyOutcome(tx: Db, actor: Actor, s: SubjectRef, outcome: 'approved' | 'rejected', comment: string | null) {
  const approve = outcome === 'approved';
  if (s.subjectType === 'change-request') await applyChangeRequestDecision(tx, actor, { id: s.subjectId, decision: approve ? 'approve' : 'reject', comment: comment ?? undefined });
  else if (s.subjectType === 'record') await applyRecordDecision(tx, actor, { id: s.subjectId, decision: approve ? 'accept' : 'reject', comment: comment ?? undefined });
}

export async function applyWithdrawal(tx: Db, actor: Actor, s: SubjectRef) {
  if (s.subjectType === 'change-request') {
    const [cr] = await tx.select().from(changeRequest).where(eq(changeRequest.id, s.subjectId)).for('update');
    if (!cr || cr.status !== 'open') throw new DomainError('CONFLICT', 'registers.errors.requestDecided', { status: cr?.status ?? 'missing' });
    await applyRequestWithdrawal(tx, actor, cr);
  } else if (s.subjectType === 'record') await applyRecordWithdrawal(tx, actor, s.subjectId);
}

/** The instance's copy of its subject's data as `viewer` may see it; `masked` when fields were hidden. */
export async function subjectDataFor(db: Db, viewer: Viewer, s: SubjectRef, data: Record<string, unknown>): Promise<{ data: Record<string, unknown>; masked: boolean }> {
  if (s.subjectType === 'record') return maskedRecordData(db, viewer, s.subjectId, data);
  return { data, masked: false };
}
