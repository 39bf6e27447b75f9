import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, refusal, viewerByUsername } from '../testing/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { ensureUser, getDepartmentId, seedDemo, seedPublishedEntry } from '../seed';
import { auditLog, entry, entryVersion, creditChange, creditListMember, evaluationResult, evaluationRun, flowTask, listCase, listCaseDocument, listCaseGround, objection, record, recordDisclosure, repairApplication, user } from '../db/schema';
import type { Viewer } from '../auth/viewer';
import { advanceClock, now as clockNow } from '../flows/clock';
import { publishFlowVersion } from '../flows/testing';
import { todayCN } from '../registers/dates';
import { approval, chain } from '../../catalog/flows/fixtures';
import { applyRecordDecision } from '../records/service';
import { stampDisclosure } from '../disclosure/rules';
import { endExpiredPublication, stampMissing } from '../disclosure/sweep';
import { publishedRecordWhere } from '../disclosure/published';
import { creditChangesSince, signedFeed, verifyFeed } from '../disclosure/feed';
import { signingKeyFromPem, newSigningKeyPem } from '../audit/checkpoint';
import { evidenceFile, filePublicObjection, flagOverdueObjections } from '../objections/service';
import { storeUpload } from '../files/upload';
import { disclosureRuleIssues } from '../../catalog/disclosure/rules';
import { diffEntryContent } from '../../catalog/diff';
import { withEntryNames } from '../registers/diff';
import { getKind } from '../registers/kinds';
import { addMonths } from '../../catalog/dates';
import { XZCF_NEW } from '../disclosure/seed';
import { executeRun, startRun, claimRun } from '../grading/evaluate';
import { compileSelect } from '../grading/compile';
import { rowsOf } from '../db';
import { loadCalendar } from '../calendar/service';
import { addWorkingDays } from '../../forms/working-days';
import { recordsExportStream } from '../records/export';
import { departmentScopeOf } from '../auth/viewer';
import { verifyChain } from '../audit/verify';
import type { GradingModelContent } from '../../catalog/grading/types';

let t: TestDatabase;
const u: Record<string, Viewer> = {};
const createCaller = createCallerFactory(appRouter);
const as = (name: string) => createCaller(contextFor(t.db, u[name]!));
let scjg = '';
let sthj = '';

const S1 = '91350100M000100Y43';
const S2 = '12440300MB2C92173E';
const S3 = '91110000600037341L';

async function today() {
  return todayCN(await clockNow(t.db));
}

/** A submitted XZCF record accepted through the real decision path (which stamps its disclosure). */
async function accepted(by: string, r: { subjectCode: string; subjectName: string; decisionDate: string; kind?: string; departmentId?: string; fine?: number }) {
  const [row] = await t.db
    .insert(record)
    .values({
      catalogCode: 'XZCF',
      catalogVersion: 1,
      departmentId: r.departmentId ?? scjg,
      subjectType: '法人及非法人组织',
      subjectCode: r.subjectCode,
      subjectName: r.subjectName,
      data: { CF_XDR_MC: r.subjectName, CF_XDR_LB: '法人及非法人组织', CF_XDR_SHXYM: r.subjectCode, CF_WSH: `汴市监罚〔2026〕${Math.floor(Math.random() * 1e6)}号`, CF_CFLB: r.kind ?? '罚款', CF_NR_FK: r.fine ?? 2, CF_JDRQ: r.decisionDate },
      status: 'submitted',
      decisionDate: r.decisionDate,
      createdBy: by,
      contributorIds: [by],
    })
    .returning({ id: record.id });
  await t.db.transaction((tx) => applyRecordDecision(tx, { id: u.approver!.id, name: 'approver', roles: ['approver'], department: 'XYB' }, { id: row!.id, decision: 'accept' }));
  return row!.id;
}

async function disclosureOf(id: string) {
  const [d] = await t.db.select().from(recordDisclosure).where(eq(recordDisclosure.recordId, id));
  return d!;
}

async function auditActions(objectId: string) {
  return (await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.objectId, objectId)).orderBy(asc(auditLog.seq))).map((r) => r.action);
}

beforeAll(async () => {
  process.env.E2E_TEST_HOOKS = '1';
  t = await createTestDatabase();
  await seedDemo(t.db);
  await ensureUser(t.db, { username: 'filler-b', name: '市场监管局第二填报员', password: 'Filler@2026', departmentCode: 'SCJG', roles: ['filler'] });
  await ensureUser(t.db, { username: 'approver2', name: '第二审批人', password: 'Approver@2026', departmentCode: 'XYB', roles: ['approver'] });
  await ensureUser(t.db, { username: 'filler-approver', name: '兼任审批的填报员', password: 'Approver@2026', departmentCode: 'SCJG', roles: ['filler', 'approver'] });
  for (const n of ['filler', 'filler-b', 'filler2', 'editor', 'approver', 'approver2', 'auditor', 'filler-approver']) u[n] = await viewerByUsername(t.db, n);
  scjg = await getDepartmentId(t.db, 'SCJG');
  sthj = await getDepartmentId(t.db, 'STHJ');
});

afterAll(async () => {
  await t?.close();
});

describe('disclosure rules as versioned data', () => {
  it('each record is judged by the rule version in force on its decision date (2025 vs 2026-05)', async () => {
    const old = await accepted(u.filler!.id, { subjectCode: S1, subjectName: '某某建材有限公司', decisionDate: '2025-06-10' });
    const neu = await accepted(u.filler!.id, { subjectCode: S1, subjectName: '某某建材有限公司', decisionDate: '2026-05-10' });
    expect(await disclosureOf(old)).toMatchObject({ ruleCode: 'DR-XZCF', ruleVersion: 1, severity: '一般', published: true, publicUntil: '2028-06-10', repairableFrom: '2025-09-10' });
    expect(await disclosureOf(neu)).toMatchObject({ ruleCode: 'DR-XZCF', ruleVersion: 2, severity: '一般', published: true, publicUntil: '2027-05-10', repairableFrom: '2026-08-10' });
    // The record page names the rule version that judged it, not the one in force today.
    expect((await as('filler').disclosure.ofRecord({ id: old })).disclosure!.rule).toEqual({ code: 'DR-XZCF', version: 1, name: '行政处罚信息公示与修复规则（2026年4月1日前）' });
    expect((await as('filler').disclosure.ofRecord({ id: neu })).disclosure!.rule).toEqual({ code: 'DR-XZCF', version: 2, name: '行政处罚信息公示与修复规则（2026年4月1日起）' });
    // Classified by its data: a revoked licence is 严重, a warning 轻微 — not published under the 2026 rules, published before.
    const serious = await accepted(u.filler!.id, { subjectCode: S2, subjectName: '某某食品有限公司', decisionDate: '2026-05-12', kind: '吊销许可证件' });
    expect(await disclosureOf(serious)).toMatchObject({ severity: '严重', publicUntil: '2029-05-12', repairableFrom: '2027-05-12' });
    const light = await accepted(u.filler!.id, { subjectCode: S2, subjectName: '某某食品有限公司', decisionDate: '2026-05-13', kind: '警告' });
    expect(await disclosureOf(light)).toMatchObject({ severity: '轻微', published: false });
    const lightOld = await accepted(u.filler!.id, { subjectCode: S2, subjectName: '某某食品有限公司', decisionDate: '2025-05-13', kind: '警告' });
    expect(await disclosureOf(lightOld)).toMatchObject({ severity: '轻微', published: true, publicUntil: '2028-05-13' });
    const published = await t.db.select({ id: record.id }).from(record).where(publishedRecordWhere(await today()));
    const ids = published.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining([old, neu, serious, lightOld]));
    expect(ids).not.toContain(light);
  });

  it('the record page shows class, 公示截止日 and 可申请修复日', async () => {
    const id = await accepted(u.filler!.id, { subjectCode: S3, subjectName: '某某物流有限公司', decisionDate: '2026-05-20' });
    const view = await as('filler').disclosure.ofRecord({ id });
    expect(view.disclosure).toMatchObject({ severity: '一般', publicUntil: '2027-05-20', repairableFrom: '2026-08-20', state: 'published' });
    // Another department's filler sees nothing of it.
    expect((await as('filler2').disclosure.ofRecord({ id })).disclosure).toBeNull();
    // The records export carries the same class and dates.
    const csv = await new Response(recordsExportStream(t.db, u.filler!, departmentScopeOf(u.filler!), { q: S3 }, 'csv')).text();
    expect(csv.split('\n')[0]).toContain('severity,public_until,repairable_from,publication');
    expect(csv).toContain('一般,2027-05-20,2026-08-20,published');
  });

  it('a rule change that would make a period negative is refused at submit, with its reason', () => {
    const bad = { ...XZCF_NEW, classes: [{ severity: '一般', published: true, minMonths: 12, maxMonths: 3 }] };
    const issues = disclosureRuleIssues(bad);
    expect(issues[0]).toMatchObject({ path: 'classes[0].maxMonths', keyword: 'disclosure.negativePeriod' });
    expect(issues[0]!.message['zh-CN']).toContain('公示期将为负');
  });

  it('a rule change with a negative period is refused through the register gate, nothing written', async () => {
    const content = { ...XZCF_NEW, name: '错误的规则', catalogItem: 'XZXK', classes: [{ severity: '一般', published: true, minMonths: 6, maxMonths: 2 }] };
    const created = await as('editor').register.create({ kindCode: 'disclosure-rule', code: 'DR-BAD', content });
    const err = await refusal(as('editor').register.submit({ versionId: created.versionId, revision: created.revision, effectiveDate: await today() }));
    expect(err.cause).toMatchObject({ key: 'registers.errors.invalidContent', fieldErrors: expect.arrayContaining([expect.objectContaining({ path: 'classes[0].maxMonths' })]) });
    expect(JSON.stringify(err.cause)).toContain('公示期将为负');
    const [v] = await t.db.select({ status: entryVersion.status }).from(entryVersion).where(eq(entryVersion.id, created.versionId));
    expect(v!.status).toBe('draft');
  });

  it('a rule must name a published catalog item no other rule governs, and data items of its form; a revision of the item’s own rule passes', async () => {
    const submitted = async (code: string, content: Record<string, unknown>) => {
      const created = await as('editor').register.create({ kindCode: 'disclosure-rule', code, content });
      const err = await refusal(as('editor').register.submit({ versionId: created.versionId, revision: created.revision, effectiveDate: await today() }));
      const [v] = await t.db.select({ status: entryVersion.status }).from(entryVersion).where(eq(entryVersion.id, created.versionId));
      expect(v!.status).toBe('draft');
      return err.cause as unknown as { fieldErrors: { path: string }[] };
    };
    const messages = (cause: unknown) => JSON.stringify(cause);
    // XZCF already has its rule (DR-XZCF); a data item its form lacks, words without a data item.
    const twice = await submitted('DR-XZCF-2', {
      ...XZCF_NEW,
      severityField: 'CF_NOPE',
      classes: [
        { severity: '严重', published: true, minMonths: 12, maxMonths: 36, matchItem: 'CF_NOPE', matchAny: ['吊销'] },
        { severity: '一般', published: true, minMonths: 3, maxMonths: 12, matchAny: ['暂扣'] },
      ],
    });
    expect(twice.fieldErrors.map((f) => f.path)).toEqual(expect.arrayContaining(['catalogItem', 'severityField', 'classes[0].matchItem', 'classes[1].matchItem']));
    expect(messages(twice)).toContain('已由规则「行政处罚信息公示与修复规则（2026年4月1日起）」规定');
    expect(messages(twice)).toContain('程度数据项须是目录事项「行政处罚信息」表单中的数据项');
    expect(messages(twice)).toContain('“一般”一行填写了包含文字，但未选择归类数据项');
    // An item that does not exist.
    const unknown = await submitted('DR-NOPE', { ...XZCF_NEW, catalogItem: 'NOPE', classes: [{ severity: '一般', published: true, minMonths: 3, maxMonths: 12 }] });
    expect(messages(unknown)).toContain('目录事项“NOPE”不存在或尚未发布');
    // A rule for an item another rule awaits approval for: refused too, saying it is in review.
    const first = await as('editor').register.create({ kindCode: 'disclosure-rule', code: 'DR-SJJC', content: { ...XZCF_NEW, catalogItem: 'SJJC', classes: [{ severity: '一般', published: true, minMonths: 3, maxMonths: 12 }] } });
    const firstRequest = await as('editor').register.submit({ versionId: first.versionId, revision: first.revision, effectiveDate: await today() });
    const second = await submitted('DR-SJJC-2', { ...XZCF_NEW, name: '第二条规则', catalogItem: 'SJJC', classes: [{ severity: '一般', published: true, minMonths: 3, maxMonths: 12 }] });
    expect(messages(second)).toContain('（正在审批）');
    await as('editor').register.withdraw({ changeRequestId: firstRequest.id });
    // The item's own rule, revised: no conflict with itself, its data items are the form's.
    const draft = await as('editor').register.startDraft({ kindCode: 'disclosure-rule', code: 'DR-XZCF', content: { ...XZCF_NEW, repairDecideDays: 12 } });
    const request = await as('editor').register.submit({ versionId: draft.versionId, revision: draft.revision, effectiveDate: await today(), reason: '修复决定期限调整' });
    await as('editor').register.withdraw({ changeRequestId: request.id });
  });

  it('a rule’s change reads the catalog item and its data items by name (the names the entry page’s and the audit trail’s diffs are given)', async () => {
    const kind = await getKind(t.db, 'disclosure-rule');
    const before = { ...XZCF_NEW, catalogItem: 'XZXK' };
    const after = { ...XZCF_NEW, severityField: 'CF_CFLB', classes: XZCF_NEW.classes.map((c, i) => (i === 0 ? { ...c, matchItem: 'CF_NR' } : c)) };
    const text = diffEntryContent(await withEntryNames(t.db, kind, [before, after]), before, after).map((c) => c.text['zh-CN']);
    expect(text).toContain('「目录事项」由“行政许可信息”改为“行政处罚信息”');
    expect(text).toContain('「程度数据项」设为“处罚类别”');
    expect(text.join('\n')).toContain('「失信程度分类」中“严重”一行：归类数据项由“处罚类别”改为“处罚内容”');
  });

  it('the sweep stamps records accepted before and ends publication at the maximum, audited and on the feed', async () => {
    // A record written before rules existed (no disclosure row): the sweep stamps it.
    const [row] = await t.db
      .insert(record)
      .values({ catalogCode: 'XZCF', catalogVersion: 1, departmentId: scjg, subjectType: '法人及非法人组织', subjectCode: S3, subjectName: '某某物流有限公司', data: { CF_CFLB: '罚款', CF_JDRQ: '2026-04-02' }, status: 'accepted', decisionDate: '2026-04-02', createdBy: u.filler!.id })
      .returning({ id: record.id });
    expect(await stampMissing(t.db)).toBeGreaterThanOrEqual(1);
    expect(await disclosureOf(row!.id)).toMatchObject({ publicUntil: '2027-04-02' });
    // A year later its maximum has passed: publication ends by itself.
    const day = await today();
    const n = await endExpiredPublication(t.db, { now: new Date(Date.parse(`${addMonths(day, 5)}T04:00:00Z`)) });
    expect(n).toBeGreaterThanOrEqual(1);
    expect(await disclosureOf(row!.id)).toMatchObject({ endReason: 'expired' });
    expect(await auditActions(row!.id)).toContain('record.publication_end');
    const feed = await t.db.select().from(creditChange).where(eq(creditChange.recordId, row!.id));
    expect(feed.map((f) => f.kind)).toEqual(['publication-end']);
  });
});

describe('objections', () => {
  let recId = '';
  it('a department registers an objection on behalf of a subject; the lookup shows 异议处理中', async () => {
    recId = await accepted(u.filler!.id, { subjectCode: '91410200MA40000017', subjectName: '开封异议测试有限公司', decisionDate: '2026-05-15', fine: 3 });
    // Another department (STHJ) brings it in; SCJG, the provider, answers.
    const o = await as('filler2').objection.file({ targetType: 'record', targetId: recId, content: '罚款金额登记错误，应为 2 万元', disputedItems: ['CF_NR_FK'] });
    expect(o.trackingNo).toMatch(/^YY-SCJG-\d{4}-\d{5}$/);
    const lookup = await as('filler').grading.lookup({ query: '91410200MA40000017', purpose: '行政审批' });
    const row = lookup.subjects[0]!.records.flatMap((g) => g.rows).find((r) => r.id === recId)!;
    expect(row).toMatchObject({ objectionOpen: true, severity: '一般', publicUntil: '2027-05-15' });
    // Twice on the same record while one is open: refused.
    expect((await refusal(as('filler').objection.file({ targetType: 'record', targetId: recId, content: '再次异议' }))).cause).toMatchObject({ key: 'objections.errors.alreadyOpen' });
    // Bad input: nothing to say.
    expect((await refusal(as('filler').objection.file({ targetType: 'record', targetId: recId, content: '  ' }))).cause).toMatchObject({ key: 'objections.errors.contentRequired' });
  });

  it('the credit file shows the objection in progress and the record with its 公示截止日, to the departments concerned and the office only', async () => {
    const file = await as('filler').subjects.file({ subject: '91410200MA40000017', purpose: '行政审批' });
    const records = file.sections.find((x) => x.key === 'records')!.entries;
    expect(records.find((e) => e.href === `/records/${recId}`)?.data).toMatchObject({ publicUntil: '2027-05-15', severity: '一般' });
    const objections = file.sections.find((x) => x.key === 'objections')!.entries;
    expect(objections).toHaveLength(1);
    expect(objections[0]).toMatchObject({ title: expect.stringMatching(/^YY-SCJG-/), data: { state: 'open', targetType: 'record' } });
    expect((await as('auditor').subjects.file({ subject: '91410200MA40000017', purpose: '审计' })).sections.find((x) => x.key === 'objections')!.entries).toHaveLength(1);
  });

  it('only the providing department answers; a correction that fails the form definition is refused, nothing written', async () => {
    const [o] = await t.db.select().from(objection).where(eq(objection.recordId, recId));
    expect((await refusal(as('filler2').objection.answer({ id: o!.id, outcome: 'upheld', answer: '核实无误' }))).cause).toMatchObject({ key: 'objections.errors.notYourObjection' });
    const [r] = await t.db.select().from(record).where(eq(record.id, recId));
    const bad = await refusal(as('filler').objection.answer({ id: o!.id, outcome: 'corrected', answer: '金额更正', correctedData: { ...r!.data, CF_JDRQ: '不是日期' } }));
    expect(bad.cause).toMatchObject({ key: 'objections.errors.correctionInvalid' });
    const same = await refusal(as('filler').objection.answer({ id: o!.id, outcome: 'corrected', answer: '金额更正', correctedData: r!.data }));
    expect(same.cause).toMatchObject({ key: 'objections.errors.nothingCorrected' });
    const [still] = await t.db.select().from(objection).where(eq(objection.id, o!.id));
    expect(still).toMatchObject({ state: 'open', outcome: null });
  });

  it('已修正: a new revision, the old one readable, the diff in plain language, the grade recomputed, on the feed', async () => {
    const [o] = await t.db.select().from(objection).where(eq(objection.recordId, recId));
    const [r] = await t.db.select().from(record).where(eq(record.id, recId));
    const res = await as('filler').objection.answer({ id: o!.id, outcome: 'corrected', answer: '经核实金额登记错误，已更正', correctedData: { ...r!.data, CF_NR_FK: 2 } });
    // Four eyes: the answer waits for an approver; nothing is corrected yet.
    expect(res.state).toBe('answered');
    expect((await t.db.select().from(record).where(eq(record.id, recId)))[0]).toMatchObject({ revision: r!.revision, data: expect.objectContaining({ CF_NR_FK: 3 }) });
    const review = await as('approver').objection.byId({ id: o!.id });
    expect(review.actions.decide).toBe(true);
    expect((review.target!.proposed as { 'zh-CN': string }[]).map((c) => c['zh-CN']).join('')).toMatch(/罚款金额.*3.*2/);
    expect(JSON.stringify(review.objection)).not.toContain('correctedData":{');
    const approverInbox = await as('approver').inbox.list();
    expect(approverInbox.items.map((i) => i.code)).toContain(o!.trackingNo);
    // The answerer cannot confirm it (not an approver), nor can the answering approver-filler, the filer or another role.
    expect((await refusal(as('filler').objection.decide({ id: o!.id, decision: 'approve' }))).code).toBe('FORBIDDEN');
    expect((await refusal(as('editor').objection.decide({ id: o!.id, decision: 'approve' }))).code).toBe('FORBIDDEN');
    expect((await refusal(as('approver').objection.decide({ id: o!.id, decision: 'approve', revision: 1 }))).cause).toMatchObject({ key: 'objections.errors.stale' });
    expect((await refusal(as('approver').objection.decide({ id: o!.id, decision: 'return' }))).cause).toMatchObject({ key: 'objections.errors.returnReason' });
    expect((await as('approver').objection.decide({ id: o!.id, decision: 'approve', comment: '同意更正' })).state).toBe('closed');
    expect((await refusal(as('approver2').objection.decide({ id: o!.id, decision: 'approve' }))).cause).toMatchObject({ key: 'objections.errors.closed' });
    const [after] = await t.db.select().from(record).where(eq(record.id, recId));
    expect(after).toMatchObject({ revision: r!.revision + 1, data: expect.objectContaining({ CF_NR_FK: 2 }) });
    const view = await as('filler').disclosure.ofRecord({ id: recId });
    expect(view.revisions).toHaveLength(1);
    expect(view.revisions[0]!.data).toMatchObject({ CF_NR_FK: 3 });
    expect(view.revisions[0]!.changes.map((c) => c['zh-CN']).join('')).toMatch(/罚款金额.*3.*2/);
    expect(view.disclosure!.openObjection).toBeNull();
    const feed = await t.db.select().from(creditChange).where(and(eq(creditChange.recordId, recId), eq(creditChange.kind, 'correction')));
    expect(feed).toHaveLength(1);
    expect(await auditActions(o!.id)).toEqual(['objection.file', 'objection.answer', 'objection.close']);
    // The record's own history carries the correction.
    expect(await auditActions(recId)).toContain('record.correct');
    expect((await as('filler').objection.byId({ id: o!.id })).objection).toMatchObject({ state: 'closed', decidedByName: '信用办审批人', decisionComment: '同意更正' });
  });

  it('an answer is returned with a reason; whoever answered cannot confirm their own answer; a correction drafted on an older revision is refused', async () => {
    const rid = await accepted(u.filler!.id, { subjectCode: '91410200MA40000092', subjectName: '开封审核测试有限公司', decisionDate: '2026-05-17', fine: 5 });
    const o = await as('filler2').objection.file({ targetType: 'record', targetId: rid, content: '金额有误' });
    const [r] = await t.db.select().from(record).where(eq(record.id, rid));
    await as('filler-approver').objection.answer({ id: o.id, outcome: 'corrected', answer: '金额应为 4 万元', correctedData: { ...r!.data, CF_NR_FK: 4 } });
    expect((await as('filler-approver').objection.byId({ id: o.id })).actions.decide).toBe(false);
    expect((await refusal(as('filler-approver').objection.decide({ id: o.id, decision: 'approve' }))).cause).toMatchObject({ key: 'objections.errors.ownAnswer' });
    // Returned: open again for the department, with the reason shown.
    expect((await as('approver').objection.decide({ id: o.id, decision: 'return', comment: '请附缴款凭证后再更正' })).state).toBe('open');
    expect((await as('filler').objection.byId({ id: o.id })).objection).toMatchObject({ state: 'open', outcome: null, decisionComment: '请附缴款凭证后再更正' });
    expect((await t.db.select().from(record).where(eq(record.id, rid)))[0]!.revision).toBe(r!.revision);
    // Answered again; meanwhile the record changes (another revision): confirming the stale correction is refused, nothing written.
    await as('filler').objection.answer({ id: o.id, outcome: 'corrected', answer: '金额应为 4 万元，附凭证', correctedData: { ...r!.data, CF_NR_FK: 4 } });
    await t.db.update(record).set({ revision: r!.revision + 1 }).where(eq(record.id, rid));
    expect((await refusal(as('approver').objection.decide({ id: o.id, decision: 'approve' }))).cause).toMatchObject({ key: 'objections.errors.recordChanged' });
    expect((await t.db.select().from(objection).where(eq(objection.id, o.id)))[0]).toMatchObject({ state: 'answered' });
    expect(await auditActions(rid)).not.toContain('record.correct');
    await as('approver').objection.decide({ id: o.id, decision: 'return', comment: '记录已变化，请重新核实' });
  });

  it('撤销: the record leaves publication, lists and grading; the listing grounded on it is revoked; a later objection is refused', async () => {
    const rid = await accepted(u.filler!.id, { subjectCode: '91410200MA40000025', subjectName: '开封撤销测试有限公司', decisionDate: '2026-05-16' });
    // It grounds a listing (a case listed on it).
    const [c] = await t.db.insert(listCase).values({ caseNo: 'SCJG-2026-9001', listCode: 'CL-001', listVersion: 1, subjectType: '法人及非法人组织', subjectCode: '91410200MA40000025', subjectName: '开封撤销测试有限公司', departmentId: scjg, state: 'listed', reason: '测试', proposedBy: u.filler!.id }).returning();
    await t.db.insert(listCaseGround).values({ caseId: c!.id, recordId: rid });
    const [m] = await t.db.insert(creditListMember).values({ listCode: 'CL-001', subjectCode: '91410200MA40000025', subjectName: '开封撤销测试有限公司', listedOn: '2026-05-20', removedOn: '2027-05-20', validTo: '2027-05-20', status: 'active', caseId: c!.id, listVersion: 1, departmentId: scjg, decisionNumber: '测试决定' }).returning();
    await t.db.update(listCase).set({ memberId: m!.id }).where(eq(listCase.id, c!.id));
    const o = await as('editor').objection.file({ targetType: 'record', targetId: rid, content: '该处罚已被行政复议撤销' });
    await as('filler').objection.answer({ id: o.id, outcome: 'revoked', answer: '处罚决定已被复议撤销' });
    expect((await t.db.select().from(record).where(eq(record.id, rid)))[0]!.status).toBe('accepted');
    await as('approver').objection.decide({ id: o.id, decision: 'approve' });
    const [after] = await t.db.select().from(record).where(eq(record.id, rid));
    expect(after!.status).toBe('revoked');
    expect(await auditActions(rid)).toContain('record.revoke');
    expect((await t.db.select({ id: record.id }).from(record).where(publishedRecordWhere(await today()))).map((x) => x.id)).not.toContain(rid);
    const [mm] = await t.db.select().from(creditListMember).where(eq(creditListMember.id, m!.id));
    expect(mm).toMatchObject({ status: 'revoked', removedOn: '2026-05-20' });
    const docs = await t.db.select().from(listCaseDocument).where(eq(listCaseDocument.memberId, m!.id));
    expect(docs.map((d) => d.kind)).toEqual(['removal']);
    expect((await t.db.select().from(creditChange).where(eq(creditChange.memberId, m!.id))).map((f) => f.kind)).toEqual(['revocation']);
    expect((await refusal(as('filler2').objection.file({ targetType: 'record', targetId: rid, content: '再议' }))).cause).toMatchObject({ key: 'objections.errors.recordRevoked' });
  });

  it('the registrant may not answer their own objection; wrong role is refused; overdue objections are flagged', async () => {
    const rid = await accepted(u.filler!.id, { subjectCode: '91410200MA40000033', subjectName: '开封逾期测试有限公司', decisionDate: '2026-05-18' });
    const o = await as('filler').objection.file({ targetType: 'record', targetId: rid, content: '决定日期有误' });
    expect((await refusal(as('filler').objection.answer({ id: o.id, outcome: 'upheld', answer: '无误' }))).cause).toMatchObject({ key: 'objections.errors.ownObjection' });
    expect((await refusal(as('approver').objection.file({ targetType: 'record', targetId: rid, content: 'x' }))).code).toBe('FORBIDDEN');
    const later = new Date(Date.parse(`${addMonths(await today(), 1)}T04:00:00Z`));
    expect(await flagOverdueObjections(t.db, { now: later })).toBeGreaterThanOrEqual(1);
    expect(await auditActions(o.id)).toContain('objection.overdue');
    await as('filler-b').objection.answer({ id: o.id, outcome: 'upheld', answer: '经核实信息无误' });
    // The filer (filler) may not review the answer to their own objection either — and is no approver.
    expect((await refusal(as('filler').objection.decide({ id: o.id, decision: 'approve' }))).code).toBe('FORBIDDEN');
    await as('approver').objection.decide({ id: o.id, decision: 'approve' });
    expect((await as('filler').objection.byId({ id: o.id })).objection).toMatchObject({ state: 'closed', outcome: 'upheld' });
  });

  it('evidence files are kept with the objection and downloadable only by who may see it', async () => {
    const rid = await accepted(u.filler!.id, { subjectCode: '91410200MA40000076', subjectName: '开封证据测试有限公司', decisionDate: '2026-05-22' });
    const up = await storeUpload(t.db, u.filler2!.id, 'evidence', { name: '缴款凭证.pdf', bytes: new TextEncoder().encode('%PDF-1.4\n% evidence\n') });
    const o = await as('filler2').objection.file({ targetType: 'record', targetId: rid, content: '已缴款', evidence: [{ fileName: up.fileName, sha256: up.sha256, size: up.size, mediaType: up.mediaType }] });
    const f = await evidenceFile(t.db, u.filler!, { kind: 'objection', id: o.id, sha256: up.sha256 });
    expect(f.fileName).toBe('缴款凭证.pdf');
    await expect(evidenceFile(t.db, u.filler!, { kind: 'objection', id: o.id, sha256: '0'.repeat(64) })).rejects.toMatchObject({ key: 'documents.errors.fileNotFound' });
    await expect(evidenceFile(t.db, u.filler!, { kind: 'repair', id: o.id, sha256: up.sha256 })).rejects.toMatchObject({ key: 'documents.errors.fileNotFound' });
    // Unknown evidence (not uploaded) is refused at filing, nothing written.
    const other = await accepted(u.filler!.id, { subjectCode: '91410200MA40000076', subjectName: '开封证据测试有限公司', decisionDate: '2026-05-23' });
    const bad = await refusal(as('filler2').objection.file({ targetType: 'record', targetId: other, content: 'x', evidence: [{ fileName: 'a.pdf', sha256: 'f'.repeat(64), size: 1, mediaType: 'application/pdf' }] }));
    expect(bad.cause).toMatchObject({ key: 'documents.errors.fileNotFound' });
    expect(await t.db.select().from(objection).where(eq(objection.recordId, other))).toHaveLength(0);
  });

  it('the public channel carries contact details and a tracking number', async () => {
    const rid = await accepted(u.filler!.id, { subjectCode: '91410200MA40000041', subjectName: '开封公众异议有限公司', decisionDate: '2026-05-19' });
    await expect(filePublicObjection(t.db, { targetType: 'record', targetId: rid, content: '有误', contact: { name: '张三' } })).rejects.toMatchObject({ key: 'objections.errors.contactRequired' });
    const o = await filePublicObjection(t.db, { targetType: 'record', targetId: rid, content: '处罚对象不是本公司', contact: { name: '张三', phone: '13800000000' } });
    const [row] = await t.db.select().from(objection).where(eq(objection.id, o.id));
    expect(row).toMatchObject({ channel: 'public', filedBy: null, contact: { name: '张三', phone: '13800000000' } });
  });

  it('with a flow bound to the objection trigger, the flow starts at filing and its approval applies the answer', async () => {
    await publishFlowVersion(t.db, 'objection-flow', chain(approval('review', 'single', { kind: 'role', role: 'approver' })));
    await as('editor').flow.setBinding({ trigger: 'objection', scopeType: 'global', scopeValue: '*', flowCode: 'objection-flow' });
    const rid = await accepted(u.filler!.id, { subjectCode: '91410200MA4000005X', subjectName: '开封流程异议有限公司', decisionDate: '2026-05-21' });
    const o = await as('filler2').objection.file({ targetType: 'record', targetId: rid, content: '金额有误' });
    const [row] = await t.db.select().from(objection).where(eq(objection.id, o.id));
    expect(row!.flowInstanceId).toBeTruthy();
    const [task] = await t.db.select().from(flowTask).where(and(eq(flowTask.instanceId, row!.flowInstanceId!), eq(flowTask.status, 'active')));
    // Approving before the department answered is refused: nothing to apply.
    const early = await refusal(as('approver').flow.approve({ taskId: task!.id, comment: '同意' }));
    expect(early.cause).toMatchObject({ key: 'objections.errors.answerFirst' });
    expect((await as('filler').objection.answer({ id: o.id, outcome: 'upheld', answer: '经核实无误' })).state).toBe('answered');
    // The flow decides: the built-in review is refused.
    expect((await refusal(as('approver').objection.decide({ id: o.id, decision: 'approve' }))).cause).toMatchObject({ key: 'flowEngine.errors.flowDecides' });
    await as('approver').flow.approve({ taskId: task!.id, comment: '同意' });
    expect((await as('filler').objection.byId({ id: o.id })).objection).toMatchObject({ state: 'closed', outcome: 'upheld' });
    await as('editor').flow.removeBinding({ id: (await as('editor').flow.bindings()).find((b) => b.trigger === 'objection')!.id });
  });

  it("when the flow's approver sends an answer back, the department sees the objection again and its next answer is decided by a new run of the flow", async () => {
    await publishFlowVersion(t.db, 'objection-flow', chain(approval('review', 'single', { kind: 'role', role: 'approver' })));
    await as('editor').flow.setBinding({ trigger: 'objection', scopeType: 'global', scopeValue: '*', flowCode: 'objection-flow' });
    const rid = await accepted(u.filler!.id, { subjectCode: '91410200MA4000005X', subjectName: '开封流程退回有限公司', decisionDate: '2026-05-24' });
    const o = await as('filler2').objection.file({ targetType: 'record', targetId: rid, content: '金额有误' });
    const openTask = async () => {
      const [row] = await t.db.select().from(objection).where(eq(objection.id, o.id));
      const [task] = await t.db.select().from(flowTask).where(and(eq(flowTask.instanceId, row!.flowInstanceId!), eq(flowTask.status, 'active')));
      return { instance: row!.flowInstanceId!, task };
    };
    const inboxHas = async (who: string) => (await as(who).inbox.list()).items.some((i) => i.code === o.trackingNo && i.kind === 'objection');
    // The answering department has the objection in its inbox although a flow is bound.
    expect(await inboxHas('filler')).toBe(true);
    await as('filler').objection.answer({ id: o.id, outcome: 'upheld', answer: '经核实无误' });
    expect(await inboxHas('filler')).toBe(false);
    const first = await openTask();
    await as('approver').flow.reject({ taskId: first.task!.id, comment: '请补充核实材料' });
    // The department reads why, as after the built-in review's return.
    expect((await as('filler').objection.byId({ id: o.id })).objection).toMatchObject({ state: 'open', answer: null, decisionComment: '请补充核实材料', decidedByName: expect.any(String) });
    expect(await inboxHas('filler')).toBe(true);
    // The second answer is not stranded on the ended run: a new run of the bound flow decides it.
    const again = await as('filler').objection.answer({ id: o.id, outcome: 'upheld', answer: '已补充核实，信息无误' });
    expect(again).toMatchObject({ state: 'answered', byFlow: true });
    const second = await openTask();
    expect(second.instance).not.toBe(first.instance);
    expect(second.task).toBeTruthy();
    // Four eyes hold on the new run too: the built-in review stays refused while the flow decides.
    expect((await refusal(as('approver').objection.decide({ id: o.id, decision: 'approve' }))).cause).toMatchObject({ key: 'flowEngine.errors.flowDecides' });
    await as('approver').flow.approve({ taskId: second.task!.id, comment: '同意' });
    expect((await as('filler').objection.byId({ id: o.id })).objection).toMatchObject({ state: 'closed', outcome: 'upheld', answer: '已补充核实，信息无误' });
    // One audit row for the second answer, which names the run it waits for.
    const answers = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'objection.answer'), eq(auditLog.objectId, o.id))).orderBy(asc(auditLog.id));
    expect(answers.map((a) => (a.after as { awaitingFlow?: string }).awaitingFlow)).toEqual([first.instance, second.instance]);
    await as('editor').flow.removeBinding({ id: (await as('editor').flow.bindings()).find((b) => b.trigger === 'objection')!.id });
  });
});

describe('credit repair', () => {
  const SUBJ = '91410200MA40000068';
  let rid = '';
  let memberId = '';
  let runId = '';
  let content: GradingModelContent;

  it('refusals: not published, before the date allowed, without the commitment, wrong role — nothing written', async () => {
    const day = await today();
    const recent = await accepted(u.filler!.id, { subjectCode: SUBJ, subjectName: '开封修复测试有限公司', decisionDate: addMonths(day, -1) });
    const early = await refusal(as('filler').repair.file({ targetType: 'record', targetId: recent, obligationsStatement: '已缴清罚款', commitment: { made: true } }));
    expect(early.cause).toMatchObject({ key: 'repair.errors.tooEarly', params: { date: addMonths(addMonths(day, -1), 3) } });
    const light = await accepted(u.filler!.id, { subjectCode: SUBJ, subjectName: '开封修复测试有限公司', decisionDate: '2026-05-02', kind: '警告' });
    expect((await refusal(as('filler').repair.file({ targetType: 'record', targetId: light, obligationsStatement: '已整改', commitment: { made: true } }))).cause).toMatchObject({ key: 'repair.errors.notPublished' });
    rid = await accepted(u.filler!.id, { subjectCode: SUBJ, subjectName: '开封修复测试有限公司', decisionDate: '2026-05-03', fine: 20 });
    expect((await refusal(as('filler').repair.file({ targetType: 'record', targetId: rid, obligationsStatement: '已缴清罚款', commitment: { made: false } }))).cause).toMatchObject({ key: 'repair.errors.commitmentRequired' });
    expect((await refusal(as('approver').repair.file({ targetType: 'record', targetId: rid, obligationsStatement: '已缴清罚款', commitment: { made: true } }))).code).toBe('FORBIDDEN');
    expect(await t.db.select().from(repairApplication).where(eq(repairApplication.subjectCode, SUBJ))).toHaveLength(0);
  });

  it('a 2025 record (old regime) is repairable from its own date; an application and a second one for the same ground', async () => {
    const old = await accepted(u.filler!.id, { subjectCode: SUBJ, subjectName: '开封修复测试有限公司', decisionDate: '2025-03-01' });
    expect(await disclosureOf(old)).toMatchObject({ ruleVersion: 1, repairableFrom: '2025-06-01', publicUntil: '2028-03-01' });
    const a = await as('filler').repair.file({ targetType: 'record', targetId: old, obligationsStatement: '已履行处罚决定', commitment: { made: true, legalRepresentative: '王五' } });
    expect(a.applicationNo).toMatch(/^XF-SCJG-/);
    expect((await refusal(as('filler').repair.file({ targetType: 'record', targetId: old, obligationsStatement: '再次申请', commitment: { made: true } }))).cause).toMatchObject({ key: 'repair.errors.alreadyOpen' });
    const view = await as('filler').repair.byId({ id: a.id });
    expect(view.commitment!.letter).toContain('开封修复测试有限公司');
    expect(view.commitment!.letter).toContain('郑重承诺');
    expect(view.commitment!.itemCode).toBe('CN-XF-001');
    // The applicant may not decide it; another approver refuses it with reasons.
    expect((await refusal(as('approver').repair.decide({ id: a.id, decision: 'reject' }))).cause).toMatchObject({ key: 'repair.errors.reasonRequired' });
    await as('approver').repair.decide({ id: a.id, decision: 'reject', comment: '罚款未缴清' });
    expect((await as('filler').repair.byId({ id: a.id })).application.state).toBe('rejected');
  });

  it('approval in the bound flow: publication stops, the membership ends with a 移出决定书, measures lift, the grade changes incrementally and agrees with a full evaluation, the feed lists it', async () => {
    // A measure for CL-001 members, a listing grounded on the record, a current evaluation run.
    await seedPublishedEntry(t.db, 'sanction-measure', 'SM-951', { text: '限制参与政府采购活动', type: '行政性', targetSubjects: ['法人及非法人组织'], list: { kind: 'credit-list', code: 'CL-001' }, legalBasis: [{ name: '中华人民共和国政府采购法', article: '第二十二条' }], departments: ['CZJ'], repairable: true }, '2026-01-01');
    const [c] = await t.db.insert(listCase).values({ caseNo: 'SCJG-2026-9002', listCode: 'CL-001', listVersion: 1, subjectType: '法人及非法人组织', subjectCode: SUBJ, subjectName: '开封修复测试有限公司', departmentId: scjg, state: 'listed', reason: '测试', proposedBy: u.filler!.id }).returning();
    await t.db.insert(listCaseGround).values({ caseId: c!.id, recordId: rid });
    const [m] = await t.db.insert(creditListMember).values({ listCode: 'CL-001', subjectCode: SUBJ, subjectName: '开封修复测试有限公司', listedOn: '2026-05-10', removedOn: '2027-05-10', validTo: '2027-05-10', status: 'active', caseId: c!.id, listVersion: 1, departmentId: scjg, decisionNumber: '市市场监管局信决〔2026〕9号' }).returning();
    memberId = m!.id;
    await t.db.update(listCase).set({ memberId }).where(eq(listCase.id, c!.id));
    const { runId: r } = await startRun(t.db, { id: u.editor!.id, name: 'editor', roles: ['editor'], department: 'XYB' }, { code: 'GM-SCJG-2024', periodEnd: '2026-12-31' }, { kick: false });
    runId = r;
    const claimed = await claimRun(t.db);
    await executeRun(t.db, claimed!);
    const [run] = await t.db.select().from(evaluationRun).where(eq(evaluationRun.id, runId));
    expect(run!.status).toBe('done');
    content = run!.content as unknown as GradingModelContent;
    const [before] = await t.db.select().from(evaluationResult).where(and(eq(evaluationResult.runId, runId), eq(evaluationResult.subjectCode, SUBJ)));
    expect(before).toBeTruthy();

    // 谁认定、谁修复: a flow bound to credit-repair, its task to an approver.
    await publishFlowVersion(t.db, 'repair-flow', chain(approval('review', 'single', { kind: 'role', role: 'approver' })));
    await as('editor').flow.setBinding({ trigger: 'credit-repair', scopeType: 'global', scopeValue: '*', flowCode: 'repair-flow' });
    const a = await as('filler').repair.file({ targetType: 'record', targetId: rid, obligationsStatement: '已缴清罚款并完成整改', commitment: { made: true } });
    expect(a.flowInstanceId).toBeTruthy();
    expect((await refusal(as('approver').repair.decide({ id: a.id, decision: 'approve' }))).cause).toMatchObject({ key: 'flowEngine.errors.flowDecides' });
    const lookupBefore = await as('filler').grading.lookup({ query: SUBJ, purpose: '核查' });
    expect(lookupBefore.subjects[0]!.lists.map((l) => l.listCode)).toContain('CL-001');
    const [task] = await t.db.select().from(flowTask).where(and(eq(flowTask.instanceId, a.flowInstanceId!), eq(flowTask.status, 'active')));
    const [assignee] = await t.db.select({ username: user.username }).from(user).where(eq(user.id, task!.assigneeId!));
    await createCaller(contextFor(t.db, await viewerByUsername(t.db, assignee!.username!))).flow.approve({ taskId: task!.id, comment: '同意修复' });

    const view = await as('filler').repair.byId({ id: a.id });
    expect(view.application.state).toBe('approved');
    const [after] = await t.db.select().from(record).where(eq(record.id, rid));
    expect(after!.status).toBe('repaired');
    expect(await disclosureOf(rid)).toMatchObject({ endReason: 'repaired', endedOn: await today() });
    const [mm] = await t.db.select().from(creditListMember).where(eq(creditListMember.id, memberId));
    expect(mm).toMatchObject({ status: 'repaired', removedOn: await today() });
    const docs = await t.db.select().from(listCaseDocument).where(eq(listCaseDocument.memberId, memberId));
    expect(docs.map((d) => d.kind)).toEqual(['removal']);
    const lookupAfter = await as('filler').grading.lookup({ query: SUBJ, purpose: '核查' });
    expect(lookupAfter.subjects[0]!.lists).toHaveLength(0);
    // One audit row per effect.
    expect(await auditActions(rid)).toContain('record.publication_end');
    expect(await auditActions(memberId)).toContain('list_member.remove');
    expect(await auditActions(a.id)).toEqual(expect.arrayContaining(['repair.apply', 'repair.measures_lift', 'repair.regrade']));
    expect((view.application.effects as { measuresLifted: { measures: string[] }[] }).measuresLifted[0]!.measures).toContain('SM-951');

    // The incremental re-grade changed the grade and agrees with a full evaluation of the same model and period.
    const [inc] = await t.db.select().from(evaluationResult).where(and(eq(evaluationResult.runId, runId), eq(evaluationResult.subjectCode, SUBJ)));
    expect(inc!.score).not.toBe(before!.score);
    const full = rowsOf<{ subject_code: string; score: string | number; grade: string }>(await t.db.execute(compileSelect(content, { period: { start: run!.periodStart, end: run!.periodEnd } })));
    const fromFull = full.find((x) => x.subject_code === SUBJ)!;
    expect(Number(fromFull.score)).toBe(Number(inc!.score));
    expect(fromFull.grade).toBe(inc!.grade);
    const [runAfter] = await t.db.select().from(evaluationRun).where(eq(evaluationRun.id, runId));
    const dist = Object.values(runAfter!.distribution ?? {}).reduce((s, n) => s + n, 0);
    expect(dist).toBe(full.length);

    // The feed: the repair and the end of the membership, signed and verifiable.
    const { changes } = await creditChangesSince(t.db, 0, 500);
    const mine = changes.filter((ch) => ch.subjectCode === SUBJ).map((ch) => ch.kind);
    expect(mine).toEqual(['repair', 'membership-end']);
    const key = signingKeyFromPem(newSigningKeyPem());
    const signed = await signedFeed(t.db, { from: 0, issuedBy: 'editor', key });
    expect(verifyFeed(signed, key.publicKeyPem)).toBe(true);
    expect(verifyFeed({ ...signed, changes: signed.changes.slice(1) }, key.publicKeyPem)).toBe(false);
    await as('editor').flow.removeBinding({ id: (await as('editor').flow.bindings()).find((b) => b.trigger === 'credit-repair')!.id });
  });

  it('a repaired record is not published and cannot be repaired twice; the feed is read by office roles only', async () => {
    expect((await refusal(as('filler').repair.file({ targetType: 'record', targetId: rid, obligationsStatement: '再次', commitment: { made: true } }))).cause).toMatchObject({ key: 'repair.errors.notPublished' });
    expect((await refusal(as('filler').disclosure.feed({ cursor: 0, limit: 10 }))).code).toBe('FORBIDDEN');
    expect((await as('auditor').disclosure.feed({ cursor: 0, limit: 10 })).changes.length).toBeGreaterThan(0);
  });

  it('a membership repair takes its deadlines from the list (the defaults when the list leaves them empty)', async () => {
    const day = await today();
    const cal = await loadCalendar(t.db);
    const listing = async (code: string) =>
      (await t.db.insert(creditListMember).values({ listCode: 'CL-001', subjectCode: code, subjectName: '开封名单修复测试有限公司', listedOn: addMonths(day, -13), removedOn: addMonths(day, 23), validTo: addMonths(day, 23), status: 'active', listVersion: 1, departmentId: scjg, decisionNumber: `测试决定${code.slice(-3)}` }).returning())[0]!;
    const plain = await as('filler').repair.file({ targetType: 'membership', targetId: (await listing('91410200MA40000105')).id, obligationsStatement: '已履行全部义务', commitment: { made: true } });
    expect(plain).toMatchObject({ acceptDue: addWorkingDays(day, 3, cal), decideDue: addWorkingDays(day, 10, cal) });
    // The office sets the list's own deadlines (a published version's content, as an approved change would).
    const [v] = await t.db
      .select({ id: entryVersion.id, content: entryVersion.content })
      .from(entryVersion)
      .innerJoin(entry, eq(entry.id, entryVersion.entryId))
      .where(and(eq(entry.kindCode, 'credit-list'), eq(entry.code, 'CL-001'), eq(entryVersion.status, 'published')));
    await t.db.update(entryVersion).set({ content: { ...(v!.content as object), repairAcceptDays: 4, repairDecideDays: 20 } }).where(eq(entryVersion.id, v!.id));
    try {
      const own = await as('filler').repair.file({ targetType: 'membership', targetId: (await listing('91410200MA40000113')).id, obligationsStatement: '已履行全部义务', commitment: { made: true } });
      expect(own).toMatchObject({ acceptDue: addWorkingDays(day, 4, cal), decideDue: addWorkingDays(day, 20, cal) });
    } finally {
      await t.db.update(entryVersion).set({ content: v!.content }).where(eq(entryVersion.id, v!.id));
    }
  });

  it('every step above left a verifiable audit chain', async () => {
    expect((await verifyChain(t.db)).ok).toBe(true);
  });
});

void sthj;
void stampDisclosure;
