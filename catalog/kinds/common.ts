import type { FieldUi, Localized } from '../types';

export const L = (zh: string, en: string): Localized => ({ 'zh-CN': zh, en });

export const SUBJECT_TYPES: Record<string, Localized> = {
  法人及非法人组织: L('法人及非法人组织', 'Legal persons and unincorporated organisations'),
  自然人: L('自然人', 'Natural persons'),
  个体工商户: L('个体工商户', 'Individual businesses'),
};

export const legalBasisSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 2, maxLength: 200 },
      number: { type: 'string', maxLength: 100 },
      article: { type: 'string', maxLength: 100 },
    },
    required: ['name'],
    additionalProperties: false,
  },
} as const;

export const legalBasisUi = (required: boolean): FieldUi => ({
  label: L('法律依据', 'Legal basis'),
  help: required
    ? L('法律、法规或党中央、国务院政策文件；至少一项（无依据不得设列）', 'Law, regulation or central policy document; at least one (no basis, no measure)')
    : L('法律、法规或政策文件名称、文号、条款', 'Name, number and article of the law, regulation or policy document'),
  widget: 'legal-basis',
});

export const departmentsSchema = { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true } as const;

export const refSchema = {
  type: 'object',
  properties: { kind: { type: 'string' }, code: { type: 'string' }, version: { type: ['integer', 'null'] } },
  required: ['kind', 'code'],
  additionalProperties: false,
} as const;

export const enumOf = (options: Record<string, Localized>) => ({ type: 'string', enum: Object.keys(options) });
