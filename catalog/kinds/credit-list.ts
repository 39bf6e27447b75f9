import type { KindDefinition } from '../types';
import { L, departmentsSchema, legalBasisSchema, legalBasisUi } from './common';

/** Named lists (严重失信主体名单 …) that sanction measures apply to. */
export const creditListKind: KindDefinition = {
  code: 'credit-list',
  name: L('信用名单', 'Credit lists'),
  description: L('严重失信主体名单等：认定标准、移出条件和依据', 'Serious-dishonesty list and others: identification criteria, removal conditions, basis'),
  codePattern: '^CL-[0-9]{3,6}$',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 2, maxLength: 100 },
      identificationCriteria: { type: 'string', maxLength: 5000 },
      removalConditions: { type: 'string', maxLength: 5000 },
      legalBasis: { ...legalBasisSchema, minItems: 1 },
      departments: departmentsSchema,
      sourceNote: { type: 'string', maxLength: 2000 },
    },
    required: ['name', 'legalBasis'],
    additionalProperties: false,
  },
  ui: {
    order: ['name', 'identificationCriteria', 'removalConditions', 'legalBasis', 'departments', 'sourceNote'],
    titleField: 'name',
    fields: {
      sourceNote: { label: L('来源与可信度', 'Source and trust'), help: L('参考资料来源；标注“部分”的内容须由信用办核实', 'Where this came from; items marked partial must be checked by the office'), widget: 'textarea' },
      name: { label: L('名单名称', 'List name'), widget: 'text' },
      identificationCriteria: { label: L('认定标准', 'Identification criteria'), widget: 'textarea' },
      removalConditions: { label: L('移出条件', 'Removal conditions'), widget: 'textarea' },
      legalBasis: legalBasisUi(true),
      departments: { label: L('认定部门', 'Identifying departments'), widget: 'departments' },
    },
  },
};
