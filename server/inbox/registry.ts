/**
 * 我的待办: one inbox per user with everything waiting for them. Each process contributes its
 * items through a source registered here (server/inbox/index.ts has one line per process: flow
 * tasks, built-in decisions on records, register changes and list cases, 双公示 deadlines …);
 * objections, repairs and commitment follow-ups plug in the same way. The inbox page, the counts
 * on the 工作台 and the badge in the navigation all read `inboxFor` / `inboxCounts`, so they agree.
 */
import type { Db } from '../db';
import type { Viewer } from '../auth/viewer';
import type { Role } from '../auth/roles';
import type { Localized } from './describe';

/** What kind of attention an item asks for: a decision to take, or a deadline to meet. */
export type InboxGroup = 'decide' | 'deadline';

export interface InboxItem {
  /** Unique across sources, e.g. `record:<id>`. */
  key: string;
  /** The source's kind (`flow-task`, `record-acceptance`, …); the page labels it `inbox.kind.<kind>`. */
  kind: string;
  group: InboxGroup;
  title: Localized;
  /** Secondary text: code, version, case number. */
  code: string | null;
  /** What is asked, e.g. the step's name. */
  step?: Localized | null;
  href: string;
  /** Who is waiting on the viewer (initiator, submitter), by name. */
  from?: string | null;
  since: string | null;
  dueDate: string | null;
  overdue: boolean;
  /** A flow task's id, when the item can be acted on in place. */
  taskId?: string;
}

export interface InboxSource {
  kind: string;
  /** Roles for which the source is asked at all (the source still filters per viewer). */
  roles: readonly Role[];
  items(db: Db, viewer: Viewer, today: string): Promise<InboxItem[]>;
  /** A cheaper count for the navigation badge; defaults to `items().length`. */
  count?(db: Db, viewer: Viewer, today: string): Promise<number>;
}

const sources = new Map<string, InboxSource>();

export function registerInboxSource(source: InboxSource) {
  sources.set(source.kind, source);
}

export function inboxSources(): InboxSource[] {
  return [...sources.values()];
}

const applies = (s: InboxSource, viewer: Viewer) => s.roles.some((r) => viewer.roles.includes(r));

export interface InboxCounts {
  total: number;
  overdue: number;
  byKind: Record<string, number>;
}

/** Every item waiting for `viewer`, oldest first within overdue-first order. */
export async function inboxFor(db: Db, viewer: Viewer, today: string): Promise<{ items: InboxItem[]; counts: InboxCounts }> {
  const items: InboxItem[] = [];
  for (const s of inboxSources()) if (applies(s, viewer)) items.push(...(await s.items(db, viewer, today)));
  items.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.since ?? '').localeCompare(b.since ?? ''));
  const byKind: Record<string, number> = {};
  for (const i of items) byKind[i.kind] = (byKind[i.kind] ?? 0) + 1;
  return { items, counts: { total: items.length, overdue: items.filter((i) => i.overdue).length, byKind } };
}

/** The counts alone (navigation badge, 工作台). */
export async function inboxCounts(db: Db, viewer: Viewer, today: string): Promise<{ total: number; byKind: Record<string, number> }> {
  const byKind: Record<string, number> = {};
  let total = 0;
  for (const s of inboxSources()) {
    if (!applies(s, viewer)) continue;
    const n = s.count ? await s.count(db, viewer, today) : (await s.items(db, viewer, today)).length;
    if (n) byKind[s.kind] = n;
    total += n;
  }
  return { total, byKind };
}
