import { describe, expect, it } from 'vitest';
import { dataItemChoices } from './data-items';

const form = {
  schema: {
    type: 'object',
    properties: {
      CF_WSH: { type: 'string', title: '决定文书号' },
      CF_JDRQ: { type: 'string', format: 'date' },
      CF_FK: { type: 'number' },
      parties: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
    },
  },
  ui: { order: ['CF_JDRQ'], fields: { CF_JDRQ: { label: { 'zh-CN': '处罚决定日期', en: 'Decision date' } }, CF_FK: { label: { 'zh-CN': '罚款金额', en: 'Fine' } } } },
};

describe('data items to pick from', () => {
  it('names each top-level data item as the form does (its label, else its title, else its key), in form order; groups are not offered', () => {
    expect(dataItemChoices(form)).toEqual([
      { key: 'CF_JDRQ', format: 'date', label: { 'zh-CN': '处罚决定日期', en: 'Decision date' } },
      { key: 'CF_WSH', format: null, label: { 'zh-CN': '决定文书号', en: '决定文书号' } },
      { key: 'CF_FK', format: null, label: { 'zh-CN': '罚款金额', en: 'Fine' } },
    ]);
  });

  it('keeps only the format asked for, and copes with a missing or malformed definition', () => {
    expect(dataItemChoices(form, 'date').map((c) => c.key)).toEqual(['CF_JDRQ']);
    for (const bad of [undefined, null, 'x', [], {}, { schema: null }, { schema: { properties: null } }, { schema: { properties: { a: null } } }]) expect(dataItemChoices(bad)).toEqual([]);
  });
});
