import { describe, expect, it } from 'vitest';
import { compiledCount } from './ajv';
import type { FormDefinition } from './definition';
import { fieldStates, prepare } from './effective';
import { LEGAL_PERSON, NATURAL_PERSON, legalPersonRecord, xkDefinition } from './testing/xk-form';

const L = (zh: string, en = zh) => ({ 'zh-CN': zh, en });
const def = xkDefinition();
const KEY = 'test:xk@1';
const byPath = (issues: { path: string }[]) => issues.map((i) => i.path);

describe('prepare: the 双公示 XK form', () => {
  it('accepts a complete 法人 record as it is', () => {
    const r = prepare(def, KEY, legalPersonRecord());
    expect(r.issues).toEqual([]);
    expect(r.stripped).toEqual([]);
    expect(r.data).toEqual(legalPersonRecord());
  });

  it('strips the value of a field hidden by visibleIf (法定代表人 of a 自然人)', () => {
    const record = { ...legalPersonRecord(), XK_XDR_LB: NATURAL_PERSON, XK_XDR_ZJHM: '110102199101010078', XK_FR_ZJLX: '身份证' };
    const r = prepare(def, KEY, record);
    expect(r.issues).toEqual([]);
    expect(r.data).not.toHaveProperty('XK_FRDB');
    expect(r.data).not.toHaveProperty('XK_FR_ZJLX');
    expect(r.data.XK_XDR_ZJHM).toBe('110102199101010078');
    // hidden values are a normal consequence of switching the category, not a forgery
    expect(r.stripped).toEqual([]);
  });

  it('enforces a conditionally required field with its label, and only while the condition holds', () => {
    const { XK_FRDB: _, ...noRepresentative } = legalPersonRecord();
    const r = prepare(def, KEY, noRepresentative);
    expect(r.issues).toEqual([{ path: 'XK_FRDB', keyword: 'required', message: { 'zh-CN': '「法定代表人」为必填项', en: 'Legal representative is required' } }]);

    const natural = prepare(def, KEY, { ...noRepresentative, XK_XDR_LB: NATURAL_PERSON });
    expect(natural.issues).toEqual([{ path: 'XK_XDR_ZJHM', keyword: 'required', message: { 'zh-CN': '「证件号码 (自然人)」为必填项', en: 'ID number (natural person) is required' } }]);
  });

  it('treats blank input as not filled in (a required field left blank fails; an optional one is not format-checked)', () => {
    const r = prepare(def, KEY, { ...legalPersonRecord(), XK_FRDB: '   ', XK_XDR_SHXYM: '', XK_BZ: '' });
    expect(byPath(r.issues)).toEqual(['XK_FRDB']);
    expect(r.data).not.toHaveProperty('XK_XDR_SHXYM');
    expect(r.data).not.toHaveProperty('XK_BZ');
  });

  it('validates the natural person’s ID number (GB 11643) when it is asked for', () => {
    const r = prepare(def, KEY, { ...legalPersonRecord(), XK_XDR_LB: NATURAL_PERSON, XK_XDR_ZJHM: '110102199101010070' });
    expect(byPath(r.issues)).toEqual(['XK_XDR_ZJHM']);
    expect(r.issues[0]!.message['zh-CN']).toContain('第18位应为“8”');
  });

  it('strips and reports forged keys, at any depth', () => {
    const r = prepare(def, KEY, { ...legalPersonRecord(), status: 'published', items: [{ name: '甲', approvedBy: 'me' }] });
    expect(r.issues).toEqual([]);
    expect(r.stripped).toEqual(['status', 'items.0.approvedBy']);
    expect(r.data).not.toHaveProperty('status');
    expect(r.data.items).toEqual([{ name: '甲' }]);
  });

  it('never lets a forged __proto__ key reach the prepared record', () => {
    const forged = JSON.parse(`{"__proto__": {"admin": true}, "XK_XDR_MC": "x"}`) as Record<string, unknown>;
    const r = prepare(def, KEY, forged);
    expect(r.stripped).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(r.data)).toBe(Object.prototype);
    expect((r.data as { admin?: boolean }).admin).toBeUndefined();
  });

  it('says which check character a USCC should have, on that field', () => {
    const r = prepare(def, KEY, { ...legalPersonRecord(), XK_XDR_SHXYM: '91110000600037341M' });
    expect(byPath(r.issues)).toEqual(['XK_XDR_SHXYM']);
    expect(r.issues[0]!.keyword).toBe('format');
    expect(r.issues[0]!.message['zh-CN']).toContain('第18位应为“L”');
    expect(r.issues[0]!.message.en).toContain('should be “L”');
  });

  it('validates repeating group rows with row paths, including $item conditions per row', () => {
    const r = prepare(def, KEY, {
      ...legalPersonRecord(),
      items: [
        { name: '甲', amount: 1.5, holderId: '110102199101010078' }, // no holder: holderId hidden, dropped
        { name: '乙', amount: -2, holder: '李四' }, // negative amount; holder given: holderId required
        { amount: 0.1234567 }, // name missing; too many decimals
      ],
    });
    expect(byPath(r.issues).sort()).toEqual(['items.1.amount', 'items.1.holderId', 'items.2.amount', 'items.2.name']);
    expect(r.issues.find((i) => i.path === 'items.1.holderId')!.message['zh-CN']).toBe('「经办人身份证号」为必填项');
    expect(r.issues.find((i) => i.path === 'items.2.name')!.message.en).toBe('Item is required');
    expect(r.issues.find((i) => i.path === 'items.1.amount')!.message['zh-CN']).toContain('不能为负数');
    expect((r.data.items as Record<string, unknown>[])[0]).toEqual({ name: '甲', amount: 1.5 });
  });

  it('answers a record that is not an object with one issue on the whole record', () => {
    for (const bad of [null, 'x', [legalPersonRecord()]]) {
      const r = prepare(def, KEY, bad);
      expect(r.data).toEqual({});
      expect(byPath(r.issues)).toEqual(['']);
    }
  });

  it('compiles the validator once per key, however many records it checks', () => {
    const key = 'test:xk-once@7';
    const before = compiledCount();
    const { XK_FRDB: _, ...invalid } = legalPersonRecord();
    for (let i = 0; i < 1000; i++) prepare(def, key, i % 2 ? legalPersonRecord() : { ...invalid, XK_NR: `内容 ${i}` });
    expect(compiledCount() - before).toBe(1);
    // another definition object with the same key (loaded again from the database) reuses it too
    prepare(xkDefinition(), key, legalPersonRecord());
    expect(compiledCount() - before).toBe(1);
  });
});

describe('prepare: visibility wins', () => {
  it('does not fail a schema-required field while it is hidden', () => {
    const d = xkDefinition();
    d.schema.required = [...(d.schema.required ?? []), 'XK_FRDB'];
    delete d.ui!.fields!.XK_FRDB!.requiredIf;
    const natural: Record<string, unknown> = { ...legalPersonRecord(), XK_XDR_LB: NATURAL_PERSON, XK_XDR_ZJHM: '110102199101010078' };
    delete natural.XK_FRDB;
    expect(prepare(d, 'test:xk-required@1', natural).issues).toEqual([]);
    const legal = prepare(d, 'test:xk-required@1', { ...natural, XK_XDR_LB: LEGAL_PERSON });
    expect(legal.issues).toEqual([{ path: 'XK_FRDB', keyword: 'required', message: { 'zh-CN': '「法定代表人」为必填项', en: 'Legal representative is required' } }]);
  });

  it('settles chained conditions in dependency order, whatever the field order', () => {
    // c shows b; b shows a. Listed a, b, c: a must still disappear when c hides b.
    const d: FormDefinition = {
      schema: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'boolean' } }, required: ['a'], additionalProperties: false },
      ui: {
        fields: {
          a: { label: L('甲', 'A'), visibleIf: { field: 'b', op: 'eq', value: 'yes' } },
          b: { label: L('乙', 'B'), visibleIf: { field: 'c', op: 'eq', value: true } },
          c: { label: L('丙', 'C') },
        },
      },
    };
    const r = prepare(d, 'test:chain@1', { a: 'x', b: 'yes', c: false });
    expect(r.data).toEqual({ c: false });
    expect(r.issues).toEqual([]);
    const shown = prepare(d, 'test:chain@1', { b: 'yes', c: true });
    expect(shown.issues.map((i) => i.message.en)).toEqual(['A is required']);
  });

  it('drops an optional group left empty, and checks a group once it is filled in', () => {
    const d: FormDefinition = {
      schema: {
        type: 'object',
        properties: {
          agent: { type: 'object', properties: { name: { type: 'string' }, phone: { type: 'string', format: 'phone' } }, required: ['name'], additionalProperties: false },
        },
        additionalProperties: false,
      },
      ui: { fields: { agent: { label: L('代理人', 'Agent') }, 'agent.name': { label: L('姓名', 'Name') }, 'agent.phone': { label: L('电话', 'Phone') } } },
    };
    expect(prepare(d, 'test:group@1', { agent: { name: '', phone: '' } })).toEqual({ data: {}, issues: [], stripped: [] });
    const r = prepare(d, 'test:group@1', { agent: { phone: '010-12345678' } });
    expect(r.issues.map((i) => [i.path, i.message['zh-CN']])).toEqual([['agent.name', '「姓名」为必填项']]);
  });
});

describe('fieldStates (what the renderer hides and marks required)', () => {
  it('matches prepare', () => {
    const s = fieldStates(def, { ...legalPersonRecord(), XK_XDR_LB: NATURAL_PERSON, items: [{ holder: '李四' }, {}] });
    expect([...s.hidden].sort()).toEqual(['XK_FRDB', 'XK_FR_ZJHM', 'XK_FR_ZJLX', 'items.1.holderId']);
    expect(s.required.has('XK_XDR_ZJHM')).toBe(true);
    expect(s.required.has('XK_FRDB')).toBe(false);
    expect(s.required.has('items.0.holderId')).toBe(true);
    expect(s.required.has('items.1.name')).toBe(true);
    expect(s.required.has('XK_XDR_MC')).toBe(true);
  });
});

describe('prepare at scale', () => {
  it('handles a 500-field definition', () => {
    const properties: Record<string, Record<string, unknown>> = {};
    const fields: NonNullable<NonNullable<FormDefinition['ui']>['fields']> = {};
    for (let i = 0; i < 500; i++) {
      const k = `F${String(i).padStart(3, '0')}`;
      properties[k] = i % 5 === 0 ? { type: 'number', format: 'money-wan' } : i % 7 === 0 ? { type: 'string', format: 'uscc' } : { type: 'string', maxLength: 50 };
      fields[k] = { label: L(`字段${i}`, `Field ${i}`), ...(i > 0 && i % 10 === 0 ? { visibleIf: { field: 'F001', op: 'eq', value: 'show' } } : {}) };
    }
    const big: FormDefinition = { schema: { type: 'object', properties, required: ['F002', 'F003'], additionalProperties: false }, ui: { fields } };
    const record: Record<string, unknown> = {};
    for (const k of Object.keys(properties)) record[k] = properties[k]!.type === 'number' ? 1.25 : properties[k]!.format === 'uscc' ? '91110000600037341L' : '值';
    record.F001 = 'hide';
    const t0 = performance.now();
    const first = prepare(big, 'test:big@1', record);
    const t1 = performance.now();
    for (let i = 0; i < 20; i++) prepare(big, 'test:big@1', record);
    const t2 = performance.now();
    console.log(`prepare, 500 fields: first call (compiles) ${(t1 - t0).toFixed(1)} ms; then ${((t2 - t1) / 20).toFixed(2)} ms per call`);
    expect(first.issues).toEqual([]);
    expect(Object.keys(first.data)).toHaveLength(500 - 49); // F010, F020 … F490 hidden
  });
});
