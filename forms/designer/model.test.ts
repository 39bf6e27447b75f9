import { describe, expect, it } from 'vitest';
import reference from '../../server/seed/data/reference-forms.json';
import { formModel, type FormDefinition } from '../definition';
import { xkDefinition } from '../testing/xk-form';
import { designProblem, fromDesign, toDesign } from './model';

const seeded = Object.entries(reference).filter(([, v]) => typeof v === 'object' && v !== null && 'schema' in v) as [string, FormDefinition][];

describe('designer model round trip', () => {
  it('finds the seeded definitions (XK, CF, CN)', () => {
    expect(seeded.map(([k]) => k).sort()).toEqual(['CF', 'CN', 'XK']);
  });

  it.each(seeded)('gives the seeded definition %s back unchanged, key order of the JSON included', (_name, def) => {
    const back = fromDesign(toDesign(def));
    expect(back).toEqual(def);
    expect(JSON.stringify(back.schema.properties)).toBe(JSON.stringify(def.schema.properties));
    expect(back.ui?.order).toEqual(def.ui?.order);
  });

  it('keeps sections, conditions, groups, repeating groups, child order and personal rules', () => {
    const def = xkDefinition();
    def.ui!.fields!.items = { ...def.ui!.fields!.items, order: ['amount', 'name', 'holder', 'holderId'] };
    def.ui!.fields!['items.holderId'] = { ...def.ui!.fields!['items.holderId'], mask: { keepStart: 2, keepEnd: 2 } };
    expect(fromDesign(toDesign(def))).toEqual(def);
  });

  it('keeps a definition without ui, and ui entries that belong to no field (for the checker to name)', () => {
    const bare: FormDefinition = { schema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] } };
    expect(fromDesign(toDesign(bare))).toEqual(bare);
    const orphan = { schema: { type: 'object', properties: { a: { type: 'string' } } }, ui: { fields: { ghost: { label: { 'zh-CN': '幽灵', en: 'Ghost' } }, a: 3 } } } as unknown as FormDefinition;
    expect(fromDesign(toDesign(orphan))).toEqual(orphan);
  });

  it('normalises a partial order into the full display order without changing what is shown', () => {
    const def: FormDefinition = { schema: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' } } }, ui: { order: ['c'] } };
    const back = fromDesign(toDesign(def));
    expect(back.ui?.order).toEqual(['c', 'a', 'b']);
    expect(formModel(back).fields.map((f) => f.path)).toEqual(formModel(def).fields.map((f) => f.path));
  });

  it('refuses, for the JSON tab, definitions that are not a tree of objects', () => {
    expect(designProblem(null)).toBe('not-object');
    expect(designProblem({ schema: { type: 'object' } })).toBe('no-properties');
    expect(designProblem({ schema: { type: 'object', properties: { a: 'text' } } })).toBe('bad-property');
    expect(designProblem({ schema: { type: 'object', properties: { g: { type: 'object', properties: { x: 1 } } } } })).toBe('bad-property');
    expect(designProblem(xkDefinition())).toBeNull();
  });
});
