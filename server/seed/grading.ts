/**
 * Seeds two published grading models (issue #6) and, in demo mode, a little evaluation data:
 *  - GM-SCJG-2024: 市场监管 following the local rule of 汴政办〔2020〕46号 items 10–13 (1000 points,
 *    A优秀…E差, annual), scoring the seeded 行政处罚 XZCF, 行政许可 XZXK and 信用承诺 XYCN items
 *    and the serious-dishonesty list CL-001 (veto → E); inspection ratios after the 林甸县 example.
 *  - GM-TAX-NSXY: the shape of the national tax credit model (100 points, A/B/M/C/D, annual,
 *    deduction-based), marked partial where the reference is.
 * Demo data: a few list members and ~80 subjects with accepted records in the latest completed
 * year, so the first evaluation shows a real distribution. Idempotent.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { rowsOf } from '../db';
import { department, user } from '../db/schema';
import { seedPublishedEntry } from './registers';
import { appendAudit, SYSTEM_ACTOR } from '../audit/append';
import { todayCN } from '../registers/dates';
import { latestCompletedPeriod, addDays } from '../../catalog/grading/period';
import { usccCheckChar } from '../../forms/formats/uscc';
import type { GradingModelContent, MeasureMapping } from '../../catalog/grading/types';
import { A_TO_E_BANDS, insertListMembers, insertRecords, L, type FactRecord } from '../grading/fixtures';

const SCJG_MAPPINGS: MeasureMapping[] = [
  { grade: 'A', inspectionRatio: { min: 0, max: 5 }, frequency: L('同一主体每年不超过 1 次', 'At most once a year per subject'), incentives: [L('降低检查频次，无事不扰', 'Fewer inspections: no disturbance without cause'), L('行政审批绿色通道', 'Fast lane for administrative approvals')] },
  { grade: 'B', inspectionRatio: { min: 5, max: 20 }, frequency: L('每年 1 次', 'Once a year') },
  { grade: 'C', inspectionRatio: { min: 21, max: 60 }, frequency: L('每年不超过 2 次', 'At most twice a year') },
  { grade: 'D', inspectionRatio: { min: 61, max: 100 }, frequency: L('根据监管实际需求确定，增加检查事项', 'As supervision requires, with more inspection items') },
  { grade: 'E', inspectionRatio: { min: 100, max: 100 }, frequency: L('列为重点监管对象，全覆盖检查', 'Intensive supervision: every subject inspected') },
];

export const SCJG_MODEL: GradingModelContent = {
  name: '市场监管领域企业信用监管评价模型',
  industry: '市场监管',
  totalPoints: 1000,
  description: '依据汴政办〔2020〕46号第10–13项：总分1000分，A优秀、B良好、C中等、D较差、E差五档；归集范围、等级标准、评价周期和监管措施由行业主管部门确定（本模型为示例配置）。抽查比例参照大庆市林甸县做法。评价期内受到行政处罚的企业最高评为B良好，不享受A级的绿色通道等激励。',
  catalogItems: [
    { kind: 'info-catalog', code: 'XZCF' },
    { kind: 'info-catalog', code: 'XZXK' },
    { kind: 'info-catalog', code: 'XYCN' },
  ],
  definition: {
    subjectTypes: ['法人及非法人组织', '个体工商户'],
    indicators: [
      {
        id: 'illegal',
        name: L('违法违规行为', 'Violations'),
        points: 500,
        children: [
          { id: 'penalties', name: L('行政处罚次数', 'Administrative penalties'), points: 300, rule: { source: 'records', ref: 'XZCF', aggregation: 'count', points: { kind: 'per-unit', perUnit: -150, min: -300 } } },
          {
            id: 'fines',
            name: L('罚款金额（万元）', 'Fines (10k yuan)'),
            points: 200,
            rule: { source: 'records', ref: 'XZCF', aggregation: 'sum', item: 'CF_NR_FK', points: { kind: 'ranges', ranges: [{ from: 0, to: 1, points: 0 }, { from: 1, to: 10, points: -50 }, { from: 10, to: 50, points: -100 }, { from: 50, to: null, points: -200 }] } },
          },
        ],
      },
      {
        id: 'honesty',
        name: L('守信表现', 'Honest conduct'),
        points: 300,
        children: [
          { id: 'commitments', name: L('信用承诺履约', 'Commitments kept'), points: 200, rule: { source: 'commitment-fulfilment', ref: 'XYCN', aggregation: 'count', item: 'fulfillmentStatus', filters: [{ item: 'fulfillmentStatus', op: 'in', value: ['部分履行', '全部未履行'] }], points: { kind: 'per-unit', perUnit: -100 } } },
          { id: 'licences', name: L('依法取得行政许可', 'Licences obtained'), points: 100, rule: { source: 'records', ref: 'XZXK', aggregation: 'count', points: { kind: 'per-unit', perUnit: 10, max: 30 }, start: 70 } },
        ],
      },
      { id: 'lists', name: L('失信名单记录', 'Dishonesty listings'), points: 200, rule: { source: 'list-membership', ref: 'CL-001', aggregation: 'count', points: { kind: 'per-unit', perUnit: -200 } } },
    ],
    bands: A_TO_E_BANDS,
    vetoes: [{ id: 'serious-dishonesty', label: L('评价期内列入严重失信主体名单', 'On the serious-dishonesty list in the period'), grade: 'E', rule: { source: 'list-membership', ref: 'CL-001', aggregation: 'exists' } }],
    period: { kind: 'annual', anchor: '2020-01-01', publicationLagDays: 30 },
    mappings: SCJG_MAPPINGS,
  },
};

export const TAX_MODEL: GradingModelContent = {
  name: '纳税信用评价（国家模型结构示例）',
  industry: '税务',
  totalPoints: 100,
  description:
    '部分：按国家税务总局纳税信用评价的结构配置（百分制扣分、A/B/M/C/D、年度评价、次年4月公布）。参考资料只恢复了等级划分和少量指标维度，未恢复完整指标体系和分值，指标与分值为示例；M级（新设立企业或无经营收入且70分以上）不按分数划分，需专门数据来源，本模型仅保留等级；A/C/D级措施为2014年以前的地方做法，仅作示例。',
  definition: {
    subjectTypes: ['法人及非法人组织', '个体工商户'],
    indicators: [
      { id: 'compliance', name: L('遵从能力（行政处罚）', 'Compliance (penalties)'), points: 40, rule: { source: 'records', ref: 'XZCF', aggregation: 'count', points: { kind: 'per-unit', perUnit: -5 } } },
      { id: 'outcome', name: L('实际结果（罚款金额）', 'Outcome (fines)'), points: 30, rule: { source: 'records', ref: 'XZCF', aggregation: 'sum', item: 'CF_NR_FK', points: { kind: 'ranges', ranges: [{ from: 0, to: 1, points: 0 }, { from: 1, to: 10, points: -10 }, { from: 10, to: null, points: -30 }] } } },
      { id: 'attitude', name: L('主观态度（承诺履约）', 'Attitude (commitments)'), points: 20, rule: { source: 'commitment-fulfilment', ref: 'XYCN', aggregation: 'count', item: 'fulfillmentStatus', filters: [{ item: 'fulfillmentStatus', op: 'in', value: ['部分履行', '全部未履行'] }], points: { kind: 'per-unit', perUnit: -10 } } },
      { id: 'dishonesty', name: L('失信程度（名单）', 'Dishonesty (lists)'), points: 10, rule: { source: 'list-membership', ref: 'CL-001', aggregation: 'exists', points: { kind: 'per-unit', perUnit: -10 } } },
    ],
    bands: [
      { grade: 'A', label: L('A级', 'A'), min: 90 },
      { grade: 'B', label: L('B级', 'B'), min: 70 },
      { grade: 'C', label: L('C级', 'C'), min: 40 },
      { grade: 'D', label: L('D级', 'D'), min: 0 },
    ],
    specialGrades: [{ grade: 'M', label: L('M级（新设立企业等，不按分数划分）', 'M (new enterprises etc., not by score)') }],
    vetoes: [{ id: 'direct-d', label: L('直接判为D级：列入严重失信主体名单', 'Directly D: on the serious-dishonesty list'), grade: 'D', rule: { source: 'list-membership', ref: 'CL-001', aggregation: 'exists' } }],
    period: { kind: 'annual', anchor: '2020-01-01', publicationLagDays: 120 },
    mappings: [
      { grade: 'A', inspectionRatio: { min: 0, max: 100 }, frequency: L('除专项、专案检查外两年内可免除税务检查（旧做法示例）', 'Exempt from routine tax inspection for two years (legacy example)'), incentives: [L('放宽发票领购限量（旧做法示例）', 'Larger invoice quotas (legacy example)'), L('优先办理出口退（免）税（旧做法示例）', 'Priority export rebates (legacy example)')] },
      { grade: 'B', inspectionRatio: { min: 0, max: 100 }, frequency: L('常规征管，加强政策辅导（旧做法示例）', 'Routine administration with guidance (legacy example)') },
      { grade: 'M', inspectionRatio: { min: 0, max: 100 }, frequency: L('按税务机关规定（参考资料未恢复）', 'As the tax authority decides (not recovered)') },
      { grade: 'C', inspectionRatio: { min: 0, max: 100 }, frequency: L('列入年度检查计划重点检查对象（旧做法示例）', 'Priority in the annual inspection plan (legacy example)') },
      { grade: 'D', inspectionRatio: { min: 100, max: 100 }, frequency: L('列为重点监控对象（旧做法示例）', 'Under close monitoring (legacy example)') },
    ],
  },
};

export async function seedGradingModels(db: Db): Promise<void> {
  await seedPublishedEntry(db, 'grading-model', 'GM-SCJG-2024', SCJG_MODEL as unknown as Record<string, unknown>);
  await seedPublishedEntry(db, 'grading-model', 'GM-TAX-NSXY', TAX_MODEL as unknown as Record<string, unknown>);
  // The red list's conditions name the 市场监管 model, so it is seeded after the models.
  await seedPublishedEntry(db, 'credit-list', 'CL-HMD', {
    name: '守信激励对象名单（红名单）',
    listKind: '红名单',
    nature: 'incentive',
    objectionDays: 5,
    answerDays: 5,
    periodMinMonths: 12,
    periodMaxMonths: 36,
    repairable: false,
    public: true,
    identificationCriteria: '市场监管领域信用评价为 A 级，近三年无行政处罚记录，且未被列入失信惩戒类名单的市场主体，经告知和公示无异议的，列入守信激励对象名单。',
    removalConditions: '列入期间出现行政处罚等不良记录或被列入失信惩戒类名单的，移出名单。',
    legalBasis: [{ name: '国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见', number: '国发〔2016〕33号', article: '（二）' }],
    eligibilityModel: { kind: 'grading-model', code: 'GM-SCJG-2024' },
    eligibilityGrades: ['A'],
    eligibilityCleanMonths: 36,
    eligibilityAdverseItems: [{ kind: 'info-catalog', code: 'XZCF' }],
    departments: [],
    sourceNote: '示例名单（部分）：入选条件（A 级、三年无处罚）为本地示例设置，须由信用办按现行激励对象认定办法确认。',
  });
}

export function demoUscc(i: number): string {
  const first17 = `91410200MA4${String(i).padStart(6, '0')}`;
  return first17 + usccCheckChar(first17);
}

const TRADE_NAMES = ['鼎盛', '恒通', '华信', '瑞丰', '金源', '宏达', '新宇', '博远', '天成', '润泽'];
const INDUSTRIES = ['建材', '食品', '商贸', '物流', '餐饮', '科技', '机械', '纺织', '医药', '印刷'];

/** A realistic (fictitious) company name for demo subject i: 开封恒通建材有限公司; unique for i < 100. */
export function demoCompany(i: number): string {
  return `开封${TRADE_NAMES[i % 10]}${INDUSTRIES[Math.floor(i / 10) % 10]}有限公司`;
}

/** Deterministic demo facts in the latest completed year: a spread over all five grades. */
export function demoFacts(year: { start: string; end: string }): { records: FactRecord[]; members: Parameters<typeof insertListMembers>[1] } {
  const records: FactRecord[] = [];
  const day = (i: number) => addDays(year.start, (i * 37) % 360);
  for (let i = 1; i <= 80; i++) {
    const s = { subjectCode: demoUscc(i), subjectName: demoCompany(i) };
    const penalties = i % 10 === 0 ? 6 : i % 5 === 0 ? 3 : i % 3 === 0 ? 1 : 0;
    for (let k = 0; k < penalties; k++) records.push({ ...s, catalogCode: 'XZCF', decisionDate: day(i + k), data: { CF_XDR_MC: s.subjectName, CF_XDR_LB: '法人及非法人组织', CF_CFLB: '罚款', CF_NR_FK: (i % 7) * 1.5, CF_WSH: `汴市监罚〔${year.start.slice(0, 4)}〕${i * 10 + k}号` } });
    for (let k = 0; k < i % 4; k++) records.push({ ...s, catalogCode: 'XZXK', decisionDate: day(i + k + 3), data: { XK_XDR_MC: s.subjectName, XK_XDR_LB: '法人及非法人组织', XK_XKLB: '普通' } });
    if (i % 6 === 0) records.push({ ...s, catalogCode: 'XYCN', decisionDate: day(i + 5), data: { subjectName: s.subjectName, fulfillmentStatus: i % 12 === 0 ? '部分履行' : '全部履行' } });
  }
  const members = [
    { listCode: 'CL-001', subjectCode: demoUscc(10), subjectName: demoCompany(10), listedOn: addDays(year.start, 40), source: '演示数据' },
    { listCode: 'CL-001', subjectCode: demoUscc(95), subjectName: demoCompany(95), listedOn: addDays(year.start, 100), source: '演示数据' },
  ];
  return { records, members };
}

/** Demo mode only: list members and accepted records, once (skipped when any demo subject exists). */
export async function seedGradingDemo(db: Db): Promise<void> {
  const [seeded] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from credit_list_member where source = '演示数据'`));
  if (Number(seeded?.n ?? 0) > 0) return;
  const [filler] = await db.select({ id: user.id }).from(user).where(and(eq(user.username, 'filler')));
  const [scjg] = await db.select({ id: department.id }).from(department).where(eq(department.code, 'SCJG'));
  if (!filler || !scjg) return;
  const year = latestCompletedPeriod({ kind: 'annual', anchor: '2020-01-01' }, todayCN());
  const { records, members } = demoFacts(year);
  await db.transaction(async (tx) => {
    await insertListMembers(tx, members);
    await insertRecords(tx, scjg.id, filler.id, records);
    // The demo facts are written in bulk (no submit per record): one audit row says what was loaded.
    await appendAudit(tx, SYSTEM_ACTOR, { action: 'record.seed_demo', objectType: 'record', after: { records: records.length, listMembers: members.length, period: year, department: 'SCJG', source: '演示数据' } });
  });
}
