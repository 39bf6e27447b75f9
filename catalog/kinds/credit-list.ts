import type { KindDefinition } from '../types';
import { L, departmentsSchema, legalBasisSchema, legalBasisUi, refSchema } from './common';

export const LIST_KIND_SUGGESTIONS = {
  严重失信主体名单: L('严重失信主体名单', 'Serious-dishonesty list'),
  重点关注名单: L('重点关注名单', 'Key-attention list'),
  红名单: L('红名单（守信激励对象名单）', 'Honesty (red) list'),
};

const templateSchema = {
  type: 'object',
  properties: { fileName: { type: 'string', minLength: 1, maxLength: 200 }, sha256: { type: 'string', minLength: 64, maxLength: 64 }, size: { type: 'integer', minimum: 1 } },
  required: ['fileName', 'sha256', 'size'],
  additionalProperties: false,
} as const;

const days = { type: 'integer', minimum: 0, maximum: 365 } as const;
const months = { type: 'integer', minimum: 1, maximum: 1200 } as const;
const numberFormat = { type: 'string', minLength: 1, maxLength: 100 } as const;
/** The red-list conditions belong to incentive lists: the form shows them only there. */
const INCENTIVE_ONLY = { field: 'nature', in: ['incentive'] };

/**
 * Named lists (严重失信主体名单, 重点关注名单, 红名单 …): what grounds a listing, the due-process windows
 * in working days, the listing period, removal and repair, the documents and their numbering, and
 * the measures that apply to members (catalog/lists/types.ts). Checked at submit by
 * catalog/lists/validate.ts (periods, number formats, template placeholders).
 */
export const creditListKind: KindDefinition = {
  code: 'credit-list',
  name: L('信用名单', 'Credit lists'),
  description: L('严重失信主体名单、重点关注名单、红名单等：认定依据与标准、告知与异议期限、有效期、移出条件、文书模板和适用措施', 'Serious-dishonesty, key-attention and honesty lists: basis and criteria, notice and objection windows, period, removal, document templates and measures'),
  codePattern: '^CL-[0-9]{3,6}$',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 2, maxLength: 100 },
      listKind: { type: 'string', minLength: 2, maxLength: 50 },
      nature: { type: 'string', enum: ['sanction', 'incentive'] },
      identificationCriteria: { type: 'string', maxLength: 5000 },
      legalBasis: { ...legalBasisSchema, minItems: 1 },
      groundItems: { type: 'array', items: refSchema, maxItems: 50 },
      objectionDays: days,
      answerDays: days,
      periodMinMonths: months,
      periodMaxMonths: months,
      removalConditions: { type: 'string', maxLength: 5000 },
      repairable: { type: 'boolean' },
      repairAcceptDays: days,
      repairDecideDays: days,
      rightsNotice: { type: 'string', maxLength: 2000 },
      remedies: { type: 'string', maxLength: 2000 },
      noticeTemplate: templateSchema,
      decisionTemplate: templateSchema,
      repairNoticeTemplate: templateSchema,
      removalTemplate: templateSchema,
      noticeNumberFormat: numberFormat,
      decisionNumberFormat: numberFormat,
      removalNumberFormat: numberFormat,
      measures: { type: 'array', items: refSchema, maxItems: 200 },
      public: { type: 'boolean' },
      eligibilityModel: refSchema,
      eligibilityGrades: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 10 }, maxItems: 10, uniqueItems: true },
      eligibilityCleanMonths: { type: 'integer', minimum: 1, maximum: 120 },
      eligibilityAdverseItems: { type: 'array', items: refSchema, maxItems: 50 },
      departments: departmentsSchema,
      sourceNote: { type: 'string', maxLength: 2000 },
    },
    required: ['name', 'legalBasis'],
    additionalProperties: false,
  },
  ui: {
    order: [
      'name',
      'listKind',
      'nature',
      'legalBasis',
      'identificationCriteria',
      'groundItems',
      'objectionDays',
      'answerDays',
      'periodMinMonths',
      'periodMaxMonths',
      'removalConditions',
      'repairable',
      'repairAcceptDays',
      'repairDecideDays',
      'rightsNotice',
      'remedies',
      'noticeTemplate',
      'decisionTemplate',
      'repairNoticeTemplate',
      'removalTemplate',
      'noticeNumberFormat',
      'decisionNumberFormat',
      'removalNumberFormat',
      'measures',
      'public',
      'eligibilityModel',
      'eligibilityGrades',
      'eligibilityCleanMonths',
      'eligibilityAdverseItems',
      'departments',
      'sourceNote',
    ],
    titleField: 'name',
    listFields: ['listKind'],
    fields: {
      name: { label: L('名单名称', 'List name'), widget: 'text' },
      listKind: { label: L('名单类型', 'Kind of list'), help: L('可从建议中选择，也可填写本市设立的其他名单类型', 'Pick a suggestion or name another kind the office has set up'), widget: 'text', options: LIST_KIND_SUGGESTIONS },
      nature: { label: L('性质', 'Nature'), widget: 'select', options: { sanction: L('惩戒（适用失信惩戒措施）', 'Sanction (dishonesty measures apply)'), incentive: L('激励（适用守信激励措施）', 'Incentive (honesty incentives apply)') } },
      legalBasis: legalBasisUi(true),
      identificationCriteria: { label: L('认定标准', 'Identification criteria'), widget: 'textarea' },
      groundItems: { label: L('可作为认定依据的信息类别', 'Catalog items that can ground a listing'), help: L('只有这些信息类别中已审核通过的记录可以作为拟列入的依据', 'Only accepted records of these catalog items can ground a proposal'), widget: 'references', refKind: 'info-catalog' },
      objectionDays: { label: L('异议期限（工作日）', 'Objection window (working days)'), help: L('自告知书送达之次日起计算的工作日数；当事人在此期限内可提出陈述、申辩或异议', 'Working days counted from the day after the notice is served; the subject may object within them'), widget: 'integer' },
      answerDays: { label: L('异议答复期限（工作日）', 'Time to answer an objection (working days)'), help: L('国家层面的具体天数尚未核实，请按本地规定填写', 'The national figure is not verified; set the local rule'), widget: 'integer' },
      periodMinMonths: { label: L('最短列入期限（月）', 'Shortest listing period (months)'), widget: 'integer' },
      periodMaxMonths: { label: L('最长列入期限（月）', 'Longest listing period (months)'), help: L('与最短期限相同即为固定期限', 'Equal to the shortest period: a fixed period'), widget: 'integer' },
      removalConditions: { label: L('移出条件和程序', 'Removal conditions and procedure'), widget: 'textarea' },
      repairable: { label: L('可信用修复', 'Repairable'), widget: 'boolean' },
      repairAcceptDays: { label: L('修复申请受理期限（工作日）', 'Time to accept a repair application (working days)'), help: L('国家层面的具体天数尚未核实，请按本地规定填写；未填写时为 3 个工作日', 'The national figure is not verified; set the local rule (3 working days when empty)'), widget: 'integer' },
      repairDecideDays: { label: L('修复决定期限（工作日）', 'Time to decide a repair (working days)'), help: L('国家层面的具体天数尚未核实，请按本地规定填写；未填写时为 10 个工作日', 'The national figure is not verified; set the local rule (10 working days when empty)'), widget: 'integer' },
      rightsNotice: { label: L('权利告知', 'Rights of the subject'), help: L('写入告知书：当事人依法享有的陈述、申辩和异议权利', 'Goes into the prior notice: the subject’s rights to state, defend and object'), widget: 'textarea' },
      remedies: { label: L('救济途径', 'Remedies'), help: L('写入决定书：行政复议、行政诉讼的途径和期限', 'Goes into the decision: administrative review and litigation'), widget: 'textarea' },
      noticeTemplate: { label: L('拟列入告知书模板', 'Prior notice template'), widget: 'docx-template', templateKind: 'notice' },
      decisionTemplate: { label: L('认定决定书模板', 'Listing decision template'), widget: 'docx-template', templateKind: 'decision' },
      repairNoticeTemplate: { label: L('信用修复告知书模板', 'Credit repair notice template'), widget: 'docx-template', templateKind: 'repair-notice' },
      removalTemplate: { label: L('移出决定书模板', 'Removal decision template'), widget: 'docx-template', templateKind: 'removal' },
      noticeNumberFormat: { label: L('告知书文号格式', 'Notice number format'), help: L('可用 {部门}、{部门代码}、{年}、{序号}，如：{部门}信告〔{年}〕{序号}号；序号按部门和年度连续编号', 'Use {部门}, {部门代码}, {年}, {序号}; numbered per department and year'), widget: 'text' },
      decisionNumberFormat: { label: L('决定书文号格式', 'Decision number format'), help: L('可用 {部门}、{部门代码}、{年}、{序号}', 'Use {部门}, {部门代码}, {年}, {序号}'), widget: 'text' },
      removalNumberFormat: { label: L('移出决定书文号格式', 'Removal number format'), help: L('可用 {部门}、{部门代码}、{年}、{序号}', 'Use {部门}, {部门代码}, {年}, {序号}'), widget: 'text' },
      measures: { label: L('适用措施', 'Measures that apply'), help: L('列入后对名单主体适用的惩戒（或激励）措施', 'Measures (or incentives) that apply to members'), widget: 'references', refKind: 'sanction-measure' },
      public: { label: L('向社会公开', 'Shown to the public'), widget: 'boolean' },
      eligibilityModel: { label: L('入选条件：评价模型', 'Eligibility: grading model'), help: L('仅激励类名单（如红名单）：按该模型当前评价结果筛选候选主体', 'Incentive lists only (e.g. the red list): candidates are found in this model’s current results'), widget: 'reference', refKind: 'grading-model', shownWhen: INCENTIVE_ONLY },
      eligibilityGrades: { label: L('入选条件：评价等级', 'Eligibility: grades'), help: L('勾选上面所选评价模型中可入选的等级，如 A 优秀', 'Tick the grades of the model above that qualify, e.g. A'), widget: 'grades', gradesOf: 'eligibilityModel', refKind: 'grading-model', shownWhen: INCENTIVE_ONLY },
      eligibilityCleanMonths: { label: L('入选条件：无不良记录的月数', 'Eligibility: months without adverse records'), help: L('在此期间内不得有下列信息类别中已审核通过的记录，且不在任何惩戒类名单中；未填写时为 36 个月', 'No accepted record of the items below decided in these months, and on no sanction list (36 months when empty)'), widget: 'integer', shownWhen: INCENTIVE_ONLY },
      eligibilityAdverseItems: { label: L('入选条件：不良记录的信息类别', 'Eligibility: adverse catalog items'), help: L('如行政处罚信息', 'E.g. administrative penalties'), widget: 'references', refKind: 'info-catalog', shownWhen: INCENTIVE_ONLY },
      departments: { label: L('认定部门', 'Identifying departments'), widget: 'departments' },
      sourceNote: { label: L('来源与可信度', 'Source and trust'), help: L('参考资料来源；标注“部分”的内容须由信用办核实', 'Where this came from; items marked partial must be checked by the office'), widget: 'textarea' },
    },
  },
};
