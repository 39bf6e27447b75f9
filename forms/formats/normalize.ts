/**
 * Codes as people type them. 统一社会信用代码 and resident ID numbers are typed by hand and pasted
 * from Word and Excel: with leading or trailing spaces, non-breaking or zero-width spaces, in
 * full-width characters (９１３５…, what a Chinese input method gives in full-width mode) and in
 * lower case. Both codes are digits and capital letters only, so every path that takes a code
 * (form fields, the subject code, imports, lookup) passes it through `normalizeCode` before it is
 * checked and stored: one rule, in one place.
 *
 * Pure TS: runs in the browser and on the server.
 */

const FULL_WIDTH_FIRST = 0xff01; // ！
const FULL_WIDTH_LAST = 0xff5e; // ～
const FULL_TO_HALF = 0xfee0;
/** Characters that are never part of a code: white space of any width, and the invisible ones Word leaves behind. */
const INVISIBLE = /[\s\u200b-\u200d\u2060\ufeff]/u;

/**
 * The code as it is stored: full-width ASCII → half-width, white space and zero-width characters
 * removed (a code never contains a space, so "9135 0100 …" is the same code), upper case.
 * Anything else is kept, for the checker to name.
 */
export function normalizeCode(value: string): string {
  let out = '';
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (c >= FULL_WIDTH_FIRST && c <= FULL_WIDTH_LAST) out += String.fromCodePoint(c - FULL_TO_HALF);
    else if (!INVISIBLE.test(ch)) out += ch;
  }
  return out.toUpperCase();
}

/** Formats whose values are codes normalised by `normalizeCode`. */
export const CODE_FORMATS: ReadonlySet<string> = new Set(['uscc', 'resident-id']);

/** A value of a field of `format` as it is stored: codes normalised, anything else unchanged. */
export function normalizeFormatValue(format: unknown, value: unknown): unknown {
  return typeof format === 'string' && CODE_FORMATS.has(format) && typeof value === 'string' ? normalizeCode(value) : value;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `value` with every code normalised where `schema` (a JSON Schema of objects, arrays and leaves)
 * gives a code format: for register entries, whose kinds may have code fields of their own.
 * Returns `value` itself when nothing changes; never mutates it.
 */
export function normalizeCodesBySchema(schema: unknown, value: unknown): unknown {
  if (!isObject(schema)) return value;
  if (typeof value === 'string') return normalizeFormatValue(schema.format, value);
  if (Array.isArray(value) && isObject(schema.items)) {
    let changed = false;
    const out = value.map((x) => {
      const y = normalizeCodesBySchema(schema.items, x);
      changed ||= y !== x;
      return y;
    });
    return changed ? out : value;
  }
  if (isObject(value) && isObject(schema.properties)) {
    let out: Json | null = null;
    for (const [k, s] of Object.entries(schema.properties)) {
      if (!Object.hasOwn(value, k)) continue;
      const y = normalizeCodesBySchema(s, value[k]);
      if (y !== value[k]) Object.defineProperty((out ??= { ...value }), k, { value: y, enumerable: true, writable: true, configurable: true });
    }
    return out ?? value;
  }
  return value;
}
