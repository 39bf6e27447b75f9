import { describe, expect, it } from 'vitest';
import { checkPhone } from './phone';

describe('checkPhone', () => {
  it.each(['13112349876', '15000000000', '19912345678', '17012345678'])('mobile %s', (v) => {
    expect(checkPhone(v)).toEqual({ ok: true, kind: 'mobile' });
  });

  it.each(['010-12345678', '01012345678', '0755-1234567', '0755-12345678', '0755-12345678-123', '021-1234567-1'])('landline %s', (v) => {
    expect(checkPhone(v)).toEqual({ ok: true, kind: 'landline' });
  });

  it.each([
    ['12345678901', 'mobile'], // second digit 2
    ['1311234987', 'mobile'], // 10 digits
    ['131123498765', 'mobile'], // 12 digits
    ['131-1234-9876', 'mobile'],
    ['010-123456', 'landline'], // number too short
    ['010-123456789', 'landline'], // number too long
    ['0755-12345678-1234567', 'landline'], // extension too long
    ['+8613112349876', 'charset'],
    ['010 12345678', 'charset'],
    ['１３１１２３４９８７６', 'charset'], // full-width digits
    ['88888888', 'shape'], // no area code
    ['', 'shape'],
  ])('%s fails: %s', (v, reason) => {
    expect(checkPhone(v)).toEqual({ ok: false, reason });
  });
});
