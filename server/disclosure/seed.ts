/**
 * Seeds the disclosure rules of the two regimes as versions of one entry per catalog item, so each
 * record is judged by the version in force on its decision date:
 * - v1 (until 2026-03-31): the older regime — 发改办财金〔2019〕527号 for serious penalties (min 6
 *   months, max 3 years [V]) and the local rule of penalties min 3 months, max 3 years (深圳 example,
 *   processes.md §3); light penalties were published too.
 * - v2 (from 2026-04-01): 国家发展改革委《信用修复管理办法》: 轻微 not published (max 3 months if
 *   necessary), 一般 3 months – 1 year, 严重 1 – 3 years (processes.md §1 [V]).
 * Day limits (objection answer, repair acceptance and decision) were NOT recovered: the values are
 * placeholders the office must confirm, and the pages say so. Idempotent.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { entry, entryVersion } from '../db/schema';
import { appendAudit, SYSTEM_ACTOR } from '../audit/append';
import { seedPublishedEntry } from '../seed/registers';
import type { DisclosureRuleContent } from '../../catalog/disclosure/rules';

export const REGIME_CHANGE = '2026-04-01';

const SERIOUS = ['吊销', '责令停产停业', '责令关闭', '限制开展生产经营活动', '限制从业'];
const GENERAL = ['暂扣', '降低资质等级', '没收'];
const LIGHT = ['警告', '通报批评'];

const common = { catalogItem: 'XZCF', defaultSeverity: '一般', objectionAnswerDays: 5, repairAcceptDays: 3, repairDecideDays: 10 };

export const XZCF_OLD: DisclosureRuleContent & Record<string, unknown> = {
  ...common,
  name: '行政处罚信息公示与修复规则（2026年4月1日前）',
  regime: '国家发展改革委令第58号《失信行为纠正后的信用信息修复管理办法（试行）》；发改办财金〔2019〕527号（严重失信行政处罚最短6个月、最长3年）',
  classes: [
    { severity: '严重', published: true, minMonths: 6, maxMonths: 36, matchItem: 'CF_CFLB', matchAny: SERIOUS },
    { severity: '一般', published: true, minMonths: 3, maxMonths: 36, matchItem: 'CF_CFLB', matchAny: GENERAL },
    { severity: '轻微', published: true, minMonths: 3, maxMonths: 36, matchItem: 'CF_CFLB', matchAny: LIGHT },
  ],
  sourceNote: '来源：processes.md §0、§3（527号[V]；地方规则为深圳示例[V]）。异议与修复办理天数国家规定未能核实（NOT RECOVERED），为待信用办确认的本地设置。',
};

export const XZCF_NEW: DisclosureRuleContent & Record<string, unknown> = {
  ...common,
  name: '行政处罚信息公示与修复规则（2026年4月1日起）',
  regime: '国家发展改革委《信用修复管理办法》（2026年4月1日起施行，废止令第58号）',
  classes: [
    { severity: '严重', published: true, minMonths: 12, maxMonths: 36, matchItem: 'CF_CFLB', matchAny: SERIOUS },
    { severity: '一般', published: true, minMonths: 3, maxMonths: 12, matchItem: 'CF_CFLB', matchAny: GENERAL },
    { severity: '轻微', published: false, minMonths: 0, maxMonths: 3, matchItem: 'CF_CFLB', matchAny: LIGHT },
  ],
  sourceNote: '来源：processes.md §1（分类与期限[V]）。异议与修复办理天数国家规定未能核实（NOT RECOVERED），为待信用办确认的本地设置。',
};

/** Entry `code` with v1 in force until `changeOn` and v2 from then on (once). */
async function seedTwoRegimes(db: Db, code: string, before: Record<string, unknown>, after: Record<string, unknown>, changeOn: string) {
  await db.transaction(async (tx) => {
    const [e] = await tx.insert(entry).values({ kindCode: 'disclosure-rule', code }).onConflictDoNothing().returning({ id: entry.id });
    if (!e) return;
    await tx.insert(entryVersion).values([
      { entryId: e.id, kindCode: 'disclosure-rule', version: 1, status: 'superseded', content: before, validFrom: '2020-01-01', validTo: changeOn, publishedAt: new Date(), changeNote: 'seed' },
      { entryId: e.id, kindCode: 'disclosure-rule', version: 2, status: 'published', content: after, baseVersion: 1, validFrom: changeOn, publishedAt: new Date(), changeNote: 'seed' },
    ]);
    await appendAudit(tx, SYSTEM_ACTOR, { action: 'entry.seed', objectType: 'register-entry', objectId: `disclosure-rule/${code}`, after: { versions: [{ version: 1, validFrom: '2020-01-01', validTo: changeOn }, { version: 2, validFrom: changeOn }] } });
  });
}

export async function seedDisclosureRules(db: Db): Promise<void> {
  await seedTwoRegimes(db, 'DR-XZCF', XZCF_OLD, XZCF_NEW, REGIME_CHANGE);
  await seedPublishedEntry(db, 'disclosure-rule', 'DR-XZXK', {
    name: '行政许可信息公示规则',
    catalogItem: 'XZXK',
    regime: '双公示：行政许可信息公示三年（目录事项 XZXK 的公示期限）',
    classes: [{ severity: '行政许可', published: true, minMonths: 36, maxMonths: 36 }],
    defaultSeverity: '行政许可',
    objectionAnswerDays: 5,
    repairAcceptDays: 3,
    repairDecideDays: 10,
    sourceNote: '来源：目录事项 XZXK 的公示期限（36个月）。',
  });
  // The commitable item of type 信用修复 that a repair commitment is made from.
  await seedPublishedEntry(db, 'commitment-item', 'CN-XF-001', {
    matterName: '信用修复申请',
    commitmentType: '信用修复',
    departments: ['FGW', 'SCJG', 'STHJ', 'ZJJ', 'JTJ', 'RSJ'],
    industry: '信用修复',
    letterTemplate: '本单位（本人）{{主体名称}}（统一社会信用代码{{统一社会信用代码}}，法定代表人{{法定代表人}}）郑重承诺：已纠正失信行为、履行相关法定义务，所提交材料真实有效；修复后如再次发生同类失信行为，愿意接受相应处理并依法承担责任。\n承诺日期：{{承诺日期}}',
    supplyDeadlineDays: 0,
    verificationMethod: '认定单位核查履行义务的证明材料',
    breachConsequence: '承诺不实的，撤销修复决定，记入信用记录，并依法依规处理。',
    sourceNote: '来源：processes.md §1（申请条件：作出公开信用承诺）、§3（修复承诺书）。承诺书文本为示例，须由信用办核实。',
  });
}

export async function ruleVersions(db: Db, code: string) {
  return db.select({ version: entryVersion.version, validFrom: entryVersion.validFrom, validTo: entryVersion.validTo }).from(entryVersion).innerJoin(entry, eq(entry.id, entryVersion.entryId)).where(and(eq(entry.kindCode, 'disclosure-rule'), eq(entry.code, code)));
}
