/**
 * The one audit filter. The auditor's page, the `audit.list`/`audit.count` procedures and every
 * export (CSV, XLSX, JSONL bundle) go through `auditWhere`, so an export is exactly the view
 * the auditor was looking at.
 *
 * Two shapes:
 * - `AuditFilterInput` is what travels (tRPC input, the export URL's query string): strings,
 *   dates either as a day `YYYY-MM-DD` (an Asia/Shanghai calendar day; `to` includes that day)
 *   or as an ISO-8601 instant (taken as is; `to` is then exclusive).
 * - `AuditFilter` is the resolved form: instants, `[from, to)`, empty strings dropped.
 */
import { and, eq, gte, like, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog } from '../db/schema';

export interface AuditFilter {
  /** Inclusive lower bound on `at`. */
  from?: Date;
  /** Exclusive upper bound on `at`. */
  to?: Date;
  /** Username of the actor (exact). */
  actorName?: string;
  /** Department code of the actor (exact), e.g. XYB. */
  department?: string;
  /** Exact action, or a prefix when it ends with `.*` (`entry.*` → every `entry.…`). */
  action?: string;
  objectType?: string;
  /** Exact object id, e.g. `sanction-measure/SM-001`. */
  objectId?: string;
  /** Object id prefix, e.g. `sanction-measure/` for a whole register. */
  objectIdPrefix?: string;
}

export const AUDIT_FILTER_KEYS = ['from', 'to', 'actorName', 'department', 'action', 'objectType', 'objectId', 'objectIdPrefix'] as const;

/** The zone the office works in: a day picked in the UI is a Shanghai day (UTC+8, no DST). */
const SHANGHAI_OFFSET = '+08:00';
const DAY_MS = 86_400_000;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
// An instant must carry its zone, so it never depends on the server's clock settings.
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Start of a Shanghai calendar day, or null when `day` is not a real `YYYY-MM-DD` date. */
export function shanghaiDayStart(day: string): Date | null {
  if (!DAY_RE.test(day)) return null;
  const d = new Date(`${day}T00:00:00${SHANGHAI_OFFSET}`);
  if (Number.isNaN(d.getTime())) return null;
  // Reject dates the parser rolled over (2026-02-30 → March 2).
  const back = new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  return back === day ? d : null;
}

function parseBound(value: string | Date, side: 'from' | 'to'): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  const day = shanghaiDayStart(value);
  if (day) return side === 'to' ? new Date(day.getTime() + DAY_MS) : day;
  if (!INSTANT_RE.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

const bound = z.union([z.date(), z.string().max(40)]);
const text = (max: number) => z.string().trim().max(max);

/** Wire form of the filter: tRPC input and the export route's query parameters. */
export const auditFilterInputSchema = z.object({
  from: bound.optional(),
  to: bound.optional(),
  actorName: text(64).optional(),
  department: text(32).optional(),
  action: text(64).optional(),
  objectType: text(64).optional(),
  objectId: text(200).optional(),
  objectIdPrefix: text(200).optional(),
});
export type AuditFilterInput = z.input<typeof auditFilterInputSchema>;

/** Resolves the wire form; an invalid date becomes an issue on `from` / `to`. Shared by every
 *  schema that embeds the filter, so they all read it the same way. */
export function resolveAuditFilter(input: z.output<typeof auditFilterInputSchema>, ctx: Pick<z.RefinementCtx, 'addIssue'>): AuditFilter {
  const out: AuditFilter = {};
  for (const side of ['from', 'to'] as const) {
    const v = input[side];
    if (v === undefined || v === '') continue;
    const d = parseBound(v, side);
    if (!d) {
      ctx.addIssue({ code: 'custom', path: [side], message: `${side} must be a date YYYY-MM-DD or an ISO-8601 instant with a zone` });
      continue;
    }
    out[side] = d;
  }
  for (const key of ['actorName', 'department', 'action', 'objectType', 'objectId', 'objectIdPrefix'] as const) {
    const v = input[key];
    if (v) out[key] = v;
  }
  return out;
}

/** Validates and resolves the wire form into an `AuditFilter`. */
export const auditFilterSchema = auditFilterInputSchema.transform((input, ctx): AuditFilter => resolveAuditFilter(input, ctx));

/** Reads the filter from URL query parameters (the export route). Unknown parameters are ignored. */
export function auditFilterFromSearchParams(params: URLSearchParams) {
  const raw: Record<string, string> = {};
  for (const key of AUDIT_FILTER_KEYS) {
    const v = params.get(key);
    if (v !== null && v !== '') raw[key] = v;
  }
  return auditFilterSchema.safeParse(raw);
}

/** LIKE pattern for "starts with", with the pattern characters of `prefix` escaped. */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `entry.*` → `entry.`; an exact action → null. A lone `*` means every action. */
export function actionPrefix(action: string): string | null {
  return action.endsWith('*') && (action.length === 1 || action.endsWith('.*')) ? action.slice(0, -1) : null;
}

/** The SQL condition for a filter (undefined when it selects everything). */
export function auditWhere(f: AuditFilter): SQL | undefined {
  const parts: SQL[] = [];
  if (f.from) parts.push(gte(auditLog.at, f.from));
  if (f.to) parts.push(lt(auditLog.at, f.to));
  if (f.actorName) parts.push(eq(auditLog.actorName, f.actorName));
  if (f.department) parts.push(eq(auditLog.department, f.department));
  if (f.action) {
    const prefix = actionPrefix(f.action);
    if (prefix === null) parts.push(eq(auditLog.action, f.action));
    else if (prefix !== '') parts.push(like(auditLog.action, likePrefix(prefix)));
  }
  if (f.objectType) parts.push(eq(auditLog.objectType, f.objectType));
  if (f.objectId) parts.push(eq(auditLog.objectId, f.objectId));
  if (f.objectIdPrefix) parts.push(like(auditLog.objectId, likePrefix(f.objectIdPrefix)));
  return parts.length ? and(...parts) : undefined;
}

/** Plain JSON of the resolved filter (instants as ISO strings, unset keys left out): what the
 *  export's audit row and the bundle manifest record. `{}` means the whole log. */
export function auditFilterJson(f: AuditFilter): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of AUDIT_FILTER_KEYS) {
    const v = f[key];
    if (v instanceof Date) out[key] = v.toISOString();
    else if (v) out[key] = v;
  }
  return out;
}
