import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, refusal, viewerByUsername } from '../testing/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { seedDemo } from '../seed';
import { auditLog, commitment, creditReport, evaluationResult, evaluationRun, listCase, notification, queryLog, record, storedFile } from '../db/schema';
import type { Viewer } from '../auth/viewer';
import { advanceClock } from '../flows/clock';
import { docxText } from '../documents/docx';
import { markOverdueCommitments } from './service';
import { reportFile, verifyReport, sha256Hex } from '../reports/service';
import { demoUscc, SCJG_MODEL } from '../seed/grading';
import { gradingModelProblems } from '../../catalog/grading/validate';
import { fillLetter } from './service';
import { translate } from '../i18n';
import { isDomainError } from '../errors';

/** What the person is told (zh-CN). */
const told = (e: { cause?: unknown; message: string }) => (isDomainError(e.cause) ? translate('zh-CN', e.cause.key, e.cause.params) : e.message);

let t: TestDatabase;
const u: Record<string, Viewer> = {};
const createCaller = createCallerFactory(appRouter);
const as = (name: string) => createCaller(contextFor(t.db, u[name]!));
const S = '91350100M000100Y43';

async function audits(objectId: string) {
  return (await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.objectId, objectId))).map((r) => r.action);
}

beforeAll(async () => {
  process.env.E2E_TEST_HOOKS = '1';
  t = await createTestDatabase();
  await seedDemo(t.db);
  for (const n of ['filler', 'filler2', 'editor', 'approver', 'auditor']) u[n] = await viewerByUsername(t.db, n);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('commitments', () => {
  let id = '';
  let recordId = '';

  it('fills a template kept as data, and leaves an unknown placeholder visible', () => {
    expect(fillLetter('本单位{{主体名称}}承诺{{ 承诺日期 }}，{{不存在}}', { 主体名称: '某公司', 承诺日期: '2026年1月2日' })).toBe('本单位某公司承诺2026年1月2日，{{不存在}}');
  });

  it('a filler issues a 容缺受理 commitment: number, letter, XYCN record through the gate, one audit row', async () => {
    const items = await as('filler').commitment.items();
    expect(items.map((i) => i.code)).toContain('CN-SCJG-001');
    const out = await as('filler').commitment.issue({ itemCode: 'CN-SCJG-001', subjectType: '法人及非法人组织', subjectCode: S.toLowerCase(), subjectName: '某某建材有限公司', legalRepresentative: '张三' });
    id = out.id;
    recordId = out.recordId;
    expect(out.commitmentNo).toMatch(/^\d{6}\d{8}000001$/);
    expect(out.supplyDue).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const [c] = await t.db.select().from(commitment).where(eq(commitment.id, id));
    expect(c!.state).toBe('pending');
    expect(c!.subjectCode).toBe(S);
    const [f] = await t.db.select().from(storedFile).where(eq(storedFile.sha256, c!.letterSha256));
    const text = docxText(f!.bytes);
    expect(text).toContain('本单位某某建材有限公司（统一社会信用代码91350100M000100Y43，法定代表人张三）');
    expect(text).toContain(`承诺编码：${out.commitmentNo}`);
    expect(text).not.toContain('{{');
    const [r] = await t.db.select().from(record).where(eq(record.id, recordId));
    expect(r).toMatchObject({ catalogCode: 'XYCN', status: 'submitted', subjectCode: S });
    expect(r!.data).toMatchObject({ code: out.commitmentNo, commitmentTypeId: '容缺受理型', acceptanceUnit: '市市场监管局' });
    expect(await audits(id)).toEqual(['commitment.issue']);
    expect(await audits(recordId)).toEqual([]);
  });

  it('refuses other roles, unknown items, another department\'s item and a bad subject code', async () => {
    expect((await refusal(as('editor').commitment.issue({ itemCode: 'CN-SCJG-001', subjectType: '法人及非法人组织', subjectCode: S, subjectName: 'x', legalRepresentative: 'y' }))).code).toBe('FORBIDDEN');
    expect(told(await refusal(as('filler2').commitment.issue({ itemCode: 'CN-SCJG-001', subjectType: '法人及非法人组织', subjectCode: S, subjectName: 'x', legalRepresentative: 'y' })))).toMatch(/不存在或本部门不能办理/);
    const bad = await refusal(as('filler').commitment.issue({ itemCode: 'CN-SCJG-001', subjectType: '法人及非法人组织', subjectCode: '123', subjectName: 'x', legalRepresentative: 'y' }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(await t.db.$count(commitment)).toBe(1);
  });

  it('the sweep flags it overdue after the deadline and tells the filler', async () => {
    expect(await markOverdueCommitments(t.db)).toBe(0);
    await advanceClock(t.db, 15);
    expect(await markOverdueCommitments(t.db)).toBe(1);
    const [c] = await t.db.select().from(commitment).where(eq(commitment.id, id));
    expect(c!.state).toBe('overdue');
    const notes = await t.db.select().from(notification).where(and(eq(notification.userId, u.filler!.id), eq(notification.subjectId, id)));
    expect(notes.map((n) => n.outcome)).toEqual(['commitmentOverdue']);
    expect(await markOverdueCommitments(t.db)).toBe(0);
  });

  it('a 未履行 check needs what was not kept, only the accepting department checks', async () => {
    expect(told(await refusal(as('filler').commitment.check({ id, outcome: '未履行' })))).toContain('未履行的承诺内容');
    expect((await refusal(as('filler2').commitment.check({ id, outcome: '未履行', note: 'x' }))).code).toBe('NOT_FOUND');
  });

  it('a 未履行 check after the record was accepted writes the 履行状态 record and proposes a 重点关注 case', async () => {
    await as('approver').record.decide({ id: recordId, decision: 'accept' });
    const out = await as('filler').commitment.check({ id, outcome: '未履行', note: '逾期未补齐卫生许可材料' });
    expect(out.state).toBe('broken');
    expect(out.proposed?.caseNo).toBeTruthy();
    const [cs] = await t.db.select().from(listCase).where(eq(listCase.id, out.proposed!.id));
    expect(cs).toMatchObject({ listCode: 'CL-ZDGZ', state: 'proposed', subjectCode: S });
    const [chk] = await t.db.select().from(record).where(eq(record.id, out.checkRecordId));
    expect(chk!.data).toMatchObject({ fulfillmentStatus: '全部未履行', unperformedCommitmentContent: '逾期未补齐卫生许可材料' });
    const c = await as('filler').commitment.byId({ id });
    expect(c).toMatchObject({ state: 'broken', checkOutcome: '未履行', checker: u.filler!.name, caseId: out.proposed!.id });
    expect((await refusal(as('filler').commitment.check({ id, outcome: '已履行' }))).code).toBe('CONFLICT');
  });

  it('two people proposing the 重点关注 case of one broken commitment at once make one case', async () => {
    const out = await as('filler').commitment.issue({ itemCode: 'CN-SCJG-001', subjectType: '法人及非法人组织', subjectCode: '12440300MB2C92173E', subjectName: '某某物流有限公司', legalRepresentative: '李四' });
    // Broken before its record was accepted: nothing proposed yet.
    expect((await as('filler').commitment.check({ id: out.id, outcome: '未履行', note: '未补交材料' })).proposed).toBeFalsy();
    await as('approver').record.decide({ id: out.recordId, decision: 'accept' });
    const before = await t.db.$count(listCase);
    const both = await Promise.allSettled([as('filler').commitment.proposeAttention({ id: out.id }), as('filler').commitment.proposeAttention({ id: out.id })]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(((both.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as { code: string }).code).toBe('CONFLICT');
    expect(await t.db.$count(listCase)).toBe(before + 1);
  });

  it('the XYCN form refuses a status other than 全部履行 without 未履行的承诺内容', async () => {
    const form = await as('filler').record.form({ code: 'XYCN' });
    const e = await refusal(
      as('filler').record.submit({ catalogCode: 'XYCN', catalogVersion: form.version, subjectType: '法人及非法人组织', subjectCode: S, subjectName: '某某建材有限公司', data: { code: '00000020260101000009', commitmentTypeId: '审批替代型', reason: 'r', content: 'c', liabilityBreachCommitment: 'l', commitmentDate: '2026-01-01', fulfillmentStatus: '部分履行', acceptanceUnit: 'u', publicationType: '不可公开' } }),
    );
    expect(JSON.stringify(e)).toContain('unperformedCommitmentContent');
  });
});

describe('credit file and report', () => {
  it('shows records, commitments, processes by section and on a timeline; writes the query log; lookups only for the office', async () => {
    const before = await t.db.$count(queryLog);
    const f = await as('filler').subjects.file({ subject: S });
    expect(f.subject).toMatchObject({ name: '某某建材有限公司', legalRepresentative: '张三' });
    const keys = f.sections.map((s) => s.key);
    expect(keys).toEqual(expect.arrayContaining(['records', 'commitments', 'lists', 'grades', 'processes', 'reports']));
    expect(keys).not.toContain('lookups');
    expect(f.sections.find((s) => s.key === 'commitments')!.entries[0]!.data).toMatchObject({ state: 'broken' });
    expect(f.sections.find((s) => s.key === 'processes')!.entries).toHaveLength(1);
    expect(f.timeline.length).toBe(f.sections.reduce((n, s) => n + s.entries.length, 0));
    expect(await t.db.$count(queryLog)).toBe(before + 1);
    const a = await as('auditor').subjects.file({ subject: S });
    expect(a.sections.find((s) => s.key === 'lookups')!.entries.length).toBeGreaterThanOrEqual(1);
    expect((await refusal(as('filler').subjects.file({ subject: '91110000600037341L' }))).code).toBe('NOT_FOUND');
  });

  it('issues a numbered report for a purpose and verifies it; a changed file does not match', async () => {
    expect(told(await refusal(as('filler').subjects.issueReport({ subject: S, purpose: '随便', requester: 'x' })))).toContain('用途');
    expect((await refusal(as('auditor').subjects.issueReport({ subject: S, purpose: '招投标', requester: 'x' }))).code).toBe('FORBIDDEN');
    const logs = await t.db.$count(queryLog);
    const r = await as('filler').subjects.issueReport({ subject: S, purpose: '行政审批', requester: '某某招标代理公司' });
    expect(r.reportNo).toMatch(/^XYBG-\d{4}-000001$/);
    expect(await t.db.$count(queryLog)).toBe(logs + 1);
    const file = await reportFile(t.db, u.filler!, r.id);
    const text = docxText(file.bytes);
    expect(text).toContain('报告用途：行政审批');
    expect(text).toContain(`验证码：${r.verifyCode}`);
    expect(text).toContain('信用承诺及履约情况');
    const v = await verifyReport(t.db, r.verifyCode.toLowerCase());
    expect(v).toMatchObject({ reportNo: r.reportNo, subjectName: '某某建材有限公司', purpose: '行政审批', sha256: sha256Hex(file.bytes) });
    expect(sha256Hex(new Uint8Array([...file.bytes, 0]))).not.toBe(v!.sha256);
    expect(await verifyReport(t.db, 'AAAAAAAAAAAAAAAA')).toBeNull();
    expect(await t.db.$count(creditReport)).toBe(1);
    // Another department's filler cannot download it ("not found", as its records are); the office can.
    await expect(reportFile(t.db, u.filler2!, r.id)).rejects.toMatchObject({ code: 'NOT_FOUND', key: 'creditReport.errors.notFound' });
    expect((await reportFile(t.db, u.auditor!, r.id)).fileName).toBe(`信用报告-${r.reportNo}.docx`);
  });
});

describe('subjects as master data', () => {
  it('keeps the names a code was seen under and flags a second name for clean-up', async () => {
    expect((await as('filler').subjects.file({ subject: S })).subject.nameConflict).toBe(false);
    await as('filler').commitment.issue({ itemCode: 'CN-SCJG-001', subjectType: '法人及非法人组织', subjectCode: S, subjectName: '某某建材股份有限公司', legalRepresentative: '王五' });
    const f = await as('editor').subjects.file({ subject: S });
    expect(f.subject.nameConflict).toBe(true);
    expect(f.subject.names.map((n) => n.name)).toEqual(['某某建材有限公司', '某某建材股份有限公司']);
    expect((await as('editor').subjects.nameConflicts({})).rows.map((r) => r.code)).toContain(S);
  });
});

describe('sampling and natural-person models', () => {
  it('draws per grade with the mapped ratio; the same seed gives the same sample', async () => {
    const [run] = await t.db
      .insert(evaluationRun)
      .values({ modelCode: 'GM-SCJG-2024', modelVersion: 1, content: SCJG_MODEL as unknown as Record<string, unknown>, periodStart: '2025-01-01', periodEnd: '2025-12-31', status: 'done', isCurrent: true })
      .returning({ id: evaluationRun.id });
    const grades = SCJG_MODEL.definition.mappings.map((m) => m.grade);
    await t.db.insert(evaluationResult).values(Array.from({ length: 500 }, (_, i) => ({ runId: run!.id, subjectCode: demoUscc(900_000 + i), subjectName: `主体${i}`, subjectType: '法人及非法人组织', score: 500, grade: grades[i % grades.length]!, scores: {} })));
    const a = await as('editor').subjects.drawSample({ runId: run!.id, plan: '2026年食品经营抽查', seed: 'seed-1' });
    const b = await as('editor').subjects.drawSample({ runId: run!.id, plan: '2026年食品经营抽查', seed: 'seed-1' });
    const c = await as('editor').subjects.drawSample({ runId: run!.id, plan: '2026年食品经营抽查', seed: 'seed-2' });
    expect(a.digest).toBe(b.digest);
    expect(c.digest).not.toBe(a.digest);
    for (const m of SCJG_MODEL.definition.mappings) expect(a.perGrade[m.grade]!.drawn).toBe(Math.ceil((100 * m.inspectionRatio.min) / 100));
    expect(await audits(a.id)).toEqual(['sample.draw']);
    const g = SCJG_MODEL.definition.mappings[0]!;
    expect(told(await refusal(as('editor').subjects.drawSample({ runId: run!.id, plan: 'p', ratios: { [g.grade]: g.inspectionRatio.max + 1 } })))).toContain(`${g.inspectionRatio.min}%`);
    expect((await refusal(as('auditor').subjects.drawSample({ runId: run!.id, plan: 'p' }))).code).toBe('FORBIDDEN');
    expect((await refusal(as('editor').subjects.drawSample({ runId: run!.id, plan: 'p', seed: 'a b' }))).code).toBe('BAD_REQUEST');
    // A department's sample is its own: another department's filler neither lists nor opens it; the office sees all.
    const mine = await as('filler').subjects.drawSample({ runId: run!.id, plan: '市场监管局专项抽查', seed: 'seed-3' });
    expect((await as('filler').subjects.sample({ id: mine.id })).plan).toBe('市场监管局专项抽查');
    expect((await refusal(as('filler2').subjects.sample({ id: mine.id }))).code).toBe('NOT_FOUND');
    expect((await as('filler2').subjects.samples({ runId: run!.id })).map((s) => s.id)).not.toContain(mine.id);
    expect((await as('filler').subjects.samples({ runId: run!.id })).map((s) => s.id)).toEqual([mine.id]);
    expect((await as('editor').subjects.samples({ runId: run!.id })).map((s) => s.id)).toContain(mine.id);
    expect((await refusal(as('filler2').subjects.sample({ id: a.id }))).code).toBe('NOT_FOUND');
  });

  it('the drawing department’s inspector records a result as a record through the gate; once per subject; others are refused', async () => {
    const [run] = await t.db.select({ id: evaluationRun.id }).from(evaluationRun).where(eq(evaluationRun.periodEnd, '2025-12-31'));
    const mine = await as('filler').subjects.drawSample({ runId: run!.id, plan: '2026年食品经营许可事后核查', seed: 'seed-results' });
    const sample = await as('filler').subjects.sample({ id: mine.id });
    expect(sample.mayRecord).toBe(true);
    const first = sample.subjects[0]!;
    // Bad input is refused at its field, in words; nothing is written.
    expect(told(await refusal(as('filler').subjects.recordResult({ sampleId: mine.id, index: 0, inspectedOn: '2026-13-40', result: '未发现问题' })))).toBe('请填写检查日期。');
    expect(told(await refusal(as('filler').subjects.recordResult({ sampleId: mine.id, index: 0, inspectedOn: '2099-01-01', result: '未发现问题' })))).toBe('检查日期不能晚于今天。');
    expect(told(await refusal(as('filler').subjects.recordResult({ sampleId: mine.id, index: 0, inspectedOn: '2026-11-20', result: '都挺好' })))).toBe('请选择检查结果。');
    expect(told(await refusal(as('filler').subjects.recordResult({ sampleId: mine.id, index: 0, inspectedOn: '2026-11-20', result: '发现问题已责令改正' })))).toBe('发现问题时请写明检查情况。');
    expect(told(await refusal(as('filler').subjects.recordResult({ sampleId: mine.id, index: 9999, inspectedOn: '2026-11-20', result: '未发现问题' })))).toBe('该主体不在本次抽取名单中。');
    // Another department's inspector and the office cannot record on this sample.
    expect((await refusal(as('filler2').subjects.recordResult({ sampleId: mine.id, index: 0, inspectedOn: '2026-11-20', result: '未发现问题' }))).code).toBe('NOT_FOUND');
    expect((await refusal(as('editor').subjects.recordResult({ sampleId: mine.id, index: 0, inspectedOn: '2026-11-20', result: '未发现问题' }))).code).toBe('FORBIDDEN');
    const out = await as('filler').subjects.recordResult({ sampleId: mine.id, index: 0, inspectedOn: '2026-11-20', result: '发现问题已责令改正', note: '未按规定公示年度报告，已责令限期改正' });
    expect(out.status).toBe('submitted');
    const [rec] = await t.db.select().from(record).where(eq(record.id, out.recordId));
    expect(rec).toMatchObject({ catalogCode: 'SJJC', subjectCode: first.subjectCode, subjectName: first.subjectName, status: 'submitted' });
    expect(rec!.data).toMatchObject({ JC_JH: '2026年食品经营许可事后核查', JC_RQ: '2026-11-20', JC_JG: '发现问题已责令改正', JC_SM: '未按规定公示年度报告，已责令限期改正', JC_JGMC: '市市场监管局' });
    const again = await as('filler').subjects.sample({ id: mine.id });
    expect(again.results['0']).toMatchObject({ result: '发现问题已责令改正', inspectedOn: '2026-11-20', status: 'submitted', recordId: out.recordId });
    expect(told(await refusal(as('filler').subjects.recordResult({ sampleId: mine.id, index: 0, inspectedOn: '2026-11-21', result: '未发现问题' })))).toContain('已于 2026-11-20 登记为“发现问题已责令改正”');
    // One audit row for the action, carrying the record it created.
    const rows = await t.db.select().from(auditLog).where(and(eq(auditLog.objectId, mine.id), eq(auditLog.action, 'sample.result')));
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0]!.after)).toContain(out.recordId);
    // The export carries the result beside the subject.
    const { sampleCsvRows } = await import('../sampling/service');
    const csv = await sampleCsvRows(t.db, u.filler!, mine.id);
    expect(csv.rows[1]!.slice(-2)).toEqual(['2026-11-20', '发现问题已责令改正']);
  });

  it('a model for natural persons may not map grades to sanction measures (青铜峡 §8)', () => {
    const content = structuredClone(SCJG_MODEL);
    content.definition.subjectTypes = ['自然人'];
    content.definition.mappings[0]!.sanctionMeasures = [{ code: 'SM-001' }];
    const problems = gradingModelProblems(content);
    expect(problems.find((p) => p.code === 'personSanction')?.message['zh-CN']).toContain('青铜峡');
    expect(gradingModelProblems(SCJG_MODEL).find((p) => p.code === 'personSanction')).toBeUndefined();
  });
});
