/**
 * Two app instances publishing evaluation runs of the same model and period at once. Before the
 * per-(model, period) lock, the second one to publish read "the previous current run" before the
 * first had committed and then hit the unique index (2 of 28 runs failed with the raw SQL shown to
 * the user). Now both runs finish, the last one to publish is current, exactly one is current; a
 * run that fails for any reason other than a refusal stores no error text (it may hold SQL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { getDepartmentId, seedDemo, seedPublishedEntry } from '../seed';
import { rowsOf, type OpenDatabase } from '../db';
import { evaluationRun, user } from '../db/schema';
import { SYSTEM_ACTOR } from '../audit/append';
import { DomainError } from '../errors';
import { claimRun, executeRun, runFailure, runQueuedEvaluations, startRun, workerIdle } from './evaluate';
import { insertRecords, L, modelContent } from './fixtures';
import { decodeRunError, RUN_INTERNAL, type Indicator } from '../../catalog/grading/types';

const TREE: Indicator[] = [
  { id: 'pen', name: L('行政处罚'), points: 600, rule: { source: 'records', ref: 'XZCF', aggregation: 'count', points: { kind: 'per-unit', perUnit: -100, min: -600 } } },
  { id: 'lic', name: L('行政许可'), points: 400, rule: { source: 'records', ref: 'XZXK', aggregation: 'count', points: { kind: 'per-unit', perUnit: 10, max: 0 } } },
];

let t: TestDatabase;
const onPostgres = Boolean(process.env.DATABASE_URL);

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  const dept = await getDepartmentId(t.db, 'SCJG');
  const [u] = await t.db.select({ id: user.id }).from(user).where(eq(user.username, 'filler'));
  await insertRecords(t.db, dept, u!.id, [
    { catalogCode: 'XZCF', subjectCode: 'P1', decisionDate: '2024-03-01', data: {} },
    { catalogCode: 'XZXK', subjectCode: 'P2', decisionDate: '2024-03-01', data: {} },
  ]);
  await seedPublishedEntry(t.db, 'grading-model', 'GM-TWO', modelContent(TREE) as unknown as Record<string, unknown>);
});
afterAll(async () => {
  await workerIdle();
  await t.close();
});

const currentRuns = () => t.db.select().from(evaluationRun).where(and(eq(evaluationRun.modelCode, 'GM-TWO'), eq(evaluationRun.isCurrent, true)));

describe('run failures', () => {
  it('keep a refusal as a message key and anything else as "internal", never the error text', () => {
    expect(runFailure(new Error('Failed query: update "evaluation_run" set "is_current" = $1\nparams: true'))).toBe(RUN_INTERNAL);
    expect(decodeRunError(runFailure(new Error('Failed query: x')))).toEqual({ kind: 'internal' });
    expect(decodeRunError(runFailure(new DomainError('INVALID_DEFINITION', 'grading.errors.badDate', { value: 'x' })))).toEqual({ kind: 'refusal', code: 'INVALID_DEFINITION', key: 'grading.errors.badDate', params: { value: 'x' } });
    // rows written before this change may hold raw text: shown as internal
    expect(decodeRunError('duplicate key value violates unique constraint "evaluation_run_model_code_period_start_period_end_idx"')).toEqual({ kind: 'internal' });
  });
});

describe.skipIf(!onPostgres)('two instances publishing the same model and period (PostgreSQL)', () => {
  let a: OpenDatabase;
  let b: OpenDatabase;
  beforeAll(async () => {
    a = await t.connectAgain(3);
    b = await t.connectAgain(3);
    // a current run to replace
    await startRun(t.db, SYSTEM_ACTOR, { code: 'GM-TWO', periodEnd: '2024-12-31' }, { kick: false });
    await runQueuedEvaluations(t.db);
    expect(await currentRuns()).toHaveLength(1);
  });

  it('both publish while the previous current run is locked: both done, the later one current, no duplicate key', async () => {
    for (let trial = 0; trial < 3; trial++) {
      const [previous] = await currentRuns();
      const r1 = await startRun(a.db, SYSTEM_ACTOR, { code: 'GM-TWO', periodEnd: '2024-12-31' }, { kick: false });
      const r2 = await startRun(b.db, SYSTEM_ACTOR, { code: 'GM-TWO', periodEnd: '2024-12-31' }, { kick: false });
      const run1 = await claimRun(a.db);
      const run2 = await claimRun(b.db);
      expect([run1?.id, run2?.id].sort()).toEqual([r1.runId, r2.runId].sort());
      // Hold the previous current run's row, so both publishers reach their swap before either can commit.
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      const holder = t.db.transaction(async (tx) => {
        await tx.select().from(evaluationRun).where(eq(evaluationRun.id, previous!.id)).for('update');
        locked();
        await gate;
      });
      await isLocked;
      const both = Promise.all([executeRun(a.db, run1!, 1), executeRun(b.db, run2!, 1)]);
      // both publishers are blocked (one on the row, the other on it or on the per-model lock)
      for (let i = 0; ; i++) {
        const [w] = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`));
        if ((w?.n ?? 0) >= 2) break;
        if (i > 200) throw new Error('the publishers never blocked');
        await new Promise((r) => setTimeout(r, 25));
      }
      release();
      await holder;
      await both;
      const runs = await t.db.select().from(evaluationRun).where(sql`${evaluationRun.id} in (${run1!.id}::uuid, ${run2!.id}::uuid)`);
      for (const r of runs) expect({ status: r.status, error: r.error }).toEqual({ status: 'done', error: null });
      const current = await currentRuns();
      expect(current).toHaveLength(1);
      expect([run1!.id, run2!.id]).toContain(current[0]!.id);
      // the one that published last is current: it finished after the other
      const [first, last] = [...runs].sort((x, y) => x.finishedAt!.getTime() - y.finishedAt!.getTime());
      expect(current[0]!.id).toBe(last!.id);
      expect(first!.isCurrent).toBe(false);
    }
  });
});
