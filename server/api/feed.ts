/**
 * The publication and repair feed (issue 17, operation 4): what provincial and national platforms
 * pull since their last cursor. Events come from SOURCES, each ordered by its own key; the cursor
 * is opaque to the caller and holds the last key taken from each source, so a source added later
 * (`registerFeedSource`) is merged in without changing the API, and a caller's old cursor stays
 * valid (a source it has never seen starts from its beginning).
 *
 * - records: one `record.published` event per record shown to the public today (THE predicate
 *   `publishedRecordWhere` of the disclosure rules), keyed by its acceptance instant (microseconds,
 *   as stored) and id, with the public view of the record (personal data masked, no staff);
 * - credit-changes: the credit-change feed of issue 15 (`credit_change`: repairs, revocations,
 *   corrections, ends of publication and of memberships), keyed by its sequence, as
 *   `credit.<kind>` events, natural persons' ID numbers masked (`creditChangesSince`).
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { department, record } from '../db/schema';
import { DomainError } from '../errors';
import { publishedRecordWhere } from '../disclosure/published';
import { creditChangesSince } from '../disclosure/feed';
import { publicRecords, publicToday } from '../public/service';

export interface FeedEvent {
  /** The source's name (part of the merged cursor). */
  source: string;
  /** Sortable within its source: strictly increasing in the order events are given. */
  key: string;
  /** ISO instant the event happened; events of all sources are merged in this order. */
  at: string;
  type: string;
  data: unknown;
}

export interface FeedSource {
  name: string;
  /** Up to `limit` events with a key after `after` (from the start when null), by key. */
  since(db: Db, after: string | null, limit: number): Promise<FeedEvent[]>;
}

const KEY = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|([0-9a-f-]{36})$/;
const acceptedAt = sql`coalesce(${record.decidedAt}, ${record.updatedAt})`;

export const recordPublications: FeedSource = {
  name: 'records',
  async since(db, after, limit) {
    const today = await publicToday(db);
    const where = [publishedRecordWhere(today)];
    if (after) {
      const m = KEY.exec(after);
      if (!m || Number.isNaN(Date.parse(m[1]!))) throw badCursor();
      where.push(sql`(${acceptedAt}, ${record.id}) > (${m[1]}::timestamptz, ${m[2]}::uuid)`);
    }
    const rows = await db
      .select({ r: record, departmentZh: department.nameZh, departmentEn: department.nameEn, key: sql<string>`to_char(${acceptedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '|' || ${record.id}::text` })
      .from(record)
      .innerJoin(department, eq(department.id, record.departmentId))
      .where(and(...where))
      .orderBy(asc(acceptedAt), asc(record.id))
      .limit(limit);
    const views = await publicRecords(db, rows);
    return rows.map((r, i) => ({ source: 'records', key: r.key, at: r.key.split('|')[0]!, type: 'record.published', data: views[i] }));
  },
};

/** Keys of the credit-change source: the sequence, zero-padded so that keys sort as numbers. */
const SEQ_KEY = /^\d{1,15}$/;
const seqKey = (seq: number) => String(seq).padStart(15, '0');

export const creditChanges: FeedSource = {
  name: 'credit-changes',
  async since(db, after, limit) {
    if (after !== null && !SEQ_KEY.test(after)) throw badCursor();
    const { changes } = await creditChangesSince(db, after === null ? 0 : Number(after), limit);
    // Instants with microseconds, like the records source, so the two merge in time order.
    return changes.map(({ seq, kind, at, ...data }) => ({ source: 'credit-changes', key: seqKey(seq), at: new Date(at).toISOString().replace('Z', '000Z'), type: `credit.${kind}`, data }));
  },
};

const SOURCES: FeedSource[] = [recordPublications, creditChanges];

/** Adds a source of events to the feed. */
export function registerFeedSource(source: FeedSource) {
  if (!SOURCES.some((s) => s.name === source.name)) SOURCES.push(source);
}

const badCursor = () => new DomainError('INVALID_INPUT', 'apiV1.errors.cursor', {}, [{ path: 'cursor', key: 'apiV1.errors.cursor' }]);

export function decodeCursor(cursor: string | undefined | null): Record<string, string> {
  if (!cursor) return {};
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw badCursor();
    for (const x of Object.values(v)) if (typeof x !== 'string' || x.length > 200) throw badCursor();
    return v as Record<string, string>;
  } catch {
    throw badCursor();
  }
}

export function encodeCursor(c: Record<string, string>): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

/** Events after `cursor` from every source, merged by instant, at most `limit`, and the cursor to continue from. */
export async function feedSince(db: Db, cursor: string | null | undefined, limit: number) {
  const c = decodeCursor(cursor);
  const perSource = await Promise.all(SOURCES.map((s) => s.since(db, c[s.name] ?? null, limit)));
  const merged = perSource.flat().sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.source < b.source ? -1 : a.source > b.source ? 1 : a.key < b.key ? -1 : 1));
  const events = merged.slice(0, limit);
  const next = { ...c };
  for (const e of events) next[e.source] = e.key;
  // More may wait when any source gave a full page and not all of it was taken (or all of it was).
  const more = perSource.some((p) => p.length === limit) || merged.length > events.length;
  return { events: events.map(({ source, at, type, data }) => ({ source, at, type, data })), cursor: encodeCursor(next), more };
}
