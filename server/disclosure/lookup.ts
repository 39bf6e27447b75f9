/** What the subject lookup (逢办必查) shows of disclosure per record and membership: class, dates, state, 异议处理中, 修复申请中. */
import { and, eq, inArray, ne, or, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { objection, recordDisclosure, repairApplication } from '../db/schema';
import { publicationState, type PublicationState } from './view';

export interface DisclosureFacts {
  severity: string | null;
  publicUntil: string | null;
  repairableFrom: string | null;
  publication: PublicationState;
  objectionOpen: boolean;
  repairOpen: boolean;
  revision: number;
}

export async function openProcesses(db: Db, recordIds: string[], memberIds: string[]) {
  const objs: SQL[] = [];
  const reps: SQL[] = [];
  if (recordIds.length) {
    objs.push(inArray(objection.recordId, recordIds));
    reps.push(inArray(repairApplication.recordId, recordIds));
  }
  if (memberIds.length) {
    objs.push(inArray(objection.memberId, memberIds));
    reps.push(inArray(repairApplication.memberId, memberIds));
  }
  if (!objs.length) return { objections: new Set<string>(), repairs: new Set<string>() };
  const [o, r] = await Promise.all([
    db.select({ a: objection.recordId, b: objection.memberId }).from(objection).where(and(ne(objection.state, 'closed'), or(...objs))),
    db.select({ a: repairApplication.recordId, b: repairApplication.memberId }).from(repairApplication).where(and(eq(repairApplication.state, 'in_decision'), or(...reps))),
  ]);
  const ids = (rows: { a: string | null; b: string | null }[]) => new Set(rows.flatMap((x) => [x.a, x.b]).filter((x): x is string => Boolean(x)));
  return { objections: ids(o), repairs: ids(r) };
}

/** `day`: today in China on the platform's clock (the injected one in tests). */
export async function disclosureOf(db: Db, recordIds: string[], day: string) {
  const rows = recordIds.length ? await db.select().from(recordDisclosure).where(inArray(recordDisclosure.recordId, recordIds)) : [];
  const byId = new Map(rows.map((r) => [r.recordId, r]));
  const open = await openProcesses(db, recordIds, []);
  return (id: string, status: string, revision: number): DisclosureFacts => {
    const d = byId.get(id) ?? null;
    return { severity: d?.severity ?? null, publicUntil: d?.publicUntil ?? null, repairableFrom: d?.repairableFrom ?? null, publication: publicationState(d, status, day), objectionOpen: open.objections.has(id), repairOpen: open.repairs.has(id), revision };
  };
}
