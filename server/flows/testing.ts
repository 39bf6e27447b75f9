/**
 * Test and benchmark helpers: publish a flow version directly (bypassing the designer and the
 * change-request lifecycle, which have their own tests), so engine tests do not depend on them.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { entry, entryVersion } from '../db/schema';
import { addDays, todayCN } from '../registers/dates';
import type { FlowGraph } from '../../catalog/flows/types';
import { FLOW_KIND_CODE } from './definitions';

/** Publishes `graph` as the next version of flow `code`, in force from `validFrom` (default: yesterday). */
export async function publishFlowVersion(db: Db, code: string, graph: FlowGraph, validFrom = addDays(todayCN(), -1)): Promise<number> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(entry).where(and(eq(entry.kindCode, FLOW_KIND_CODE), eq(entry.code, code)));
    const e = existing ?? (await tx.insert(entry).values({ kindCode: FLOW_KIND_CODE, code }).returning())[0]!;
    const [last] = await tx.select().from(entryVersion).where(eq(entryVersion.entryId, e.id)).orderBy(desc(entryVersion.version)).limit(1);
    if (last) await tx.update(entryVersion).set({ status: 'superseded', validTo: validFrom }).where(and(eq(entryVersion.entryId, e.id), eq(entryVersion.status, 'published')));
    const version = (last?.version ?? 0) + 1;
    const content = { name: `流程 ${code}`, description: '', appliesTo: 'register-change', graph };
    await tx.insert(entryVersion).values({ entryId: e.id, kindCode: FLOW_KIND_CODE, version, status: 'published', content, validFrom, publishedAt: new Date() });
    return version;
  });
}
