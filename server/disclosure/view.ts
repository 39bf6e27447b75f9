/** A record's disclosure as its page shows it: class, 公示截止日, 可申请修复日, 公示中 or why it ended, open objection / repair. */
import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../db';
import { entry, entryVersion, objection, record, recordDisclosure, repairApplication } from '../db/schema';
import type { Viewer } from '../auth/viewer';
import { hasAnyRole } from '../auth/viewer';
import { todayCN } from '../registers/dates';
import { now as clockNow } from '../flows/clock';

export type PublicationState = 'published' | 'not-published' | 'expired' | 'repaired' | 'revoked' | 'unstamped';

export function publicationState(d: { published: boolean; endedOn: string | null; endReason: string | null; publicUntil: string | null } | null, status: string, day: string): PublicationState {
  if (status === 'revoked') return 'revoked';
  if (status === 'repaired') return 'repaired';
  if (!d) return 'unstamped';
  if (d.endedOn) return (d.endReason as PublicationState) ?? 'expired';
  if (!d.published) return 'not-published';
  if (d.publicUntil && d.publicUntil < day) return 'expired';
  return 'published';
}

export async function recordDisclosureView(db: Db, viewer: Viewer, recordId: string) {
  const [r] = await db.select({ r: { status: record.status, departmentId: record.departmentId }, d: recordDisclosure }).from(record).leftJoin(recordDisclosure, eq(recordDisclosure.recordId, record.id)).where(eq(record.id, recordId));
  if (!r || (!hasAnyRole(viewer, ['admin', 'editor', 'approver', 'auditor']) && r.r.departmentId !== viewer.departmentId)) return null;
  const day = todayCN(await clockNow(db));
  const [o] = await db.select({ id: objection.id, trackingNo: objection.trackingNo }).from(objection).where(and(eq(objection.recordId, recordId), ne(objection.state, 'closed'))).limit(1);
  const [a] = await db.select({ id: repairApplication.id, applicationNo: repairApplication.applicationNo }).from(repairApplication).where(and(eq(repairApplication.recordId, recordId), eq(repairApplication.state, 'in_decision'))).limit(1);
  // The rule by the name of the version that judged this record (the regimes before and after 2026-04-01 differ).
  const [ruleVersion] = r.d?.ruleCode
    ? await db
        .select({ content: entryVersion.content })
        .from(entryVersion)
        .innerJoin(entry, eq(entry.id, entryVersion.entryId))
        .where(and(eq(entry.kindCode, 'disclosure-rule'), eq(entry.code, r.d.ruleCode), eq(entryVersion.version, r.d.ruleVersion ?? 0)))
    : [];
  return {
    severity: r.d?.severity ?? null,
    rule: r.d?.ruleCode ? { code: r.d.ruleCode, version: r.d.ruleVersion, name: String((ruleVersion?.content as { name?: string } | undefined)?.name ?? r.d.ruleCode) } : null,
    publicUntil: r.d?.publicUntil ?? null,
    repairableFrom: r.d?.repairableFrom ?? null,
    endedOn: r.d?.endedOn ?? null,
    state: publicationState(r.d, r.r.status, day),
    repairable: Boolean(r.d?.repairableFrom && r.d.repairableFrom <= day && r.r.status === 'accepted' && !r.d.endedOn && r.d.published),
    openObjection: o ?? null,
    openRepair: a ?? null,
    today: day,
  };
}
