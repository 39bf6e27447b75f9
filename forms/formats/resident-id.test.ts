import { describe, expect, it } from 'vitest';
import { checkResidentId, residentIdCheckChar, todayInChina } from './resident-id';

describe('checkResidentId: codes.md §4.3 vectors', () => {
  it.each(['360426199101010071', '44011320141005001X', '110102199101010078', '412723199010050012', '120110199212010072'])('%s is valid', (id) => {
    expect(checkResidentId(id)).toMatchObject({ ok: true, value: id });
  });

  it('lower-case x normalises to X', () => {
    expect(checkResidentId('44011320141005001x')).toEqual({
      ok: true,
      value: '44011320141005001X',
      region: '440113',
      birthDate: '2014-10-05',
      sequence: '001',
      sex: 'male',
    });
  });

  it('36042619910102009X: wrong check character (expected 3)', () => {
    expect(checkResidentId('36042619910102009X')).toEqual({ ok: false, reason: 'check', expected: '3' });
  });
  it('360426199101010070: wrong check character (expected 1)', () => {
    expect(checkResidentId('360426199101010070')).toEqual({ ok: false, reason: 'check', expected: '1' });
  });
  it('360426199113010079: month 13 is not a date', () => {
    expect(checkResidentId('360426199113010079')).toEqual({ ok: false, reason: 'date' });
  });
});

describe('checkResidentId: each reason', () => {
  const id = (address: string, birth: string, seq: string) => {
    const first17 = address + birth + seq;
    return first17 + residentIdCheckChar(first17);
  };

  it('length', () => {
    expect(checkResidentId('36042619910101007')).toEqual({ ok: false, reason: 'length' });
    expect(checkResidentId('360426910101007')).toEqual({ ok: false, reason: 'length' }); // 15-digit first-generation id
    expect(checkResidentId('')).toEqual({ ok: false, reason: 'length' });
  });

  it('charset', () => {
    expect(checkResidentId('3604261991010100X1')).toEqual({ ok: false, reason: 'charset' });
    expect(checkResidentId('36042619910101007Y')).toEqual({ ok: false, reason: 'charset' });
    expect(checkResidentId('36042619910101-071')).toEqual({ ok: false, reason: 'charset' });
    // A space is not a character of the number: it is removed, and what is left is too short.
    expect(checkResidentId('36042619910101 071')).toEqual({ ok: false, reason: 'length' });
  });

  it('date: impossible days, leap years, before 1900, in the future', () => {
    expect(checkResidentId(id('360426', '19910230', '007'))).toEqual({ ok: false, reason: 'date' });
    expect(checkResidentId(id('360426', '19910100', '007'))).toEqual({ ok: false, reason: 'date' });
    expect(checkResidentId(id('360426', '19000229', '007'))).toEqual({ ok: false, reason: 'date' }); // 1900 is not a leap year
    expect(checkResidentId(id('360426', '20000229', '007')).ok).toBe(true);
    expect(checkResidentId(id('360426', '18991231', '007'))).toEqual({ ok: false, reason: 'date' });
    expect(checkResidentId(id('360426', '19000101', '007')).ok).toBe(true);
    expect(checkResidentId(id('360426', '20240102', '008'), { today: '2024-01-01' })).toEqual({ ok: false, reason: 'date' });
    expect(checkResidentId(id('360426', '20240101', '008'), { today: '2024-01-01' })).toMatchObject({ ok: true, sex: 'female' });
    expect(checkResidentId(id('360426', '29991231', '007'))).toEqual({ ok: false, reason: 'date' });
  });

  it('the date is checked before the check character', () => {
    expect(checkResidentId('360426199113010070')).toEqual({ ok: false, reason: 'date' });
  });
});

describe('todayInChina', () => {
  it('is the Beijing date, not the UTC date', () => {
    expect(todayInChina(new Date('2024-03-01T17:00:00Z'))).toBe('2024-03-02');
    expect(todayInChina(new Date('2024-03-01T15:59:00Z'))).toBe('2024-03-01');
  });
});
