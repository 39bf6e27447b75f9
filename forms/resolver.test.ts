import type { FieldValues, ResolverOptions } from 'react-hook-form';
import { describe, expect, it } from 'vitest';
import { compiledCount } from './ajv';
import { formResolver } from './resolver';
import { NATURAL_PERSON, legalPersonRecord, xkDefinition } from './testing/xk-form';

const options = (names: string[] = [], criteriaMode?: 'all' | 'firstError'): ResolverOptions<FieldValues> => ({ fields: {}, names, shouldUseNativeValidation: false, criteriaMode });

describe('formResolver', () => {
  const def = xkDefinition();

  it('hands the prepared record to onSubmit (hidden and unknown fields removed)', async () => {
    const resolve = formResolver(def, 'test:resolver@1', 'zh-CN');
    const r = await resolve({ ...legalPersonRecord(), XK_XDR_LB: NATURAL_PERSON, XK_XDR_ZJHM: '110102199101010078', extra: 1, XK_BZ: '' }, undefined, options());
    expect(r.errors).toEqual({});
    expect(r.values).not.toHaveProperty('XK_FRDB');
    expect(r.values).not.toHaveProperty('extra');
    expect(r.values).not.toHaveProperty('XK_BZ');
  });

  it('nests errors by path, in the locale asked for, with list errors under root', async () => {
    const d = xkDefinition();
    (d.schema.properties.items as { minItems?: number }).minItems = 3;
    const values = { ...legalPersonRecord(), XK_XDR_SHXYM: '91110000600037341M', items: [{ name: '甲' }, { name: '乙', amount: -1 }] };
    const names = ['XK_XDR_SHXYM', 'items.0.name', 'items.1.name', 'items.1.amount'];
    const en = await formResolver(d, 'test:resolver@2', 'en')(values, undefined, options(names));
    const errors = en.errors as Record<string, any>;
    expect(errors.XK_XDR_SHXYM.message).toContain('should be “L”');
    expect(errors.items[1].amount.type).toBe('format');
    expect(errors.items[1].amount.message).toMatch(/negative/);
    expect(errors.items.root.type).toBe('minItems');
    expect(en.values).toEqual({});
    const zh = await formResolver(d, 'test:resolver@2', 'zh-CN')(values, undefined, options(names, 'all'));
    expect((zh.errors as Record<string, any>).XK_XDR_SHXYM.message).toContain('第18位应为“L”');
    expect((zh.errors as Record<string, any>).XK_XDR_SHXYM.types).toEqual({ format: expect.stringContaining('第18位') });
  });

  it('never compiles per validation', async () => {
    const resolve = formResolver(def, 'test:resolver@3', 'zh-CN');
    const before = compiledCount();
    for (let i = 0; i < 200; i++) await resolve({ ...legalPersonRecord(), XK_NR: String(i) }, undefined, options());
    expect(compiledCount() - before).toBe(1);
  });
});
