import type { KindDefinition, Localized } from '../types';
import type { FieldIssue } from '../../forms/ajv';
import { dataItemChoices } from '../data-items';
import { L, SUBJECT_TYPES, departmentsSchema, enumOf, legalBasisSchema, legalBasisUi } from './common';

export const INFO_CATEGORIES: Record<string, Localized> = {
  行政许可: L('行政许可', 'Administrative licensing'),
  行政处罚: L('行政处罚', 'Administrative penalty'),
  行政强制: L('行政强制', 'Administrative enforcement'),
  行政确认: L('行政确认', 'Administrative confirmation'),
  监督检查: L('监督检查', 'Supervision and inspection'),
  投诉举报: L('投诉举报', 'Complaints and reports'),
  安全质量事故: L('安全质量事故', 'Safety and quality incidents'),
  信用承诺: L('信用承诺', 'Credit commitment'),
  表彰奖励: L('表彰奖励', 'Commendations and awards'),
  司法判决: L('司法判决', 'Court judgements'),
  其他: L('其他', 'Other'),
};

export const DISCLOSURE: Record<string, Localized> = {
  社会公开: L('社会公开', 'Public'),
  政务共享: L('政务共享', 'Government-shared'),
  授权查询: L('授权查询', 'Authorised query'),
};

export const UPDATE_FREQUENCY: Record<string, Localized> = {
  实时: L('实时', 'Real time'),
  每日: L('每日', 'Daily'),
  每周: L('每周', 'Weekly'),
  每月: L('每月', 'Monthly'),
  每季度: L('每季度', 'Quarterly'),
  每年: L('每年', 'Yearly'),
  按需: L('按需', 'On demand'),
};

export const infoCatalogKind: KindDefinition = {
  code: 'info-catalog',
  name: L('公共信用信息目录', 'Public credit information catalog'),
  description: L('信息类别：提供单位、主体类型、公开属性、公示期限、法律依据和数据项', 'Information classes: providers, subject types, disclosure, period, legal basis and data items'),
  codePattern: '^[A-Z][A-Z0-9_-]{1,31}$',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 2, maxLength: 100 },
      nameEn: { type: 'string', maxLength: 200 },
      category: enumOf(INFO_CATEGORIES),
      providingDepartments: { ...departmentsSchema, minItems: 1 },
      subjectTypes: { type: 'array', items: enumOf(SUBJECT_TYPES), minItems: 1, uniqueItems: true },
      disclosure: enumOf(DISCLOSURE),
      disclosurePeriods: {
        type: 'array',
        items: {
          type: 'object',
          properties: { severity: { type: 'string', maxLength: 50 }, months: { type: 'integer', minimum: 0, maximum: 600 } },
          required: ['severity', 'months'],
          additionalProperties: false,
        },
      },
      dualPublicity: { type: 'boolean' },
      decisionDateField: { type: 'string', maxLength: 64 },
      decisionNumberField: { type: 'string', maxLength: 64 },
      legalBasis: legalBasisSchema,
      updateFrequency: enumOf(UPDATE_FREQUENCY),
      dataItems: { type: 'object' },
      sourceNote: { type: 'string', maxLength: 2000 },
    },
    required: ['name', 'category', 'providingDepartments', 'subjectTypes', 'disclosure', 'dataItems'],
    additionalProperties: false,
  },
  ui: {
    order: ['name', 'nameEn', 'category', 'providingDepartments', 'subjectTypes', 'disclosure', 'disclosurePeriods', 'dualPublicity', 'decisionDateField', 'decisionNumberField', 'legalBasis', 'updateFrequency', 'dataItems', 'sourceNote'],
    titleField: 'name',
    listFields: ['category', 'disclosure'],
    fields: {
      sourceNote: { label: L('来源与可信度', 'Source and trust'), help: L('参考资料来源；标注“部分”的内容须由信用办核实', 'Where this came from; items marked partial must be checked by the office'), widget: 'textarea' },
      name: { label: L('信息类别名称', 'Name'), widget: 'text' },
      nameEn: { label: L('英文名称', 'Name in English'), help: L('公示网站英文页面显示；不填写时显示中文名称', 'Shown on the English public pages; the Chinese name when empty'), widget: 'text' },
      category: { label: L('信息分类', 'Category'), widget: 'select', options: INFO_CATEGORIES },
      providingDepartments: { label: L('提供单位', 'Providing departments'), widget: 'departments' },
      subjectTypes: { label: L('主体类型', 'Subject types'), widget: 'checkboxes', options: SUBJECT_TYPES },
      disclosure: { label: L('公开属性', 'Disclosure'), widget: 'select', options: DISCLOSURE },
      disclosurePeriods: {
        label: L('公示期限', 'Disclosure period'),
        help: L('按严重程度分别规定，每行一项', 'Per severity where the rules differ, one row each'),
        widget: 'rows',
        columns: [
          { key: 'severity', label: L('严重程度', 'Severity') },
          { key: 'months', label: L('公示期（月）', 'Period (months)'), widget: 'integer' },
        ],
      },
      dualPublicity: { label: L('双公示事项（7个工作日内公示）', 'Dual publicity (publish within 7 working days)'), widget: 'boolean' },
      decisionDateField: { label: L('决定日期数据项', 'Decision-date data item'), help: L('双公示期限从该数据项的日期起算（7个工作日）；从本事项表单的日期类数据项中选择', 'The 7-working-day publication deadline counts from this data item; pick one of the form’s date items'), widget: 'data-item', dataItemFormat: 'date' },
      decisionNumberField: { label: L('决定文书号数据项', 'Decision-number data item'), help: L('双公示列表中「决定文书号」一栏取该数据项的值；从本事项表单的数据项中选择', 'The 双公示 list shows this data item as the decision number; pick one of the form’s data items'), widget: 'data-item' },
      legalBasis: legalBasisUi(false),
      updateFrequency: { label: L('更新频率', 'Update frequency'), widget: 'select', options: UPDATE_FREQUENCY },
      dataItems: { label: L('数据项', 'Data items'), help: L('部门填报的表单：每个数据项的名称、类型、是否必填和填写说明', 'The form departments fill in: each data item’s name, type, whether it is required and how to fill it'), widget: 'form-definition' },
    },
  },
};

/**
 * The data items a catalog item names for the 双公示 columns must be data items of its own form
 * (a mistyped key would leave the deadline or the decision number silently empty), and the
 * decision date must be a date. Run at submit for approval (./semantic.ts).
 */
export function infoCatalogIssues(content: Record<string, unknown>): FieldIssue[] {
  const properties = ((content.dataItems as { schema?: { properties?: Record<string, { format?: string; title?: string }> } } | undefined)?.schema?.properties ?? {}) as Record<string, { format?: string; title?: string }>;
  const out: FieldIssue[] = [];
  const named = [
    { key: 'decisionDateField', what: L('决定日期数据项', 'decision-date data item') },
    { key: 'decisionNumberField', what: L('决定文书号数据项', 'decision-number data item') },
  ];
  for (const { key, what } of named) {
    const value = content[key];
    if (typeof value !== 'string' || !value.trim()) continue;
    if (!Object.hasOwn(properties, value)) {
      out.push({ path: key, keyword: 'infoCatalog.unknownDataItem', message: { 'zh-CN': `「${what['zh-CN']}」填写的“${value}”不是本目录事项表单中的数据项，请从表单的数据项中重新选择`, en: `The ${what.en} “${value}” is not a data item of this catalog item’s form: pick one of its data items` } });
    } else if (key === 'decisionDateField' && properties[value]!.format !== 'date') {
      const name = dataItemChoices(content.dataItems).find((c) => c.key === value)?.label ?? { 'zh-CN': value, en: value };
      out.push({ path: key, keyword: 'infoCatalog.notADate', message: { 'zh-CN': `「决定日期数据项」须是日期类型的数据项，“${name['zh-CN']}”不是日期`, en: `The decision-date data item must be a date; “${name.en}” is not` } });
    }
  }
  return out;
}
