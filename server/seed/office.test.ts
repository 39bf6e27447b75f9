/**
 * The demo office (issue 18): a fresh install shows a working office, built through the services
 * people use (so every piece has its audit row), and seeding again changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, like } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, viewerByUsername } from '../testing/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { seedDemo } from '.';
import { demoUscc, seedGradingDemo } from './grading';
import { seedDemoOffice } from './office';
import { auditLog, flowBinding, listCase, record } from '../db/schema';
import { verifyChain } from '../audit/verify';
import { runQueuedEvaluations, workerIdle } from '../grading/evaluate';

let t: TestDatabase;
const createCaller = createCallerFactory(appRouter);
const as = async (name: string) => createCaller(contextFor(t.db, await viewerByUsername(t.db, name)));

async function counts() {
  const [a] = await t.db.select({ n: count() }).from(auditLog);
  const [r] = await t.db.select({ n: count() }).from(record);
  const [c] = await t.db.select({ n: count() }).from(listCase);
  return { audit: a!.n, records: r!.n, cases: c!.n };
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  await seedGradingDemo(t.db);
  await seedDemoOffice(t.db);
});
afterAll(async () => {
  await t?.close();
});

describe('a fresh demo install', () => {
  it('has sanction measures with a legal basis, each marked as an unverified example', async () => {
    const measures = await (await as('editor')).register.list({ kindCode: 'sanction-measure', page: 1, pageSize: 50 });
    expect(measures.rows.length).toBeGreaterThanOrEqual(3);
    for (const m of measures.rows) {
      const c = m.content as { legalBasis: { name: string; number?: string }[]; basisVerified: boolean; sourceNote: string };
      expect(c.legalBasis.length).toBeGreaterThan(0);
      expect(c.legalBasis[0]!.number).toBe('汴政办〔2020〕46号');
      expect(c.basisVerified).toBe(false);
      expect(c.sourceNote).toContain('未核实');
    }
  });

  it('has a published flow bound to 行政许可 submissions, and a licence waiting in it for the approver', async () => {
    const [b] = await t.db.select().from(flowBinding).where(and(eq(flowBinding.trigger, 'record-submit'), eq(flowBinding.scopeValue, 'XZXK'), eq(flowBinding.active, true)));
    expect(b?.flowCode).toBe('FLOW-XZXK-REVIEW');
    const inbox = await (await as('approver')).inbox.list();
    const task = inbox.items.find((i) => i.kind === 'flow-task' && i.code === 'XZXK');
    expect(task?.step?.['zh-CN']).toBe('信用办审核');
  });

  it('has 行政处罚 records waiting for acceptance, two of them past their 双公示 date; the filler’s inbox names the overdue ones', async () => {
    const approver = await (await as('approver')).inbox.list();
    const waiting = approver.items.filter((i) => i.kind === 'record-acceptance');
    expect(waiting.length).toBe(3);
    expect(waiting.filter((i) => i.overdue)).toHaveLength(2);
    const filler = await (await as('filler')).inbox.list();
    expect(filler.items.filter((i) => i.kind === 'record-overdue')).toHaveLength(2);
  });

  it('has a list case in its objection window and one waiting for the decision in the approver’s inbox', async () => {
    const cases = await t.db.select().from(listCase).where(eq(listCase.listCode, 'CL-001'));
    expect(cases.map((c) => c.state).sort()).toEqual(['in_decision', 'notified']);
    const inbox = await (await as('approver')).inbox.list();
    expect(inbox.items.filter((i) => i.kind === 'list-decision')).toHaveLength(1);
  });

  it('rates no penalised company A 优秀 (with its green channel)', async () => {
    const { runId } = await (await as('editor')).grading.startRun({ code: 'GM-SCJG-2024' });
    await workerIdle();
    await runQueuedEvaluations(t.db);
    const results = await (await as('editor')).grading.results({ runId, page: 1, pageSize: 100 });
    const penalised = new Set((await t.db.select({ s: record.subjectCode }).from(record).where(and(eq(record.catalogCode, 'XZCF'), eq(record.status, 'accepted')))).map((r) => r.s));
    const rows = results.rows.filter((r) => penalised.has(r.subjectCode));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.grade === 'A')).toEqual([]);
    expect(results.rows.some((r) => r.grade === 'A')).toBe(true);
  });

  it('gives subjects realistic names and writes audit rows for what it seeded; seeding again changes nothing', async () => {
    const [named] = await t.db.select({ name: record.subjectName }).from(record).where(eq(record.subjectCode, demoUscc(1)));
    expect(named!.name).toMatch(/^开封.+有限公司$/);
    expect(named!.name).not.toMatch(/\d/);
    const [seeded] = await t.db.select({ n: count() }).from(auditLog).where(like(auditLog.objectId, 'sanction-measure/%'));
    expect(seeded!.n).toBeGreaterThanOrEqual(3);
    for (const action of ['department.seed', 'record.seed_demo', 'flow_binding.set', 'list_case.propose']) {
      const [n] = await t.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, action));
      expect(n!.n, action).toBeGreaterThanOrEqual(1);
    }
    const [submits] = await t.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'record.submit'));
    expect(submits!.n).toBe(4);
    const before = await counts();
    await seedDemo(t.db);
    await seedDemoOffice(t.db);
    expect(await counts()).toEqual(before);
    expect((await verifyChain(t.db)).ok).toBe(true);
  });
});

describe('the seeded entries are valid entries of their kinds', () => {
  it('every demo entry passes its kind’s schema (a page renders what the kind says)', async () => {
    const { getKind } = await import('../registers/kinds');
    const { validateContent } = await import('../registers/service');
    for (const kindCode of ['sanction-measure', 'approval-flow']) {
      const kind = await getKind(t.db, kindCode);
      const rows = await (await as('editor')).register.list({ kindCode, page: 1, pageSize: 50 });
      for (const r of rows.rows) expect(validateContent(kind, r.content as never), `${kindCode}/${r.code}`).toEqual([]);
    }
  });
});
