/**
 * The one gate of record submissions (issue 11): every path that makes a record `submitted` —
 * the fill form (`submitRecord`), the spreadsheet import (`importRecords`), and the open API to
 * come — writes the rows through `submitRecords`, which
 * - finds the flow bound to the catalog item (or its category) once for the whole batch;
 * - writes the rows as `submitted`, each with the id of its flow instance when a flow is bound
 *   (without one the built-in single step is open: an approver decides with `record.decide`);
 * - keeps who contributed (four eyes: none of them may decide it, in the built-in step or a task);
 * - starts one instance per record, folded into the caller's one audit row (the engine writes a
 *   batch in a few multi-row statements), all in the caller's transaction: all or nothing.
 * The gate writes no audit row itself: the caller's user action (a submit, an import) does, with
 * what the gate returns.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { record } from '../db/schema';
import type { Actor } from '../audit/append';
import { DomainError } from '../errors';
import { boundFlowOf, newFold, startInstances, type FoldedAudit } from '../flows/engine';
import { SUBJECT_TYPE_OF, type Scope } from '../flows/bindings';

export interface GateItem {
  code: string;
  version: number;
  category: string | null;
}

export interface GateRow {
  /** A draft (or rejected record) being submitted, at the revision the caller read. */
  existing?: { id: string; revision: number };
  subjectType: string;
  subjectCode: string;
  subjectName: string;
  data: Record<string, unknown>;
  decisionDate: string | null;
  dueDate: string | null;
  /** Everyone who wrote a revision of it, the submitter included. */
  contributors: string[];
}

export interface GateInput {
  departmentId: string;
  item: GateItem;
  rows: GateRow[];
  /** Rows written so far (an import's progress bar). */
  onWritten?: (done: number) => void;
}

export interface GateOutcome {
  /** The records' ids, in the order of `rows`. */
  ids: string[];
  /** The bound flow's code, or null: the built-in step decides. */
  flowCode: string | null;
  /** The started instances' events and any effect of a flow that decided at once. */
  fold: FoldedAudit;
}

/** Rows per INSERT statement (16 parameters a row, well under PostgreSQL's 65,535). */
const BATCH = 1_000;

export function recordScopes(item: GateItem): Scope[] {
  return [{ type: 'catalog-item', value: item.code }, ...(item.category ? [{ type: 'catalog-category' as const, value: item.category }] : [])];
}

export async function submitRecords(tx: Db, actor: Actor, input: GateInput): Promise<GateOutcome> {
  if (!actor.id) throw new DomainError('FORBIDDEN', 'records.errors.noDepartment');
  const { item, rows } = input;
  const flowCode = await boundFlowOf(tx, 'record-submit', recordScopes(item));
  const now = new Date();
  const ids = rows.map((r) => r.existing?.id ?? randomUUID());
  const instanceIds = rows.map(() => (flowCode ? randomUUID() : null));

  const values = (r: GateRow, i: number) => ({
    catalogVersion: item.version,
    subjectType: r.subjectType,
    subjectCode: r.subjectCode,
    subjectName: r.subjectName,
    data: r.data,
    status: 'submitted',
    submittedAt: now,
    updatedAt: now,
    decisionDate: r.decisionDate,
    dueDate: r.dueDate,
    contributorIds: [...new Set(r.contributors)],
    flowInstanceId: instanceIds[i]!,
  });
  let written = 0;
  let batch: (typeof record.$inferInsert)[] = [];
  const flush = async () => {
    if (!batch.length) return;
    await tx.insert(record).values(batch);
    written += batch.length;
    batch = [];
    input.onWritten?.(written);
  };
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (r.existing) {
      const [saved] = await tx
        .update(record)
        .set({ ...values(r, i), revision: sql`${record.revision} + 1` })
        .where(and(eq(record.id, r.existing.id), eq(record.revision, r.existing.revision), inArray(record.status, ['draft', 'rejected'])))
        .returning({ id: record.id });
      if (!saved) throw new DomainError('CONFLICT', 'records.errors.staleRecord');
      written += 1;
      continue;
    }
    batch.push({ id: ids[i]!, catalogCode: item.code, departmentId: input.departmentId, createdBy: actor.id, createdAt: now, ...values(r, i) });
    if (batch.length >= BATCH) await flush();
  }
  await flush();

  // Instances after their records: a flow that decides at once changes the written record.
  const fold = newFold();
  if (flowCode) {
    const specs = rows.map((r, i) => ({
      id: instanceIds[i]!,
      subject: { type: SUBJECT_TYPE_OF['record-submit'], id: ids[i]!, label: `${item.code} ${r.subjectName}` },
      data: r.data,
      meta: { catalogCode: item.code, catalogVersion: item.version, category: item.category, subjectType: r.subjectType },
      alsoExcluded: r.contributors,
    }));
    await startInstances(tx, actor, flowCode, 'record-submit', specs, fold);
  }
  return { ids, flowCode, fold };
}
