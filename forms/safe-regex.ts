/**
 * Regular expressions from form definitions, compiled with re2js (RE2: linear-time, no
 * backtracking), so a pattern written by a definition author cannot hang the server or the
 * browser (ReDoS). Plug into Ajv with `new Ajv2020({ code: { regExp: ajvRegExpOption } })`.
 *
 * Definitions are written in ECMAScript regex syntax (JSON Schema `pattern`). We translate to
 * RE2 and keep JS meaning where the engines differ and it matters for Chinese text:
 *   - `\s` / `\S` use the JS whitespace set (includes U+3000 ideographic space and U+00A0);
 *   - `.` without the `s` flag excludes \n, \r, U+2028 and U+2029, as in JS;
 *   - `\p{Script=Han}` / `\p{sc=Han}` and long general-category names become RE2's short forms.
 * Remaining differences, accepted: with `m`, `^`/`$` treat only \n as a line break; with `i`
 * and `u`, `\w` does not match U+017F/U+212A. Backreferences and lookaround have no linear-time
 * implementation and are refused with a message that says so.
 */
import { RegExpValidator } from '@eslint-community/regexpp';
import { RE2JS } from 're2js';

export interface SafeRegExp {
  /** the pattern as written in the definition */
  readonly source: string;
  readonly flags: string;
  /** unanchored search, like RegExp.prototype.test (without lastIndex state) */
  test(s: string): boolean;
  /** `/source/flags`; Ajv uses it as the cache key of the compiled pattern */
  toString(): string;
}

export type UnsafePatternReason = 'backreference' | 'lookaround' | 'unsupported' | 'invalid' | 'flags';

/** A definition's pattern that cannot be used. Services map it to INVALID_DEFINITION. */
export class UnsafePatternError extends Error {
  readonly pattern: string;
  readonly reason: UnsafePatternReason;
  constructor(pattern: string, reason: UnsafePatternReason, detail: string) {
    super(
      reason === 'invalid'
        ? `Pattern /${pattern}/ is not a valid regular expression (${detail}); correct it in the definition`
        : `Pattern /${pattern}/ uses syntax not allowed in definitions: ${detail}. Definition patterns run on a linear-time engine; rewrite the pattern without it`,
    );
    this.name = 'UnsafePatternError';
    this.pattern = pattern;
    this.reason = reason;
  }
}

/** JS `\s`: WhiteSpace (TAB, VT, FF, ZWNBSP, Zs) + LineTerminator (LF, CR, LS, PS), as class items. */
const JS_SPACE = '\\t\\n\\x0B\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';
/** The complement of JS_SPACE as class items, so `\S` also works inside a character class. */
const JS_NON_SPACE =
  '\\x00-\\x08\\x0E-\\x1F\\x21-\\x{9F}\\x{A1}-\\x{167F}\\x{1681}-\\x{1FFF}\\x{200B}-\\x{2027}\\x{202A}-\\x{202E}' +
  '\\x{2030}-\\x{205E}\\x{2060}-\\x{2FFF}\\x{3001}-\\x{FEFE}\\x{FF00}-\\x{10FFFF}';
const JS_DOT = '[^\\n\\r\\x{2028}\\x{2029}]';

const GENERAL_CATEGORY: Record<string, string> = {
  Letter: 'L',
  Cased_Letter: 'LC',
  Uppercase_Letter: 'Lu',
  Lowercase_Letter: 'Ll',
  Titlecase_Letter: 'Lt',
  Modifier_Letter: 'Lm',
  Other_Letter: 'Lo',
  Mark: 'M',
  Number: 'N',
  Decimal_Number: 'Nd',
  digit: 'Nd',
  Letter_Number: 'Nl',
  Other_Number: 'No',
  Punctuation: 'P',
  punct: 'P',
  Symbol: 'S',
  Separator: 'Z',
  Space_Separator: 'Zs',
  Other: 'C',
  Control: 'Cc',
  cntrl: 'Cc',
};

function refuse(pattern: string, reason: UnsafePatternReason, detail: string): never {
  throw new UnsafePatternError(pattern, reason, detail);
}

/** Finds syntax RE2 cannot run, before translation (re2js would silently mangle `\k<name>`). */
function scanUnsupported(pattern: string): void {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const n = pattern[i + 1] ?? '';
      if (/[1-9]/.test(n)) refuse(pattern, 'backreference', `backreference \\${n}`);
      if (n === 'k' && pattern[i + 2] === '<') refuse(pattern, 'backreference', 'named backreference \\k<…>');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      // In JS a ']' right after '[' or '[^' closes the (empty) class, so nothing to skip here.
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const a = pattern[i + 2];
      const b = pattern[i + 3];
      if (a === '=' || a === '!') refuse(pattern, 'lookaround', `lookahead (?${a}…)`);
      if (a === '<' && (b === '=' || b === '!')) refuse(pattern, 'lookaround', `lookbehind (?<${b}…)`);
    }
  }
}

/** Rewrites an (already re2js-translated) pattern so `\s`, `\S`, `.` and `\p{…}` keep their JS meaning. */
function jsSemantics(re2: string, dotAll: boolean): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < re2.length; i++) {
    const c = re2[i]!;
    if (c === '\\') {
      const n = re2[i + 1] ?? '';
      if (n === 's') out += inClass ? JS_SPACE : `[${JS_SPACE}]`;
      else if (n === 'S') out += inClass ? JS_NON_SPACE : `[${JS_NON_SPACE}]`;
      else if ((n === 'p' || n === 'P') && re2[i + 2] === '{') {
        const end = re2.indexOf('}', i + 3);
        if (end < 0) {
          out += c + n;
        } else {
          out += `\\${n}{${unicodeProperty(re2.slice(i + 3, end))}}`;
          i = end;
          continue;
        }
      } else out += c + n;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      // RE2 reads '[:alpha:]' inside a class as a POSIX class; in JS '[' there is a plain character.
      out += c === '[' ? '\\[' : c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // RE2, unlike JS, treats a ']' right after '[' / '[^' as a literal; re2js has already
      // rewritten the JS empty classes '[]' and '[^]', so copy a leading '^' and go on.
      if (re2[i + 1] === '^') {
        out += '^';
        i++;
      }
      continue;
    }
    out += c === '.' && !dotAll ? JS_DOT : c;
  }
  return out;
}

function unicodeProperty(body: string): string {
  const eq = body.indexOf('=');
  if (eq < 0) return GENERAL_CATEGORY[body] ?? body;
  const key = body.slice(0, eq);
  const value = body.slice(eq + 1);
  if (key === 'Script' || key === 'sc') return value;
  if (key === 'General_Category' || key === 'gc') return GENERAL_CATEGORY[value] ?? value;
  // Script_Extensions and binary properties have no RE2 equivalent; RE2 will refuse the name.
  return body;
}

function re2Flags(pattern: string, flags: string): { bits: number; dotAll: boolean } {
  let bits = 0;
  let dotAll = false;
  for (const f of flags) {
    if (f === 'i') bits |= RE2JS.CASE_INSENSITIVE;
    else if (f === 'm') bits |= RE2JS.MULTILINE;
    else if (f === 's') {
      bits |= RE2JS.DOTALL;
      dotAll = true;
    } else if (f === 'u') {
      // RE2 always matches by code point, which is what 'u' asks for.
    } else refuse(pattern, 'flags', `flag "${f}" (only i, m, s and u are supported)`);
  }
  return { bits, dotAll };
}

const jsSyntax = new RegExpValidator({ ecmaVersion: 2024 });

/**
 * Whether the pattern is valid JavaScript syntax (so RE2 refused it as unsupported, not as
 * invalid): a parser (regexpp) checks it; a pattern from data is never given to `RegExp`.
 */
function isValidJsRegExp(pattern: string): boolean {
  try {
    jsSyntax.validatePattern(pattern, 0, pattern.length, { unicode: true });
    return true;
  } catch {
    return false;
  }
}

const cache = new Map<string, SafeRegExp>();
const CACHE_LIMIT = 500;

/**
 * Compiles a definition's pattern on the linear-time engine. Throws UnsafePatternError for
 * backreferences, lookaround, other syntax RE2 does not run (e.g. repeat counts above 1000),
 * unknown flags and invalid patterns.
 */
export function safeRegExp(pattern: string, flags = ''): SafeRegExp {
  const key = `/${pattern}/${flags}`;
  const hit = cache.get(key);
  if (hit) return hit;

  const { bits, dotAll } = re2Flags(pattern, flags);
  scanUnsupported(pattern);
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(jsSemantics(RE2JS.translateRegExp(pattern), dotAll), bits);
  } catch (e) {
    const detail = (e as Error).message.replace(/^error parsing regexp:\s*/, '');
    if (isValidJsRegExp(pattern)) refuse(pattern, 'unsupported', detail);
    refuse(pattern, 'invalid', detail);
  }
  const rx: SafeRegExp = {
    source: pattern,
    flags,
    test: (s: string) => compiled.test(s),
    toString: () => key,
  };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, rx);
  return rx;
}

/**
 * Ajv's `code.regExp` engine. `code` is only used when Ajv generates standalone validation
 * code; it names where the engine can be imported from.
 */
export const ajvRegExpOption = Object.assign((pattern: string, flags: string) => safeRegExp(pattern, flags), {
  code: 'require("@/forms/safe-regex").ajvRegExpOption',
});
