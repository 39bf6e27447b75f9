import { describe, expect, it } from 'vitest';
import {
  USCC_AUTHORITIES,
  USCC_CHARSET,
  USCC_PLACEHOLDER,
  USCC_WEIGHTS,
  checkUscc,
  isUsccPlaceholder,
  orgCodeCheckChar,
  orgCodeWarning,
  usccCheckChar,
} from './uscc';

// codes.md §4.1: pass the check digit and appear in public material. Checksum vectors only, not seed data.
const VALID: [code: string, authority: string, type: string, region: string][] = [
  ['91110000600037341L', '9', '1', '110000'],
  ['91110000710926094P', '9', '1', '110000'],
  ['121200004013590816', '1', '2', '120000'],
  ['91120224064012553U', '9', '1', '120224'],
  ['91310000631696382C', '9', '1', '310000'],
  ['91440300568520498A', '9', '1', '440300'],
  ['9144030071526726XG', '9', '1', '440300'],
  ['91620105L015101280', '9', '1', '620105'],
  ['91340600MA2PBM9HXD', '9', '1', '340600'],
  ['92340602MA2PBMEM24', '9', '2', '340602'],
  ['12440300MB2C92173E', '1', '2', '440300'],
  ['91320100748204660Q', '9', '1', '320100'],
  ['91320281142232229Q', '9', '1', '320281'],
  ['91430122707233692A', '9', '1', '430122'],
  ['91370400728618604X', '9', '1', '370400'],
  ['91510104MA6CFT042R', '9', '1', '510104'],
  ['11320100MB1886843H', '1', '1', '320100'],
  ['91230500MA1B3N1N2M', '9', '1', '230500'],
  ['11230500001755309F', '1', '1', '230500'],
  ['9135010026017703XW', '9', '1', '350100'],
];

describe('checkUscc: codes.md §4.1 valid vectors', () => {
  it.each(VALID)('%s is valid (%s/%s/%s)', (code, authority, type, region) => {
    const r = checkUscc(code);
    expect(r).toMatchObject({ ok: true, value: code, authority, type, region, orgCode: code.slice(8, 17) });
  });

  it('names authority and type from table A', () => {
    const r = checkUscc('92340602MA2PBMEM24');
    if (!r.ok) throw new Error('expected valid');
    expect(r.authorityName['zh-CN']).toBe('工商（市场监管）');
    expect(r.typeName['zh-CN']).toBe('个体工商户');
    const r2 = checkUscc('121200004013590816');
    if (!r2.ok) throw new Error('expected valid');
    expect([r2.authorityName['zh-CN'], r2.typeName['zh-CN']]).toEqual(['机构编制', '事业单位']);
  });

  it('the synthetic code of codes.md §4.1 (region 000000) is 91000000000000000K', () => {
    expect(usccCheckChar('91' + '0'.repeat(15))).toBe('K');
    expect(checkUscc('91000000000000000K').ok).toBe(true);
  });

  it('normalises lower case to upper case', () => {
    expect(checkUscc('91110000600037341l')).toMatchObject({ ok: true, value: '91110000600037341L' });
    expect(checkUscc('9144030071526726xg')).toMatchObject({ ok: true, value: '9144030071526726XG' });
    expect(checkUscc('91340600ma2pbm9hxd')).toMatchObject({ ok: true, value: '91340600MA2PBM9HXD' });
  });
});

describe('checkUscc: codes.md §4.2 negative vectors', () => {
  it('12440300MB2C92173A: wrong check character, expected E', () => {
    expect(checkUscc('12440300MB2C92173A')).toEqual({ ok: false, reason: 'check', expected: 'E' });
  });
  it('91110000600037341N: wrong check character, expected L', () => {
    expect(checkUscc('91110000600037341N')).toEqual({ ok: false, reason: 'check', expected: 'L' });
  });
  it('9111000060003IOZSV: letters outside the character set', () => {
    expect(checkUscc('9111000060003IOZSV')).toEqual({ ok: false, reason: 'charset' });
  });
  it('A1110000600037341L: authority A is legal, so it is a checksum failure (expected K), not a format failure', () => {
    expect(checkUscc('A1110000600037341L')).toEqual({ ok: false, reason: 'check', expected: 'K' });
    expect(checkUscc('A1110000600037341K')).toMatchObject({ ok: true, authority: 'A', type: '1' });
  });
});

describe('checkUscc: each reason', () => {
  const withCheck = (first17: string) => first17 + usccCheckChar(first17);

  it('length', () => {
    expect(checkUscc('')).toEqual({ ok: false, reason: 'length' });
    expect(checkUscc('91110000600037341')).toEqual({ ok: false, reason: 'length' });
    expect(checkUscc('91110000600037341LL')).toEqual({ ok: false, reason: 'length' });
  });

  it('normalises a code as people type it (spaces, full width, lower case) before checking', () => {
    for (const typed of [' 91110000600037341L', '91110000600037341L ', '91110000600037341l', '９１１１００００６０００３７３４１Ｌ', '\u00a09111 0000 6000 3734 1L\u200b', '\u300091110000600037341L\t']) {
      const r = checkUscc(typed);
      expect(r.ok && r.value).toBe('91110000600037341L');
    }
  });

  it('charset: each of I, O, S, V, Z and punctuation', () => {
    for (const bad of ['I', 'O', 'S', 'V', 'Z', '-', '＊']) {
      expect(checkUscc(`9111000060003734${bad}L`)).toEqual({ ok: false, reason: 'charset' });
    }
  });

  it('authority: not in table A (also the 个体工商户 placeholder)', () => {
    expect(checkUscc(withCheck('B1110000600037341'))).toEqual({ ok: false, reason: 'authority' });
    expect(checkUscc(withCheck('01110000600037341'))).toEqual({ ok: false, reason: 'authority' });
    expect(checkUscc(USCC_PLACEHOLDER)).toEqual({ ok: false, reason: 'authority' });
  });

  it('type: not a type of that authority', () => {
    expect(checkUscc(withCheck('94110000600037341'))).toEqual({ ok: false, reason: 'type' }); // 工商 has 1, 2, 3 only
    expect(checkUscc(withCheck('99110000600037341'))).toEqual({ ok: false, reason: 'type' });
    expect(checkUscc(withCheck('Y2110000600037341'))).toEqual({ ok: false, reason: 'type' });
    expect(checkUscc(withCheck('14110000600037341'))).toEqual({ ok: false, reason: 'type' });
  });

  it('region: positions 3–8 must be digits', () => {
    expect(checkUscc(withCheck('9111A000600037341'))).toEqual({ ok: false, reason: 'region' });
  });

  it('accepts the authorities python-stdnum wrongly rejects: A, N, Y', () => {
    expect(checkUscc(withCheck('A9110000600037341'))).toMatchObject({ ok: true, authority: 'A', type: '9' });
    expect(checkUscc(withCheck('N2330100000000000'))).toMatchObject({ ok: true, authority: 'N', type: '2' });
    expect(checkUscc(withCheck('Y1330100000000000'))).toMatchObject({ ok: true, authority: 'Y', type: '1' });
  });
});

describe('algorithm constants', () => {
  it('charset has 31 characters without I, O, S, V, Z', () => {
    expect(USCC_CHARSET).toHaveLength(31);
    expect(USCC_CHARSET).not.toMatch(/[IOSVZ]/);
  });
  it('weights are 3^(i-1) mod 31', () => {
    expect(USCC_WEIGHTS).toEqual(Array.from({ length: 17 }, (_, i) => Number(3n ** BigInt(i) % 31n)));
  });
  it('table A has the twelve authorities', () => {
    expect(Object.keys(USCC_AUTHORITIES).sort()).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'N', 'Y']);
    expect(USCC_AUTHORITIES['3']!.name['zh-CN']).toBe('司法行政');
    expect(USCC_AUTHORITIES['4']!.name['zh-CN']).toBe('文化');
  });
  it('usccCheckChar: a sum ≡ 0 mod 31 gives 0', () => {
    expect(usccCheckChar('0'.repeat(17))).toBe('0');
  });
  it('usccCheckChar refuses malformed input', () => {
    expect(() => usccCheckChar('9111')).toThrow(RangeError);
    expect(() => usccCheckChar('9111000060003734I')).toThrow(RangeError);
  });
});

describe('placeholder', () => {
  it('is 17 zeros + X, any case', () => {
    expect(USCC_PLACEHOLDER).toBe('00000000000000000X');
    expect(isUsccPlaceholder('00000000000000000X')).toBe(true);
    expect(isUsccPlaceholder('00000000000000000x')).toBe(true);
    expect(isUsccPlaceholder('91110000600037341L')).toBe(false);
  });
});

describe('orgCodeWarning (GB 11714 inner check, warning only)', () => {
  it.each(VALID.map(([c]) => c))('no warning for %s (codes.md §2: all 20 pass)', (code) => {
    expect(orgCodeWarning(code)).toBe(false);
  });
  it('warns when the inner check character is wrong', () => {
    expect(orgCodeCheckChar('60003734')).toBe('1');
    expect(orgCodeWarning('600037341')).toBe(false);
    expect(orgCodeWarning('600037342')).toBe(true);
    const first17 = '91110000600037342';
    expect(checkUscc(first17 + usccCheckChar(first17)).ok).toBe(true); // the outer check alone passes
    expect(orgCodeWarning(first17 + usccCheckChar(first17))).toBe(true);
  });
  it('maps 10 → X and 11 → 0', () => {
    expect(orgCodeCheckChar('00000000')).toBe('0');
    expect(orgCodeWarning('9144030071526726XG')).toBe(false); // inner check X
  });
  it('warns on malformed input', () => {
    expect(orgCodeWarning('1234')).toBe(true);
    expect(orgCodeWarning('6000-7341')).toBe(true);
  });
});
