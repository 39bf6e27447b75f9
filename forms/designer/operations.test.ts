import { describe, expect, it } from 'vitest';
import reference from '../../server/seed/data/reference-forms.json';
import { FORM_WIDGETS, formDefinitionProblems, formModel, personalFields, type FormDefinition } from '../definition';
import { prepare } from '../effective';
import { xkDefinition } from '../testing/xk-form';
import {
  addField,
  deleteField,
  duplicateField,
  emptyDefinition,
  moveField,
  optionsOf,
  renameField,
  requirednessOf,
  setCondition,
  setMasking,
  setOptions,
  setPattern,
  setRequired,
  setSchemaKeyword,
  setSections,
  setSection,
  setText,
  type OpResult,
} from './operations';
import { definitionHash } from './problems';

function ok(r: OpResult): { definition: FormDefinition; path: string } {
  if (!r.ok) throw new Error(`refused: ${r.message.en}`);
  return r;
}

/** Adds fields of these widgets to the root, in order; returns the definition and their paths. */
function build(...widgets: (typeof FORM_WIDGETS)[number][]): { def: FormDefinition; paths: string[] } {
  let def = emptyDefinition();
  const paths: string[] = [];
  for (const w of widgets) {
    const r = ok(addField(def, w));
    def = r.definition;
    paths.push(r.path);
  }
  return { def, paths };
}

describe('adding fields from the palette', () => {
  it.each(FORM_WIDGETS)('a %s field gives a definition the checker accepts and the renderer shows with that widget', (widget) => {
    const { def, paths } = build(widget);
    expect(formDefinitionProblems(def)).toEqual([]);
    const f = formModel(def).byPath.get(paths[0]!)!;
    expect(f.widget).toBe(widget);
    expect(f.label['zh-CN']).not.toBe('');
    expect(f.label.en).not.toBe('');
  });

  it('gives unique keys, inserts at a position, and adds children to groups and repeating groups', () => {
    let { def, paths } = build('text', 'text', 'repeating-group');
    expect(paths).toEqual(['text_1', 'text_2', 'rows_1']);
    def = ok(addField(def, 'uscc', '', 0)).definition;
    expect(def.ui?.order).toEqual(['uscc_1', 'text_1', 'text_2', 'rows_1']);
    const child = ok(addField(def, 'money', 'rows_1'));
    expect(child.path).toBe('rows_1.amount_1');
    expect(formModel(child.definition).byPath.get('rows_1.amount_1')?.row).toBe('rows_1');
    expect(formDefinitionProblems(child.definition)).toEqual([]);
    const refused = addField(def, 'text', 'text_1');
    expect(refused.ok).toBe(false);
  });

  it('never changes the definition it was given (every operation, on a deep-frozen definition)', () => {
    const deepFreeze = <T,>(v: T): T => {
      if (typeof v === 'object' && v !== null) {
        Object.values(v).forEach(deepFreeze);
        Object.freeze(v);
      }
      return v;
    };
    const def = deepFreeze(xkDefinition());
    const before = structuredClone(def);
    const L = { 'zh-CN': '甲', en: 'A' };
    ok(addField(def, 'text'));
    ok(addField(def, 'text', 'items', 0));
    moveField(def, 'XK_XDR_LB', 0);
    moveField(def, 'items.holder', 0);
    ok(renameField(def, 'XK_XDR_LB', 'category'));
    ok(renameField(def, 'items.holder', 'handler'));
    setRequired(def, 'XK_BZ', 'required');
    setRequired(def, 'items.name', 'optional');
    setRequired(def, 'items.amount', 'conditional', { field: '$item.name', op: 'notEmpty' });
    setText(def, 'XK_BZ', 'help', 'en', 'Remarks');
    setCondition(def, 'XK_BZ', 'visibleIf', { field: 'XK_XDR_LB', op: 'eq', value: '自然人' });
    setSchemaKeyword(def, 'XK_BZ', 'maxLength', 10);
    ok(setPattern(def, 'XK_BZ', '^a$'));
    setOptions(def, 'XK_XKLB', [{ code: '普通', label: L }]);
    setMasking(def, 'items.holderId', true, { keepStart: 1, keepEnd: 1 });
    setSection(def, 'XK_BZ', 'subject');
    setSections(def, [{ id: 'x', title: L }]);
    ok(deleteField(def, 'items.holderId'));
    ok(duplicateField(def, 'items'));
    expect(def).toEqual(before);
  });
});

describe('ordering', () => {
  it('moves a field among its siblings and writes the order the form shows', () => {
    const { def } = build('text', 'number', 'date');
    const moved = moveField(def, 'date_1', 0);
    expect(formModel(moved).fields.map((f) => f.key)).toEqual(['date_1', 'text_1', 'number_1']);
    expect(moveField(moved, 'date_1', 99).ui?.order).toEqual(['text_1', 'number_1', 'date_1']);
  });

  it('orders the children of a repeating group in the group’s own order', () => {
    const def = moveField(xkDefinition(), 'items.holderId', 0);
    expect(def.ui?.fields?.items?.order).toEqual(['holderId', 'name', 'amount', 'holder']);
    expect(formDefinitionProblems(def)).toEqual([]);
  });
});

describe('renaming', () => {
  it('updates the conditions that reference the field, the required list and the order', () => {
    const def = xkDefinition();
    const r = ok(renameField(def, 'XK_XDR_LB', 'subjectCategory'));
    const m = formModel(r.definition);
    expect(r.path).toBe('subjectCategory');
    expect(m.byPath.get('XK_FRDB')?.ui?.visibleIf).toEqual({ field: 'subjectCategory', op: 'eq', value: '法人及非法人组织' });
    expect(m.byPath.get('XK_XDR_ZJHM')?.ui?.requiredIf).toEqual({ field: 'subjectCategory', op: 'eq', value: '自然人' });
    expect(r.definition.schema.required).toContain('subjectCategory');
    expect(r.definition.schema.required).not.toContain('XK_XDR_LB');
    expect(r.definition.ui?.order?.[1]).toBe('subjectCategory');
    expect(r.definition.ui?.fields?.subjectCategory?.label).toEqual(def.ui?.fields?.XK_XDR_LB?.label);
    expect(formDefinitionProblems(r.definition)).toEqual([]);
  });

  it('follows $item references inside a row and row-numbered references from outside', () => {
    let def = xkDefinition();
    def = setCondition(def, 'XK_BZ', 'visibleIf', { all: [{ field: 'items.0.holder', op: 'notEmpty' }, { not: { field: 'XK_XDR_LB', op: 'eq', value: '自然人' } }] });
    const r = ok(renameField(def, 'items.holder', 'handler'));
    const m = formModel(r.definition);
    expect(m.byPath.get('items.holderId')?.ui?.visibleIf).toEqual({ field: '$item.handler', op: 'notEmpty' });
    expect(m.byPath.get('XK_BZ')?.ui?.visibleIf).toEqual({ all: [{ field: 'items.0.handler', op: 'notEmpty' }, { not: { field: 'XK_XDR_LB', op: 'eq', value: '自然人' } }] });
    expect(formDefinitionProblems(r.definition)).toEqual([]);
  });

  it('moves the UI entries of a renamed repeating group’s children and keeps $item references as they are', () => {
    const r = ok(renameField(xkDefinition(), 'items', 'licences'));
    const m = formModel(r.definition);
    expect(m.byPath.get('licences.holderId')?.ui?.personal).toBe(true);
    expect(m.byPath.get('licences.holderId')?.ui?.visibleIf).toEqual({ field: '$item.holder', op: 'notEmpty' });
    expect(Object.keys(r.definition.ui?.fields ?? {}).filter((k) => k.startsWith('items'))).toEqual([]);
    expect(formDefinitionProblems(r.definition)).toEqual([]);
  });

  it('refuses a key that is taken or not allowed, with a message', () => {
    const def = xkDefinition();
    const taken = renameField(def, 'XK_BZ', 'XK_NR');
    expect(taken.ok).toBe(false);
    if (!taken.ok) expect(taken.message['zh-CN']).toContain('已有字段「XK_NR」');
    for (const bad of ['', '123', 'a.b', 'a b', '$x', '__proto__', 'toString', 'valueOf', 'hasOwnProperty']) expect(renameField(def, 'XK_BZ', bad).ok).toBe(false);
  });
});

describe('deleting and duplicating', () => {
  it('refuses to delete a field that other fields’ conditions read, naming them', () => {
    const r = deleteField(xkDefinition(), 'XK_XDR_LB');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message['zh-CN']).toContain('不能删除「行政相对人类别」');
      expect(r.message['zh-CN']).toContain('「法定代表人」');
      expect(r.message.en).toContain('Legal representative');
    }
  });

  it('deletes a field read only by conditions inside itself, and removes it from required', () => {
    const def = xkDefinition();
    const r = ok(deleteField(def, 'items'));
    expect(formModel(r.definition).byPath.has('items.holderId')).toBe(false);
    expect(Object.keys(r.definition.ui?.fields ?? {}).some((k) => k.startsWith('items'))).toBe(false);
    const r2 = ok(deleteField(def, 'XK_XKWS'));
    expect(r2.definition.schema.required).not.toContain('XK_XKWS');
    expect(formDefinitionProblems(r2.definition)).toEqual([]);
  });

  it('duplicates a field right after itself, required the same way', () => {
    const r = ok(duplicateField(xkDefinition(), 'XK_XKWS'));
    expect(r.path).toBe('XK_XKWS_1');
    const keys = formModel(r.definition).fields.map((f) => f.key);
    expect(keys[keys.indexOf('XK_XKWS') + 1]).toBe('XK_XKWS_1');
    expect(r.definition.schema.required).toContain('XK_XKWS_1');
    expect(formDefinitionProblems(r.definition)).toEqual([]);
  });
});

describe('rules', () => {
  it('a required-if built in the designer is enforced by the server’s verdict (prepare)', () => {
    let { def } = build('boolean', 'text');
    def = setText(def, 'text_1', 'label', 'zh-CN', '代理人姓名');
    def = setRequired(def, 'text_1', 'conditional', { field: 'yesNo_1', op: 'eq', value: true });
    expect(formDefinitionProblems(def)).toEqual([]);
    expect(requirednessOf(def, 'text_1')).toBe('conditional');
    const key = `designer@${definitionHash(def)}`;
    const missing = prepare(def, key, { yesNo_1: true });
    expect(missing.issues).toEqual([{ path: 'text_1', keyword: 'required', message: { 'zh-CN': '「代理人姓名」为必填项', en: 'Text is required' } }]);
    expect(prepare(def, key, { yesNo_1: false }).issues).toEqual([]);
    expect(prepare(def, key, { yesNo_1: true, text_1: '李四' }).issues).toEqual([]);
  });

  it('switching between required and required-if keeps only one (the checker refuses both)', () => {
    let { def } = build('boolean', 'text');
    def = setRequired(def, 'text_1', 'conditional', { field: 'yesNo_1', op: 'eq', value: true });
    def = setRequired(def, 'text_1', 'required');
    expect(def.schema.required).toEqual(['text_1']);
    expect(def.ui?.fields?.text_1?.requiredIf).toBeUndefined();
    expect(formDefinitionProblems(def)).toEqual([]);
    def = setRequired(def, 'text_1', 'optional');
    expect(def.schema.required).toBeUndefined();
    expect(requirednessOf(def, 'text_1')).toBe('optional');
  });

  it('a visible-if hides the field on the server too', () => {
    let { def } = build('boolean', 'text');
    def = setCondition(def, 'text_1', 'visibleIf', { field: 'yesNo_1', op: 'eq', value: true });
    const out = prepare(def, `designer@${definitionHash(def)}`, { yesNo_1: false, text_1: 'forged' });
    expect(out.data).toEqual({ yesNo_1: false });
  });

  it('refuses a catastrophic pattern with a message and keeps a linear one', () => {
    const { def } = build('text');
    const bad = setPattern(def, 'text_1', '^(a+)+\\1$');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message['zh-CN']).toContain('反向引用');
    const look = setPattern(def, 'text_1', '^(?=a)a+$');
    expect(look.ok).toBe(false);
    const good = ok(setPattern(def, 'text_1', '^[A-Z]{2}\\d{4}$'));
    expect(good.definition.schema.properties.text_1?.pattern).toBe('^[A-Z]{2}\\d{4}$');
    expect(prepare(good.definition, `designer@${definitionHash(good.definition)}`, { text_1: 'ab12' }).issues[0]?.keyword).toBe('pattern');
    expect(ok(setPattern(good.definition, 'text_1', '')).definition.schema.properties.text_1?.pattern).toBeUndefined();
  });

  it('sets and clears min/max and lengths', () => {
    let { def } = build('money', 'text');
    def = setSchemaKeyword(def, 'amount_1', 'maximum', 500);
    def = setSchemaKeyword(def, 'text_1', 'minLength', 2);
    expect(prepare(def, `designer@${definitionHash(def)}`, { amount_1: 501, text_1: 'a' }).issues.map((i) => i.keyword).sort()).toEqual(['maximum', 'minLength']);
    def = setSchemaKeyword(def, 'amount_1', 'maximum', undefined);
    expect(def.schema.properties.amount_1).toEqual({ type: 'number', format: 'money-wan', minimum: 0 });
  });

  it('edits a code list with labels; the values and labels reach the definition', () => {
    const { def } = build('select');
    const next = setOptions(def, 'code_1', [
      { code: 'A', label: { 'zh-CN': '甲类', en: 'Class A' } },
      { code: 'B', label: { 'zh-CN': '乙类', en: 'Class B' } },
    ]);
    expect(next.schema.properties.code_1?.enum).toEqual(['A', 'B']);
    expect(optionsOf(next, 'code_1').map((o) => o.label['zh-CN'])).toEqual(['甲类', '乙类']);
    expect(formDefinitionProblems(next)).toEqual([]);
  });

  it('marks personal data with the format’s default mask or an own rule, and drops the rule when not personal', () => {
    let { def } = build('phone', 'text');
    def = setMasking(def, 'phone_1', true);
    def = setMasking(def, 'text_1', true, { keepStart: 1, keepEnd: 0 });
    expect(personalFields(def)).toEqual({ phone_1: { keepStart: 3, keepEnd: 4 }, text_1: { keepStart: 1, keepEnd: 0 } });
    def = setMasking(def, 'text_1', false, { keepStart: 1, keepEnd: 0 });
    expect(def.ui?.fields?.text_1?.mask).toBeUndefined();
    expect(formDefinitionProblems(def)).toEqual([]);
  });

  it('puts fields in sections and clears a removed section from its fields', () => {
    let { def } = build('text');
    def = setSections(def, [{ id: 'subject', title: { 'zh-CN': '主体', en: 'Subject' } }]);
    def = setSection(def, 'text_1', 'subject');
    expect(formDefinitionProblems(def)).toEqual([]);
    def = setSections(def, []);
    expect(def.ui?.sections).toBeUndefined();
    expect(def.ui?.fields?.text_1?.section).toBeUndefined();
  });

  it('labels a field first described in the designer with the name the form showed', () => {
    const def = structuredClone(reference.XK) as unknown as FormDefinition;
    delete def.ui!.fields!.XK_BZ;
    const next = setRequired(def, 'XK_BZ', 'conditional', { field: 'XK_XDR_LB', op: 'eq', value: '自然人' });
    expect(next.ui?.fields?.XK_BZ?.label?.['zh-CN']).toBe(def.schema.properties.XK_BZ?.title);
    expect(formDefinitionProblems(next)).toEqual([]);
  });
});
