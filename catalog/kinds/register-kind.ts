import type { KindDefinition } from '../types';
import { L } from './common';

const localized = {
  type: 'object',
  properties: { 'zh-CN': { type: 'string', minLength: 1, maxLength: 200 }, en: { type: 'string', maxLength: 200 } },
  required: ['zh-CN'],
  additionalProperties: false,
};

/**
 * The meta kind: its entries are register kinds. The content of an entry is a KindDefinition
 * without `code` (the entry code is the kind code). Its own definition is code, not data: it is
 * the fixed point that lets every other kind be data.
 */
export const registerKindKind: KindDefinition = {
  code: 'register-kind',
  name: L('清单类型', 'Register kinds'),
  description: L('每类清单的条目有哪些字段、如何显示；可新增自定义清单', 'Which fields the entries of each register have and how they are shown; define custom registers here'),
  codePattern: '^[a-z][a-z0-9-]{1,39}$',
  schema: {
    type: 'object',
    properties: {
      name: localized,
      description: localized,
      codePattern: { type: 'string', maxLength: 200 },
      schema: { type: 'object' },
      ui: {
        type: 'object',
        properties: {
          order: { type: 'array', items: { type: 'string' } },
          titleField: { type: 'string', minLength: 1 },
          listFields: { type: 'array', items: { type: 'string' } },
          fields: { type: 'object' },
        },
        required: ['order', 'titleField', 'fields'],
      },
      partial: { type: 'boolean' },
    },
    required: ['name', 'schema', 'ui'],
    additionalProperties: false,
  },
  ui: {
    order: ['name', 'description', 'codePattern', 'schema', 'ui'],
    titleField: 'name',
    fields: {
      name: { label: L('名称', 'Name'), widget: 'json' },
      description: { label: L('说明', 'Description'), widget: 'json' },
      codePattern: { label: L('条目编码规则', 'Entry code rule'), widget: 'text' },
      schema: { label: L('条目字段', 'Entry fields'), widget: 'json' },
      ui: { label: L('字段显示设置', 'How fields are shown'), widget: 'json' },
    },
  },
};
