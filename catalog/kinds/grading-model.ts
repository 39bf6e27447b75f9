import type { KindDefinition } from '../types';
import { L, refSchema } from './common';

/** Registered here; the grading-model issue owns the content of `definition`. */
export const gradingModelKind: KindDefinition = {
  code: 'grading-model',
  name: L('行业信用监管评价模型', 'Industry grading models'),
  description: L('指标体系、等级、评价周期和分级分类监管措施', 'Indicator tree, grades, evaluation period and supervision measures'),
  codePattern: '^GM-[A-Z0-9-]{2,40}$',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 2, maxLength: 200 },
      industry: { type: 'string', minLength: 1, maxLength: 100 },
      totalPoints: { type: 'integer', minimum: 1, maximum: 100000 },
      catalogItems: { type: 'array', items: refSchema },
      sanctionMeasures: { type: 'array', items: refSchema },
      definition: { type: 'object' },
    },
    required: ['name', 'industry', 'totalPoints'],
    additionalProperties: false,
  },
  ui: {
    order: ['name', 'industry', 'totalPoints', 'catalogItems', 'sanctionMeasures', 'definition'],
    titleField: 'name',
    listFields: ['industry', 'totalPoints'],
    fields: {
      name: { label: L('模型名称', 'Model name'), widget: 'text' },
      industry: { label: L('行业', 'Industry'), widget: 'text' },
      totalPoints: { label: L('总分', 'Total points'), widget: 'integer' },
      catalogItems: { label: L('引用的目录信息类别', 'Catalog items used'), widget: 'references', refKind: 'info-catalog' },
      sanctionMeasures: { label: L('引用的惩戒措施', 'Sanction measures used'), widget: 'references', refKind: 'sanction-measure' },
      definition: { label: L('模型定义', 'Model definition'), widget: 'json' },
    },
  },
};
