import { describe, expect, it } from 'vitest';
import reference from '../server/seed/data/reference-forms.json';
import { formDefinitionProblems, formModel, type FormDefinition } from './definition';
import { prepare } from './effective';
import { normalizeCode, normalizeCodesBySchema } from './formats';
import { boundFields, subjectCodeProblem, type Subject } from './subject';
import { legalPersonRecord, xkDefinition } from './testing/xk-form';

const XK = reference.XK as unknown as FormDefinition;
const CN = reference.CN as unknown as FormDefinition;
const KEY = 'subject:xk@1';
const company: Subject = { type: '法人及非法人组织', code: '91350100M000100Y43', name: '福州某某科技有限公司' };
const person: Subject = { type: '自然人', code: '110102199101010078', name: '张三' };

/** The XK record without its subject fields, as the form's body sends it when the header holds the subject. */
function body(): Record<string, unknown> {
  const { XK_XDR_MC: _n, XK_XDR_LB: _t, XK_XDR_SHXYM: _c, ...rest } = legalPersonRecord();
  return rest;
}

describe('normalizeCode: codes as people type them', () => {
  it.each([
    ['91350100m000100y43', '91350100M000100Y43'],
    [' 91350100M000100Y43 ', '91350100M000100Y43'],
    ['９１３５０１００Ｍ０００１００Ｙ４３', '91350100M000100Y43'],
    ['\u00a091350100 M000 100Y43\u200b\ufeff', '91350100M000100Y43'],
    ['\u300011010219910101007x\t', '11010219910101007X'],
    ['', ''],
  ])('%j → %s', (typed, stored) => expect(normalizeCode(typed)).toBe(stored));

  it('normalises code fields of a register entry by its schema, leaving everything else as it is', () => {
    const schema = { type: 'object', properties: { uscc: { type: 'string', format: 'uscc' }, name: { type: 'string' }, rows: { type: 'array', items: { type: 'object', properties: { id: { type: 'string', format: 'resident-id' } } } } } };
    const content = { uscc: ' 91350100m000100y43', name: ' 保留 ', rows: [{ id: '11010219910101007x' }] };
    expect(normalizeCodesBySchema(schema, content)).toEqual({ uscc: '91350100M000100Y43', name: ' 保留 ', rows: [{ id: '11010219910101007X' }] });
    const clean = { uscc: '91350100M000100Y43' };
    expect(normalizeCodesBySchema(schema, clean)).toBe(clean);
  });
});

describe('subjectCodeProblem: the one check of the subject code', () => {
  it('accepts valid codes however they were typed, and the no-code placeholder for an individual business only', () => {
    expect(subjectCodeProblem('法人及非法人组织', ' 91350100m000100y43')).toBeNull();
    expect(subjectCodeProblem('法人及非法人组织', '９１３５０１００Ｍ０００１００Ｙ４３')).toBeNull();
    expect(subjectCodeProblem('自然人', '11010219910101007８')).toBeNull();
    expect(subjectCodeProblem('个体工商户', '00000000000000000x')).toBeNull();
    expect(subjectCodeProblem('法人及非法人组织', '00000000000000000X')).not.toBeNull();
  });

  it('names the expected check character, in both languages', () => {
    const m = subjectCodeProblem('法人及非法人组织', '91350100M000100Y4X');
    expect(m?.['zh-CN']).toBe('「统一社会信用代码」校验位错误：第18位应为“3”。');
    expect(m?.en).toContain('should be “3”');
    expect(subjectCodeProblem('自然人', '')?.['zh-CN']).toBe('「居民身份证号码」为必填项');
  });
});

describe('the seeded forms bind their subject fields', () => {
  it('行政许可, 行政处罚 and 信用承诺 bind name, type and code; code fields use the matching format', () => {
    const bindings = (def: FormDefinition) => boundFields(formModel(def)).map(({ field, binding }) => `${field.key}:${binding}:${String(field.schema.format ?? '')}`);
    expect(bindings(XK)).toEqual(['XK_XDR_MC:name:', 'XK_XDR_LB:type:', 'XK_XDR_SHXYM:code:uscc', 'XK_XDR_ZJHM:code:resident-id']);
    expect(bindings(reference.CF as unknown as FormDefinition)).toEqual(['CF_XDR_MC:name:', 'CF_XDR_LB:type:', 'CF_XDR_SHXYM:code:uscc', 'CF_XDR_ZJHM:code:resident-id']);
    expect(bindings(CN)).toEqual(['subjectName:name:', 'subjectCategory:type:', 'identify:code:']);
  });
});

describe('prepare with the subject: one value, one check', () => {
  it('fills the subject fields of the body from the header, normalised', () => {
    const r = prepare(XK, KEY, body(), { subject: { ...company, code: ' 91350100m000100y43 ', name: ' 福州某某科技有限公司 ' } });
    expect(r.issues).toEqual([]);
    expect(r.data).toMatchObject({ XK_XDR_MC: '福州某某科技有限公司', XK_XDR_LB: '法人及非法人组织', XK_XDR_SHXYM: '91350100M000100Y43' });
    expect(r.data).not.toHaveProperty('XK_XDR_ZJHM');
  });

  it('puts a natural person’s ID number in the ID field, never in the USCC field', () => {
    const r = prepare(XK, KEY, body(), { subject: person });
    expect(r.issues).toEqual([]);
    expect(r.data).toMatchObject({ XK_XDR_MC: '张三', XK_XDR_LB: '自然人', XK_XDR_ZJHM: '110102199101010078' });
    expect(r.data).not.toHaveProperty('XK_XDR_SHXYM');
  });

  it('leaves the USCC field empty for an individual business without a code (placeholder)', () => {
    const r = prepare(XK, KEY, body(), { subject: { type: '个体工商户', code: '00000000000000000X', name: '某某小吃店' } });
    expect(r.issues).toEqual([]);
    expect(r.data).not.toHaveProperty('XK_XDR_SHXYM');
    expect(r.data.XK_XDR_LB).toBe('个体工商户');
  });

  it('refuses a body that disagrees with the header (…Y43 in the header, …Y4X in the body) and never stores the body’s value', () => {
    const r = prepare(XK, KEY, { ...body(), XK_XDR_SHXYM: '91350100M000100Y4X', XK_XDR_MC: '另一家公司' }, { subject: company });
    expect(r.issues.map((i) => [i.path, i.keyword])).toEqual([
      ['XK_XDR_MC', 'subject'],
      ['XK_XDR_SHXYM', 'subject'],
    ]);
    const m = r.issues.find((i) => i.path === 'XK_XDR_SHXYM')!.message;
    expect(m['zh-CN']).toContain('应与主体代码一致（91350100M000100Y43）');
    expect(m.en).toContain('must match the subject code');
    expect(r.data.XK_XDR_SHXYM).toBe('91350100M000100Y43');
    expect(r.data.XK_XDR_MC).toBe('福州某某科技有限公司');
  });

  it('accepts a body that agrees once normalised (lower case, spaces, full width)', () => {
    const r = prepare(XK, KEY, { ...body(), XK_XDR_SHXYM: '９１３５０１００m000100y43 ', XK_XDR_MC: ' 福州某某科技有限公司', XK_XDR_LB: '法人及非法人组织' }, { subject: company });
    expect(r.issues).toEqual([]);
  });

  it('refuses a USCC in the body of a natural person’s record', () => {
    const r = prepare(XK, KEY, { ...body(), XK_XDR_SHXYM: '91350100M000100Y43' }, { subject: person });
    expect(r.issues.map((i) => i.path)).toEqual(['XK_XDR_SHXYM']);
    expect(r.issues[0]!.message['zh-CN']).toContain('本主体不填此项');
  });

  it('without a subject (the designer preview), bound fields are validated like any other, with their format', () => {
    const r = prepare(XK, KEY, { ...legalPersonRecord(), XK_XDR_SHXYM: '91350100M000100Y4X' });
    expect(r.issues.map((i) => [i.path, i.keyword])).toEqual([['XK_XDR_SHXYM', 'format']]);
  });

  it('normalises code fields that are not bound (许可机关统一社会信用代码 typed in lower case)', () => {
    const r = prepare(xkDefinition(), 'subject:xk-fixture@1', { ...legalPersonRecord(), XK_XKJGDM: '11110000000013127h ' });
    expect(r.issues).toEqual([]);
    expect(r.data.XK_XKJGDM).toBe('11110000000013127H');
  });
});

describe('the checker refuses bindings that cannot work', () => {
  const L = (zh: string, en: string) => ({ 'zh-CN': zh, en });
  const def = (ui: Record<string, unknown>, schema: Record<string, unknown> = { type: 'string' }): FormDefinition => ({
    schema: { type: 'object', properties: { a: schema, g: { type: 'object', properties: { b: { type: 'string' } } } } },
    ui: { fields: { a: { label: L('甲', 'A'), ...ui }, 'g.b': { label: L('乙', 'B') } } },
  });
  const paths = (d: unknown) => formDefinitionProblems(d).map((p) => p.path);

  it('accepts the three bindings on top-level text fields', () => {
    for (const b of ['type', 'code', 'name']) expect(paths(def({ subject: b }))).toEqual([]);
    expect(paths(def({ subject: 'code' }, { type: 'string', format: 'uscc' }))).toEqual([]);
  });

  it('refuses unknown bindings, non-text or nested fields, wrong formats and incomplete type lists', () => {
    expect(paths(def({ subject: 'address' }))).toEqual(['ui.fields.a.subject']);
    expect(paths(def({ subject: 'code' }, { type: 'number' }))).toEqual(['ui.fields.a.subject']);
    expect(paths(def({ subject: 'code' }, { type: 'string', format: 'phone' }))).toEqual(['ui.fields.a.subject']);
    expect(paths(def({ subject: 'name' }, { type: 'string', format: 'email' }))).toEqual(['ui.fields.a.subject']);
    expect(paths(def({ subject: 'type' }, { type: 'string', enum: ['自然人'] }))).toEqual(['ui.fields.a.subject']);
    const nested = def({});
    nested.ui!.fields!['g.b'] = { label: L('乙', 'B'), subject: 'name' };
    expect(paths(nested)).toEqual(['ui.fields.g.b.subject']);
  });
});
