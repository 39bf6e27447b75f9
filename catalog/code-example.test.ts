import { describe, expect, it } from 'vitest';
import { codeExample } from './code-example';

describe('codeExample', () => {
  it('gives a sample code for the built-in patterns', () => {
    expect(codeExample('^SM-[0-9]{3,6}$')).toBe('SM-001');
    expect(codeExample('^CL-[0-9]{3,6}$')).toBe('CL-001');
    expect(codeExample('^GM-[A-Z0-9-]{2,40}$')).toBe('GM-AA');
    expect(codeExample('^[A-Z][A-Z0-9_-]{1,31}$')).toBe('AAA');
    expect(codeExample('^[a-z][a-z0-9-]{1,39}$')).toBe('aaa');
    expect(codeExample('^X\\d+$')).toBe('X0');
  });
  it('returns null for what it cannot read', () => {
    expect(codeExample('^(A|B)-1$')).toBeNull();
    expect(codeExample('^[^x]+$')).toBeNull();
    expect(codeExample('a.b')).toBeNull();
  });
});
