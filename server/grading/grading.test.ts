import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, viewerByUsername, refusal } from '../testing/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { seedDemo, getDepartmentId, seedPublishedEntry } from '../seed';
import { auditLog, evaluationResult, queryLog, user } from '../db/schema';
import { rowsOf } from '../db';
import { actorOf, type Viewer } from '../auth/viewer';
import { createEntry } from '../registers/service';
import { demoUscc, seedGradingDemo, SCJG_MODEL } from '../seed/grading';
import { runQueuedEvaluations, workerIdle } from './evaluate';
import { resultPages } from './results';
import { insertListMembers, insertRecords, modelContent, L, type FactRecord } from './fixtures';
import { evaluateSubject, type ListFact, type RecordFact } from '../../catalog/grading/score';
import type { GradingModelContent, Indicator } from '../../catalog/grading/types';

let t: TestDatabase;
const createCaller = createCallerFactory(appRouter);
const viewers: Record<string, Viewer> = {};
const as = (name: string) => createCaller(contextFor(t.db, viewers[name]!));

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  await seedGradingDemo(t.db);
  for (const u of ['admin', 'editor', 'filler', 'filler2', 'approver', 'auditor']) viewers[u] = await viewerByUsername(t.db, u);
  await seedPublishedEntry(t.db, 'sanction-measure', 'SM-001', { text: '限制参与政府采购活动', type: '行政性', targetSubjects: ['法人及非法人组织'], legalBasis: [{ name: '中华人民共和国政府采购法', article: '第二十二条' }], departments: ['CZJ'], repairable: true });
  await seedPublishedEntry(t.db, 'sanction-measure', 'SM-002', { text: '已废止措施', type: '行政性', targetSubjects: ['法人及非法人组织'], legalBasis: [{ name: '某文件' }], departments: ['CZJ'], repairable: true });
  await t.db.execute(sql`update entry_version set status = 'retired', valid_to = '2021-01-01' where content->>'text' = '已废止措施'`);
});
afterAll(async () => {
  await workerIdle();
  await t.close();
});

describe('model definitions', () => {
  it('the seeded models are valid with the server context; the kind schema accepts them', async () => {
    expect((await as('editor').grading.validate({ content: SCJG_MODEL as never })).problems).toEqual([]);
    const created = await createEntry(t.db, actorOf(viewers.editor!), { kindCode: 'grading-model', code: 'GM-COPY', content: SCJG_MODEL as never });
    expect(created.version).toBe(1);
  });

  it('names an unknown data item and a retired or unknown sanction measure, and refuses other roles', async () => {
    const c = clone(SCJG_MODEL);
    c.definition.indicators[0]!.children![1]!.rule!.item = 'CF_NOT_THERE';
    c.definition.mappings[4]!.sanctionMeasures = [{ code: 'SM-001' }, { code: 'SM-002' }, { code: 'SM-404' }];
    const { problems } = await as('admin').grading.validate({ content: c as never });
    expect(problems.map((p) => `${p.path} ${p.message['zh-CN']}`)).toEqual([
      'definition.indicators.0.children.1.rule.item 目录信息类别 XZCF 的已发布版本没有数据项“CF_NOT_THERE”',
      'definition.mappings.4.sanctionMeasures.1 惩戒措施 SM-002 已废止，不能再映射：请移除或换成现行措施',
      'definition.mappings.4.sanctionMeasures.2 惩戒措施 SM-404 不存在：请从已发布的失信惩戒措施清单中选择',
    ]);
    expect((await refusal(as('filler').grading.validate({ content: c as never }))).code).toBe('FORBIDDEN');
  });

  it('validate is sent as a POST (mutation), so a large model never has to fit in a GET URL', async () => {
    const procedures = (appRouter as unknown as { _def: { procedures: Record<string, { _def: { type: string } }> } })._def.procedures;
    expect(procedures['grading.validate']!._def.type).toBe('mutation');
    const big = clone(SCJG_MODEL);
    const leaf = big.definition.indicators[0]!.children![0]!;
    // 400 leaves with long names: far beyond any URL limit as a query string
    big.definition.indicators[0]!.children = Array.from({ length: 400 }, (_, i) => ({ ...clone(leaf), id: `L${i}`, name: { 'zh-CN': `指标${i}`.repeat(20), en: `leaf ${i}`.repeat(20) } }));
    expect(JSON.stringify(big).length).toBeGreaterThan(100_000);
    const { problems } = await as('editor').grading.validate({ content: big as never });
    expect(problems.length).toBeGreaterThan(0); // the totals no longer add up: judged, not refused
  });

  it('what-if refuses a bad draft with the first problem and saves nothing', async () => {
    const c = clone(SCJG_MODEL);
    c.definition.indicators[2]!.points = 150;
    const before = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from evaluation_run`))[0]!.n;
    const err = await refusal(as('editor').grading.whatIf({ code: 'GM-SCJG-2024', content: c as never }));
    expect(err.code).toBe('UNPROCESSABLE_CONTENT');
    expect(err.message).toContain('末级指标分值合计 950 分，不等于模型总分 1000 分');
    expect(rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from evaluation_run`))[0]!.n).toBe(before);
  });
});

describe('runs, what-if and results', () => {
  let runId: string;
  it('an editor starts a run of the published model; it completes with a distribution', async () => {
    ({ runId } = await as('editor').grading.startRun({ code: 'GM-SCJG-2024' }));
    await workerIdle();
    await runQueuedEvaluations(t.db);
    const run = await as('auditor').grading.run({ id: runId });
    expect(run).toMatchObject({ status: 'done', isCurrent: true, code: 'GM-SCJG-2024', version: 1 });
    expect(run.done).toBe(run.total);
    const total = Object.values(run.distribution).reduce((a, b) => a + b, 0);
    expect(total).toBe(70); // 69 demo subjects with records + one listed only (11 have no facts: not in scope)
    expect(run.distribution.E).toBeGreaterThanOrEqual(1);
    const page = await as('approver').grading.results({ runId, grade: 'E', page: 1, pageSize: 10 });
    expect(page.rows.map((r) => r.subjectCode)).toContain(demoUscc(10));
    const why = await as('editor').grading.explain({ runId, subjectCode: demoUscc(10) });
    // a code pasted in lower case with a space finds the same result
    expect((await as('editor').grading.explain({ runId, subjectCode: ` ${demoUscc(10).toLowerCase()}` })).subjectCode).toBe(demoUscc(10));
    expect(why.veto?.grade).toBe('E');
    expect(why.indicators.find((i) => i.indicatorId === 'penalties')).toMatchObject({ value: 6, score: 0, points: 300 });
    expect((await refusal(as('filler').grading.startRun({ code: 'GM-SCJG-2024' }))).code).toBe('FORBIDDEN');
  });

  it("a natural person's ID number is masked in results, explanations and exports for editors and auditors; the row's ref explains it", async () => {
    const ID = '11010519491231002X';
    await t.db.insert(evaluationResult).values({ runId, subjectCode: ID, subjectName: '王五', subjectType: '自然人', score: 700, grade: 'C', vetoedBy: null, scores: {}, measures: null });
    for (const who of ['editor', 'auditor']) {
      const page = await as(who).grading.results({ runId, q: ID, page: 1, pageSize: 10 });
      expect(page.rows).toHaveLength(1);
      expect(page.rows[0]!.subjectCode).toBe('1101**********002X');
      expect(JSON.stringify(page)).not.toContain(ID);
      const why = await as(who).grading.explain({ runId, ref: page.rows[0]!.ref });
      expect(why).toMatchObject({ subjectCode: '1101**********002X', subjectName: '王五', grade: 'C' });
      expect(JSON.stringify(why)).not.toContain(ID);
    }
    // Approvers decide on personal data: they see it in clear.
    expect((await as('approver').grading.results({ runId, q: ID, page: 1, pageSize: 10 })).rows[0]!.subjectCode).toBe(ID);
    // A forged or foreign ref opens nothing.
    const ref = (await as('editor').grading.results({ runId, q: ID, page: 1, pageSize: 10 })).rows[0]!.ref;
    expect((await refusal(as('editor').grading.explain({ runId, ref: ref.slice(0, -2) + (ref.endsWith('AA') ? 'BB' : 'AA') }))).code).toBe('NOT_FOUND');
    // The export masks the same way, and names a veto rather than its id.
    const exported: (string | number | null)[][] = [];
    for await (const rows of resultPages(t.db, viewers.auditor!, { runId })) exported.push(...rows);
    expect(exported.find((r) => r[1] === '王五')?.[0]).toBe('1101**********002X');
    expect(JSON.stringify(exported)).not.toContain(ID);
    // demoUscc(10) is on CL-001 in the period: its row names the veto as the model words it.
    expect(exported.find((r) => r[0] === demoUscc(10))?.[5]).toBe('评价期内列入严重失信主体名单');
    await t.db.delete(evaluationResult).where(and(eq(evaluationResult.runId, runId), eq(evaluationResult.subjectCode, ID)));
  });

  it('what-if lists exactly the subjects whose grade changes, and is not a visible run', async () => {
    const draft = clone(SCJG_MODEL);
    draft.definition.bands[0]!.min = 990;
    const out = await as('editor').grading.whatIf({ code: 'GM-SCJG-2024', content: draft as never, pageSize: 200 });
    const expected = await t.db.select().from(evaluationResult).where(and(eq(evaluationResult.runId, runId), eq(evaluationResult.grade, 'A'), sql`${evaluationResult.score} < 990`));
    expect(expected.length).toBeGreaterThan(0);
    expect(out.changesTotal).toBe(expected.length);
    expect(out.changes.map((c) => c.subjectCode).sort()).toEqual(expected.map((e) => e.subjectCode).sort());
    expect(out.changes.every((c) => c.from === 'A' && c.to === 'B')).toBe(true);
    expect(out.published!.distribution.A! - out.draft.distribution.A!).toBe(expected.length);
    expect((await as('editor').grading.runs({ code: 'GM-SCJG-2024' })).map((r) => r.id)).toEqual([runId]);
  });

  it('previews one leaf for one subject', async () => {
    const p = await as('editor').grading.previewLeaf({ content: SCJG_MODEL as never, indicatorId: 'penalties', subjectCode: demoUscc(10) });
    expect(p).toMatchObject({ value: 6, adjustment: -300, score: 0, points: 300 });
    expect(p.explanation['zh-CN']).toContain('每条 −150 分');
  });
});

describe('subject lookup and the query log', () => {
  it('requires a purpose: refused with a field error, nothing logged', async () => {
    const before = (await t.db.select().from(queryLog)).length;
    const err = await refusal(as('filler').grading.lookup({ query: demoUscc(10), purpose: '  ' }));
    expect(err.code).toBe('BAD_REQUEST');
    expect((err.cause as unknown as { fieldErrors: { path: string }[] }).fieldErrors.map((f) => f.path)).toEqual(['purpose']);
    expect((await t.db.select().from(queryLog)).length).toBe(before);
  });

  it('shows grade, explanation and measures, writes the query log and an audit row; masks per role', async () => {
    const sthj = await getDepartmentId(t.db, 'STHJ');
    const [u] = await t.db.select({ id: user.id }).from(user).where(eq(user.username, 'filler2'));
    const lastYear = rowsOf<{ d: string }>(await t.db.execute(sql`select min(decision_date)::text as d from record`))[0]!.d;
    await insertRecords(t.db, sthj, u!.id, [{ catalogCode: 'XZCF', subjectCode: demoUscc(10), subjectName: '开封市建材有限公司10', decisionDate: lastYear, data: { CF_CFLB: '罚款', CF_FR_ZJHM: '11010519491231002X' } }]);
    const out = await as('filler').grading.lookup({ query: demoUscc(10), purpose: '行政许可审查（逢办必查）' });
    expect(out.subjects).toHaveLength(1);
    const s = out.subjects[0]!;
    const g = s.grades.find((x) => x.modelCode === 'GM-SCJG-2024')!;
    expect(g).toMatchObject({ grade: 'E', industry: '市场监管' });
    expect(g.measures.inspectionRatio).toEqual({ min: 100, max: 100 });
    expect(g.explanation.length).toBe(5);
    const penalties = s.records.find((r) => r.catalogCode === 'XZCF')!;
    const theirs = penalties.rows.find((r) => r.data.CF_FR_ZJHM)!;
    expect(theirs.masked).toBe(true);
    expect(theirs.data.CF_FR_ZJHM).not.toBe('11010519491231002X');
    const approverView = await as('approver').grading.lookup({ query: demoUscc(10), purpose: '复核' });
    expect(approverView.subjects[0]!.records.find((r) => r.catalogCode === 'XZCF')!.rows.find((r) => r.data.CF_FR_ZJHM)!.data.CF_FR_ZJHM).toBe('11010519491231002X');
    const [log] = await t.db.select().from(queryLog).where(eq(queryLog.userId, viewers.filler!.id)).orderBy(desc(queryLog.at));
    expect(log).toMatchObject({ subjectCode: demoUscc(10), purpose: '行政许可审查（逢办必查）', resultCount: 1, department: 'SCJG' });
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'subject.lookup'), eq(auditLog.objectId, log!.id)));
    expect(audit!.reason).toBe('行政许可审查（逢办必查）');
    const byName = await as('editor').grading.lookup({ query: '建材有限公司', purpose: '抽查' });
    expect(byName.subjects.length).toBeGreaterThan(1);
    expect((await refusal(as('auditor').grading.lookup({ query: 'x', purpose: 'y' }))).code).toBe('FORBIDDEN');
  });

  it('the query log filters by purpose, subject and user for auditors only; the log is append-only', async () => {
    const a = as('auditor');
    const byPurpose = await a.grading.queryLog({ purpose: '逢办必查', page: 1, pageSize: 20 });
    expect(byPurpose.rows.map((r) => r.userName)).toEqual(['市场监管局填报员（filler）']);
    const bySubject = await a.grading.queryLog({ subject: demoUscc(10), userId: viewers.approver!.id, page: 1, pageSize: 20 });
    expect(bySubject.total).toBe(1);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect((await a.grading.queryLog({ from: today, to: today, page: 1, pageSize: 20 })).total).toBe(3);
    expect((await a.grading.queryLog({ to: '2000-01-01', page: 1, pageSize: 20 })).total).toBe(0);
    expect((await refusal(as('filler').grading.queryLog({ page: 1, pageSize: 20 }))).code).toBe('FORBIDDEN');
    await expect(t.db.execute(sql`delete from query_log`)).rejects.toThrow();
  });

  it('finds a subject by its code typed as people type it (lower case, full width, spaces)', async () => {
    const code = demoUscc(10);
    const fullWidth = [...code].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join('');
    for (const typed of [` ${code.toLowerCase()} `, fullWidth]) {
      const out = await as('approver').grading.lookup({ query: typed, purpose: '复核' });
      expect(out.subjects.map((s) => s.code), typed).toEqual([code]);
    }
  });
});

describe('engine equals the JS reference on random data', () => {
  it('agrees on every subject (fixed seed)', async () => {
    let seed = 20260501;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const tree: Indicator[] = [
      { id: 'r1', name: L('r1'), points: 300, rule: { source: 'records', ref: 'XZCF', aggregation: 'count', windowMonths: 6, filters: [{ item: 'CF_CFLB', op: 'in', value: ['罚款', '警告'] }], points: { kind: 'per-unit', perUnit: -35, min: -250 } } },
      { id: 'r2', name: L('r2'), points: 200, rule: { source: 'records', ref: 'XZCF', aggregation: 'sum', item: 'CF_NR_FK', filters: [{ item: 'CF_NR_FK', op: 'gte', value: 0.5 }], points: { kind: 'ranges', ranges: [{ from: null, to: 2, points: 0 }, { from: 2, to: 8, points: -60 }, { from: 8, to: null, points: -150 }], otherwise: -5 } } },
      { id: 'r3', name: L('r3'), points: 150, rule: { source: 'records', ref: 'XZXK', aggregation: 'count', points: { kind: 'per-unit', perUnit: 15, max: 45 }, start: 100 } },
      { id: 'r4', name: L('r4'), points: 150, rule: { source: 'external-grade', ref: 'XZXK', aggregation: 'latest', item: 'XK_XKLB', points: { kind: 'match', cases: [{ equals: '特许', points: -40 }, { equals: '认可', points: -80 }], otherwise: 0 } } },
      { id: 'r5', name: L('r5'), points: 100, rule: { source: 'list-membership', ref: 'CL-RND', aggregation: 'count', points: { kind: 'per-unit', perUnit: -60 } } },
      { id: 'r6', name: L('r6'), points: 100, rule: { source: 'commitment-fulfilment', ref: 'XYCN', aggregation: 'exists', filters: [{ item: 'fulfillmentStatus', op: 'ne', value: '全部履行' }], points: { kind: 'per-unit', perUnit: -100 } } },
    ];
    const content: GradingModelContent = modelContent(tree, { vetoes: [{ id: 'big', label: L('big'), grade: 'D', rule: { source: 'records', ref: 'XZCF', aggregation: 'sum', item: 'CF_NR_FK', filters: [{ item: 'CF_NR_FK', op: 'gt', value: 9.5 }] } }] });
    const period = { start: '2030-01-01', end: '2030-12-31' };
    const dates = ['2029-12-31', '2030-01-01', '2030-03-15', '2030-06-30', '2030-07-01', '2030-11-30', '2030-12-31', '2031-01-01', null];
    const records: (FactRecord & { id?: string })[] = [];
    const lists: { listCode: string; subjectCode: string; subjectType: string; listedOn: string; removedOn: string | null }[] = [];
    for (let i = 0; i < 120; i++) {
      const s = `RND${String(i).padStart(4, '0')}`;
      const type = pick(['法人及非法人组织', '个体工商户', '自然人']);
      for (let k = Math.floor(rnd() * 6); k > 0; k--) records.push({ catalogCode: 'XZCF', subjectCode: s, subjectType: type, decisionDate: pick(dates), data: { CF_CFLB: pick(['罚款', '警告', '没收']), CF_NR_FK: pick([0.2, 0.5, 1, 3.5, 'abc', 9.6, null]) } });
      for (let k = Math.floor(rnd() * 4); k > 0; k--) records.push({ catalogCode: 'XZXK', subjectCode: s, subjectType: type, decisionDate: pick(dates), data: { XK_XKLB: pick(['普通', '特许', '认可']) } });
      if (rnd() < 0.3) records.push({ catalogCode: 'XYCN', subjectCode: s, subjectType: type, decisionDate: pick(dates), data: { fulfillmentStatus: pick(['全部履行', '部分履行', null]) } });
      if (rnd() < 0.15) lists.push({ listCode: 'CL-RND', subjectCode: s, subjectType: type, listedOn: pick(['2029-06-01', '2030-05-01', '2031-02-01']), removedOn: pick([null, '2029-12-31', '2030-08-01']) });
    }
    const [u] = await t.db.select({ id: user.id }).from(user).where(eq(user.username, 'filler'));
    await insertRecords(t.db, await getDepartmentId(t.db, 'SCJG'), u!.id, records);
    await insertListMembers(t.db, lists);
    await seedPublishedEntry(t.db, 'grading-model', 'GM-RANDOM', content as unknown as Record<string, unknown>);
    const { runId } = await as('editor').grading.startRun({ code: 'GM-RANDOM', periodEnd: '2030-12-31' });
    await workerIdle();
    // the demo subjects are in scope too; the comparison is over the random ones
    const engine = (await t.db.select().from(evaluationResult).where(eq(evaluationResult.runId, runId))).filter((r) => r.subjectCode.startsWith('RND'));
    // the reference: read the facts back (ids decide ties of "latest") and evaluate per subject in JS
    const facts = rowsOf<{ id: string; catalog_code: string; subject_code: string; subject_type: string; decision_date: string | null; data: Record<string, unknown> }>(
      await t.db.execute(sql`select id::text, catalog_code, subject_code, subject_type, decision_date::text, data from record where subject_code like 'RND%' and status = 'accepted'`),
    );
    const bySubject = new Map<string, { type: string; records: RecordFact[]; lists: ListFact[] }>();
    for (const f of facts) {
      const s = bySubject.get(f.subject_code) ?? { type: f.subject_type, records: [], lists: [] };
      s.records.push({ id: f.id, catalogCode: f.catalog_code, subjectType: f.subject_type, decisionDate: f.decision_date, data: typeof f.data === 'string' ? JSON.parse(f.data) : f.data });
      bySubject.set(f.subject_code, s);
    }
    for (const l of lists) {
      const s = bySubject.get(l.subjectCode) ?? { type: l.subjectType, records: [], lists: [] };
      s.lists.push({ listCode: l.listCode, listedOn: l.listedOn, removedOn: l.removedOn });
      bySubject.set(l.subjectCode, s);
    }
    const expected = new Map<string, { score: number; grade: string }>();
    for (const [code, s] of bySubject) {
      const inScope = s.records.some((r) => r.decisionDate !== null && r.decisionDate <= period.end && ['法人及非法人组织', '个体工商户'].includes(r.subjectType)) || s.lists.some((l) => l.listedOn <= period.end);
      if (!inScope || !['法人及非法人组织', '个体工商户'].includes(s.type)) continue;
      const e = evaluateSubject(content.definition, period, s.records, s.lists);
      expected.set(code, { score: e.score, grade: e.grade });
    }
    expect(engine.length).toBeGreaterThan(50);
    expect(Object.fromEntries(engine.map((r) => [r.subjectCode, { score: r.score, grade: r.grade }]))).toEqual(Object.fromEntries(expected));
  });
});
