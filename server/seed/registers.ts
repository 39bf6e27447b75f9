/**
 * Seeds the registers as data: the built-in kinds (published entries of the meta kind) and the
 * entries the reference material supports (shared/reference/domain, copied into
 * server/seed/data): 双公示 licensing and penalty catalog items with their field lists, the
 * credit-commitment catalog item, two commitment items, and the serious-dishonesty list. Nothing
 * is invented: no sanction measure is seeded (the national list was not recovered). Every seeded
 * entry says where it came from and is marked partial where the reference is. Idempotent.
 */
import { inspectionResultForm, SAMPLING_RESULT_CATALOG } from '../sampling/result-form';
import { and, desc, eq } from 'drizzle-orm';
import canonicalize from 'canonicalize';
import { todayCN } from '../registers/dates';
import type { Db } from '../db';
import { entry, entryVersion } from '../db/schema';
import { appendAudit, SYSTEM_ACTOR } from '../audit/append';
import { BUILT_IN_KINDS, META_KIND_CODE } from '../../catalog/kinds';
import reference from './data/reference-forms.json';
import { storeDefaultTemplates } from '../lists/default-templates';

export const SEED_VALID_FROM = '2020-01-01';

/** Inserts entry `code` of `kindCode` as a published version 1, unless the entry exists. */
export async function seedPublishedEntry(db: Db, kindCode: string, code: string, content: Record<string, unknown>, validFrom = SEED_VALID_FROM): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [e] = await tx.insert(entry).values({ kindCode, code }).onConflictDoNothing().returning({ id: entry.id });
    if (!e) return false;
    await tx.insert(entryVersion).values({ entryId: e.id, kindCode, version: 1, status: 'published', content, validFrom, publishedAt: new Date(), changeNote: 'seed' });
    await appendAudit(tx, SYSTEM_ACTOR, { action: 'entry.seed', objectType: 'register-entry', objectId: `${kindCode}/${code}`, after: { version: 1, validFrom, content } });
    return true;
  });
}

export async function seedRegisterKinds(db: Db): Promise<void> {
  for (const kind of BUILT_IN_KINDS) {
    const { code, ...definition } = kind;
    const content = definition as unknown as Record<string, unknown>;
    if (!(await seedPublishedEntry(db, META_KIND_CODE, code, content))) await upgradeBuiltInKind(db, code, content);
  }
}

/**
 * A built-in kind whose definition grew in a release (e.g. credit lists gained process fields) is
 * published again on an existing installation — but only while the office has not changed the
 * kind itself (its version in force is one the seed wrote). Runs at start-up on every instance:
 * the entry row is locked, so two instances upgrade once.
 */
async function upgradeBuiltInKind(db: Db, code: string, content: Record<string, unknown>): Promise<void> {
  await db.transaction(async (tx) => {
    const [e] = await tx.select({ id: entry.id }).from(entry).where(and(eq(entry.kindCode, META_KIND_CODE), eq(entry.code, code))).for('update');
    if (!e) return;
    const [latest] = await tx.select().from(entryVersion).where(eq(entryVersion.entryId, e.id)).orderBy(desc(entryVersion.version)).limit(1);
    if (!latest || latest.status !== 'published' || !['seed', 'seed-upgrade'].includes(latest.changeNote ?? '')) return;
    if (canonicalize(latest.content) === canonicalize(content)) return;
    const day = todayCN();
    const version = latest.version + 1;
    await tx.update(entryVersion).set({ status: 'superseded', validTo: day }).where(eq(entryVersion.id, latest.id));
    await tx.insert(entryVersion).values({ entryId: e.id, kindCode: META_KIND_CODE, version, status: 'published', content, baseVersion: latest.version, validFrom: day, publishedAt: new Date(), changeNote: 'seed-upgrade' });
    await appendAudit(tx, SYSTEM_ACTOR, { action: 'entry.seed_upgrade', objectType: 'register-entry', objectId: `${META_KIND_CODE}/${code}`, before: { version: latest.version }, after: { version, validFrom: day, content } });
  });
}

const PARTIAL_NOTE = '来源：shared/reference/domain/shuanggongshi-fields.json（部分：字段集可信度高，长度与必填标志来自第三方实现，非官方标准）。';

export async function seedReferenceRegisters(db: Db): Promise<void> {
  const basis7 = [
    { name: '国务院办公厅关于运用大数据加强对市场主体服务和监管的若干意见', number: '国办发〔2015〕51号', article: '第十八条' },
    { name: '国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见', number: '国发〔2016〕33号', article: '第十七条' },
  ];
  await seedPublishedEntry(db, 'info-catalog', 'XZXK', {
    name: '行政许可信息',
    nameEn: 'Administrative licensing information',
    category: '行政许可',
    providingDepartments: ['FGW', 'SCJG', 'STHJ', 'ZJJ', 'JTJ', 'RSJ'],
    subjectTypes: ['法人及非法人组织', '自然人', '个体工商户'],
    disclosure: '社会公开',
    disclosurePeriods: [{ severity: '行政许可', months: 36 }],
    dualPublicity: true,
    decisionDateField: 'XK_JDRQ',
    decisionNumberField: 'XK_WSH',
    legalBasis: basis7,
    updateFrequency: '每日',
    dataItems: reference.XK,
    sourceNote: PARTIAL_NOTE,
  });
  await seedPublishedEntry(db, 'info-catalog', 'XZCF', {
    name: '行政处罚信息',
    nameEn: 'Administrative penalty information',
    category: '行政处罚',
    providingDepartments: ['FGW', 'SCJG', 'STHJ', 'ZJJ', 'JTJ', 'RSJ'],
    subjectTypes: ['法人及非法人组织', '自然人', '个体工商户'],
    disclosure: '社会公开',
    disclosurePeriods: [
      { severity: '简易程序（警告、通报批评、较低数额罚款）', months: 0 },
      { severity: '一般行政处罚', months: 12 },
      { severity: '严重失信行为的行政处罚', months: 36 },
    ],
    dualPublicity: true,
    decisionDateField: 'CF_JDRQ',
    decisionNumberField: 'CF_WSH',
    legalBasis: basis7,
    updateFrequency: '每日',
    dataItems: reference.CF,
    sourceNote: `${PARTIAL_NOTE} 公示期限为示例，须按国家现行信用修复规定核实（见 processes.md）。`,
  });
  await seedPublishedEntry(db, 'info-catalog', 'XYCN', {
    name: '信用承诺信息',
    nameEn: 'Credit commitment information',
    category: '信用承诺',
    providingDepartments: ['FGW', 'SCJG', 'ZWJ'],
    subjectTypes: ['法人及非法人组织', '自然人', '个体工商户'],
    disclosure: '政务共享',
    dualPublicity: false,
    legalBasis: [],
    updateFrequency: '每日',
    dataItems: xycnForm(),
    sourceNote: '来源：shared/reference/domain/commitment-items.json 承诺记录字段（可信度高）。',
  });
  await seedPublishedEntry(db, 'info-catalog', SAMPLING_RESULT_CATALOG, {
    name: '双随机抽查检查结果信息',
    nameEn: 'Random inspection results',
    category: '监督检查',
    providingDepartments: ['FGW', 'SCJG', 'STHJ', 'ZJJ', 'JTJ', 'RSJ', 'CZJ', 'GAJ', 'WJW'],
    subjectTypes: ['法人及非法人组织', '自然人', '个体工商户'],
    disclosure: '社会公开',
    dualPublicity: false,
    legalBasis: [{ name: '国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见', number: '国发〔2019〕5号', article: '' }],
    updateFrequency: '实时',
    dataItems: inspectionResultForm(),
    sourceNote: '示例数据项（部分）：检查结果分类参照市场监管部门抽查检查结果公示的常见分类，须由信用办按本地规定核实。',
  });
  await seedPublishedEntry(db, 'commitment-item', 'CN-QS-001', {
    matterName: '个人购买家庭唯一住房、第二套改善性住房申报享受减征契税政策',
    commitmentType: '告知承诺',
    departments: ['CZJ'],
    industry: '税务（不动产登记+税费联办）',
    letterTemplate: `本人{{主体名称}}（证件号码{{统一社会信用代码}}）郑重承诺：${reference.letter}\n承诺日期：{{承诺日期}}`,
    supplyDeadlineDays: 0,
    verificationMethod: '由房地产主管部门出具的家庭住房情况书面查询结果替代的材料，事后核查。',
    breachConsequence: '承诺不实的，依法追缴税款并记入信用记录。',
    sourceNote: '来源：commitment-items.json real_rows（真实系统文本）；事项清单列为推断（部分）。实施部门为示例。',
  });
  await seedPublishedEntry(db, 'commitment-item', 'CN-GH-001', {
    matterName: '申请办理建设工程规划许可证',
    commitmentType: '告知承诺',
    departments: ['ZJJ'],
    industry: '规划和自然资源',
    letterTemplate: `申请人{{主体名称}}（统一社会信用代码{{统一社会信用代码}}，法定代表人{{法定代表人}}）承诺：${reference.letter}`,
    supplyDeadlineDays: 10,
    verificationMethod: '审批后核查',
    breachConsequence: '撤销许可并记入信用记录',
    sourceNote: '来源：commitment-items.json real_rows（第三方转录，未核实；部分）。',
  });
  await seedPublishedEntry(db, 'commitment-item', 'CN-SCJG-001', {
    matterName: '食品经营许可（容缺受理）',
    commitmentType: '容缺受理型',
    departments: ['SCJG'],
    industry: '市场监管',
    letterTemplate: '本单位{{主体名称}}（统一社会信用代码{{统一社会信用代码}}，法定代表人{{法定代表人}}）申请办理{{事项名称}}，主要申请材料齐全，次要材料暂缺。现郑重承诺：在{{补正期限}}前补齐所缺材料；所提供的材料真实有效；如违反承诺，愿意承担相应的法律责任，并同意将违诺情况记入信用记录。\n承诺编码：{{承诺编码}}\n承诺日期：{{承诺日期}}',
    supplyDeadlineDays: 5,
    verificationMethod: '补正期限届满后核查所缺材料是否补齐。',
    breachConsequence: '未按期补齐的，撤销受理并记入信用记录，列入重点关注名单。',
    sourceNote: '示例事项（部分）：容缺受理流程见 shared/reference/domain/processes.md；期限为本地示例设置。',
  });
  const templates = await storeDefaultTemplates(db);
  await seedPublishedEntry(db, 'credit-list', 'CL-ZDGZ', {
    name: '重点关注名单',
    listKind: '重点关注名单',
    nature: 'sanction',
    groundItems: [{ kind: 'info-catalog', code: 'XYCN' }],
    objectionDays: 5,
    answerDays: 5,
    periodMinMonths: 6,
    periodMaxMonths: 12,
    repairable: true,
    noticeTemplate: templates.notice,
    decisionTemplate: templates.decision,
    repairNoticeTemplate: templates['repair-notice'],
    removalTemplate: templates.removal,
    public: false,
    identificationCriteria: '作出信用承诺后未履行承诺或承诺不实的主体，经核查属实的，列入重点关注名单。',
    removalConditions: '履行承诺或完成信用修复后移出。',
    legalBasis: [{ name: '国务院办公厅关于加快推进社会信用体系建设构建以信用为基础的新型监管机制的指导意见', number: '国办发〔2019〕35号', article: '（三）' }],
    departments: [],
    sourceNote: '示例名单（部分）：违诺列入重点关注名单的做法见 shared/seeds；期限为本地示例设置，须由信用办确认。',
  });
  await seedPublishedEntry(db, 'credit-list', 'CL-001', {
    name: '严重失信主体名单',
    listKind: '严重失信主体名单',
    nature: 'sanction',
    groundItems: [{ kind: 'info-catalog', code: 'XZCF' }],
    // 49号文 requires prior notice and an answer "within the set time"; the day limits are local
    // rules the office confirms (processes.md: national figures not recovered).
    objectionDays: 5,
    answerDays: 5,
    periodMinMonths: 12,
    periodMaxMonths: 36,
    repairable: true,
    rightsNotice: '根据《国务院办公厅关于进一步完善失信约束制度构建诚信建设长效机制的指导意见》（国办发〔2020〕49号），你（单位）依法享有陈述、申辩和提出异议的权利。',
    remedies: '如不服本决定，可自收到本决定书之日起六十日内依法申请行政复议，或者自收到本决定书之日起六个月内依法提起行政诉讼。',
    noticeTemplate: templates.notice,
    decisionTemplate: templates.decision,
    repairNoticeTemplate: templates['repair-notice'],
    removalTemplate: templates.removal,
    public: true,
    identificationCriteria:
      '范围限于严重危害人民群众身体健康和生命安全、严重破坏市场公平竞争秩序和社会正常秩序、拒不履行法定义务严重影响司法机关和行政机关公信力、拒不履行国防义务等严重违法失信行为的责任主体。认定前应告知当事人理由、依据和权利；有异议的应核实并在规定期限内反馈。',
    removalConditions: '认定标准应当明确移出条件、程序和救济措施（具体条件按各领域认定标准）。',
    legalBasis: [{ name: '国务院办公厅关于进一步完善失信约束制度构建诚信建设长效机制的指导意见', number: '国办发〔2020〕49号', article: '（六）（七）（八）' }],
    departments: [],
    sourceNote: '来源：sanction-measures.json governance_rules_serious_dishonesty_list（规则已核实；名单条目未收录）。异议期限、答复期限和列入期限为本地示例设置（国家层面天数未核实），须由信用办按现行规定确认。',
  });
}

/**
 * The XYCN form of the national standard with what following commitments needs (issue 16): the
 * fulfilment status is unknown when the letter is signed, so it is not required then; the
 * accepting unit's code is not kept for departments yet; 未履行的承诺内容 is required when a status
 * is given and it is not 全部履行 (the standard's remark, as a condition kept as data).
 */
export function xycnForm(): typeof reference.CN {
  const form = structuredClone(reference.CN);
  form.schema.required = form.schema.required.filter((k) => k !== 'fulfillmentStatus' && k !== 'acceptanceUnitIdentify');
  (form.ui.fields as Record<string, Record<string, unknown>>).unperformedCommitmentContent = {
    ...form.ui.fields.unperformedCommitmentContent,
    requiredIf: { all: [{ field: 'fulfillmentStatus', op: 'notEmpty' }, { field: 'fulfillmentStatus', op: 'ne', value: '全部履行' }] },
  };
  return form;
}

export async function isSeeded(db: Db, kindCode: string, code: string): Promise<boolean> {
  const [row] = await db.select({ id: entry.id }).from(entry).where(and(eq(entry.kindCode, kindCode), eq(entry.code, code)));
  return Boolean(row);
}
