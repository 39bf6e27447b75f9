import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '../definition';
import { xkDefinition } from '../testing/xk-form';
import { conditionTargets, defaultValue, fromDraft, opsFor, parseValue, toDraft } from './conditions';
import { addField, emptyDefinition, setCondition, setOptions, setSchemaKeyword, setText, updateUi } from './operations';
import { definitionHash, definitionProblemsByField, groupByField, patternProblem } from './problems';

function withFields(): FormDefinition {
  let def = emptyDefinition();
  for (const w of ['boolean', 'text', 'repeating-group'] as const) {
    const r = addField(def, w);
    if (r.ok) def = r.definition;
  }
  const r = addField(def, 'resident-id', 'rows_1');
  return r.ok ? r.definition : def;
}

describe('problems placed on their field', () => {
  it('a good definition has none', () => {
    expect(definitionProblemsByField(xkDefinition())).toEqual([]);
    expect(definitionProblemsByField(withFields())).toEqual([]);
  });

  it('puts a missing English label, a broken condition and a bad widget on the field and the part concerned', () => {
    let def = withFields();
    def = setText(def, 'text_1', 'label', 'en', '');
    def = setCondition(def, 'rows_1.idNumber_1', 'visibleIf', { field: 'nowhere', op: 'notEmpty' });
    def = updateUi(def, 'yesNo_1', { widget: 'money' });
    const byField = groupByField(definitionProblemsByField(def));
    expect(byField.get('text_1')?.map((p) => p.aspect)).toEqual(['label']);
    expect(byField.get('rows_1.idNumber_1')?.map((p) => p.aspect)).toEqual(['visibleIf']);
    expect(byField.get('rows_1.idNumber_1')?.[0]?.message['zh-CN']).toContain('nowhere');
    expect(byField.get('yesNo_1')?.map((p) => p.aspect)).toEqual(['widget']);
    expect(byField.has('')).toBe(false);
  });

  it('puts an unsafe pattern, duplicate codes and crossed limits on the field, in Chinese (never Ajv’s English in the summary)', () => {
    let def = withFields();
    def = setSchemaKeyword(def, 'text_1', 'pattern', '(a|a)*\\1');
    def = setSchemaKeyword(def, 'text_1', 'minLength', 9);
    def = setSchemaKeyword(def, 'text_1', 'maxLength', 3);
    const r = addField(def, 'select');
    def = r.ok ? setOptions(r.definition, 'code_1', [{ code: 'A', label: { 'zh-CN': '甲', en: 'A' } }, { code: 'A', label: { 'zh-CN': '乙', en: 'B' } }]) : def;
    const byField = groupByField(definitionProblemsByField(def));
    expect(byField.get('text_1')?.map((p) => p.aspect).sort()).toEqual(['maxLength', 'pattern']);
    expect(byField.get('code_1')?.map((p) => p.aspect)).toEqual(['enum']);
    expect(byField.get('text_1')?.find((p) => p.aspect === 'pattern')?.message['zh-CN']).toContain('不安全');
    expect(byField.get('code_1')?.[0]?.message['zh-CN']).toContain('「A」重复');
    expect(byField.has('')).toBe(false);
  });

  it('says what is wrong with a pattern, in Chinese, or nothing for a safe one', () => {
    expect(patternProblem('^\\d{6}$')).toBeNull();
    expect(patternProblem('(?<=x)y')?.['zh-CN']).toContain('前瞻或后顾');
    expect(patternProblem('([a-z]')?.['zh-CN']).toContain('无效');
  });

  it('treats a definition that is not a tree as one problem for the whole form', () => {
    const problems = definitionProblemsByField({ schema: { type: 'object' } });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe('');
  });

  it('hashes equal definitions equally and changed ones differently', () => {
    const a = withFields();
    expect(definitionHash(structuredClone(a))).toBe(definitionHash(a));
    expect(definitionHash(setText(a, 'text_1', 'label', 'zh-CN', '改'))).not.toBe(definitionHash(a));
  });
});

describe('condition builder data', () => {
  it('turns builder rules into Condition data and back', () => {
    expect(fromDraft({ join: 'all', rules: [] })).toBeUndefined();
    expect(fromDraft({ join: 'all', rules: [{ field: 'a', op: 'eq', value: true }] })).toEqual({ field: 'a', op: 'eq', value: true });
    expect(fromDraft({ join: 'any', rules: [{ field: 'a', op: 'notEmpty', value: 'ignored' }, { field: 'b', op: 'in', value: ['x'] }] })).toEqual({
      any: [{ field: 'a', op: 'notEmpty' }, { field: 'b', op: 'in', value: ['x'] }],
    });
    expect(toDraft({ any: [{ field: 'a', op: 'eq', value: 1 }] })).toEqual({ join: 'any', rules: [{ field: 'a', op: 'eq', value: 1 }] });
    expect(toDraft({ not: { field: 'a', op: 'empty' } })).toBeNull();
    expect(toDraft({ all: [{ any: [{ field: 'a', op: 'empty' }] }] })).toBeNull();
  });

  it('offers root fields everywhere and $item fields of the same row, never the field itself', () => {
    const def = withFields();
    expect(conditionTargets(def, 'text_1').map((t) => t.ref)).toEqual(['yesNo_1']);
    expect(conditionTargets(def, 'rows_1.idNumber_1').map((t) => t.ref)).toEqual(['yesNo_1', 'text_1']);
    const r = addField(def, 'text', 'rows_1');
    const def2 = r.ok ? r.definition : def;
    expect(conditionTargets(def2, 'rows_1.idNumber_1').map((t) => t.ref)).toEqual(['yesNo_1', 'text_1', '$item.text_1']);
  });

  it('types values by the target field', () => {
    const def = xkDefinition();
    const targets = conditionTargets(def, 'XK_FRDB');
    const category = targets.find((t) => t.ref === 'XK_XDR_LB');
    expect(opsFor(category?.widget)).toContain('in');
    expect(defaultValue(category, 'eq')).toBe('法人及非法人组织');
    expect(defaultValue(category, 'in')).toEqual(['法人及非法人组织']);
    expect(parseValue({ ref: 'n', path: 'n', label: { 'zh-CN': 'n', en: 'n' }, widget: 'number' }, '12.5')).toBe(12.5);
    expect(parseValue({ ref: 'b', path: 'b', label: { 'zh-CN': 'b', en: 'b' }, widget: 'boolean' }, 'false')).toBe(false);
  });
});
