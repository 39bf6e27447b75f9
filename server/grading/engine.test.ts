import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { seedDemo, seedPublishedEntry, getDepartmentId } from '../seed';
import { rowsOf } from '../db';
import { evaluationResult, evaluationRun, user } from '../db/schema';
import { SYSTEM_ACTOR } from '../audit/append';
import { DomainError } from '../errors';
import { compileInsert, compileSelect } from './compile';
import { ABANDONED, MAX_ATTEMPTS, claimRun, executeRun, purgeReplacedResults, runQueuedEvaluations, startRun, subjectRanges, workerIdle } from './evaluate';
import { clearFacts, insertListMembers, insertRecords, L, modelContent, type FactRecord } from './fixtures';
import type { Indicator, VetoTrigger } from '../../catalog/grading/types';

let t: TestDatabase;
let dept: string;
let userId: string;

export const FIXTURE_TREE: Indicator[] = [
  {
    id: 'g1',
    name: L('违法违规'),
    points: 400,
    children: [
      { id: 'pen', name: L('一般行政处罚'), points: 300, rule: { source: 'records', ref: 'XZCF', aggregation: 'count', filters: [{ item: 'CF_CFLB', op: 'eq', value: '罚款' }], points: { kind: 'per-unit', perUnit: -20, min: -100 } } },
      { id: 'fine', name: L('罚款金额'), points: 100, rule: { source: 'records', ref: 'XZCF', aggregation: 'sum', item: 'CF_NR_FK', points: { kind: 'ranges', ranges: [{ from: 0, to: 1, points: 0 }, { from: 1, to: 10, points: -30 }, { from: 10, to: null, points: -100 }] } } },
    ],
  },
  { id: 'lic', name: L('行政许可'), points: 100, rule: { source: 'records', ref: 'XZXK', aggregation: 'count', points: { kind: 'per-unit', perUnit: 10, max: 30 }, start: 70 } },
  { id: 'cn', name: L('信用承诺履约'), points: 200, rule: { source: 'commitment-fulfilment', ref: 'XYCN', aggregation: 'count', item: 'fulfillmentStatus', filters: [{ item: 'fulfillmentStatus', op: 'ne', value: '全部履行' }], points: { kind: 'per-unit', perUnit: -200 } } },
  { id: 'ext', name: L('外部评价'), points: 300, rule: { source: 'external-grade', ref: 'XZXK', aggregation: 'latest', item: 'XK_XKLB', points: { kind: 'match', cases: [{ equals: '普通', points: 0 }, { equals: '特许', points: -50 }], otherwise: 0 } } },
];
export const FIXTURE_VETO: VetoTrigger[] = [{ id: 'sdl', label: L('列入严重失信主体名单'), grade: 'E', rule: { source: 'list-membership', ref: 'CL-001', aggregation: 'exists' } }];

const pen = (s: string, date: string, kind = '罚款', fine = 0): FactRecord => ({ catalogCode: 'XZCF', subjectCode: s, decisionDate: date, data: { CF_CFLB: kind, CF_NR_FK: fine } });
const lic = (s: string, date: string, kind = '普通'): FactRecord => ({ catalogCode: 'XZXK', subjectCode: s, decisionDate: date, data: { XK_XKLB: kind } });
const cn = (s: string, date: string, status: string): FactRecord => ({ catalogCode: 'XYCN', subjectCode: s, decisionDate: date, data: { fulfillmentStatus: status } });

export const FIXTURE_RECORDS: FactRecord[] = [
  // S1: clean, 3 licences (bonus capped at 100), commitments kept → 1000
  lic('S1', '2024-01-10'), lic('S1', '2024-02-10'), lic('S1', '2024-03-10'), lic('S1', '2024-04-10'), cn('S1', '2024-05-01', '全部履行'),
  // S2: 6 fines in 2024 (−120, floored at −100 → 200), one in 2023 outside; 3 licences → 900 = A (edge)
  ...['01', '02', '03', '04', '05', '06'].map((m) => pen('S2', `2024-${m}-15`, '罚款', 0.05)),
  pen('S2', '2023-12-31'),
  lic('S2', '2024-01-01'), lic('S2', '2024-06-01'), lic('S2', '2024-12-31'),
  // S3: 2 fines (260) + a warning; fines total 12 万元 (→ 0); broken commitment (→ 0); no licence (70, ext 300) → 630 = D
  pen('S3', '2024-03-01', '罚款', 5), pen('S3', '2024-04-01', '罚款', 7), pen('S3', '2024-05-01', '警告'), cn('S3', '2024-06-01', '部分履行'),
  // S4: clean but on the serious-dishonesty list → vetoed to E
  lic('S4', '2024-02-01'),
  // S5: a natural person: not in the model's subject types
  { ...pen('S5', '2024-02-01'), subjectType: '自然人' },
  // S6: only a submitted (not accepted) record: not in scope
  { ...pen('S6', '2024-02-01'), status: 'submitted' },
  // S7: 2 licences, the latest 特许 → lic 90, ext 250 → 940
  lic('S7', '2024-02-01', '普通'), lic('S7', '2024-06-01', '特许'),
  // S8: exactly 700: 5 fines of 0.1 (→ 200; fines 0.5 → 100), broken commitment (0), 3 licences (100), ext 300 → 700 = C (edge)
  ...['01', '02', '03', '04', '05'].map((m) => pen('S8', `2024-${m}-20`, '罚款', 0.1)), cn('S8', '2024-07-01', '全部未履行'), lic('S8', '2024-01-05'), lic('S8', '2024-01-06'), lic('S8', '2024-01-07'),
];

export const EXPECTED: Record<string, { score: number; grade: string; vetoedBy?: string }> = {
  S1: { score: 1000, grade: 'A' },
  S2: { score: 900, grade: 'A' },
  S3: { score: 630, grade: 'D' },
  S4: { score: 980, grade: 'E', vetoedBy: 'sdl' },
  S7: { score: 940, grade: 'A' },
  S8: { score: 700, grade: 'C' },
};

async function publishModel(code: string, content: ReturnType<typeof modelContent>) {
  await seedPublishedEntry(t.db, 'grading-model', code, content as unknown as Record<string, unknown>);
}

async function copyResults(from: string, to: string) {
  const cols = sql.raw('subject_code, subject_name, subject_type, score, grade, vetoed_by, scores, measures');
  await t.db.execute(sql`insert into evaluation_result (run_id, ${cols}) select ${to}::uuid, ${cols} from evaluation_result where run_id = ${from}::uuid`);
}

async function resultsOf(runId: string) {
  const rows = await t.db.select().from(evaluationResult).where(eq(evaluationResult.runId, runId));
  return Object.fromEntries(rows.map((r) => [r.subjectCode, r]));
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  dept = await getDepartmentId(t.db, 'SCJG');
  const [u] = await t.db.select({ id: user.id }).from(user).where(eq(user.username, 'filler'));
  userId = u!.id;
  await insertRecords(t.db, dept, userId, FIXTURE_RECORDS);
  await insertListMembers(t.db, [{ listCode: 'CL-001', subjectCode: 'S4', listedOn: '2024-03-01' }, { listCode: 'CL-001', subjectCode: 'S1', listedOn: '2022-01-01', removedOn: '2023-06-30' }]);
  await publishModel('GM-FIXTURE', modelContent(FIXTURE_TREE, { vetoes: FIXTURE_VETO }));
});
afterAll(async () => {
  await workerIdle();
  await t.close();
});

describe('evaluation engine', () => {
  it('scores the hand-computed fixture exactly: deduction with floor, bonus with cap, veto → E, band edges inclusive', async () => {
    const { runId } = await startRun(t.db, SYSTEM_ACTOR, { code: 'GM-FIXTURE', periodEnd: '2024-12-31' }, { kick: false });
    expect(await runQueuedEvaluations(t.db)).toEqual([runId]);
    const [run] = await t.db.select().from(evaluationRun).where(eq(evaluationRun.id, runId));
    expect(run).toMatchObject({ status: 'done', isCurrent: true, periodStart: '2024-01-01', periodEnd: '2024-12-31' });
    expect(run!.done).toBe(run!.total);
    const results = await resultsOf(runId);
    expect(Object.keys(results).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [code, e] of Object.entries(EXPECTED)) {
      expect({ code, score: results[code]!.score, grade: results[code]!.grade, vetoedBy: results[code]!.vetoedBy ?? undefined }).toEqual({ code, ...e });
    }
    expect(results.S2!.scores.pen).toEqual([6, 200]);
    expect(results.S3!.scores.fine).toEqual([12, 0]);
    expect(results.S7!.scores.ext).toEqual(['特许', 250]);
    expect(results.S2!.measures?.inspectionRatio).toEqual({ min: 0, max: 5 });
    expect(run!.distribution).toEqual({ A: 3, C: 1, D: 1, E: 1 });
  });

  it('re-running the same version and period replaces the results atomically', async () => {
    const first = await t.db.select().from(evaluationRun).where(eq(evaluationRun.isCurrent, true));
    const { runId } = await startRun(t.db, SYSTEM_ACTOR, { code: 'GM-FIXTURE', periodEnd: '2024-06-30' }, { kick: false });
    const run = await claimRun(t.db);
    expect(run!.id).toBe(runId);
    // One chunk in: readers still see exactly the old current set.
    await t.db.execute(compileInsert(run!.content as never, runId, { period: { start: run!.periodStart, end: run!.periodEnd }, range: { from: null, to: 'S3' } }));
    expect((await t.db.select().from(evaluationRun).where(eq(evaluationRun.isCurrent, true))).map((r) => r.id)).toEqual([first[0]!.id]);
    expect(Object.keys(await resultsOf(first[0]!.id))).toHaveLength(Object.keys(EXPECTED).length);
    await t.db.delete(evaluationResult).where(eq(evaluationResult.runId, runId));
    await executeRun(t.db, run!, 3);
    const current = await t.db.select().from(evaluationRun).where(eq(evaluationRun.isCurrent, true));
    expect(current.map((r) => r.id)).toEqual([runId]);
    // three ranges of subject codes, each a chunk of the progress
    expect({ done: current[0]!.done, total: current[0]!.total }).toEqual({ done: 3, total: 3 });
    expect(await resultsOf(first[0]!.id)).toEqual({});
    const rows = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from evaluation_result`));
    expect(Number(rows[0]!.n)).toBe(Object.keys(EXPECTED).length);
  });

  it('the replaced run is marked, not purged, in the swap; its results go in batches afterwards, also after a crash', async () => {
    const [current] = await t.db.select().from(evaluationRun).where(eq(evaluationRun.isCurrent, true));
    expect(current!.purgePending).toBe(false);
    // An instance died after publishing a re-run and before purging: a replaced run still holds results.
    const [orphan] = await t.db
      .insert(evaluationRun)
      .values({ modelCode: current!.modelCode, modelVersion: current!.modelVersion, content: current!.content, periodStart: current!.periodStart, periodEnd: current!.periodEnd, status: 'done', purgePending: true })
      .returning();
    await copyResults(current!.id, orphan!.id);
    const n = Object.keys(EXPECTED).length;
    expect(Object.keys(await resultsOf(orphan!.id))).toHaveLength(n);
    // Batches of 2: every row goes, the flag is cleared, the current set is untouched.
    expect(await purgeReplacedResults(t.db, 2)).toBe(n);
    expect(await resultsOf(orphan!.id)).toEqual({});
    expect((await t.db.select().from(evaluationRun).where(eq(evaluationRun.id, orphan!.id)))[0]!.purgePending).toBe(false);
    expect(Object.keys(await resultsOf(current!.id))).toHaveLength(n);
    // The worker's tick does the same with nothing queued.
    await t.db.update(evaluationRun).set({ purgePending: true }).where(eq(evaluationRun.id, orphan!.id));
    await copyResults(current!.id, orphan!.id);
    expect(await runQueuedEvaluations(t.db)).toEqual([]);
    expect(await resultsOf(orphan!.id)).toEqual({});
  });

  it('refuses to evaluate a draft with a precise message, and queues nothing', async () => {
    await t.db.execute(sql`update entry_version set status = 'draft' where content->>'name' = 'draft-model'`);
    await publishModel('GM-DRAFT', modelContent(FIXTURE_TREE, { name: 'draft-model' }));
    await t.db.execute(sql`update entry_version set status = 'draft', valid_from = null where content->>'name' = 'draft-model'`);
    const before = await t.db.select().from(evaluationRun);
    const err = await startRun(t.db, SYSTEM_ACTOR, { code: 'GM-DRAFT', version: 1 }, { kick: false }).catch((e) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).key).toBe('grading.errors.draftNotEvaluable');
    expect((err as DomainError).params).toMatchObject({ code: 'GM-DRAFT', version: 1, status: 'draft' });
    expect(await t.db.select().from(evaluationRun)).toHaveLength(before.length);
  });

  it('a filter value or data item crafted as SQL is harmless', async () => {
    const evil = modelContent([
      { id: 'x', name: L('x'), points: 1000, rule: { source: 'records', ref: "XZCF'; drop table record; --", aggregation: 'count', filters: [{ item: 'CF_CFLB', op: 'in', value: ["罚款'); delete from record; --", '罚款'] }], points: { kind: 'per-unit', perUnit: -1 } } },
    ]);
    const rows = rowsOf<{ subject_code: string }>(await t.db.execute(compileSelect(evil, { period: { start: '2024-01-01', end: '2024-12-31' } })));
    expect(rows).toEqual([]);
    const badKey = modelContent([{ id: 'x', name: L('x'), points: 1000, rule: { source: 'records', ref: 'XZCF', aggregation: 'sum', item: "CF_NR_FK')::numeric; drop table record; --", points: { kind: 'per-unit', perUnit: -1 } } }]);
    expect(() => compileSelect(badKey, { period: { start: '2024-01-01', end: '2024-12-31' } })).toThrow(DomainError);
    const n = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from record`));
    expect(Number(n[0]!.n)).toBe(FIXTURE_RECORDS.length);
  });

  it('concurrent workers run a queued job exactly once', async () => {
    const { runId } = await startRun(t.db, SYSTEM_ACTOR, { code: 'GM-FIXTURE', periodEnd: '2024-12-31' }, { kick: false });
    if (t.kind !== 'postgres') {
      // PGlite is one connection: the claim still takes the row once.
      const [a, b] = await Promise.all([runQueuedEvaluations(t.db), runQueuedEvaluations(t.db)]);
      expect([...a, ...b]).toEqual([runId]);
      return;
    }
    const others = await Promise.all([t.connectAgain(3), t.connectAgain(3), t.connectAgain(3)]);
    const ran = await Promise.all(others.map((o) => runQueuedEvaluations(o.db)));
    expect(ran.flat()).toEqual([runId]);
    const [run] = await t.db.select().from(evaluationRun).where(eq(evaluationRun.id, runId));
    expect(run!.status).toBe('done');
  });

  it('a run left running by an instance that died is queued again after the lease and completes once; the old worker writes nothing', async () => {
    const { runId } = await startRun(t.db, SYSTEM_ACTOR, { code: 'GM-FIXTURE', periodEnd: '2024-12-31' }, { kick: false });
    const dead = await claimRun(t.db);
    expect(dead!.id).toBe(runId);
    // within the lease: nobody takes it over
    expect(await runQueuedEvaluations(t.db, { lease: 60_000 })).toEqual([]);
    expect((await t.db.select().from(evaluationRun).where(eq(evaluationRun.id, runId)))[0]!.status).toBe('running');
    // the instance died: no heartbeat for longer than the lease
    await t.db.execute(sql`update evaluation_run set heartbeat_at = now() - interval '2 minutes' where id = ${runId}::uuid`);
    expect(await runQueuedEvaluations(t.db, { lease: 60_000 })).toEqual([runId]);
    const [run] = await t.db.select().from(evaluationRun).where(eq(evaluationRun.id, runId));
    expect(run).toMatchObject({ status: 'done', isCurrent: true });
    expect(run!.claimedBy).not.toBe(dead!.claimedBy);
    const results = await resultsOf(runId);
    expect(Object.keys(results).sort()).toEqual(Object.keys(EXPECTED).sort());
    // the first worker comes back to life: its claim is gone, it neither writes nor fails the run
    await executeRun(t.db, dead!, 2);
    expect((await t.db.select().from(evaluationRun).where(eq(evaluationRun.id, runId)))[0]).toMatchObject({ status: 'done', isCurrent: true, error: null });
    expect(await resultsOf(runId)).toEqual(results);
  });

  it(`a run whose instance dies ${MAX_ATTEMPTS} times fails as abandoned instead of being queued again`, async () => {
    const { runId } = await startRun(t.db, SYSTEM_ACTOR, { code: 'GM-FIXTURE', periodEnd: '2023-12-31' }, { kick: false });
    const dies = async () => {
      const claimed = await claimRun(t.db, { lease: 60_000 });
      expect(claimed?.id).toBe(runId);
      await t.db.execute(sql`update evaluation_run set heartbeat_at = now() - interval '2 minutes' where id = ${runId}::uuid`);
    };
    for (let i = 0; i < MAX_ATTEMPTS; i++) await dies();
    expect(await runQueuedEvaluations(t.db, { lease: 60_000 })).toEqual([]);
    const [run] = await t.db.select().from(evaluationRun).where(eq(evaluationRun.id, runId));
    expect(run).toMatchObject({ status: 'failed', error: ABANDONED, attempts: MAX_ATTEMPTS, isCurrent: false, claimedBy: null });
    expect(run!.finishedAt).not.toBeNull();
  });

  it('subject ranges partition the codes: consecutive, unbounded at both ends, one range for a small run', async () => {
    expect(await subjectRanges(t.db, 1)).toEqual([{ from: null, to: null }]);
    const ranges = await subjectRanges(t.db, 4);
    expect(ranges.length).toBeGreaterThan(1);
    expect(ranges[0]!.from).toBeNull();
    expect(ranges[ranges.length - 1]!.to).toBeNull();
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]!.from).toBe(ranges[i - 1]!.to);
  });

  it('clearFacts empties the tables the engine reads: a run afterwards finds no subject, and the facts put back score as before', async () => {
    const count = async () => rowsOf<{ records: number; members: number }>(await t.db.execute(sql`select (select count(*)::int from record) as records, (select count(*)::int from credit_list_member) as members`))[0]!;
    expect(await count()).toMatchObject({ records: FIXTURE_RECORDS.length, members: 2 });
    await clearFacts(t.db);
    expect(await count()).toEqual({ records: 0, members: 0 });
    const empty = await startRun(t.db, SYSTEM_ACTOR, { code: 'GM-FIXTURE', periodEnd: '2024-12-31' }, { kick: false });
    expect(await runQueuedEvaluations(t.db)).toEqual([empty.runId]);
    const [run] = await t.db.select().from(evaluationRun).where(eq(evaluationRun.id, empty.runId));
    expect(run).toMatchObject({ status: 'done', distribution: {} });
    expect(await resultsOf(empty.runId)).toEqual({});

    // Back as they were, the same facts give the same scores (nothing else was cleared).
    await insertRecords(t.db, dept, userId, FIXTURE_RECORDS);
    await insertListMembers(t.db, [{ listCode: 'CL-001', subjectCode: 'S4', listedOn: '2024-03-01' }, { listCode: 'CL-001', subjectCode: 'S1', listedOn: '2022-01-01', removedOn: '2023-06-30' }]);
    const again = await startRun(t.db, SYSTEM_ACTOR, { code: 'GM-FIXTURE', periodEnd: '2024-12-31' }, { kick: false });
    expect(await runQueuedEvaluations(t.db)).toEqual([again.runId]);
    const results = await resultsOf(again.runId);
    expect(Object.fromEntries(Object.entries(results).map(([code, r]) => [code, r.grade]))).toEqual(Object.fromEntries(Object.entries(EXPECTED).map(([code, e]) => [code, e.grade])));
  });
});
