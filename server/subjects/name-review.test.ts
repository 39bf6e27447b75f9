import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, refusal, refusalText, viewerByUsername } from '../testing/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { getDepartmentId, seedDemo } from '../seed';
import { auditLog, notification, record, subject } from '../db/schema';
import type { Viewer } from '../auth/viewer';
import { noteSubject, refreshSubjects } from './master';

let t: TestDatabase;
const u: Record<string, Viewer> = {};
const createCaller = createCallerFactory(appRouter);
const as = (name: string) => createCaller(contextFor(t.db, u[name]!));
const said = refusalText;

const RENAMED = '91410200MA4N00001A';
const WRONG = '91410200MA4N00002B';
const PERSON = '410102198801011234';
const DAY = '2026-11-01';

async function seen(code: string, name: string, dept: string, type = '法人及非法人组织') {
  await t.db.insert(record).values({ catalogCode: 'XZXK', catalogVersion: 1, departmentId: await getDepartmentId(t.db, dept), subjectType: type, subjectCode: code, subjectName: name, data: {}, status: 'accepted', decisionDate: DAY, createdBy: u.filler!.id });
  await noteSubject(t.db, { code, type, name, day: DAY });
}

async function row(code: string) {
  const [s] = await t.db.select().from(subject).where(eq(subject.code, code));
  return s!;
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  for (const n of ['filler', 'filler2', 'editor', 'approver', 'auditor', 'admin']) u[n] = await viewerByUsername(t.db, n);
  await seen(RENAMED, '开封甲建材有限公司', 'SCJG');
  await seen(RENAMED, '开封甲建材股份有限公司', 'SCJG');
  await seen(WRONG, '开封乙食品有限公司', 'SCJG');
  await seen(WRONG, '开封丙物流有限公司', 'STHJ');
  await seen(PERSON, '李四', 'SCJG', '自然人');
  await seen(PERSON, '李肆', 'SCJG', '自然人');
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('统一代码 重错码 治理: the office reviews codes seen under more than one name', () => {
  it('lists each flagged code with every name, since when, and which departments hold records under it', async () => {
    const page = await as('editor').subjects.nameConflicts({ state: 'open' });
    const wrong = page.rows.find((r) => r.code === WRONG)!;
    expect(wrong.names.map((n) => n.name)).toEqual(['开封乙食品有限公司', '开封丙物流有限公司']);
    expect(wrong.names[1]!.held).toEqual([{ department: { 'zh-CN': '市生态环境局', en: 'Ecology and Environment Bureau' }, records: 1 }]);
    expect(page.total).toBeGreaterThanOrEqual(3);
    // Search by either name.
    expect((await as('editor').subjects.nameConflicts({ q: '丙物流' })).rows.map((r) => r.code)).toEqual([WRONG]);
  });

  it('never sends a natural person’s ID number to the page: a sealed key reviews the person', async () => {
    const page = await as('editor').subjects.nameConflicts({ q: '李' });
    expect(JSON.stringify(page)).not.toContain(PERSON);
    const person = page.rows[0]!;
    expect(person.code).toMatch(/^4101\*+1234$/);
    await as('editor').subjects.reviewNames({ key: person.key, outcome: 'renamed', note: '公安户籍信息核实为同一人，曾用名李四' });
    expect((await row(PERSON)).nameConflict).toBe(0);
    expect(said(await refusal(as('editor').subjects.reviewNames({ key: 'p:not-a-ref', outcome: 'renamed', note: 'x' })))).toContain('找不到该主体');
  });

  it('更名: a rename clears the flag with one audit row; a known name changes nothing, a new name flags it again', async () => {
    expect(said(await refusal(as('editor').subjects.reviewNames({ key: RENAMED, outcome: 'renamed', note: '  ' })))).toContain('请写明核查依据');
    const r = await as('editor').subjects.reviewNames({ key: RENAMED, outcome: 'renamed', note: '营业执照变更登记，2026年10月更名' });
    expect(r.state).toBe('done');
    const s = await row(RENAMED);
    expect(s.nameConflict).toBe(0);
    expect(s.nameReview).toMatchObject({ outcome: 'renamed', byName: '信用办编辑', names: ['开封甲建材有限公司', '开封甲建材股份有限公司'] });
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'subject.review_names'), eq(auditLog.objectId, RENAMED)));
    expect(audits).toHaveLength(1);
    expect((await as('editor').subjects.nameConflicts({ state: 'open' })).rows.map((x) => x.code)).not.toContain(RENAMED);
    // Reviewing again is refused: nothing to review.
    expect((await refusal(as('editor').subjects.reviewNames({ key: RENAMED, outcome: 'renamed', note: '再次' }))).code).toBe('CONFLICT');
    await noteSubject(t.db, { code: RENAMED, type: '法人及非法人组织', name: '开封甲建材有限公司', day: DAY });
    expect((await row(RENAMED)).nameConflict).toBe(0);
    // Rebuilding the master rows from the records keeps the office's decision for the same names.
    await refreshSubjects(t.db);
    expect((await row(RENAMED)).nameConflict).toBe(0);
    await noteSubject(t.db, { code: RENAMED, type: '法人及非法人组织', name: '开封甲集团有限公司', day: DAY });
    expect((await row(RENAMED)).nameConflict).toBe(1);
  });

  it('错码: the office names the right name, the departments holding records under the other name are told, and the code waits for their correction', async () => {
    expect(said(await refusal(as('editor').subjects.reviewNames({ key: WRONG, outcome: 'wrong_code', correctName: '别的名称', note: '核查' })))).toContain('正确名称');
    expect((await refusal(as('editor').subjects.reviewNames({ key: WRONG, outcome: 'corrected', note: '已更正' }))).code).toBe('CONFLICT');
    const r = await as('editor').subjects.reviewNames({ key: WRONG, outcome: 'wrong_code', correctName: '开封乙食品有限公司', note: '经登记机关核实，该代码属开封乙食品有限公司；生态环境局记录的代码有误' });
    expect(r).toMatchObject({ state: 'waiting', name: '开封乙食品有限公司', told: 1 });
    const told = await t.db.select().from(notification).where(and(eq(notification.subjectType, 'subject'), eq(notification.subjectId, WRONG)));
    expect(told.map((n) => n.userId)).toEqual([u.filler2!.id]);
    expect(told[0]).toMatchObject({ outcome: 'wrongCode', comment: expect.stringContaining('代码有误') });
    // The filler sees it in words, with the subject's name.
    const mine = (await as('filler2').inbox.notifications()).items.find((i) => i.subjectType === 'subject')!;
    expect(mine.title?.['zh-CN']).toBe('开封乙食品有限公司');
    expect(mine.href).toBe(`/subjects/${WRONG}`);
    expect((await as('editor').subjects.nameConflicts({ state: 'waiting' })).rows.map((x) => x.code)).toEqual([WRONG]);
    // A record under the wrong name accepted later does not rename the master.
    await noteSubject(t.db, { code: WRONG, type: '法人及非法人组织', name: '开封丙物流有限公司', day: DAY });
    expect(await row(WRONG)).toMatchObject({ name: '开封乙食品有限公司', nameConflict: 2 });
    await as('editor').subjects.reviewNames({ key: WRONG, outcome: 'corrected', note: '生态环境局已通过异议更正程序更正记录' });
    expect((await row(WRONG)).nameConflict).toBe(0);
  });

  it('only the office’s editors review; admins read; departments are refused', async () => {
    for (const who of ['filler', 'approver', 'auditor']) expect((await refusal(as(who).subjects.nameConflicts({}))).code).toBe('FORBIDDEN');
    expect((await as('admin').subjects.nameConflicts({})).total).toBeGreaterThanOrEqual(0);
    for (const who of ['filler', 'approver', 'auditor', 'admin']) expect((await refusal(as(who).subjects.reviewNames({ key: RENAMED, outcome: 'renamed', note: '核实' }))).code).toBe('FORBIDDEN');
  });
});
