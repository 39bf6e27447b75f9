/**
 * A working office on a fresh demo install (issue 18): what a credit office would see on its first
 * morning, made through the same services people use, so every piece has its audit row:
 *  - sanction measures whose text is quoted from 汴政办〔2020〕46号 item 15 (the municipal plan in
 *    shared/seeds); the national list was not recovered, so each is marked 「示例·依据未核实」;
 *  - a published approval flow bound to 行政许可 record submissions, and a licence record waiting
 *    in it;
 *  - 行政处罚 records waiting for acceptance, some of them past their 双公示 deadline;
 *  - a list case on the serious-dishonesty list in its objection window, and one waiting for the
 *    decision.
 * Subjects have realistic names; the app shows a demo banner and the codes are demo codes.
 * Each step checks for its own result first, so running it twice changes nothing.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { entry, flowBinding, listCase, record, user } from '../db/schema';
import { SYSTEM_ACTOR } from '../audit/append';
import { actorOf, findViewer, type Viewer } from '../auth/viewer';
import { seedPublishedEntry } from './registers';
import { setBinding } from '../flows/bindings';
import { submitRecord } from '../records/service';
import { proposeCase, produceNotice, recordService, submitForDecision } from '../lists/service';
import { addDays, todayCN } from '../registers/dates';
import { dueDate } from '../calendar/service';
import { demoCompany, demoUscc } from './grading';
import type { FlowGraph } from '../../catalog/flows/types';
import { usccCheckChar } from '../../forms/formats/uscc';

const L = (zh: string, en: string) => ({ 'zh-CN': zh, en });

const PLAN_46 = { name: '开封市人民政府办公室关于印发开封市加快推进社会信用体系建设构建以信用为基础的新型监管机制的实施方案的通知', number: '汴政办〔2020〕46号', article: '第15项' };
const UNVERIFIED =
  '示例·依据未核实：措施文字摘自汴政办〔2020〕46号第15项（市级实施方案，转述国家联合奖惩备忘录和省联合惩戒措施清单）。全国失信惩戒措施基础清单未能取得，所依据的法律、法规或中央政策文件条款尚未核实；信用办核实后应替换为该依据。';

export const DEMO_MEASURES = [
  { code: 'SM-001', content: { text: '依法依规限制失信联合惩戒对象参与招标投标', type: '行政性', targetSubjects: ['法人及非法人组织', '个体工商户'], list: { kind: 'credit-list', code: 'CL-001', version: null }, legalBasis: [PLAN_46], departments: ['FGW'], duration: '列入名单期间', repairable: true, basisVerified: false, sourceNote: UNVERIFIED } },
  { code: 'SM-002', content: { text: '依法依规限制失信联合惩戒对象享受税收优惠', type: '行政性', targetSubjects: ['法人及非法人组织', '个体工商户'], list: { kind: 'credit-list', code: 'CL-001', version: null }, legalBasis: [PLAN_46], departments: ['CZJ'], duration: '列入名单期间', repairable: true, basisVerified: false, sourceNote: UNVERIFIED } },
  { code: 'SM-003', content: { text: '限制失信联合惩戒对象获得授信', type: '市场性', targetSubjects: ['法人及非法人组织', '个体工商户', '自然人'], list: { kind: 'credit-list', code: 'CL-001', version: null }, legalBasis: [PLAN_46], departments: ['FGW'], duration: '列入名单期间', repairable: true, basisVerified: false, sourceNote: UNVERIFIED } },
  { code: 'SM-004', content: { text: '通报批评、公开谴责', type: '行业性', targetSubjects: ['法人及非法人组织', '个体工商户', '自然人'], list: { kind: 'credit-list', code: 'CL-001', version: null }, legalBasis: [PLAN_46], departments: ['SCJG'], duration: '一次性', repairable: false, basisVerified: false, sourceNote: UNVERIFIED } },
];

export async function seedDemoMeasures(db: Db): Promise<void> {
  for (const m of DEMO_MEASURES) await seedPublishedEntry(db, 'sanction-measure', m.code, m.content);
}

export const DEMO_RECORD_FLOW = 'FLOW-XZXK-REVIEW';

const RECORD_FLOW: FlowGraph = {
  nodes: [
    { id: 'start', type: 'start', position: { x: 0, y: 0 }, params: { label: L('提交', 'Submitted') } },
    { id: 'review', type: 'approval', position: { x: 0, y: 140 }, params: { label: L('信用办审核', 'Credit office review'), assignee: { kind: 'role', role: 'approver' }, mode: 'single', deadline: { workingDays: 3, onTimeout: 'remind' } } },
    { id: 'end', type: 'end', position: { x: 0, y: 280 }, params: { label: L('审核通过', 'Accepted'), outcome: 'approved' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'review' },
    { id: 'e2', source: 'review', target: 'end' },
  ],
};

/** A one-step review flow (信用办审核, 3 working days), published and bound to 行政许可 submissions. */
export async function seedDemoRecordFlow(db: Db): Promise<void> {
  await seedPublishedEntry(db, 'approval-flow', DEMO_RECORD_FLOW, { name: '行政许可信息审核流程', description: '演示：行政许可信息提交后由信用办审核，3 个工作日内办结。', appliesTo: 'record-submit', graph: RECORD_FLOW }, addDays(todayCN(), -30));
  const [bound] = await db.select({ id: flowBinding.id }).from(flowBinding).where(and(eq(flowBinding.trigger, 'record-submit'), eq(flowBinding.scopeType, 'catalog-item'), eq(flowBinding.scopeValue, 'XZXK'), eq(flowBinding.active, true)));
  if (!bound) await setBinding(db, SYSTEM_ACTOR, { trigger: 'record-submit', scopeType: 'catalog-item', scopeValue: 'XZXK', flowCode: DEMO_RECORD_FLOW });
}

async function viewerOf(db: Db, username: string): Promise<Viewer | null> {
  const [u] = await db.select({ id: user.id }).from(user).where(eq(user.username, username));
  return u ? findViewer(db, u.id) : null;
}

async function hasRecord(db: Db, subjectCode: string, catalogCode: string): Promise<boolean> {
  const [r] = await db.select({ id: record.id }).from(record).where(and(eq(record.subjectCode, subjectCode), eq(record.catalogCode, catalogCode), eq(record.status, 'submitted')));
  return Boolean(r);
}

async function catalogVersion(db: Db, code: string): Promise<number> {
  const { listFillableItems } = await import('../records/service');
  const viewer = await viewerOf(db, 'editor');
  const item = viewer ? (await listFillableItems(db, viewer)).find((i) => i.code === code) : undefined;
  return item?.version ?? 1;
}

/** Submitted records: 行政处罚 waiting for the built-in acceptance (two past their 双公示 date) and a licence in the flow. */
export async function seedDemoRecords(db: Db): Promise<void> {
  const filler = await viewerOf(db, 'filler');
  if (!filler) return;
  const today = todayCN();
  const penalties = [
    { i: 91, daysAgo: 25, amount: 2 },
    { i: 92, daysAgo: 18, amount: 0.5 },
    { i: 93, daysAgo: 2, amount: 5 },
  ];
  const cf = await catalogVersion(db, 'XZCF');
  for (const p of penalties) {
    const name = demoCompany(p.i);
    const code = demoUscc(p.i);
    if (await hasRecord(db, code, 'XZCF')) continue;
    const decided = addDays(today, -p.daysAgo);
    await submitRecord(db, actorOf(filler), filler, {
      catalogCode: 'XZCF',
      catalogVersion: cf,
      subjectType: '法人及非法人组织',
      subjectCode: code,
      subjectName: name,
      data: { CF_XDR_MC: name, CF_XDR_LB: '法人及非法人组织', CF_WSH: `汴市监罚〔${decided.slice(0, 4)}〕${p.i}号`, CF_CFLB: '罚款', CF_JDRQ: decided, CF_NR_FK: p.amount },
    });
  }
  const xk = await catalogVersion(db, 'XZXK');
  const licensee = { name: demoCompany(94), code: demoUscc(94) };
  if (!(await hasRecord(db, licensee.code, 'XZXK'))) {
    const decided = addDays(today, -1);
    await submitRecord(db, actorOf(filler), filler, {
      catalogCode: 'XZXK',
      catalogVersion: xk,
      subjectType: '法人及非法人组织',
      subjectCode: licensee.code,
      subjectName: licensee.name,
      data: { XK_XDR_MC: licensee.name, XK_XDR_LB: '法人及非法人组织', XK_XKWS: '食品经营许可决定书', XK_WSH: `汴市监食许〔${decided.slice(0, 4)}〕94号`, XK_XKLB: '普通', XK_XKZS: '食品经营许可证', XK_NR: '预包装食品销售，散装食品销售', XK_JDRQ: decided, XK_XKJGDM: DEMO_AUTHORITY_USCC },
    });
  }
}

/** 开封市市场监督管理局 as a licensing authority (demo code). */
const DEMO_AUTHORITY_USCC = '11410200MB1234567' + usccCheckChar('11410200MB1234567');

/** Two list cases on 严重失信主体名单: one in its objection window, one waiting for the decision. */
export async function seedDemoListCases(db: Db): Promise<void> {
  const filler = await viewerOf(db, 'filler');
  if (!filler) return;
  const existing = await db.select({ id: listCase.id }).from(listCase).where(eq(listCase.listCode, 'CL-001'));
  if (existing.length) return;
  const [inForce] = await db.select({ id: entry.id }).from(entry).where(and(eq(entry.kindCode, 'credit-list'), eq(entry.code, 'CL-001')));
  if (!inForce) return;
  const today = todayCN();
  for (const { i, servedDaysAgo, decide } of [
    { i: 20, servedDaysAgo: 0, decide: false },
    { i: 30, servedDaysAgo: 30, decide: true },
  ]) {
    const code = demoUscc(i);
    const grounds = await db.select({ id: record.id }).from(record).where(and(eq(record.subjectCode, code), eq(record.catalogCode, 'XZCF'), eq(record.status, 'accepted')));
    if (!grounds.length) continue;
    const actor = actorOf(filler);
    const c = await proposeCase(db, actor, filler, { listCode: 'CL-001', recordIds: grounds.map((g) => g.id), reason: '一年内多次因违法经营受到行政处罚且拒不改正（演示）', subjectCode: code });
    await produceNotice(db, actor, filler, { id: c.id });
    await recordService(db, actor, filler, { id: c.id, servedOn: today, method: '直接送达' });
    if (servedDaysAgo > 0) {
      // Demo history: this case was served a month ago, so its objection window is over. The
      // process refuses a service date before the notice (rightly), so the dates are moved back here.
      const servedOn = addDays(today, -servedDaysAgo);
      await db.update(listCase).set({ servedOn, objectionDue: await dueDate(db, servedOn, 5) }).where(eq(listCase.id, c.id));
    }
    if (decide) await submitForDecision(db, actor, filler, { id: c.id, periodMonths: 12 });
  }
}

export async function seedDemoOffice(db: Db): Promise<void> {
  await seedDemoMeasures(db);
  await seedDemoRecordFlow(db);
  await seedDemoRecords(db);
  await seedDemoListCases(db);
}
