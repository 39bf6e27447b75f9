import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, refusal, refusalText, viewerByUsername } from '../testing/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { getDepartmentId, seedDemo, seedPublishedEntry } from '../seed';
import { auditLog, evaluationResult, evaluationRun, listCase, listCaseGround, record } from '../db/schema';
import type { Viewer } from '../auth/viewer';
import { now as clockNow } from '../flows/clock';
import { todayCN } from '../registers/dates';
import { addMonths } from '../../catalog/dates';
import { insertListMembers } from '../grading/fixtures';
import { creditListIssues } from '../../catalog/lists/validate';

let t: TestDatabase;
const said = refusalText;
const u: Record<string, Viewer> = {};
const createCaller = createCallerFactory(appRouter);
const as = (name: string) => createCaller(contextFor(t.db, u[name]!));

const CLEAN = '91410200MA4E00001X';
const PENALISED = '91410200MA4E00002X';
const OLD_PENALTY = '91410200MA4E00003X';
const LISTED = '91410200MA4E00004X';
const GRADE_B = '91410200MA4E00005X';
const PERSON = '110101199003072316';
let day = '';
let scjg = '';
let fillerId = '';

async function penalty(subjectCode: string, decisionDate: string, status = 'accepted') {
  await t.db.insert(record).values({ catalogCode: 'XZCF', catalogVersion: 1, departmentId: scjg, subjectType: '法人及非法人组织', subjectCode, subjectName: `主体${subjectCode.slice(-3)}`, data: { CF_CFLB: '罚款' }, status, decisionDate, createdBy: fillerId });
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  for (const n of ['filler', 'editor', 'approver', 'auditor', 'admin']) u[n] = await viewerByUsername(t.db, n);
  day = todayCN(await clockNow(t.db));
  scjg = await getDepartmentId(t.db, 'SCJG');
  fillerId = u.filler!.id;
  // A current evaluation of the 市场监管 model: five organisations and a person.
  const [run] = await t.db
    .insert(evaluationRun)
    .values({ modelCode: 'GM-SCJG-2024', modelVersion: 1, content: {}, periodStart: addMonths(day, -12), periodEnd: day, status: 'done', isCurrent: true })
    .returning({ id: evaluationRun.id });
  const result = (subjectCode: string, grade: string, score: number, subjectType = '法人及非法人组织') => ({ runId: run!.id, subjectCode, subjectName: subjectType === '自然人' ? '张三' : `主体${subjectCode.slice(-3)}`, subjectType, score, grade, scores: {} });
  await t.db.insert(evaluationResult).values([result(CLEAN, 'A', 950), result(PENALISED, 'A', 940), result(OLD_PENALTY, 'A', 930), result(LISTED, 'A', 920), result(GRADE_B, 'B', 800), result(PERSON, 'A', 960, '自然人')]);
  await penalty(PENALISED, addMonths(day, -20));
  await penalty(OLD_PENALTY, addMonths(day, -40));
  await penalty(CLEAN, addMonths(day, -2), 'rejected'); // a refused record is no fact
  await insertListMembers(t.db, [{ listCode: 'CL-001', subjectCode: LISTED, listedOn: addMonths(day, -1) }]);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('红名单 candidates from an incentive list’s conditions', () => {
  it('lists the subjects whose current grade qualifies, with no adverse record in the clean period and on no sanction list', async () => {
    const lists = await as('editor').creditList.eligibilityLists();
    expect(lists.map((l) => l.code)).toContain('CL-HMD');
    const r = await as('editor').creditList.eligible({ listCode: 'CL-HMD', page: 1, pageSize: 20 });
    expect(r.model.name).toContain('市场监管');
    expect(r.grades).toEqual(['A']);
    expect(r.cleanSince).toBe(addMonths(day, -36));
    expect(r.rows.map((x) => x.subjectCode).filter((c) => c !== PERSON && !c.includes('*'))).toEqual([CLEAN, OLD_PENALTY]);
    expect(r.total).toBe(3);
  });

  it('never sends a natural person’s ID number to an editor: the row carries an opaque key that proposes the person', async () => {
    const r = await as('editor').creditList.eligible({ listCode: 'CL-HMD', page: 1, pageSize: 20 });
    const person = r.rows.find((x) => x.subjectType === '自然人')!;
    expect(person.subjectCode).not.toContain('199003');
    expect(person.key).not.toContain(PERSON);
    expect(JSON.stringify(r)).not.toContain(PERSON);
    const out = await as('editor').creditList.proposeEligible({ listCode: 'CL-HMD', keys: [person.key] });
    expect(out.proposed).toHaveLength(1);
    const [c] = await t.db.select().from(listCase).where(eq(listCase.id, out.proposed[0]!.id));
    expect(c).toMatchObject({ subjectCode: PERSON, state: 'proposed', listCode: 'CL-HMD' });
    // A made-up key resolves to no one.
    const bad = await as('editor').creditList.proposeEligible({ listCode: 'CL-HMD', keys: ['p:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'] });
    expect(bad.proposed).toEqual([]);
    expect(bad.refused[0]).toContain('不在当前评价结果中');
  });

  it('proposes a candidate as an ordinary case of the list: grade and clean period as its ground, one audit row, then off the candidates', async () => {
    const out = await as('editor').creditList.proposeEligible({ listCode: 'CL-HMD', keys: [CLEAN] });
    expect(out.refused).toEqual([]);
    expect(out.proposed).toHaveLength(1);
    const id = out.proposed[0]!.id;
    const view = await as('editor').creditList.caseById({ id });
    expect(view.case.state).toBe('proposed');
    expect(view.case.eligibility).toMatchObject({ modelCode: 'GM-SCJG-2024', grade: 'A', score: 950, cleanMonths: 36 });
    expect(view.case.reason).toContain('评价等级 A（950 分）');
    expect(view.grounds).toEqual([]);
    expect(await t.db.select().from(listCaseGround).where(eq(listCaseGround.caseId, id))).toEqual([]);
    const audits = await t.db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.objectId, id)));
    expect(audits.map((a) => a.action)).toEqual(['list_case.propose']);
    // The usual process follows: the prior notice can be produced.
    expect(view.actions.produceNotice).toBe(true);
    const after = await as('editor').creditList.eligible({ listCode: 'CL-HMD', page: 1, pageSize: 20 });
    expect(after.rows.map((x) => x.subjectCode)).not.toContain(CLEAN);
  });

  it('checks again when proposing: a subject penalised since the page was read, or listed, is refused in words and the others still go', async () => {
    await penalty(OLD_PENALTY, addMonths(day, -1));
    const out = await as('editor').creditList.proposeEligible({ listCode: 'CL-HMD', keys: [OLD_PENALTY, LISTED, GRADE_B] });
    expect(out.proposed).toEqual([]);
    expect(out.refused).toHaveLength(3);
    for (const m of out.refused) expect(m).toMatch(/已不符合入选条件/);
    expect(await t.db.select().from(listCase).where(eq(listCase.subjectCode, OLD_PENALTY))).toEqual([]);
  });

  it('refuses other roles on the server, an empty choice, and lists without conditions', async () => {
    for (const who of ['filler', 'approver', 'auditor', 'admin']) {
      expect((await refusal(as(who).creditList.eligible({ listCode: 'CL-HMD', page: 1, pageSize: 20 }))).code).toBe('FORBIDDEN');
      expect((await refusal(as(who).creditList.proposeEligible({ listCode: 'CL-HMD', keys: [CLEAN] }))).code).toBe('FORBIDDEN');
    }
    const empty = await refusal(as('editor').creditList.proposeEligible({ listCode: 'CL-HMD', keys: [] }));
    expect(empty.code).toBe('BAD_REQUEST');
    expect(said(empty)).toContain('至少勾选一个主体');
    const sanction = await refusal(as('editor').creditList.eligible({ listCode: 'CL-001', page: 1, pageSize: 20 }));
    expect(sanction.code).toBe('BAD_REQUEST');
    expect(said(sanction)).toContain('没有设置入选条件');
  });

  it('a list without a finished evaluation of its model has no candidates and says why', async () => {
    await seedPublishedEntry(t.db, 'credit-list', 'CL-HMD-TAX', { name: '纳税信用激励名单', nature: 'incentive', legalBasis: [{ name: '示例', number: '', article: '' }], eligibilityModel: { kind: 'grading-model', code: 'GM-TAX-NSXY' }, eligibilityGrades: ['A'] });
    const r = await as('editor').creditList.eligible({ listCode: 'CL-HMD-TAX', page: 1, pageSize: 20 });
    expect(r.run).toBeNull();
    expect(r.unknownGrades).toEqual([]);
    // A grade the model does not have (typed in lower case) is named on the page, not silently matched to no one.
    await seedPublishedEntry(t.db, 'credit-list', 'CL-HMD-BAD', { name: '错填等级的激励名单', nature: 'incentive', legalBasis: [{ name: '示例', number: '', article: '' }], eligibilityModel: { kind: 'grading-model', code: 'GM-SCJG-2024' }, eligibilityGrades: ['a', 'A'] });
    const bad = await as('editor').creditList.eligible({ listCode: 'CL-HMD-BAD', page: 1, pageSize: 20 });
    expect(bad.unknownGrades).toEqual(['a']);
    expect(bad.modelGrades).toContain('A');
    expect(r.rows).toEqual([]);
    const p = await refusal(as('editor').creditList.proposeEligible({ listCode: 'CL-HMD-TAX', keys: [CLEAN] }));
    expect(p.code).toBe('CONFLICT');
    expect(said(p)).toContain('尚无已完成的评价');
  });
});

describe('eligibility conditions in a list definition', () => {
  const base = { name: '某名单', legalBasis: [{ name: '某办法' }] };
  it('belong to incentive lists only, and need a model and a grade', () => {
    expect(creditListIssues({ ...base, nature: 'sanction', eligibilityModel: { kind: 'grading-model', code: 'GM-1' }, eligibilityGrades: ['A'] }).map((i) => i.keyword)).toEqual(['list.eligibilityNotIncentive']);
    expect(creditListIssues({ ...base, nature: 'incentive', eligibilityGrades: ['A'] }).map((i) => i.keyword)).toEqual(['list.eligibilityNoModel']);
    expect(creditListIssues({ ...base, nature: 'incentive', eligibilityModel: { kind: 'grading-model', code: 'GM-1' } }).map((i) => i.keyword)).toEqual(['list.eligibilityNoGrades']);
    expect(creditListIssues({ ...base, nature: 'incentive', eligibilityModel: { kind: 'grading-model', code: 'GM-1' }, eligibilityGrades: ['A'] })).toEqual([]);
  });

  it('name grades the model has: a mistyped grade is refused when the list is submitted, naming the model’s grades', async () => {
    const ed = as('editor');
    const draft = await ed.register.create({ kindCode: 'credit-list', code: 'CL-9101', content: { ...base, legalBasis: [{ name: '某办法', number: '', article: '' }], nature: 'incentive', eligibilityModel: { kind: 'grading-model', code: 'GM-SCJG-2024' }, eligibilityGrades: ['a'] } });
    const r = await refusal(ed.register.submit({ versionId: draft.versionId, revision: draft.revision, effectiveDate: todayCN() }));
    expect(r.code).toBe('UNPROCESSABLE_CONTENT');
    expect(said(r)).toContain('等级「a」不是');
    expect(said(r)).toContain('A、B、C、D、E');
    const ok = await ed.register.saveDraft({ versionId: draft.versionId, revision: draft.revision, content: { ...base, legalBasis: [{ name: '某办法', number: '', article: '' }], nature: 'incentive', eligibilityModel: { kind: 'grading-model', code: 'GM-SCJG-2024' }, eligibilityGrades: ['A'] } });
    expect((await ed.register.submit({ versionId: draft.versionId, revision: ok.revision, effectiveDate: todayCN() })).id).toBeTruthy();
  });
});
