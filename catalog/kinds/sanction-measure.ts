import type { KindDefinition, Localized } from '../types';
import { L, SUBJECT_TYPES, departmentsSchema, enumOf, legalBasisSchema, legalBasisUi, refSchema } from './common';

export const MEASURE_TYPES: Record<string, Localized> = {
  行政性: L('行政性', 'Administrative'),
  市场性: L('市场性', 'Market'),
  行业性: L('行业性', 'Industry'),
  社会性: L('社会性', 'Social'),
};

export const sanctionMeasureKind: KindDefinition = {
  code: 'sanction-measure',
  name: L('失信惩戒措施清单', 'Sanction measure list'),
  description: L('每项措施须有法律、法规或中央政策文件依据', 'Every measure needs a law, regulation or central policy document as its basis'),
  codePattern: '^SM-[0-9]{3,6}$',
  schema: {
    type: 'object',
    properties: {
      text: { type: 'string', minLength: 4, maxLength: 1000 },
      type: enumOf(MEASURE_TYPES),
      targetSubjects: { type: 'array', items: enumOf(SUBJECT_TYPES), minItems: 1, uniqueItems: true },
      list: refSchema,
      legalBasis: {
        ...legalBasisSchema,
        minItems: 1,
        'x-messages': {
          required: L('惩戒措施必须有法律依据：请至少添加一项（法律、法规或中央政策文件）后再保存。', 'A sanction measure needs a legal basis: add at least one (law, regulation or central policy document) before saving.'),
          minItems: L('惩戒措施必须有法律依据：请至少添加一项（法律、法规或中央政策文件）后再保存。', 'A sanction measure needs a legal basis: add at least one (law, regulation or central policy document) before saving.'),
        },
      },
      departments: { ...departmentsSchema, minItems: 1 },
      duration: { type: 'string', maxLength: 100 },
      repairable: { type: 'boolean' },
      basisVerified: { type: 'boolean' },
      sourceNote: { type: 'string', maxLength: 2000 },
    },
    required: ['text', 'type', 'targetSubjects', 'legalBasis', 'departments', 'repairable'],
    additionalProperties: false,
  },
  ui: {
    order: ['text', 'type', 'targetSubjects', 'list', 'legalBasis', 'departments', 'duration', 'repairable', 'basisVerified', 'sourceNote'],
    titleField: 'text',
    listFields: ['type', 'basisVerified', 'repairable'],
    fields: {
      text: { label: L('措施内容', 'Measure'), widget: 'textarea' },
      type: { label: L('措施类型', 'Type'), widget: 'select', options: MEASURE_TYPES },
      targetSubjects: { label: L('实施对象', 'Target subjects'), widget: 'checkboxes', options: SUBJECT_TYPES },
      list: { label: L('适用名单', 'Applies to list'), widget: 'reference', refKind: 'credit-list' },
      legalBasis: legalBasisUi(true),
      departments: { label: L('实施部门', 'Implementing departments'), widget: 'departments' },
      duration: { label: L('实施期限', 'Duration'), widget: 'text' },
      repairable: { label: L('可信用修复', 'Repairable'), widget: 'boolean' },
      basisVerified: { label: L('依据已核实', 'Basis verified'), help: L('依据条文已由信用办对照原文核实；未核实的措施标注为示例', 'The office has checked the basis against its source text; unverified measures are marked as examples'), widget: 'boolean' },
      sourceNote: { label: L('来源与可信度', 'Source and trust'), help: L('措施文字和依据的出处；未核实的内容须写明', 'Where the text and basis come from; say what is not verified'), widget: 'textarea' },
    },
  },
};
