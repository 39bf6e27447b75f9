/**
 * Subject adapters: what an instance's outcome does to the thing it decides (a record, a register
 * change request, a list case, an objection, a repair …). Each kind of subject registers its
 * adapter here (see server/subject-adapters.ts); the engine calls them inside its own transaction,
 * so the flow's end and the subject's change commit together, and it imports none of them.
 *
 * A subject type with no adapter fails closed (an instance that would end without its effect is
 * refused), except 'none' (instances about nothing, used by the benchmark).
 *
 * Every effect receives an `AuditWriter`: normally it appends the effect's own audit row; when a
 * flow decides at once inside the submit (or import) that started it, the engine folds the effect
 * into that user action's one audit row instead (DESIGN §7: one audit row per user action).
 */
import type { Db } from '../db';
import { appendAudit, type Actor, type AuditEvent } from '../audit/append';
import { DomainError } from '../errors';
import type { FlowTrigger } from '../../catalog/flows/types';
import type { Viewer } from '../auth/viewer';
import type { Scope } from './bindings';

export type Outcome = 'approved' | 'rejected';

/** Where an effect's audit entry goes: its own row, or the row of the action that caused it. */
export type AuditWriter = (event: AuditEvent) => Promise<void>;

/** The default writer: the effect's own row in the chain, in the same transaction. */
export const appendTo =
  (tx: Db, actor: Actor): AuditWriter =>
  async (event) => {
    await appendAudit(tx, actor, event);
  };

export interface SubmissionPreview {
  trigger: FlowTrigger;
  scopes: Scope[];
  data: Record<string, unknown>;
  meta?: Record<string, unknown>;
}

export interface SubjectAdapter {
  /** `flow_instance.subject_type` of the instances this adapter decides. */
  type: string;
  /** The instance ended (or a 'publish' action ran): apply approval or rejection. */
  applyOutcome(tx: Db, actor: Actor, subjectId: string, outcome: Outcome, comment: string | null, audit: AuditWriter): Promise<void>;
  /** The initiator withdrew the instance (撤回): put the subject back where it was before submitting. */
  applyWithdrawal(tx: Db, actor: Actor, subjectId: string, audit: AuditWriter): Promise<void>;
  /** An automatic action node other than publish/notify (e.g. 'apply-list-decision'); false when the subject has no such action. */
  applyAction?(tx: Db, actor: Actor, subjectId: string, action: string, audit: AuditWriter): Promise<boolean>;
  /** Completes what a submit page knows before submitting (e.g. a record's catalog category scope). */
  previewInput?(db: Db, input: SubmissionPreview): Promise<SubmissionPreview>;
  /**
   * The instance's copy of its subject's data as `viewer` may see it (an instance keeps a copy of a
   * record's data for its conditions, so personal fields are masked as on the record's own pages).
   */
  dataFor?(db: Db, viewer: Viewer, subjectId: string, data: Record<string, unknown>): Promise<{ data: Record<string, unknown>; masked: boolean }>;
}

const adapters = new Map<string, SubjectAdapter>();

export function registerSubjectAdapter(adapter: SubjectAdapter) {
  adapters.set(adapter.type, adapter);
}

export function findSubjectAdapter(type: string): SubjectAdapter | null {
  return adapters.get(type) ?? null;
}

function adapterOrFail(type: string): SubjectAdapter | null {
  if (type === 'none') return null;
  const a = adapters.get(type);
  if (!a) throw new DomainError('INVALID_DEFINITION', 'flowEngine.errors.noSubjectAdapter', { type });
  return a;
}

interface SubjectRef {
  subjectType: string;
  subjectId: string;
}

export async function applyOutcome(tx: Db, actor: Actor, s: SubjectRef, outcome: Outcome, comment: string | null, audit: AuditWriter = appendTo(tx, actor)) {
  await adapterOrFail(s.subjectType)?.applyOutcome(tx, actor, s.subjectId, outcome, comment, audit);
}

export async function applyWithdrawal(tx: Db, actor: Actor, s: SubjectRef, audit: AuditWriter = appendTo(tx, actor)) {
  await adapterOrFail(s.subjectType)?.applyWithdrawal(tx, actor, s.subjectId, audit);
}

/** Runs an automatic action on the subject; false when the subject's kind has no such action. */
export async function applyAction(tx: Db, actor: Actor, s: SubjectRef, action: string, audit: AuditWriter = appendTo(tx, actor)): Promise<boolean> {
  const a = adapterOrFail(s.subjectType);
  if (!a?.applyAction) return false;
  return a.applyAction(tx, actor, s.subjectId, action, audit);
}

/** What a reader of an instance may see of its subject's data; `masked` when fields were hidden. */
export async function subjectDataFor(db: Db, viewer: Viewer, s: SubjectRef, data: Record<string, unknown>): Promise<{ data: Record<string, unknown>; masked: boolean }> {
  const a = s.subjectType === 'none' ? null : adapters.get(s.subjectType);
  return a?.dataFor ? a.dataFor(db, viewer, s.subjectId, data) : { data, masked: false };
}
