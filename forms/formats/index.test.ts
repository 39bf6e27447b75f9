import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { checkMoneyWan, describeFormatFailure, explainFormatFailure, formatMessage, registerDomainFormats } from './index';

function ajvWithFormats() {
  const ajv = new Ajv2020({ allErrors: true, strict: true, messages: false });
  addFormats(ajv);
  return registerDomainFormats(ajv);
}

const schema = {
  type: 'object',
  properties: {
    uscc: { type: 'string', format: 'uscc' },
    idNumber: { type: 'string', format: 'resident-id' },
    phone: { type: 'string', format: 'phone' },
    fine: { type: 'number', format: 'money-wan' },
  },
};

describe('registerDomainFormats', () => {
  const validate = ajvWithFormats().compile(schema);

  it('accepts valid values', () => {
    expect(validate({ uscc: '91110000600037341L', idNumber: '44011320141005001X', phone: '010-12345678', fine: 12.345678 })).toBe(true);
    expect(validate({ uscc: 'A1110000600037341K', fine: 0 })).toBe(true);
  });

  it('reports one format error per failing field', () => {
    expect(validate({ uscc: '12440300MB2C92173A', idNumber: '360426199113010079', phone: '12345678901', fine: -1 })).toBe(false);
    expect(validate.errors?.map((e) => [e.instancePath, e.keyword, e.params])).toEqual([
      ['/uscc', 'format', { format: 'uscc' }],
      ['/idNumber', 'format', { format: 'resident-id' }],
      ['/phone', 'format', { format: 'phone' }],
      ['/fine', 'format', { format: 'money-wan' }],
    ]);
  });

  it('refuses codes that were not normalised (prepare normalises them before validating and storing)', () => {
    expect(validate({ idNumber: '44011320141005001x' })).toBe(false);
    expect(validate({ uscc: ' 91110000600037341L' })).toBe(false);
    expect(validate({ uscc: '91110000600037341l' })).toBe(false);
    expect(explainFormatFailure('uscc', '91110000600037341l')).toEqual({ reason: 'charset' });
    expect(explainFormatFailure('uscc', '91110000600037341L')).toBeNull();
  });

  it('money-wan applies to integers too', () => {
    const v = ajvWithFormats().compile({ type: 'integer', format: 'money-wan' });
    expect(v(5)).toBe(true);
    expect(v(-5)).toBe(false);
  });
});

describe('checkMoneyWan', () => {
  it.each([0, 1, 12.5, 0.000001, 123456.123456, 1e21, 99999999.99])('%d is fine', (n) => {
    expect(checkMoneyWan(n)).toEqual({ ok: true });
  });
  it.each([
    [-0.01, 'negative'],
    [0.0000001, 'precision'],
    [1.1234567, 'precision'],
    [0.1 + 0.2, 'precision'],
    [Number.NaN, 'number'],
    [Number.POSITIVE_INFINITY, 'number'],
  ] as const)('%d fails: %s', (n, reason) => {
    expect(checkMoneyWan(n)).toEqual({ ok: false, reason });
  });
});

describe('explainFormatFailure', () => {
  it('re-runs the checker to get the reason', () => {
    expect(explainFormatFailure('uscc', '12440300MB2C92173A')).toEqual({ reason: 'check', expected: 'E' });
    expect(explainFormatFailure('uscc', '9111000060003IOZSV')).toEqual({ reason: 'charset' });
    expect(explainFormatFailure('uscc', 'A1110000600037341L')).toEqual({ reason: 'check', expected: 'K' });
    expect(explainFormatFailure('resident-id', '360426199101010070')).toEqual({ reason: 'check', expected: '1' });
    expect(explainFormatFailure('resident-id', '360426199113010079')).toEqual({ reason: 'date' });
    expect(explainFormatFailure('phone', '+8613112349876')).toEqual({ reason: 'charset' });
    expect(explainFormatFailure('money-wan', 1.1234567)).toEqual({ reason: 'precision' });
  });
  it('is null for passing values, other types and other formats', () => {
    expect(explainFormatFailure('uscc', '91110000600037341L')).toBeNull();
    expect(explainFormatFailure('uscc', 42)).toBeNull();
    expect(explainFormatFailure('money-wan', '1.5')).toBeNull();
    expect(explainFormatFailure('email', 'x')).toBeNull();
  });
});

describe('formatMessage', () => {
  const L = '统一社会信用代码';

  it('USCC wrong check character, both languages (the wording of the brief)', () => {
    expect(formatMessage('uscc', 'check', 'zh-CN', L, 'E')).toBe('「统一社会信用代码」校验位错误：第18位应为“E”。');
    expect(formatMessage('uscc', 'check', 'en', L, 'E')).toBe('统一社会信用代码: the check character is wrong (the 18th character should be “E”).');
  });

  it('USCC charset names the excluded letters', () => {
    expect(formatMessage('uscc', 'charset', 'zh-CN', L)).toBe('「统一社会信用代码」含有不允许的字符（只能是数字和大写字母；I、O、S、V、Z 不用于统一社会信用代码）。');
    expect(formatMessage('uscc', 'charset', 'en', 'USCC')).toContain('I, O, S, V and Z are never used');
  });

  it('every reason of every format has its own sentence in both languages', () => {
    const reasons = {
      uscc: ['length', 'charset', 'authority', 'type', 'region', 'check'],
      'resident-id': ['length', 'charset', 'date', 'check'],
      phone: ['charset', 'mobile', 'landline', 'shape'],
      'money-wan': ['number', 'negative', 'precision'],
    } as const;
    for (const [format, list] of Object.entries(reasons)) {
      for (const reason of list) {
        for (const locale of ['zh-CN', 'en'] as const) {
          const m = formatMessage(format as keyof typeof reasons, reason, locale, 'F');
          expect(m.startsWith(locale === 'zh-CN' ? '「F」' : 'F: ')).toBe(true);
          expect(m).not.toMatch(/格式不正确|not a valid (uscc|resident-id|phone|money-wan) value/);
        }
      }
    }
  });

  it('resident id date and check', () => {
    expect(formatMessage('resident-id', 'date', 'zh-CN', '身份证号码')).toBe('「身份证号码」第7–14位的出生日期无效：应为1900年1月1日以后、不晚于今天的真实日期。');
    expect(formatMessage('resident-id', 'check', 'zh-CN', '身份证号码', 'X')).toBe('「身份证号码」校验位错误：第18位应为“X”。');
    expect(formatMessage('resident-id', 'date', 'en', 'ID number')).toBe(
      'ID number: the date of birth (characters 7–14) is not valid; it must be a real date, not before 1 January 1900 and not in the future.',
    );
  });

  it('phone', () => {
    expect(formatMessage('phone', 'mobile', 'zh-CN', '联系电话')).toBe('「联系电话」不是有效的手机号码：应为以13–19开头的11位数字。');
    expect(formatMessage('phone', 'landline', 'en', 'Phone')).toContain('010-12345678');
  });

  it('describeFormatFailure gives both languages for a value', () => {
    expect(describeFormatFailure('uscc', '12440300MB2C92173A', { 'zh-CN': '统一社会信用代码', en: 'USCC' })).toEqual({
      'zh-CN': '「统一社会信用代码」校验位错误：第18位应为“E”。',
      en: 'USCC: the check character is wrong (the 18th character should be “E”).',
    });
    expect(describeFormatFailure('uscc', '12440300MB2C92173E', 'x')).toBeNull();
  });
});
