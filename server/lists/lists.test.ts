import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, refusal, viewerByUsername } from '../testing/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { ensureUser, getDepartmentId, seedDemo, seedPublishedEntry } from '../seed';
import { auditLog, creditListMember, flowTask, listCase, listCaseDocument, record, storedFile, user } from '../db/schema';
import type { Viewer } from '../auth/viewer';
import { advanceClock, now as clockNow } from '../flows/clock';
import { publishFlowVersion } from '../flows/testing';
import { loadCalendar } from '../calendar/service';
import { addWorkingDays } from '../../forms/working-days';
import { todayCN } from '../registers/dates';
import { approval, chain } from '../../catalog/flows/fixtures';
import type { FlowNode } from '../../catalog/flows/types';
import { docxText } from '../documents/docx';
import { expireMemberships } from './members';
import { feedbackPages } from './feedback';
import { demoUscc } from '../seed/grading';
import { addMonths } from '../../catalog/dates';
import { storeUpload } from '../files/upload';
import { buildDocx } from '../documents/docx';
import { verifyChain } from '../audit/verify';
import { translate } from '../i18n';
import { rowsOf } from '../db';
import { compileSelect } from '../grading/compile';
import { L, modelContent } from '../grading/fixtures';

let t: TestDatabase;
const u: Record<string, Viewer> = {};
const createCaller = createCallerFactory(appRouter);
const as = (name: string) => createCaller(contextFor(t.db, u[name]!));
const hooks = process.env.E2E_TEST_HOOKS;

const S1 = '91350100M000100Y43';
const S2 = '12440300MB2C92173E';
const S3 = '91110000600037341L';
const rec: Record<string, string> = {};

/** One accepted (or other) record straight into the table; the record lifecycle has its own tests. */
async function addRecord(departmentId: string, by: string, r: { catalogCode: string; subjectCode: string; subjectName: string; decisionDate: string; status?: string }) {
  const [row] = await t.db
    .insert(record)
    .values({ catalogCode: r.catalogCode, catalogVersion: 1, departmentId, subjectType: '法人及非法人组织', subjectCode: r.subjectCode, subjectName: r.subjectName, data: { CF_CFLB: '罚款', CF_JDRQ: r.decisionDate }, status: r.status ?? 'accepted', decisionDate: r.decisionDate, createdBy: by })
    .returning({ id: record.id });
  return row!.id;
}

async function today() {
  return todayCN(await clockNow(t.db));
}

async function docOf(caseId: string, kind: string) {
  const [d] = await t.db.select().from(listCaseDocument).where(and(eq(listCaseDocument.caseId, caseId), eq(listCaseDocument.kind, kind)));
  if (!d) throw new Error(`no ${kind}`);
  const [f] = await t.db.select().from(storedFile).where(eq(storedFile.sha256, d.sha256));
  return { ...d, text: docxText(f!.bytes) };
}

async function auditActions(objectId: string) {
  return (await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.objectId, objectId)).orderBy(asc(auditLog.seq))).map((r) => r.action);
}

/** Proposes, produces the notice, serves it today: returns the case id. */
async function proposeAndServe(by: string, recordId: string, subjectCode: string) {
  const c = await as(by).creditList.propose({ listCode: 'CL-001', recordIds: [recordId], reason: '拒不履行行政处罚决定', subjectCode });
  await as(by).creditList.produceNotice({ id: c.id });
  await as(by).creditList.serve({ id: c.id, servedOn: await today(), method: '直接送达' });
  return c.id;
}

beforeAll(async () => {
  process.env.E2E_TEST_HOOKS = '1';
  t = await createTestDatabase();
  await seedDemo(t.db);
  await ensureUser(t.db, { username: 'fa', name: '兼任审批的填报员', password: 'Filler@2026', departmentCode: 'SCJG', roles: ['filler', 'approver'] });
  await ensureUser(t.db, { username: 'approver2', name: '第二审批人', password: 'Approver@2026', departmentCode: 'XYB', roles: ['approver'] });
  for (const n of ['filler', 'filler2', 'editor', 'approver', 'approver2', 'auditor', 'admin', 'fa']) u[n] = await viewerByUsername(t.db, n);
  const scjg = await getDepartmentId(t.db, 'SCJG');
  const sthj = await getDepartmentId(t.db, 'STHJ');
  const by = u.filler!.id;
  rec.s1 = await addRecord(scjg, by, { catalogCode: 'XZCF', subjectCode: S1, subjectName: '某某建材有限公司', decisionDate: '2026-03-01' });
  rec.s1Licence = await addRecord(scjg, by, { catalogCode: 'XZXK', subjectCode: S1, subjectName: '某某建材有限公司', decisionDate: '2026-03-02' });
  rec.s1Submitted = await addRecord(scjg, by, { catalogCode: 'XZCF', subjectCode: S1, subjectName: '某某建材有限公司', decisionDate: '2026-03-03', status: 'submitted' });
  rec.s2 = await addRecord(scjg, by, { catalogCode: 'XZCF', subjectCode: S2, subjectName: '某某食品有限公司', decisionDate: '2026-03-04' });
  rec.s3 = await addRecord(scjg, by, { catalogCode: 'XZCF', subjectCode: S3, subjectName: '某某物流有限公司', decisionDate: '2026-03-05' });
  rec.s1Sthj = await addRecord(sthj, u.filler2!.id, { catalogCode: 'XZCF', subjectCode: S1, subjectName: '某某建材有限公司', decisionDate: '2026-03-06' });
  // A measure that applies to members of CL-001 (no national measure is seeded: the list was not recovered).
  await seedPublishedEntry(t.db, 'sanction-measure', 'SM-901', {
    text: '限制参与政府采购活动',
    type: '行政性',
    targetSubjects: ['法人及非法人组织'],
    list: { kind: 'credit-list', code: 'CL-001' },
    legalBasis: [{ name: '中华人民共和国政府采购法', article: '第二十二条' }],
    departments: ['CZJ'],
    repairable: true,
  });
});
afterAll(async () => {
  if (hooks === undefined) delete process.env.E2E_TEST_HOOKS;
  else process.env.E2E_TEST_HOOKS = hooks;
  await t?.close();
});

describe('proposing a listing', () => {
  it('refuses a proposal without grounds, without reasons, or on grounds that do not qualify — nothing is written', async () => {
    const f = as('filler');
    expect((await refusal(f.creditList.propose({ listCode: 'CL-001', recordIds: [], reason: '事由' }))).cause).toMatchObject({ key: 'lists.errors.noGrounds' });
    expect((await refusal(f.creditList.propose({ listCode: 'CL-001', recordIds: [rec.s1!], reason: '  ' }))).cause).toMatchObject({ key: 'lists.errors.reasonRequired' });
    expect((await refusal(f.creditList.propose({ listCode: 'CL-001', recordIds: [rec.s1Sthj!], reason: '事由' }))).cause).toMatchObject({ key: 'lists.errors.groundOtherDepartment' });
    expect((await refusal(f.creditList.propose({ listCode: 'CL-001', recordIds: [rec.s1Licence!], reason: '事由' }))).cause).toMatchObject({ key: 'lists.errors.groundNotAllowed' });
    expect((await refusal(f.creditList.propose({ listCode: 'CL-001', recordIds: [rec.s1Submitted!], reason: '事由' }))).cause).toMatchObject({ key: 'lists.errors.groundNotAccepted' });
    expect((await refusal(f.creditList.propose({ listCode: 'CL-001', recordIds: [rec.s1!, rec.s2!], reason: '事由' }))).cause).toMatchObject({ key: 'lists.errors.groundOtherSubject' });
    const err = await refusal(f.creditList.propose({ listCode: 'CL-001', recordIds: [rec.s1Sthj!], reason: '事由' }));
    const cause = err.cause as unknown as { key: string; params: Record<string, string> };
    expect(translate('zh-CN', cause.key, cause.params)).toBe('「某某建材有限公司」的这条记录由其他部门报送，只能以本部门的记录作为依据。');
    expect(await t.db.select().from(listCase)).toHaveLength(0);
  });

  it('only department users and the office propose; an auditor or approver cannot', async () => {
    expect((await refusal(as('auditor').creditList.propose({ listCode: 'CL-001', recordIds: [rec.s1!], reason: '事由' }))).code).toBe('FORBIDDEN');
    expect((await refusal(as('approver').creditList.propose({ listCode: 'CL-001', recordIds: [rec.s1!], reason: '事由' }))).code).toBe('FORBIDDEN');
  });

  it('a department proposes from its accepted record: the case shows the criteria it meets, and the same subject cannot be proposed twice', async () => {
    const c = await as('filler').creditList.propose({ listCode: 'CL-001', recordIds: [rec.s1!], reason: '拒不履行行政处罚决定', subjectCode: ` ${S1.toLowerCase()} ` });
    expect(c.caseNo).toMatch(/^SCJG-\d{4}-0001$/);
    const view = await as('filler').creditList.caseById({ id: c.id });
    expect(view.case.state).toBe('proposed');
    expect(view.grounds).toEqual([expect.objectContaining({ catalogName: '行政处罚信息', meets: true })]);
    expect(view.list.identificationCriteria).toContain('严重');
    expect(view.actions).toMatchObject({ produceNotice: true, serve: false, submit: false });
    const again = await refusal(as('filler').creditList.propose({ listCode: 'CL-001', recordIds: [rec.s1!], reason: '再次提出' }));
    expect(again.cause).toMatchObject({ key: 'lists.errors.caseOpen' });
    // Another department's filler cannot see the case; it answers like a missing one.
    expect((await refusal(as('filler2').creditList.caseById({ id: c.id }))).code).toBe('NOT_FOUND');
    expect(await auditActions(c.id)).toEqual(['list_case.propose']);
  });
});

describe('prior notice, objection and decision', () => {
  let id: string;

  it('the notice is produced from the list template, numbered per department and year, with the objection deadline on the calendar', async () => {
    const [c] = await t.db.select().from(listCase).where(eq(listCase.subjectCode, S1));
    id = c!.id;
    const serveFirst = await refusal(as('filler').creditList.serve({ id, servedOn: await today(), method: '直接送达' }));
    expect(serveFirst.cause).toMatchObject({ key: 'lists.errors.noticeFirst' });
    const doc = await as('filler').creditList.produceNotice({ id });
    const year = (await today()).slice(0, 4);
    expect(doc.number).toBe(`市市场监管局信告〔${year}〕1号`);
    const notice = await docOf(id, 'notice');
    const due = addWorkingDays(await today(), 5, await loadCalendar(t.db));
    const [y, m, d] = due.split('-').map(Number);
    expect(notice.text).toContain('拟列入严重失信主体名单告知书');
    expect(notice.text).toContain('某某建材有限公司（统一社会信用代码/证件号码：91350100M000100Y43）');
    expect(notice.text).toContain('经查，拒不履行行政处罚决定。');
    expect(notice.text).toContain('国办发〔2020〕49号');
    expect(notice.text).toContain(`5个工作日内（于本告知书生成当日送达的，截止日为${y}年${m}月${d}日）`);
    expect(notice.text).not.toContain('{{');
    // The produced file's hash is in the audit row of the action that produced it.
    const [row] = await t.db.select({ after: auditLog.after }).from(auditLog).where(and(eq(auditLog.objectId, id), eq(auditLog.action, 'list_case.notice')));
    expect((row!.after as { document: { sha256: string; number: string } }).document).toMatchObject({ sha256: notice.sha256, number: doc.number });
    expect((await refusal(as('filler').creditList.produceNotice({ id }))).cause).toMatchObject({ key: 'lists.errors.noticeExists' });
  });

  it('service is recorded with its date and method; the objection window runs from it in working days', async () => {
    const day = await today();
    const tomorrow = todayCN(new Date(Date.parse(`${day}T12:00:00+08:00`) + 86_400_000));
    expect((await refusal(as('filler').creditList.serve({ id, servedOn: tomorrow, method: '直接送达' }))).cause).toMatchObject({ key: 'lists.errors.servedInFuture' });
    expect((await refusal(as('filler').creditList.serve({ id, servedOn: day, method: '托人转交' }))).cause).toMatchObject({ key: 'lists.errors.serviceMethod' });
    const served = await as('filler').creditList.serve({ id, servedOn: day, method: '邮寄送达' });
    expect(served.objectionDue).toBe(addWorkingDays(day, 5, await loadCalendar(t.db)));
  });

  it('no decision while the window is open or an objection is unanswered; an objection is answered with reasons', async () => {
    const f = as('filler');
    const early = await refusal(f.creditList.submit({ id, periodMonths: 12 }));
    expect(early.cause).toMatchObject({ key: 'lists.errors.windowOpen' });
    const o = await f.creditList.object({ id, content: '当事人称罚款已于判决后缴清，提交缴款凭证。' });
    // The department answers within the list's answer days, counted on the working-day calendar.
    const answerDays = (await f.creditList.caseById({ id })).list.settings.answerDays;
    expect(answerDays).toBeGreaterThan(0);
    expect(o.answerDue).toBe(addWorkingDays(await today(), answerDays, await loadCalendar(t.db)));
    expect((await refusal(f.creditList.submit({ id, periodMonths: 12 }))).cause).toMatchObject({ key: 'lists.errors.objectionOpen' });
    expect((await refusal(f.creditList.answer({ id, objectionId: o.id, outcome: 'not_adopted', answer: ' ' }))).cause).toMatchObject({ key: 'lists.errors.answerRequired' });
    await f.creditList.answer({ id, objectionId: o.id, outcome: 'not_adopted', answer: '经核实，缴款凭证对应另一案件，异议不成立。' });
    const view = await f.creditList.caseById({ id });
    expect(view.case.state).toBe('objection_answered');
    expect(view.objections[0]).toMatchObject({ outcome: 'not_adopted', answeredByName: '市场监管局填报员' });
  });

  it('a late objection is refused with the date it was due', async () => {
    const [c] = await t.db.select().from(listCase).where(eq(listCase.id, id));
    await advanceClock(t.db, 14);
    const late = await refusal(as('filler').creditList.object({ id, content: '补充异议' }));
    expect(late.cause).toMatchObject({ key: 'lists.errors.objectionLate', params: { due: c!.objectionDue } });
    expect(translate('zh-CN', 'lists.errors.objectionLate', (late.cause as unknown as { params: Record<string, string> }).params)).toContain(`异议期限已于 ${c!.objectionDue} 届满`);
  });

  it('after the window the department asks for a decision within the list period; the proposer cannot decide it', async () => {
    const f = as('filler');
    expect((await refusal(f.creditList.submit({ id, periodMonths: 6 }))).cause).toMatchObject({ key: 'lists.errors.period', params: { min: 12, max: 36 } });
    await f.creditList.submit({ id, periodMonths: 24 });
    expect((await f.creditList.caseById({ id })).case.state).toBe('in_decision');
    expect((await refusal(f.creditList.decide({ id, decision: 'approve' }))).code).toBe('FORBIDDEN'); // not an approver at all
    expect((await refusal(as('approver').creditList.decide({ id, decision: 'reject' }))).cause).toMatchObject({ key: 'lists.errors.reasonRequired' });
  });

  it('approval writes the membership, the decision and the repair notice (两书同达); the lookup shows it with the measures', async () => {
    await as('approver').creditList.decide({ id, decision: 'approve', comment: '同意列入' });
    const day = await today();
    const [m] = await t.db.select().from(creditListMember).where(eq(creditListMember.subjectCode, S1));
    expect(m).toMatchObject({ listCode: 'CL-001', status: 'active', listedOn: day, validTo: addMonths(day, 24), removedOn: addMonths(day, 24) });
    expect(m!.decisionNumber).toBe(`市市场监管局信决〔${day.slice(0, 4)}〕1号`);
    const decision = await docOf(id, 'decision');
    expect(decision.text).toContain('列入严重失信主体名单决定书');
    expect(decision.text).toContain('1. 限制参与政府采购活动（依据：《中华人民共和国政府采购法》第二十二条）');
    expect(decision.text).toContain('救济途径：如不服本决定');
    const repair = await docOf(id, 'repair-notice');
    expect(repair.text).toContain('信用修复告知书');
    expect(repair.text).toContain('可自');
    const found = await as('filler2').grading.lookup({ query: S1, purpose: '行政许可审查' });
    const lists = found.subjects[0]!.lists;
    expect(lists).toEqual([expect.objectContaining({ listName: '严重失信主体名单', decisionNumber: m!.decisionNumber, department: { 'zh-CN': '市市场监管局', en: 'Market Regulation Administration' } })]);
    expect(lists[0]!.measures).toEqual([expect.objectContaining({ code: 'SM-901', text: '限制参与政府采购活动', legalBasis: [expect.objectContaining({ name: '中华人民共和国政府采购法' })] })]);
    expect(await auditActions(id)).toEqual(['list_case.propose', 'list_case.notice', 'list_case.serve', 'list_case.object', 'list_case.answer-not-adopted', 'list_case.submit', 'list_case.approve']);
    // A listed subject cannot be proposed again on the same list.
    expect((await refusal(as('filler').creditList.propose({ listCode: 'CL-001', recordIds: [rec.s1!], reason: '再次' }))).cause).toMatchObject({ key: 'lists.errors.alreadyListed' });
  });

  it('a department records feedback on a measure it applied after a lookup; the office sees the rate', async () => {
    const lookup = await as('filler2').grading.lookup({ query: S1, purpose: '政府采购资格审查' });
    const member = lookup.subjects[0]!.lists[0]!;
    const day = await today();
    expect((await refusal(as('filler2').creditList.feedback({ memberId: member.id, measureCode: 'SM-999', appliedOn: day, content: '限制投标' }))).cause).toMatchObject({ key: 'lists.errors.measureNotOfList' });
    expect((await refusal(as('filler2').creditList.feedback({ memberId: member.id, measureCode: 'SM-901', appliedOn: day, content: '限制投标', amount: '12,5' }))).cause).toMatchObject({ key: 'lists.errors.amount' });
    await as('filler2').creditList.feedback({ memberId: member.id, measureCode: 'SM-901', appliedOn: day, content: '取消其本次政府采购投标资格', amount: '50000', queryLogId: lookup.queryLogId });
    const stats = await as('editor').creditList.feedbackStats({});
    expect(stats.byDepartment.find((d) => d.code === 'STHJ')).toMatchObject({ lookups: 2, followed: 1, feedbacks: 1, rate: 0.5 });
    expect(stats.byMeasure).toEqual([expect.objectContaining({ code: 'SM-901', feedbacks: 1, amount: '50000.00' })]);
    expect((await refusal(as('filler').creditList.feedbackStats({}))).code).toBe('FORBIDDEN');
    // The export holds the feedback row as recorded: day, department, subject, measure, content, amount, who.
    const exported: (string | number | null)[][] = [];
    for await (const rows of feedbackPages(t.db, u.editor!, {})) exported.push(...rows);
    expect(exported).toEqual([[day, '市生态环境局', 'CL-001', S1, '某某建材有限公司', 'SM-901', '取消其本次政府采购投标资格', '50000.00', u.filler2!.name, expect.any(String)]]);
  });

  it('grading picks the membership up for periods it covers (a veto), and not for a period before it', async () => {
    const [m] = await t.db.select().from(creditListMember).where(eq(creditListMember.subjectCode, S1));
    const model = modelContent([{ id: 'p', name: L('处罚'), points: 1000, rule: { source: 'records', ref: 'XZCF', aggregation: 'count', points: { kind: 'per-unit', perUnit: -10 } } }], {
      vetoes: [{ id: 'listed', label: L('列入严重失信主体名单'), grade: 'E', rule: { source: 'list-membership', ref: 'CL-001', aggregation: 'exists' } }],
    });
    const gradeIn = async (start: string, end: string) => rowsOf<{ grade: string; vetoed_by: string | null }>(await t.db.execute(compileSelect(model, { period: { start, end }, subjectCode: S1 })))[0];
    expect(await gradeIn(m!.listedOn, addMonths(m!.listedOn, 1))).toMatchObject({ grade: 'E', vetoed_by: 'listed' });
    expect(await gradeIn('2026-01-01', '2026-03-31')).toMatchObject({ vetoed_by: null });
  });

  it('the membership expires by itself at valid-to (the sweeper), audited, and leaves the lookup', async () => {
    const [m] = await t.db.select().from(creditListMember).where(eq(creditListMember.subjectCode, S1));
    expect(await expireMemberships(t.db)).toBe(0);
    const days = Math.round((Date.parse(m!.validTo!) - Date.parse(await today())) / 86_400_000);
    await advanceClock(t.db, days);
    expect(await expireMemberships(t.db)).toBe(1);
    expect(await expireMemberships(t.db)).toBe(0);
    const [after] = await t.db.select().from(creditListMember).where(eq(creditListMember.id, m!.id));
    expect(after).toMatchObject({ status: 'expired', endReason: 'expired' });
    expect((await as('filler').creditList.caseById({ id })).case.state).toBe('expired');
    expect(await auditActions(m!.id)).toContain('list_member.expire');
    expect((await as('filler2').grading.lookup({ query: S1, purpose: '复查' })).subjects[0]?.lists ?? []).toEqual([]);
    // …and grading no longer counts it for a period after its end.
    const model = modelContent([{ id: 'p', name: L('处罚'), points: 1000, rule: { source: 'records', ref: 'XZCF', aggregation: 'count', points: { kind: 'per-unit', perUnit: -10 } } }], {
      vetoes: [{ id: 'listed', label: L('列入严重失信主体名单'), grade: 'E', rule: { source: 'list-membership', ref: 'CL-001', aggregation: 'exists' } }],
    });
    const later = addMonths(m!.validTo!, 1);
    const [row] = rowsOf<{ vetoed_by: string | null }>(await t.db.execute(compileSelect(model, { period: { start: later, end: addMonths(later, 1) }, subjectCode: S1 })));
    expect(row).toMatchObject({ vetoed_by: null });
  });
});

describe('other outcomes', () => {
  it('an adopted objection closes the case without listing', async () => {
    const id = await proposeAndServe('filler', rec.s2!, S2);
    const o = await as('filler').creditList.object({ id, content: '处罚决定已被复议撤销' });
    await as('filler').creditList.answer({ id, objectionId: o.id, outcome: 'adopted', answer: '经核实，原处罚决定已撤销，不予列入。' });
    const view = await as('filler').creditList.caseById({ id });
    expect(view.case).toMatchObject({ state: 'closed', endReason: 'objection-adopted' });
    expect(await t.db.select().from(creditListMember).where(eq(creditListMember.subjectCode, S2))).toHaveLength(0);
  });

  it('four eyes: someone who proposed a case cannot decide it even holding the approver role', async () => {
    const id = await proposeAndServe('fa', rec.s3!, S3);
    const cal = await loadCalendar(t.db);
    const [c] = await t.db.select().from(listCase).where(eq(listCase.id, id));
    const gap = Math.round((Date.parse(addWorkingDays(c!.objectionDue!, 1, cal)) - Date.parse(await today())) / 86_400_000);
    await advanceClock(t.db, gap);
    await as('fa').creditList.submit({ id, periodMonths: 12 });
    expect((await refusal(as('fa').creditList.decide({ id, decision: 'approve' }))).cause).toMatchObject({ key: 'lists.errors.ownCase' });
    await as('approver').creditList.decide({ id, decision: 'reject', comment: '证据不足' });
    expect((await as('fa').creditList.caseById({ id })).case).toMatchObject({ state: 'rejected', decisionComment: '证据不足' });
  });

  it('with a flow bound to the list, the decision is the flow’s: 执行名单认定 writes the membership, and removal writes the 移出决定书', async () => {
    const act: FlowNode = { id: 'act', type: 'action', position: { x: 0, y: 240 }, params: { label: { 'zh-CN': '执行名单认定', en: 'Apply list decision' }, action: 'apply-list-decision' } };
    const graph = chain(approval('review', 'single', { kind: 'role', role: 'approver' }), act);
    await publishFlowVersion(t.db, 'list-flow', graph);
    await as('editor').flow.setBinding({ trigger: 'list-identification', scopeType: 'credit-list', scopeValue: 'CL-001', flowCode: 'list-flow' });
    // S3 again (its first case was rejected, so a new proposal is allowed).
    const id = await proposeAndServe('filler', rec.s3!, S3);
    const [c] = await t.db.select().from(listCase).where(eq(listCase.id, id));
    const gap = Math.round((Date.parse(addWorkingDays(c!.objectionDue!, 1, await loadCalendar(t.db))) - Date.parse(await today())) / 86_400_000);
    await advanceClock(t.db, gap);
    const { flowInstanceId } = await as('filler').creditList.submit({ id, periodMonths: 12 });
    expect(flowInstanceId).toBeTruthy();
    expect((await refusal(as('approver').creditList.decide({ id, decision: 'approve' }))).cause).toMatchObject({ key: 'flowEngine.errors.flowDecides' });
    const [task] = await t.db.select().from(flowTask).where(and(eq(flowTask.instanceId, flowInstanceId!), eq(flowTask.status, 'active')));
    const [assignee] = await t.db.select({ username: user.username }).from(user).where(eq(user.id, task!.assigneeId!));
    await createCaller(contextFor(t.db, await viewerByUsername(t.db, assignee!.username!))).flow.approve({ taskId: task!.id, comment: '同意' });
    const view = await as('filler').creditList.caseById({ id });
    expect(view.case.state).toBe('listed');
    const memberId = view.case.memberId!;
    expect((await refusal(as('filler').creditList.removeMember({ memberId, reason: '整改完成' }))).code).toBe('FORBIDDEN');
    const doc = await as('approver2').creditList.removeMember({ memberId, reason: '已纠正失信行为并履行义务' });
    expect(doc.number).toMatch(/^市市场监管局信移〔\d{4}〕1号$/);
    const removal = await docOf(id, 'removal');
    expect(removal.text).toContain('因已纠正失信行为并履行义务');
    const [m] = await t.db.select().from(creditListMember).where(eq(creditListMember.id, memberId));
    expect(m).toMatchObject({ status: 'removed', removedOn: await today() });
    expect((await as('filler').creditList.caseById({ id })).case.state).toBe('removed');
    await as('editor').flow.removeBinding({ id: (await as('editor').flow.bindings()).find((b) => b.trigger === 'list-identification')!.id });
  });

  it('every step above left a verifiable audit chain', async () => {
    expect((await verifyChain(t.db)).ok).toBe(true);
  });
});

describe('list definitions and templates', () => {
  it('a template with placeholders the document cannot fill, or that is not a Word file, is refused at upload', async () => {
    const bad = buildDocx([{ text: '{{主体名称}}，罚款{{罚款金额}}元' }]);
    const err = await storeUpload(t.db, u.editor!.id, 'template:notice', { name: '告知书.docx', bytes: bad }).catch((e) => e);
    expect(err).toMatchObject({ key: 'documents.errors.unknownPlaceholders', params: { placeholders: '{{罚款金额}}' } });
    const notDocx = await storeUpload(t.db, u.editor!.id, 'template:notice', { name: '告知书.docx', bytes: new TextEncoder().encode('%PDF-1.4') }).catch((e) => e);
    expect(notDocx).toMatchObject({ key: 'documents.errors.notDocx' });
    const huge = new Uint8Array(2 * 1024 * 1024 + 1);
    huge.set(buildDocx([{ text: '{{主体名称}}' }]));
    expect(await storeUpload(t.db, u.editor!.id, 'template:notice', { name: '告知书.docx', bytes: huge }).catch((e) => e)).toMatchObject({ key: 'documents.errors.tooLarge', params: { limit: '2 MB' } });
    const ok = await storeUpload(t.db, u.editor!.id, 'template:notice', { name: '告知书.docx', bytes: buildDocx([{ text: '{{主体名称}}：{{事由}}' }]) });
    expect('placeholders' in ok && ok.placeholders).toEqual(['主体名称', '事由']);
  });

  it('a list whose period bounds are reversed or whose number format has no sequence cannot be submitted', async () => {
    const ed = as('editor');
    await ed.register.create({ kindCode: 'credit-list', code: 'CL-101', content: { name: '重点关注名单', listKind: '重点关注名单', legalBasis: [{ name: '测试依据' }], periodMinMonths: 24, periodMaxMonths: 12, noticeNumberFormat: '{部门}告〔{年}〕号' } });
    const entry = await ed.register.entry({ kindCode: 'credit-list', code: 'CL-101' });
    const draft = entry.versions[0]!;
    const err = await refusal(ed.register.submit({ versionId: draft.id, revision: draft.revision, effectiveDate: await today() }));
    const fields = JSON.stringify((err.cause as unknown as { fieldErrors: unknown[] }).fieldErrors);
    expect(fields).toContain('periodMaxMonths');
    expect(fields).toContain('noticeNumberFormat');
  });

  it('a list without a legal basis is refused when it is written: no basis, no list, nothing saved', async () => {
    const ed = as('editor');
    const err = await refusal(ed.register.create({ kindCode: 'credit-list', code: 'CL-102', content: { name: '无依据名单', listKind: '重点关注名单', legalBasis: [] } }));
    expect((err.cause as unknown as { fieldErrors: { path: string }[] }).fieldErrors.map((f) => f.path)).toContain('legalBasis');
    expect((await refusal(ed.register.entry({ kindCode: 'credit-list', code: 'CL-102' }))).code).toBe('NOT_FOUND');
  });
});

describe('the office proposes', () => {
  it('an editor of the credit office proposes a listing on any department’s accepted record; the case shows the criteria it meets', async () => {
    const code = demoUscc(9001);
    const recordId = await addRecord(await getDepartmentId(t.db, 'SCJG'), u.filler!.id, { catalogCode: 'XZCF', subjectCode: code, subjectName: '某某办公室提请测试有限公司', decisionDate: '2026-03-07' });
    const c = await as('editor').creditList.propose({ listCode: 'CL-001', recordIds: [recordId], reason: '信用办依职权提出' });
    const view = await as('editor').creditList.caseById({ id: c.id });
    expect(view.case).toMatchObject({ state: 'proposed', subjectCode: code });
    expect(view.grounds).toEqual([expect.objectContaining({ catalogName: '行政处罚信息', meets: true })]);
    expect(await auditActions(c.id)).toEqual(['list_case.propose']);
  });
});
