/**
 * The auditor page's filter: what the form holds, what the page URL carries
 * (`/audit?objectId=sanction-measure/SM-001`, `/audit?register=sanction-measure`, …), and the
 * one wire filter that both the list query and every export download receive — so a download
 * is exactly the rows on screen.
 */
import type { AuditFilterInput } from '@/server/audit/filter';

export interface AuditPageFilter {
  /** Asia/Shanghai days, `YYYY-MM-DD`; `to` includes its day. */
  from: string;
  to: string;
  /** Username. */
  actor: string;
  /** Department code. */
  department: string;
  /** Exact action, or `prefix.*`. */
  action: string;
  objectType: string;
  /** One object, e.g. `sanction-measure/SM-001`: its timeline. */
  objectId: string;
  /** A register kind code, e.g. `sanction-measure`: the timeline of all its entries. */
  register: string;
}

export const PAGE_FILTER_KEYS = ['from', 'to', 'actor', 'department', 'action', 'objectType', 'objectId', 'register'] as const;

export const EMPTY_FILTER: AuditPageFilter = { from: '', to: '', actor: '', department: '', action: '', objectType: '', objectId: '', register: '' };

/** Register entries are audited with this object type and `<kindCode>/<entryCode>` ids. */
export const REGISTER_ENTRY = 'register-entry';

type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

function get(params: SearchParamsLike, key: string): string {
  const v = params instanceof URLSearchParams ? params.get(key) : params[key];
  const one = Array.isArray(v) ? v[0] : v;
  return (one ?? '').slice(0, 200);
}

/** The filter a page URL asks for (unknown parameters ignored). */
export function filterFromSearchParams(params: SearchParamsLike): AuditPageFilter {
  const f = { ...EMPTY_FILTER };
  for (const key of PAGE_FILTER_KEYS) f[key] = get(params, key);
  return f;
}

/** The page URL's query for a filter (empty fields left out). */
export function filterToSearchParams(f: AuditPageFilter): URLSearchParams {
  const out = new URLSearchParams();
  for (const key of PAGE_FILTER_KEYS) if (f[key].trim()) out.set(key, f[key].trim());
  return out;
}

/** What the server filters on. A register means its entries: object type register-entry,
 *  object id starting with `<kind>/`. */
export function toWireFilter(f: AuditPageFilter): AuditFilterInput {
  const register = f.register.trim().replace(/\/+$/, '');
  const wire: Record<string, string> = {
    from: f.from,
    to: f.to,
    actorName: f.actor,
    department: f.department,
    action: f.action,
    objectType: register ? REGISTER_ENTRY : f.objectType,
    objectId: f.objectId,
    objectIdPrefix: register ? `${register}/` : '',
  };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(wire)) if (v.trim()) out[k] = v.trim();
  return out as AuditFilterInput;
}

export type ExportFormat = 'csv' | 'xlsx' | 'jsonl';

/** The download URL for exactly the rows of `f`. */
export function exportUrl(f: AuditPageFilter, format: ExportFormat): string {
  const params = new URLSearchParams({ format });
  for (const [k, v] of Object.entries(toWireFilter(f))) params.set(k, String(v));
  return `/api/audit/export?${params.toString()}`;
}

/** One object's or one register's history reads best as a timeline. */
export function isTimelineFilter(f: AuditPageFilter): boolean {
  return Boolean(f.objectId.trim() || f.register.trim());
}

/** The register kind of a register-entry object id (`sanction-measure/SM-001` → `sanction-measure`). */
export function registerOf(objectType: string | null, objectId: string | null): string | null {
  if (objectType !== REGISTER_ENTRY || !objectId) return null;
  const slash = objectId.indexOf('/');
  return slash > 0 ? objectId.slice(0, slash) : null;
}

/** Suggestions for the action field: every action seen, plus `group.*` for each group. */
export function actionSuggestions(actions: readonly string[]): string[] {
  const groups = new Set<string>();
  for (const a of actions) {
    const dot = a.indexOf('.');
    if (dot > 0) groups.add(`${a.slice(0, dot)}.*`);
  }
  return [...[...groups].sort(), ...actions];
}
