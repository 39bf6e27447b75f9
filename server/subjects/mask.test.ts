import { describe, expect, it } from 'vitest';
import { maskSubjectCodeIn } from './mask';

describe('a natural person’s ID number inside a record’s data', () => {
  const ID = '11010519491231002X';
  it('is masked in a field that repeats it and in a text that quotes it; other fields are untouched', () => {
    const out = maskSubjectCodeIn({ identify: ID, content: `本人张三（证件号码${ID}）郑重承诺`, amount: 3, other: '无' }, '自然人', ID);
    expect(out).toEqual({ identify: '1101**********002X', content: '本人张三（证件号码1101**********002X）郑重承诺', amount: 3, other: '无' });
    expect(JSON.stringify(out)).not.toContain(ID);
  });
  it('leaves an organisation’s 统一社会信用代码 as it is (public)', () => {
    const data = { identify: '91350100M000100Y43' };
    expect(maskSubjectCodeIn(data, '法人及非法人组织', '91350100M000100Y43')).toEqual(data);
  });
});
