import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { UnsafePatternError, ajvRegExpOption, safeRegExp } from './safe-regex';

describe('safeRegExp: patterns that are catastrophic for a backtracking engine', () => {
  // Native RegExp would take exponential time on these; they must simply finish (vitest's timeout
  // is the only clock; benchmarks belong in bench/).
  it('^(a+)+$ on 50 000 a + b', () => {
    expect(safeRegExp('^(a+)+$').test('a'.repeat(50_000) + 'b')).toBe(false);
    expect(safeRegExp('^(a+)+$').test('a'.repeat(50_000))).toBe(true);
  });
  it('(a|aa)*c', () => {
    expect(safeRegExp('(a|aa)*c').test('a'.repeat(50_000))).toBe(false);
    expect(safeRegExp('(a|aa)*c').test('a'.repeat(50_000) + 'c')).toBe(true);
  });
  it('(.*a){20}', () => {
    expect(safeRegExp('(.*a){20}').test('a'.repeat(19) + 'b'.repeat(50_000))).toBe(false);
    expect(safeRegExp('(.*a){20}').test('ba'.repeat(20))).toBe(true);
  });
});

describe('safeRegExp: refused syntax', () => {
  it.each([
    ['(a)\\1', 'backreference'],
    ['(?<x>a)\\k<x>', 'backreference'],
    ['a(?=b)', 'lookaround'],
    ['a(?!b)', 'lookaround'],
    ['(?<=a)b', 'lookaround'],
    ['(?<!a)b', 'lookaround'],
    ['a{1001}', 'unsupported'],
    ['\\p{Script_Extensions=Han}', 'unsupported'],
  ] as const)('%s → %s', (pattern, reason) => {
    let err: unknown;
    try {
      safeRegExp(pattern, 'u');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnsafePatternError);
    expect((err as UnsafePatternError).reason).toBe(reason);
    expect((err as Error).message).toContain('uses syntax not allowed in definitions');
  });

  it('invalid patterns say so', () => {
    expect(() => safeRegExp('(a')).toThrow(/is not a valid regular expression/);
    expect(() => safeRegExp('a**')).toThrow(/is not a valid regular expression/);
  });

  it('only the flags i, m, s, u', () => {
    expect(() => safeRegExp('a', 'g')).toThrow(/flag "g"/);
    expect(safeRegExp('A', 'iu').test('a')).toBe(true);
  });

  it('look-alikes that are not lookaround or backreferences are fine', () => {
    expect(safeRegExp('[(?=]').test('(')).toBe(true);
    expect(safeRegExp('\\\\1').test('\\1')).toBe(true);
    expect(safeRegExp('(?:ab)+').test('abab')).toBe(true);
    expect(safeRegExp('(?<year>\\d{4})').test('2024')).toBe(true);
  });
});

describe('safeRegExp: same answers as native RegExp on ordinary patterns', () => {
  const cases: [pattern: string, flags: string, inputs: string[]][] = [
    ['^\\d{6}$', 'u', ['110000', '11000', '1100000', '11000a']],
    ['^[\\u4e00-\\u9fa5]{2,4}$', 'u', ['张三', '欧阳娜娜', '张', 'Zhang', '张三丰之子']],
    ['^\\p{Script=Han}+$', 'u', ['张三', 'Zhang', '張三']],
    ['^\\p{sc=Han}+$', 'u', ['张三', 'ab']],
    ['^\\p{L}+$', 'u', ['abc', '张三', '12']],
    ['^\\p{Letter}+$', 'u', ['abc', '12']],
    ['^\\S+$', 'u', ['张三', '张\u3000三', '张\u00a0三', 'a b', 'a\tb']],
    ['\\s', 'u', ['\u3000', '\u00a0', '\ufeff', '\u2028', '\v', 'a', '\u200b']],
    ['^[\\s\\S]*$', 'u', ['a\nb', '']],
    ['^[^\\s]+$', 'u', ['ab', 'a\u3000b']],
    ['^[\\S]+$', 'u', ['ab', 'a\u3000b', 'a\u00a0b']],
    ['^a.b$', 'u', ['axb', 'a\nb', 'a\rb', 'a\u2028b', 'a张b']],
    ['^a.b$', 'su', ['a\nb', 'a\rb']],
    ['^b$', 'mu', ['a\nb\nc', 'abc']],
    ['^abc$', 'iu', ['ABC', 'abd']],
    ['^[[:alpha:]]+$', '', ['[:alpha:]]', 'abc]', 'abc', 'a]]', 'p]']],
    ['^[^]$', '', ['\n', 'a', '']],
    ['^[\\d-]{3}$', 'u', ['1-2', 'abc']],
    ['\\bword\\b', 'u', ['a word here', 'swordfish']],
    ['^\\w+@\\w+\\.com$', 'u', ['a@b.com', 'a@b.org']],
    ['^(?:0\\d{2,3}-?)?\\d{7,8}$', 'u', ['010-12345678', '12345678', '0101234']],
    ['\\/', 'u', ['a/b', 'ab']],
    ['^\\u{1F600}$', 'u', ['😀', '😃']],
  ];
  it.each(cases)('/%s/%s', (pattern, flags, inputs) => {
    const safe = safeRegExp(pattern, flags);
    for (const s of inputs) expect([s, safe.test(s)]).toEqual([s, new RegExp(pattern, flags).test(s)]);
  });
});

describe('ajvRegExpOption', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true, code: { regExp: ajvRegExpOption } });

  it('validates pattern and patternProperties with the safe engine', () => {
    const v = ajv.compile({
      type: 'object',
      properties: { region: { type: 'string', pattern: '^\\d{6}$' }, name: { type: 'string', pattern: '^(a+)+$' } },
      patternProperties: { '^x-': { type: 'string' } },
    });
    expect(v({ region: '110000', name: 'aaa', 'x-note': 'n' })).toBe(true);
    expect(v({ region: '11000', name: 'a'.repeat(50_000) + 'b', 'x-note': 1 })).toBe(false);
    expect(v.errors?.map((e) => [e.instancePath, e.keyword])).toEqual([
      ['/region', 'pattern'],
      ['/name', 'pattern'],
      ['/x-note', 'type'],
    ]);
  });

  it('keeps distinct patterns apart (Ajv caches compiled patterns by toString)', () => {
    const v = ajv.compile({
      type: 'object',
      properties: { a: { type: 'string', pattern: '^a$' }, b: { type: 'string', pattern: '^b$' } },
    });
    expect(v({ a: 'a', b: 'b' })).toBe(true);
    expect(v({ a: 'b', b: 'a' })).toBe(false);
  });

  it('refuses to compile a definition with lookaround', () => {
    expect(() => ajv.compile({ type: 'string', pattern: '^(?!admin).*$' })).toThrow(/uses syntax not allowed in definitions/);
  });

  it('has the code property Ajv requires of an engine', () => {
    expect(typeof ajvRegExpOption.code).toBe('string');
    expect(ajvRegExpOption.code).not.toBe('new RegExp');
  });
});
