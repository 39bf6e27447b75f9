import { describe, expect, it } from 'vitest';
import { DEFAULT_MASK_RULES, defaultMaskFor, maskRecord, maskValue } from './masking';

describe('maskValue', () => {
  it('codes.md §5 defaults', () => {
    expect(maskValue('360426199101010071', DEFAULT_MASK_RULES['resident-id'])).toBe('3604**********0071');
    expect(maskValue('13112349876', DEFAULT_MASK_RULES.phone)).toBe('131****9876');
    expect(maskValue('010-12345678', DEFAULT_MASK_RULES.phone)).toBe('010*****5678');
  });

  it('names keep the first character, one mask character per hidden character', () => {
    expect(maskValue('张三', DEFAULT_MASK_RULES['person-name'])).toBe('张*');
    expect(maskValue('欧阳娜娜', DEFAULT_MASK_RULES['person-name'])).toBe('欧***');
    expect(maskValue('𠀋一', DEFAULT_MASK_RULES['person-name'])).toBe('𠀋*'); // counted in code points
  });

  it('masks a value too short for its rule completely', () => {
    expect(maskValue('张', { keepStart: 1, keepEnd: 0 })).toBe('*');
    expect(maskValue('1234567', { keepStart: 4, keepEnd: 4 })).toBe('*******');
    expect(maskValue('12345678', { keepStart: 4, keepEnd: 4 })).toBe('********');
    expect(maskValue('123456789', { keepStart: 4, keepEnd: 4 })).toBe('1234*6789');
    expect(maskValue('ab', { keepStart: 4, keepEnd: 4 })).toBe('**');
    expect(maskValue('', { keepStart: 1, keepEnd: 1 })).toBe('');
  });

  it('custom mask character', () => {
    expect(maskValue('13112349876', { keepStart: 3, keepEnd: 4, char: '•' })).toBe('131••••9876');
  });
});

describe('defaultMaskFor', () => {
  it('by format', () => {
    expect(defaultMaskFor('resident-id')).toEqual({ keepStart: 4, keepEnd: 4 });
    expect(defaultMaskFor('phone')).toEqual({ keepStart: 3, keepEnd: 4 });
    expect(defaultMaskFor('person-name')).toEqual({ keepStart: 1, keepEnd: 0 });
    expect(defaultMaskFor('uscc')).toBeNull();
    expect(defaultMaskFor('toString')).toBeNull();
  });
});

describe('maskRecord', () => {
  const record = {
    subjectName: '某某有限公司',
    uscc: '91110000600037341L',
    legalRepresentative: { name: '张三', idNumber: '360426199101010071', phone: '13112349876' },
    items: [
      { name: '李四', idNumber: '110102199101010078' },
      { name: '欧阳娜娜', idNumber: '44011320141005001X' },
      { name: '王五' },
    ],
    phones: ['13112349876', '010-12345678'],
    fine: 12.5,
  };
  const rules = {
    'legalRepresentative.name': DEFAULT_MASK_RULES['person-name'],
    'legalRepresentative.idNumber': DEFAULT_MASK_RULES['resident-id'],
    'legalRepresentative.phone': DEFAULT_MASK_RULES.phone,
    'items.*.idNumber': DEFAULT_MASK_RULES['resident-id'],
    'items.*.name': DEFAULT_MASK_RULES['person-name'],
    phones: DEFAULT_MASK_RULES.phone,
    'missing.path': DEFAULT_MASK_RULES.phone,
  };

  it('masks dotted paths and arrays of objects, leaves the rest', () => {
    expect(maskRecord(record, rules)).toEqual({
      subjectName: '某某有限公司',
      uscc: '91110000600037341L',
      legalRepresentative: { name: '张*', idNumber: '3604**********0071', phone: '131****9876' },
      items: [
        { name: '李*', idNumber: '1101**********0078' },
        { name: '欧***', idNumber: '4401**********001X' },
        { name: '王*' },
      ],
      phones: ['131****9876', '010*****5678'],
      fine: 12.5,
    });
  });

  it('does not change its input', () => {
    const before = JSON.stringify(record);
    maskRecord(record, rules);
    expect(JSON.stringify(record)).toBe(before);
  });

  it('numeric segments and * over object properties', () => {
    expect(maskRecord(record, { 'items.0.idNumber': { keepStart: 0, keepEnd: 4 } }).items[0]!.idNumber).toBe('**************0078');
    expect(maskRecord({ contacts: { a: '13112349876', b: '13912345678' } }, { 'contacts.*': DEFAULT_MASK_RULES.phone })).toEqual({
      contacts: { a: '131****9876', b: '139****5678' },
    });
  });

  it('null, missing and non-object values are left alone', () => {
    expect(maskRecord({ a: null, b: { c: undefined } }, { a: DEFAULT_MASK_RULES.phone, 'b.c': DEFAULT_MASK_RULES.phone, 'a.x': DEFAULT_MASK_RULES.phone })).toEqual({
      a: null,
      b: { c: undefined },
    });
    expect(maskRecord(null, { a: DEFAULT_MASK_RULES.phone })).toBeNull();
  });
});
