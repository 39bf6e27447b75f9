import { describe, expect, it } from 'vitest';
import type { FormDefinition as CatalogFormDefinition } from '../catalog/types';
import reference from '../server/seed/data/reference-forms.json';
import { fieldWidget, formDefinitionProblems, formModel, personalFields, type FormDefinition } from './definition';
import { xkDefinition } from './testing/xk-form';

const L = (zh: string, en = zh) => ({ 'zh-CN': zh, en });
const paths = (def: unknown) => formDefinitionProblems(def).map((p) => p.path);

/** A small definition to break in one place per test. */
function base(): FormDefinition {
  return {
    schema: {
      type: 'object',
      properties: {
        kind: { type: 'string', enum: ['法人及非法人组织', '自然人'] },
        name: { type: 'string' },
        items: { type: 'array', items: { type: 'object', properties: { holder: { type: 'string' }, holderId: { type: 'string', format: 'resident-id' } } } },
      },
      required: ['kind'],
      additionalProperties: false,
    },
    ui: { order: ['kind', 'name', 'items'], fields: { kind: { label: L('类别', 'Kind') }, name: { label: L('名称', 'Name') } } },
  };
}

describe('formDefinitionProblems', () => {
  it('finds nothing wrong with the seeded 双公示 and commitment forms, nor with the conditional XK form', () => {
    for (const key of ['XK', 'CF', 'CN'] as const) expect(formDefinitionProblems(reference[key])).toEqual([]);
    expect(formDefinitionProblems(xkDefinition())).toEqual([]);
  });

  it('refuses a condition on a field that does not exist, at the condition', () => {
    const def = xkDefinition();
    def.ui!.fields!.XK_FRDB!.visibleIf = { field: 'XK_XDR_TYPE', op: 'eq', value: '法人及非法人组织' };
    const problems = formDefinitionProblems(def);
    expect(problems.map((p) => p.path)).toEqual(['ui.fields.XK_FRDB.visibleIf.field']);
    expect(problems[0]!.message['zh-CN']).toContain('XK_XDR_TYPE');
    expect(problems[0]!.message.en).toContain('does not exist');
  });

  it('refuses a condition value that is not one of the field’s codes (a typo would hide the field for ever)', () => {
    const def = xkDefinition();
    def.ui!.fields!.XK_FRDB!.requiredIf = { field: 'XK_XDR_LB', op: 'in', value: ['法人', '个体工商户'] };
    expect(paths(def)).toEqual(['ui.fields.XK_FRDB.requiredIf.value']);
  });

  it('refuses a type outside the subset at the field, in both languages', () => {
    const def = base();
    def.schema.properties.name = { type: 'nonsense' };
    const problems = formDefinitionProblems(def);
    expect(problems.map((p) => p.path)).toEqual(['schema.properties.name.type']);
    expect(problems[0]!.message['zh-CN']).toContain('不受支持');
    expect(problems[0]!.message.en).toMatch(/not supported/);
    expect(paths({ schema: { type: 'array' } })).toEqual(['schema']);
    expect(paths('not a form')).toEqual(['']);
  });

  it('refuses a select without an enum', () => {
    const def = base();
    def.ui!.fields!.name = { label: L('名称'), widget: 'select' };
    const problems = formDefinitionProblems(def);
    expect(problems.map((p) => p.path)).toEqual(['ui.fields.name.widget']);
    expect(problems[0]!.message.en).toMatch(/enum/);
  });

  it('refuses widgets that do not fit the schema, and register-only widgets', () => {
    const def = base();
    def.ui!.fields!.name = { label: L('名称'), widget: 'uscc' };
    def.ui!.fields!.kind = { label: L('类别'), widget: 'rich-text' };
    expect(paths(def)).toEqual(['ui.fields.kind.widget', 'ui.fields.name.widget']);
  });

  it('refuses UI for fields the schema does not have, and bad orders', () => {
    const def = base();
    def.ui!.fields!.ghost = { label: L('幽灵') };
    def.ui!.order = ['kind', 'kind', 'nope'];
    expect(paths(def).sort()).toEqual(['ui.fields.ghost', 'ui.order.1', 'ui.order.2']);
  });

  it('refuses requiredIf on a field the schema already requires', () => {
    const def = base();
    def.ui!.fields!.kind = { label: L('类别'), requiredIf: { field: 'name', op: 'notEmpty' } };
    expect(paths(def)).toEqual(['ui.fields.kind.requiredIf']);
  });

  it('checks $item and rows: $item only inside a repeating group; a root path into a group needs a row number', () => {
    const def = base();
    def.ui!.fields!['items.holderId'] = { label: L('证件号'), visibleIf: { field: '$item.holder', op: 'notEmpty' } };
    expect(formDefinitionProblems(def)).toEqual([]);
    def.ui!.fields!.name = { label: L('名称'), visibleIf: { field: '$item.holder', op: 'notEmpty' }, requiredIf: { field: 'items.holder', op: 'notEmpty' } };
    expect(paths(def).sort()).toEqual(['ui.fields.name.requiredIf.field', 'ui.fields.name.visibleIf.field']);
    def.ui!.fields!.name = { label: L('名称'), requiredIf: { field: 'items.0.holder', op: 'notEmpty' } };
    expect(formDefinitionProblems(def)).toEqual([]);
  });

  it('refuses malformed conditions with the path of the part', () => {
    const def = base();
    def.ui!.fields!.name = { label: L('名称'), visibleIf: { all: [{ field: 'kind', op: 'between' as never, value: 1 }, { any: [] }, { field: 'kind', op: 'in', value: '自然人' }] } };
    expect(paths(def)).toEqual(['ui.fields.name.visibleIf.all.0.op', 'ui.fields.name.visibleIf.all.1.any', 'ui.fields.name.visibleIf.all.2.value']);
  });

  it('refuses visibility conditions that depend on each other', () => {
    const def = base();
    def.ui!.fields!.name = { label: L('名称'), visibleIf: { field: 'kind', op: 'eq', value: '自然人' } };
    def.ui!.fields!.kind = { label: L('类别'), visibleIf: { field: 'name', op: 'notEmpty' } };
    const problems = formDefinitionProblems(def);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message.en).toMatch(/kind → name → kind|name → kind → name/);
  });

  it('checks sections, labels, options, masks and field names', () => {
    const def = base();
    def.schema.properties['a.b'] = { type: 'string' };
    def.ui!.sections = [{ id: 's', title: L('一') }, { id: 's', title: L('二') }];
    def.ui!.fields!.name = { label: { 'zh-CN': '名称', en: '' }, section: 'nowhere', mask: { keepStart: 1, keepEnd: 0 } };
    def.ui!.fields!.kind = { label: L('类别'), options: { 自然人: L('自然人', 'Natural person'), 外星人: L('外星人') } };
    expect(paths(def).sort()).toEqual(
      ['schema.properties.a.b', 'ui.sections.1.id', 'ui.fields.name.label', 'ui.fields.name.section', 'ui.fields.name.mask', 'ui.fields.kind.options.外星人'].sort(),
    );
  });

  it('refuses lists that are not repeating groups', () => {
    const def = base();
    def.schema.properties.tags = { type: 'array', items: { type: 'string' } };
    expect(paths(def)).toEqual(['schema.properties.tags']);
  });
});

describe('fieldWidget', () => {
  const def: FormDefinition = {
    schema: {
      type: 'object',
      properties: {
        uscc: { type: 'string', format: 'uscc' },
        id: { type: 'string', format: 'resident-id' },
        phone: { type: 'string', format: 'phone' },
        email: { type: 'string', format: 'email' },
        date: { type: 'string', format: 'date' },
        fine: { type: 'number', format: 'money-wan' },
        count: { type: 'integer' },
        kind: { type: 'string', enum: ['a', 'b'] },
        ok: { type: 'boolean' },
        facts: { type: 'string', maxLength: 2000 },
        name: { type: 'string' },
        note: { type: 'string' },
        applicant: { type: 'object', properties: { name: { type: 'string' } } },
        items: { type: 'array', items: { type: 'object', properties: { amount: { type: 'number', format: 'money-wan' } } } },
      },
    },
    ui: { fields: { note: { label: L('备注'), widget: 'textarea' }, count: { label: L('数量'), widget: 'integer' } } },
  };

  it('infers the widget from the schema when the UI does not name one', () => {
    const got = Object.fromEntries(Object.keys(def.schema.properties).map((k) => [k, fieldWidget(def, k)]));
    expect(got).toEqual({
      uscc: 'uscc',
      id: 'resident-id',
      phone: 'phone',
      email: 'email',
      date: 'date',
      fine: 'money',
      count: 'number',
      kind: 'select',
      ok: 'boolean',
      facts: 'textarea',
      name: 'text',
      note: 'textarea',
      applicant: 'group',
      items: 'repeating-group',
    });
    expect(fieldWidget(def, 'items.amount')).toBe('money');
    expect(fieldWidget(def, 'applicant.name')).toBe('text');
    expect(fieldWidget(def, 'nope')).toBeUndefined();
  });

  it('orders fields by ui.order, then in schema order', () => {
    const model = formModel({ ...def, ui: { order: ['name', 'uscc'] } });
    expect(model.fields.slice(0, 3).map((f) => f.key)).toEqual(['name', 'uscc', 'id']);
  });
});

describe('personalFields', () => {
  it('masks a personal field without a format completely', () => {
    const def = base();
    def.ui!.fields!.name = { label: L('名称'), personal: true };
    expect(personalFields(def)).toEqual({ name: { keepStart: 0, keepEnd: 0 } });
  });

  it('gives the masking rule of each personal field, rows as *', () => {
    expect(personalFields(xkDefinition())).toEqual({
      XK_FR_ZJHM: { keepStart: 4, keepEnd: 4 }, // a resident ID (format resident-id): the format's default
      XK_XDR_ZJHM: { keepStart: 4, keepEnd: 4 }, // resident-id default
      'items.*.holderId': { keepStart: 4, keepEnd: 4 },
    });
  });
});

describe('catalog/types FormDefinition', () => {
  it('is accepted wherever the form runtime takes a definition', () => {
    const stored: CatalogFormDefinition = {
      schema: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } },
      ui: { fields: { a: { label: L('甲', 'A'), widget: 'textarea' }, b: { label: L('乙', 'B'), visibleIf: { field: 'a', op: 'notEmpty' }, personal: true } } },
    };
    const def: FormDefinition = stored; // compile-time check
    expect(fieldWidget(def, 'a')).toBe('textarea');
    expect(formDefinitionProblems(stored)).toEqual([]);
  });
});
