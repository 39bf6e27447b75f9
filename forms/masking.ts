/**
 * Masking (脱敏) of personal data, with the rules kept as data: a catalog item's data item
 * carries `[keepStart, keepEnd]` (the 脱敏规则 of real credit platforms), and the same rule
 * masks the value on the page, in exports and in API answers for roles without the right.
 *
 * Masks keep the value's length (one mask character per hidden character, counted in code
 * points so Chinese names and rare characters are not split).
 */

export interface MaskRule {
  keepStart: number;
  keepEnd: number;
  /** mask character, default "*" */
  char?: string;
}

/** codes.md §5: ID numbers keep 4 + 4, mobile numbers 3 + 4; names keep the first character. */
export const DEFAULT_MASK_RULES = {
  'resident-id': { keepStart: 4, keepEnd: 4 },
  phone: { keepStart: 3, keepEnd: 4 },
  /**
   * Keep the first character only: 张三 → 张*, 欧阳娜娜 → 欧***. A compound surname cannot be
   * told from the text, so it is not kept whole.
   */
  'person-name': { keepStart: 1, keepEnd: 0 },
} as const satisfies Record<string, MaskRule>;

export type MaskKind = keyof typeof DEFAULT_MASK_RULES;

/** The default rule for a field's format (`resident-id`, `phone`) or kind (`person-name`); null when none. */
export function defaultMaskFor(format: string): MaskRule | null {
  return Object.hasOwn(DEFAULT_MASK_RULES, format) ? { ...DEFAULT_MASK_RULES[format as MaskKind] } : null;
}

/**
 * Masks `value` by `rule`. A value not longer than keepStart + keepEnd is masked completely:
 * such a value is malformed for its rule, and keeping "what fits" would show it nearly whole.
 */
export function maskValue(value: string, rule: MaskRule): string {
  const chars = Array.from(value);
  const n = chars.length;
  const keepStart = Math.max(0, Math.floor(rule.keepStart));
  const keepEnd = Math.max(0, Math.floor(rule.keepEnd));
  const char = rule.char ?? '*';
  if (n <= keepStart + keepEnd) return char.repeat(n);
  return chars.slice(0, keepStart).join('') + char.repeat(n - keepStart - keepEnd) + chars.slice(n - keepEnd).join('');
}

function maskLeaf(v: unknown, rule: MaskRule): unknown {
  if (typeof v === 'string') return maskValue(v, rule);
  if (typeof v === 'number' || typeof v === 'bigint') return maskValue(String(v), rule);
  // A list of values under a personal field (e.g. several phone numbers): mask each.
  if (Array.isArray(v)) return v.map((x) => maskLeaf(x, rule));
  return v;
}

function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  return typeof v === 'object' && v !== null;
}

/** Masks along one path; `node` is already a copy owned by the caller. */
function maskPath(node: unknown, parts: string[], rule: MaskRule): void {
  if (!isContainer(node) || parts.length === 0) return;
  const [head, ...rest] = parts as [string, ...string[]];
  const keys = head === '*' ? Object.keys(node) : Object.hasOwn(node, head) ? [head] : [];
  const obj = node as Record<string, unknown>;
  for (const k of keys) {
    if (rest.length === 0) obj[k] = maskLeaf(obj[k], rule);
    else maskPath(obj[k], rest, rule);
  }
}

function plainCopy<T>(v: T): T {
  if (Array.isArray(v)) return v.map(plainCopy) as T;
  if (isContainer(v) && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = plainCopy(x);
    return out as T;
  }
  return v;
}

/**
 * A masked copy of a record. `personalFields` maps dotted paths to rules: `idNumber`,
 * `legalRepresentative.phone`, `items.*.idNumber` (`*` = every element of an array or every
 * property of an object). Missing paths are skipped; the input is not changed. Keys that
 * contain dots cannot be addressed.
 */
export function maskRecord<T>(data: T, personalFields: Record<string, MaskRule>): T {
  const copy = plainCopy(data);
  for (const [path, rule] of Object.entries(personalFields)) maskPath(copy, path.split('.'), rule);
  return copy;
}
