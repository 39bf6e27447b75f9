import { describe, expect, it } from 'vitest';
import { BUILT_IN_KINDS } from '@/catalog/kinds';
import { kindDefinitionProblems } from '@/catalog/kind-definition';
import { buildDefinition, builderOf, FIRST_ROW, newRow } from './kind-builder-model';

const definitionOf = (code: string) => {
  const { code: _code, ...def } = BUILT_IN_KINDS.find((k) => k.code === code)!;
  return JSON.parse(JSON.stringify(def)) as Record<string, unknown>;
};

describe('register-kind builder model', () => {
  it('gives back every built-in kind unchanged when nothing is edited: fields it does not offer are kept whole', () => {
    for (const { code } of BUILT_IN_KINDS.filter((k) => k.code !== 'register-kind')) {
      const def = definitionOf(code);
      const b = builderOf(def);
      expect(buildDefinition(b, b.codePattern, b.rows, def), code).toEqual(def);
    }
  });

  it('adds a field, renames one and changes another’s type, keeping the rest of the definition', () => {
    const def = definitionOf('sanction-measure');
    const b = builderOf(def);
    const rows = b.rows.map((r) => (r.key === 'text' ? { ...r, zh: '惩戒措施' } : r));
    const reference = rows.find((r) => r.type === 'other')!;
    expect(reference.stored).toBeDefined();
    const changed = buildDefinition({ zh: b.zh, en: b.en }, b.codePattern, [...rows, { ...newRow(99), key: 'note', zh: '备注', type: 'textarea' }], def) as typeof def & {
      schema: { properties: Record<string, unknown>; required: string[] };
      ui: { order: string[]; fields: Record<string, { label: { 'zh-CN': string }; widget?: string }>; titleField: string; listFields: string[] };
    };
    expect(changed.ui.fields.text!.label['zh-CN']).toBe('惩戒措施');
    expect(changed.ui.fields.note).toEqual({ label: { 'zh-CN': '备注', en: '备注' }, widget: 'textarea' });
    expect(changed.schema.properties.note).toEqual({ type: 'string', maxLength: 5000 });
    expect(changed.ui.order.at(-1)).toBe('note');
    // A field the builder does not offer is the same as before.
    expect(changed.schema.properties[reference.key]).toEqual((def.schema as { properties: Record<string, unknown> }).properties[reference.key]);
    expect((def.ui as { titleField: string }).titleField).toBe(changed.ui.titleField);
    expect(kindDefinitionProblems(changed as never)).toEqual([]);
  });

  it('regenerates a field whose type or options changed, keeping only its help', () => {
    const def = { name: { 'zh-CN': '测试', en: 'Test' }, schema: { type: 'object', properties: { name: { type: 'string', minLength: 1, maxLength: 80 }, level: { type: 'string', enum: ['甲', '乙'] } }, required: ['name'], additionalProperties: false }, ui: { order: ['name', 'level'], titleField: 'name', listFields: ['level'], fields: { name: { label: { 'zh-CN': '名称', en: 'Name' }, widget: 'text' }, level: { label: { 'zh-CN': '等级', en: 'Level' }, widget: 'select', help: { 'zh-CN': '选一个', en: 'Pick one' }, options: { 甲: { 'zh-CN': '甲级', en: 'A' } } } } } };
    const b = builderOf(def);
    expect(b.rows.map((r) => [r.key, r.type, r.required, r.options])).toEqual([['name', 'text', true, ''], ['level', 'select', false, '甲；乙']]);
    const out = buildDefinition(b, '', b.rows.map((r) => (r.key === 'level' ? { ...r, options: '甲；乙；丙' } : r)), def) as { schema: { properties: Record<string, unknown> }; ui: { fields: Record<string, unknown> } };
    expect(out.schema.properties.level).toEqual({ type: 'string', enum: ['甲', '乙', '丙'] });
    expect(out.ui.fields.level).toEqual({ label: { 'zh-CN': '等级', en: 'Level' }, widget: 'select', help: { 'zh-CN': '选一个', en: 'Pick one' } });
    // The untouched field keeps its own limits.
    expect(out.schema.properties.name).toEqual({ type: 'string', minLength: 1, maxLength: 80 });
  });

  it('writes the description in both languages, the Chinese one standing in for a missing English one', () => {
    expect(buildDefinition({ zh: '诚信表彰', en: 'Awards', descZh: '年度表彰', descEn: '' }, '', [FIRST_ROW]).description).toEqual({ 'zh-CN': '年度表彰', en: '年度表彰' });
    const def = definitionOf('sanction-measure');
    const b = builderOf(def);
    expect(buildDefinition({ ...b, descEn: 'Measures' }, b.codePattern, b.rows, def).description).toEqual({ 'zh-CN': (def.description as { 'zh-CN': string })['zh-CN'], en: 'Measures' });
  });

  it('builds a new kind from rows as before', () => {
    const out = buildDefinition({ zh: '诚信表彰', en: '', descZh: '  ' }, '^HI-[0-9]{3}$', [FIRST_ROW, { ...newRow(2), key: 'date', zh: '表彰日期', type: 'date', required: true }]);
    expect(out).toEqual({
      name: { 'zh-CN': '诚信表彰', en: '诚信表彰' },
      codePattern: '^HI-[0-9]{3}$',
      schema: { type: 'object', properties: { name: { type: 'string', minLength: 1, maxLength: 500 }, date: { type: 'string', format: 'date' } }, required: ['name', 'date'], additionalProperties: false },
      ui: { order: ['name', 'date'], titleField: 'name', listFields: ['date'], fields: { name: { label: { 'zh-CN': '名称', en: 'Name' }, widget: 'text' }, date: { label: { 'zh-CN': '表彰日期', en: '表彰日期' }, widget: 'date' } } },
    });
  });
});
