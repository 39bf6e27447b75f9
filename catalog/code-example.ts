/**
 * A sample code for a register's code pattern, so the entry form can say 「格式如 SM-001」 instead
 * of showing the regular expression to office staff. Understands the simple patterns kinds use
 * (literals, character classes, \d, {n}, {n,m}, +, *, ?); for anything else (groups, alternation)
 * it gives up and returns null, and the form shows a plain-language hint without the pattern.
 */
export function codeExample(pattern: string): string | null {
  let src = pattern.trim();
  if (src.startsWith('^')) src = src.slice(1);
  if (src.endsWith('$') && !src.endsWith('\\$')) src = src.slice(0, -1);
  let out = '';
  let i = 0;
  let last: { text: string } | null = null;
  while (i < src.length) {
    const c = src[i]!;
    if ('()|'.includes(c)) return null;
    if (c === '[') {
      const close = src.indexOf(']', i + 1);
      if (close < 0) return null;
      const body = src.slice(i + 1, close);
      if (body.startsWith('^') || !body) return null;
      // The first character of the class (a range's start); digits read more naturally as 0.
      const first = body[0] === '\\' ? (body[1] === 'd' ? '0' : (body[1] ?? '')) : body[0]!;
      last = { text: /[0-9]/.test(first) ? '0' : first };
      out += last.text;
      i = close + 1;
      continue;
    }
    if (c === '\\') {
      const n = src[i + 1];
      if (!n) return null;
      last = { text: n === 'd' ? '0' : n === 'w' ? 'A' : /[a-zA-Z]/.test(n) ? '' : n };
      if (last.text === '') return null;
      out += last.text;
      i += 2;
      continue;
    }
    if (c === '{') {
      const close = src.indexOf('}', i);
      const m = /^\{(\d+)(,(\d*))?\}$/.exec(src.slice(i, close + 1));
      if (!m || !last) return null;
      // At least three of a digit class (SM-001), else the minimum (at least one).
      const min = Number(m[1]);
      const max = m[3] ? Number(m[3]) : m[2] ? Infinity : min;
      const want = Math.min(Math.max(min, last.text === '0' ? 3 : 2), max);
      out = out.slice(0, -last.text.length);
      // Digits read as a number (001); letters repeat (AA).
      out += last.text === '0' && want > 0 ? `${'0'.repeat(want - 1)}1` : last.text.repeat(want);
      i = close + 1;
      last = null;
      continue;
    }
    if (c === '+' || c === '*') {
      if (!last) return null;
      if (c === '*') out = out.slice(0, -last.text.length);
      i++;
      last = null;
      continue;
    }
    if (c === '?') {
      if (!last) return null;
      out = out.slice(0, -last.text.length);
      i++;
      last = null;
      continue;
    }
    if (c === '.') return null;
    last = { text: c };
    out += c;
    i++;
  }
  return out || null;
}
