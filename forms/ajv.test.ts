import { describe, expect, it } from 'vitest';
import { compileCached, compiledCount, schemaProblem, validateWith } from './ajv';

const schema = {
  type: 'object',
  properties: {
    uscc: { type: 'string', format: 'uscc', title: '统一社会信用代码' },
    code: { type: 'string', pattern: '^(a+)+$' },
  },
  required: ['uscc'],
  additionalProperties: false,
};

describe('the shared Ajv instance', () => {
  it('says which check character a USCC should have, in both languages, on the field', () => {
    const issues = validateWith('t:uscc@1', schema, { uscc: '12440300MB2C92173A' });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('uscc');
    expect(issues[0]!.message['zh-CN']).toContain('「统一社会信用代码」校验位错误');
    expect(issues[0]!.message['zh-CN']).toContain('E');
    expect(issues[0]!.message.en).toContain('check character is wrong');
    expect(validateWith('t:uscc@1', schema, { uscc: '12440300MB2C92173E' })).toEqual([]);
  });

  it('compiles a definition once per key', () => {
    const before = compiledCount();
    compileCached('t:once@1', schema);
    compileCached('t:once@1', schema);
    expect(compiledCount()).toBe(before + 1);
  });

  it('cannot be hung by a catastrophic pattern from a definition', () => {
    const evil = 'a'.repeat(50_000) + 'b';
    const issues = validateWith('t:uscc@1', schema, { uscc: '12440300MB2C92173E', code: evil });
    expect(issues.map((i) => i.keyword)).toEqual(['pattern']);
  });

  it('refuses patterns that need backtracking (backreferences, lookaround) with the reason', () => {
    expect(schemaProblem({ type: 'string', pattern: '(a)\\1' })).toMatch(/not allowed in definitions/);
    expect(schemaProblem({ type: 'object', properties: { x: { type: 'nonsense' } } })).toBeTruthy();
  });
});
