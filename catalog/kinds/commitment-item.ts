import type { KindDefinition, Localized } from '../types';
import { L, departmentsSchema, enumOf } from './common';

/**
 * Commitment types: the national collection list (审批替代型 … 主动型, as in the XYCN data standard)
 * first; the earlier local names stay valid for items already entered.
 */
export const COMMITMENT_TYPES: Record<string, Localized> = {
  审批替代型: L('审批替代型', 'In lieu of approval'),
  容缺受理型: L('容缺受理型', 'Accepted with documents to follow'),
  证明事项型: L('证明事项型', 'In lieu of a certificate'),
  信用修复型: L('信用修复型', 'Credit repair'),
  行业自律型: L('行业自律型', 'Industry self-regulation'),
  主动型: L('主动型', 'Voluntary'),
  告知承诺: L('告知承诺', 'Notification commitment'),
  容缺受理: L('容缺受理', 'Acceptance with missing material'),
  行业自律: L('行业自律', 'Industry self-discipline'),
  主动承诺: L('主动承诺', 'Voluntary commitment'),
  信用修复: L('信用修复', 'Credit repair'),
  其他: L('其他', 'Other'),
};

export const commitmentItemKind: KindDefinition = {
  code: 'commitment-item',
  name: L('可开展信用承诺的事项清单', 'Commitable-items list'),
  description: L('以信用承诺代替证明材料的政务服务事项', 'Government service matters where a commitment replaces proof'),
  codePattern: '^[A-Z0-9][A-Z0-9_-]{1,39}$',
  schema: {
    type: 'object',
    properties: {
      matterName: { type: 'string', minLength: 2, maxLength: 200 },
      commitmentType: enumOf(COMMITMENT_TYPES),
      departments: { ...departmentsSchema, minItems: 1 },
      industry: { type: 'string', maxLength: 100 },
      letterTemplate: { type: 'string', maxLength: 20000 },
      supplyDeadlineDays: { type: 'integer', minimum: 0, maximum: 365 },
      verificationMethod: { type: 'string', maxLength: 2000 },
      breachConsequence: { type: 'string', maxLength: 2000 },
      sourceNote: { type: 'string', maxLength: 2000 },
    },
    required: ['matterName', 'commitmentType', 'departments', 'letterTemplate'],
    additionalProperties: false,
  },
  ui: {
    order: ['matterName', 'commitmentType', 'departments', 'industry', 'letterTemplate', 'supplyDeadlineDays', 'verificationMethod', 'breachConsequence', 'sourceNote'],
    titleField: 'matterName',
    listFields: ['commitmentType', 'industry'],
    fields: {
      sourceNote: { label: L('来源与可信度', 'Source and trust'), help: L('参考资料来源；标注“部分”的内容须由信用办核实', 'Where this came from; items marked partial must be checked by the office'), widget: 'textarea' },
      matterName: { label: L('事项名称', 'Matter name'), widget: 'text' },
      commitmentType: { label: L('承诺类型', 'Commitment type'), widget: 'select', options: COMMITMENT_TYPES },
      departments: { label: L('实施部门', 'Implementing department'), widget: 'departments' },
      industry: { label: L('行业', 'Industry'), widget: 'text' },
      letterTemplate: {
        label: L('信用承诺书模板', 'Commitment-letter template'),
        help: L('可用占位符：{{主体名称}} {{统一社会信用代码}} {{法定代表人}} {{承诺日期}}', 'Placeholders: {{主体名称}} {{统一社会信用代码}} {{法定代表人}} {{承诺日期}}'),
        widget: 'rich-text',
      },
      supplyDeadlineDays: { label: L('补正材料期限（工作日）', 'Deadline to supply missing material (working days)'), widget: 'integer' },
      verificationMethod: { label: L('核查方式', 'Verification method'), widget: 'textarea' },
      breachConsequence: { label: L('违诺后果', 'Consequence of breach'), widget: 'textarea' },
    },
  },
};

/** Types whose missing material is supplied later (a supply deadline in working days is followed up). */
export const DEFERRED_MATERIAL_TYPES: readonly string[] = ['容缺受理型', '容缺受理'];

/** The national XYCN 承诺类型 a commitment item's type is reported under. */
export function nationalCommitmentType(type: string): string {
  const local: Record<string, string> = { 告知承诺: '审批替代型', 容缺受理: '容缺受理型', 行业自律: '行业自律型', 主动承诺: '主动型', 信用修复: '信用修复型' };
  return local[type] ?? (['审批替代型', '容缺受理型', '证明事项型', '信用修复型', '行业自律型', '主动型'].includes(type) ? type : '其他');
}
