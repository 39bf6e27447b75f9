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
    },
    required: ['name', 'legalBasis'],
    additionalProperties: false,
  },
  ui: {
    order: ['name', 'identificationCriteria', 'removalConditions', 'legalBasis', 'departments'],
    titleField: 'name',
    fields: {
      name: { label: L('名单名称', 'List name'), widget: 'text' },
      identificationCriteria: { label: L('认定标准', 'Identification criteria'), widget: 'textarea' },
      removalConditions: { label: L('移出条件', 'Removal conditions'), widget: 'textarea' },
      legalBasis: legalBasisUi(true),
      departments: { label: L('认定部门', 'Identifying departments'), widget: 'departments' },
    },
  },
};
