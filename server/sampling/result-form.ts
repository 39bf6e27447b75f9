/**
 * The catalog item inspectors' 双随机 results are recorded under (server/sampling/results.ts) and
 * its form, seeded by server/seed/registers.ts; the office may change the form like any item's.
 */
export const SAMPLING_RESULT_CATALOG = 'SJJC';
export const INSPECTION_RESULTS = ['未发现问题', '发现问题已责令改正', '发现问题待后续处理', '未按规定公示应当公示的信息', '公示信息隐瞒真实情况、弄虚作假', '通过登记的住所（经营场所）无法联系', '不配合检查情节严重', '未发现开展本次抽查涉及的经营活动'] as const;

/** 双随机抽查检查结果: plan, date, inspecting authority, result, and what was found (required unless nothing was). */
export function inspectionResultForm() {
  const Lx = (zh: string, en: string) => ({ 'zh-CN': zh, en });
  const en: Record<string, string> = { 未发现问题: 'No problem found', 发现问题已责令改正: 'Problem found, correction ordered', 发现问题待后续处理: 'Problem found, to be handled', 未按规定公示应当公示的信息: 'Required information not disclosed', '公示信息隐瞒真实情况、弄虚作假': 'Disclosed information false', '通过登记的住所（经营场所）无法联系': 'Not reachable at the registered address', 不配合检查情节严重: 'Seriously obstructed the inspection', 未发现开展本次抽查涉及的经营活动: 'The inspected activity is not carried on' };
  return {
    schema: {
      type: 'object',
      properties: {
        JC_JH: { title: '抽查计划', type: 'string', minLength: 1, maxLength: 200 },
        JC_RQ: { title: '检查日期', type: 'string', format: 'date' },
        JC_JG: { title: '检查结果', type: 'string', enum: [...INSPECTION_RESULTS] },
        JC_SM: { title: '检查情况说明', type: 'string', maxLength: 2000 },
        JC_JGMC: { title: '检查机关', type: 'string', minLength: 1, maxLength: 200 },
      },
      required: ['JC_JH', 'JC_RQ', 'JC_JG', 'JC_JGMC'],
    },
    ui: {
      order: ['JC_JH', 'JC_RQ', 'JC_JG', 'JC_SM', 'JC_JGMC'],
      fields: {
        JC_JH: { label: Lx('抽查计划', 'Inspection plan') },
        JC_RQ: { label: Lx('检查日期', 'Inspection date') },
        JC_JG: { label: Lx('检查结果', 'Result'), options: Object.fromEntries(INSPECTION_RESULTS.map((r) => [r, Lx(r, en[r] ?? r)])) },
        JC_SM: { label: Lx('检查情况说明', 'What was found'), widget: 'textarea', requiredIf: { all: [{ field: 'JC_JG', op: 'notEmpty' }, { field: 'JC_JG', op: 'ne', value: '未发现问题' }] } },
        JC_JGMC: { label: Lx('检查机关', 'Inspecting authority') },
      },
    },
  };
}
