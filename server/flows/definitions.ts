/**
 * Published approval flows as the engine reads them: entries of the `approval-flow` register
 * kind (content: name, description, appliesTo, graph). An instance pins (code, version) and the
 * hash of the graph; published versions are immutable, so the parsed graph is cached per
 * (code, version) and the hash checked on every load.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { and, desc, eq, gt, inArray, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '../db';
import { entry, entryVersion } from '../db/schema';
import { DomainError } from '../errors';
import { IN_FORCE_STATUSES } from '../registers/status';
import type { FlowGraph } from '../../catalog/flows/types';
import type { Localized } from '../../catalog/types';

export const FLOW_KIND_CODE = 'approval-flow';

export interface PublishedFlow {
  code: string;
  version: number;
  name: Localized | string | null;
  graph: FlowGraph;
  hash: string;
}

export function graphHash(graph: FlowGraph): string {
  return createHash('sha256').update(canonicalize(graph) ?? '').digest('hex');
}

const cache = new Map<string, PublishedFlow>();

function toFlow(code: string, version: number, content: Record<string, unknown>): PublishedFlow {
  const graph = (content.graph ?? { nodes: [], edges: [] }) as FlowGraph;
  return { code, version, name: (content.name as Localized | string | undefined) ?? null, graph, hash: graphHash(graph) };
}

/** The version of flow `code` in force on `day` (YYYY-MM-DD); CONFLICT when none is. */
export async function getPublishedFlow(db: Db, code: string, day: string): Promise<PublishedFlow> {
  const [row] = await db
    .select({ version: entryVersion.version, content: entryVersion.content })
    .from(entryVersion)
    .innerJoin(entry, eq(entry.id, entryVersion.entryId))
    .where(
      and(
        eq(entry.kindCode, FLOW_KIND_CODE),
        eq(entry.code, code),
        inArray(entryVersion.status, [...IN_FORCE_STATUSES]),
        lte(entryVersion.validFrom, day),
        or(isNull(entryVersion.validTo), gt(entryVersion.validTo, day)),
      ),
    )
    .orderBy(desc(entryVersion.version))
    .limit(1)
    .prepare('flow_published') // every start reads it (./prepared.ts)
    .execute();
  if (!row) throw new DomainError('CONFLICT', 'flowEngine.errors.flowNotPublished', { code });
  const key = `${code}@${row.version}`;
  const flow = cache.get(key) ?? toFlow(code, row.version, row.content);
  cache.set(key, flow);
  return flow;
}

/** The exact version an instance pinned; refuses if its graph no longer matches the pinned hash. */
export async function getPinnedFlow(db: Db, code: string, version: number, hash: string): Promise<PublishedFlow> {
  const key = `${code}@${version}`;
  let flow = cache.get(key);
  if (!flow) {
    const [row] = await db
      .select({ content: entryVersion.content })
      .from(entryVersion)
      .innerJoin(entry, eq(entry.id, entryVersion.entryId))
      .where(and(eq(entry.kindCode, FLOW_KIND_CODE), eq(entry.code, code), eq(entryVersion.version, version)));
    if (!row) throw new DomainError('NOT_FOUND', 'flowEngine.errors.flowNotFound', { code, version });
    flow = toFlow(code, version, row.content);
    if (flow.hash === hash) cache.set(key, flow);
  }
  if (flow.hash !== hash) throw new DomainError('CONFLICT', 'flowEngine.errors.graphChanged', { code, version });
  return flow;
}

/** Published flows in force on `day`, for the bindings page. */
export async function listPublishedFlows(db: Db, day: string) {
  const rows = await db
    .select({ code: entry.code, version: entryVersion.version, content: entryVersion.content })
    .from(entryVersion)
    .innerJoin(entry, eq(entry.id, entryVersion.entryId))
    .where(and(eq(entry.kindCode, FLOW_KIND_CODE), eq(entryVersion.status, 'published'), lte(entryVersion.validFrom, day), or(isNull(entryVersion.validTo), gt(entryVersion.validTo, day))))
    .orderBy(entry.code);
  return rows.map((r) => ({ code: r.code, version: r.version, name: (r.content.name as Localized | string | undefined) ?? r.code, appliesTo: r.content.appliesTo ?? null }));
}
