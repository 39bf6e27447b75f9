/**
 * Before → after of an audit row, in words a person can scan: which fields were added,
 * removed or changed, with their values. Nested objects are walked (`basis.law`); arrays and
 * scalars are compared whole.
 */

export interface FieldChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function walk(before: unknown, after: unknown, path: string, out: FieldChange[], limit: number): void {
  if (out.length >= limit) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const k of keys) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in before)) out.push({ path: p, kind: 'added', after: after[k] });
      else if (!(k in after)) out.push({ path: p, kind: 'removed', before: before[k] });
      else walk(before[k], after[k], p, out, limit);
      if (out.length >= limit) return;
    }
    return;
  }
  if (!same(before, after)) out.push({ path, kind: 'changed', before, after });
}

/**
 * The changes from `before` to `after`. A creation (no before) lists the new fields as added;
 * a deletion lists the old ones as removed. At most `limit` entries.
 */
export function describeChanges(before: unknown, after: unknown, limit = 40): FieldChange[] {
  const out: FieldChange[] = [];
  const b = before ?? null;
  const a = after ?? null;
  if (b === null && a === null) return out;
  if (b === null && isPlainObject(a)) {
    for (const [k, v] of Object.entries(a).slice(0, limit)) out.push({ path: k, kind: 'added', after: v });
    return out;
  }
  if (a === null && isPlainObject(b)) {
    for (const [k, v] of Object.entries(b).slice(0, limit)) out.push({ path: k, kind: 'removed', before: v });
    return out;
  }
  walk(b, a, '', out, limit);
  return out;
}

/** A value for display: strings as they are, everything else as compact JSON, cut at `max`. */
export function formatValue(v: unknown, max = 160): string {
  const s = typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
