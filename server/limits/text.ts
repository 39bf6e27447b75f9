/**
 * Text that cannot be stored as given: U+0000 (PostgreSQL text and jsonb refuse it, so it used to
 * surface as a 500 from the database) and unpaired UTF-16 surrogates (UTF-8 cannot carry them;
 * the driver would silently store U+FFFD instead, losing what was sent). Every way in — tRPC
 * input (server/trpc/init.ts), spreadsheet and JSON uploads (server/registers/io/read.ts) —
 * refuses such text with a 400 that names where it is, before any service or query runs.
 */

export type BadTextReason = 'nul' | 'surrogate';

/** NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const BAD_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function badTextReason(s: string): BadTextReason | null {
  const m = BAD_TEXT.exec(s);
  if (!m) return null;
  return m[0] === '\u0000' ? 'nul' : 'surrogate';
}

export interface BadTextAt {
  /** Dotted path of the string (or object key) inside the value, '' for the value itself; bad characters of keys shown as '?'. */
  path: string;
  reason: BadTextReason;
}

/**
 * The first string or object key holding bad text, walking arrays and plain objects without
 * recursion (input depth is attacker-chosen; the body limit bounds the work).
 */
export function findBadText(value: unknown): BadTextAt | null {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const reason = badTextReason(v);
      if (reason) return { path, reason };
      continue;
    }
    if (v === null || typeof v !== 'object' || v instanceof Date) continue;
    const children: [unknown, string][] = [];
    if (Array.isArray(v)) {
      v.forEach((item, i) => children.push([item, path ? `${path}.${i}` : String(i)]));
    } else {
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        // Paths name places in messages: a bad key is shown without its bad character.
        const at = path ? `${path}.${printable(k)}` : printable(k);
        const keyReason = badTextReason(k);
        if (keyReason) return { path: at, reason: keyReason };
        children.push([item, at]);
      }
    }
    // Reversed onto the stack, so the first bad text in reading order is the one reported.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return null;
}

/** Text with NUL and surrogate halves replaced, to name a place in a message without repeating the bad character. */
export function printable(s: string): string {
  return s.replace(/\u0000/g, '?').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '?');
}

/**
 * Bad text in a request's URL: its query parameters (names and values) and its decoded path
 * segments (route parameters such as a register kind). Route handlers check it in guardRequest.
 */
export function findBadTextInUrl(url: URL): BadTextAt | null {
  for (const [k, v] of url.searchParams) {
    const reason = badTextReason(k) ?? badTextReason(v);
    if (reason) return { path: printable(k), reason };
  }
  for (const segment of url.pathname.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      // A malformed escape (lone %XX of a surrogate half) cannot be a route parameter we could store.
      return { path: segment, reason: 'surrogate' };
    }
    const reason = badTextReason(decoded);
    if (reason) return { path: printable(decoded), reason };
  }
  return null;
}
