import { describe, expect, it } from 'vitest';
import { decimalPlaces, isMultipleOf } from './decimal';
import { prepare } from './effective';
import type { FormDefinition } from './definition';

describe('isMultipleOf (decimal, not binary floating point)', () => {
  it('accepts every amount with at most two decimals as a multiple of 0.01 (0.00 … 99.99, and large ones)', () => {
    const refused: string[] = [];
    for (let cents = 0; cents <= 9999; cents++) {
      // What a user types, read the way JSON and the form read it.
      const typed = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
      if (!isMultipleOf(Number(typed), 0.01)) refused.push(typed);
    }
    expect(refused).toEqual([]);
    for (const v of [0.07, 0.29, 19.99, 1.1, 123456789.99, 99999999999.01, 1e21, -0.07, 1e-2]) expect(isMultipleOf(v, 0.01), String(v)).toBe(true);
  });

  it('refuses amounts with more decimals than the step allows', () => {
    for (const v of [0.071, 19.999, 0.001, 1e-7, 5e-324, 0.1 + 0.2]) expect(isMultipleOf(v, 0.01), String(v)).toBe(false);
  });

  it('works for other steps: 0.5, 0.25, 0.000001 (万元 to the fen), 3, 1e-7 and 1e22', () => {
    expect(isMultipleOf(2.5, 0.5)).toBe(true);
    expect(isMultipleOf(2.75, 0.25)).toBe(true);
    expect(isMultipleOf(2.7, 0.25)).toBe(false);
    expect(isMultipleOf(12.345678, 0.000001)).toBe(true);
    expect(isMultipleOf(12.3456789, 0.000001)).toBe(false);
    expect(isMultipleOf(9, 3)).toBe(true);
    expect(isMultipleOf(10, 3)).toBe(false);
    expect(isMultipleOf(3e-7, 1e-7)).toBe(true);
    expect(isMultipleOf(3e22, 1e22)).toBe(true);
    expect(isMultipleOf(0, 0.01)).toBe(true);
  });

  it('is false for what cannot be a multiple (NaN, Infinity, a zero step)', () => {
    expect(isMultipleOf(Number.NaN, 0.01)).toBe(false);
    expect(isMultipleOf(Number.POSITIVE_INFINITY, 0.01)).toBe(false);
    expect(isMultipleOf(1, 0)).toBe(false);
  });

  it('counts decimal places as written', () => {
    expect(decimalPlaces(1e-7)).toBe(7);
    expect(decimalPlaces(12.5)).toBe(1);
    expect(decimalPlaces(1e21)).toBe(0);
    expect(decimalPlaces(Number.NaN)).toBe(Infinity);
  });
});

describe('multipleOf in a form (the shared Ajv instance)', () => {
  const def: FormDefinition = {
    schema: { type: 'object', properties: { fine: { type: 'number', format: 'money-wan', multipleOf: 0.01 } } },
    ui: { fields: { fine: { label: { 'zh-CN': '罚款金额', en: 'Fine' } } } },
  };

  it('accepts 0.07, 0.29 and 19.99 万元, refuses 0.071 naming the field in both languages', () => {
    for (const fine of [0.07, 0.29, 19.99, 0.01, 1234.56]) expect(prepare(def, 'decimal:fine@1', { fine }).issues, String(fine)).toEqual([]);
    const [issue] = prepare(def, 'decimal:fine@1', { fine: 0.071 }).issues;
    expect(issue).toMatchObject({ path: 'fine', keyword: 'multipleOf' });
    expect(issue!.message['zh-CN']).toBe('「罚款金额」应为 0.01 的整数倍。');
    expect(issue!.message.en).toBe('Fine must be a multiple of 0.01.');
  });
});
