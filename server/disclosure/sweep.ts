/**
 * Disclosure sweeps (run with the other due-process sweeps, server/sweeps.ts, on the engine's
 * clock): stamp accepted records that have no disclosure yet (accepted before the rules existed,
 * imported, seeded), and end the publication of records whose 公示截止日 has passed — each end
 * audited and put on the credit-change feed. Rows are claimed with SKIP LOCKED.
 */
import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { record, recordDisclosure } from '../db/schema';
import { appendAudit, SYSTEM_ACTOR } from '../audit/append';
import { todayCN } from '../registers/dates';
import { now as clockNow } from '../flows/clock';
import { stampDisclosure } from './rules';
import { recordChange } from './feed';

export async function stampMissing(db: Db, limit = 500): Promise<number> {
  let done = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const rows = await tx
        .select({ id: record.id })
        .from(record)
        .where(and(eq(record.status, 'accepted'), sql`not exists (select 1 from ${recordDisclosure} d where d.record_id = ${record.id})`))
        .limit(limit)
        .for('update', { of: record, skipLocked: true });
      for (const r of rows) await stampDisclosure(tx, r.id);
      return rows.length;
    });
    done += n;
    if (n < limit) return done;
  }
}

export async function endExpiredPublication(db: Db, opts: { now?: Date; limit?: number } = {}): Promise<number> {
  const day = todayCN(opts.now ?? (await clockNow(db)));
  const limit = opts.limit ?? 200;
  let done = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const due = await tx
        .select({ d: recordDisclosure, r: { id: record.id, catalogCode: record.catalogCode, subjectType: record.subjectType, subjectCode: record.subjectCode, subjectName: record.subjectName } })
        .from(recordDisclosure)
        .innerJoin(record, eq(record.id, recordDisclosure.recordId))
        .where(and(isNull(recordDisclosure.endedOn), lt(recordDisclosure.publicUntil, day)))
        .orderBy(asc(recordDisclosure.publicUntil))
        .limit(limit)
        .for('update', { of: recordDisclosure, skipLocked: true });
      for (const { d, r } of due) {
        await tx.update(recordDisclosure).set({ endedOn: day, endReason: 'expired' }).where(eq(recordDisclosure.recordId, d.recordId));
        await recordChange(tx, { kind: 'publication-end', recordId: r.id, catalogCode: r.catalogCode, subjectType: r.subjectType, subjectCode: r.subjectCode, subjectName: r.subjectName, effectiveOn: day, detail: { reason: 'expired', publicUntil: d.publicUntil, severity: d.severity } });
        await appendAudit(tx, SYSTEM_ACTOR, { action: 'record.publication_end', objectType: 'record', objectId: r.id, before: { publicUntil: d.publicUntil }, after: { endedOn: day, reason: 'expired', severity: d.severity, rule: d.ruleCode ? `${d.ruleCode}@${d.ruleVersion}` : null } });
      }
      return due.length;
    });
    done += n;
    if (n < limit) return done;
  }
}
