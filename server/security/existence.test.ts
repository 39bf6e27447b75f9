/**
 * Existence (issue 11): what a caller may not see answers exactly like what does not exist — a
 * task of someone else, an instance one has no part in, a register entry that has only drafts —
 * and register drafts are visible only to the roles that work on or check changes.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { TRPCError } from '@trpc/server';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, refusal, viewerByUsername } from '../testing/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { ensureUser, seedDemo } from '../seed';
import { actorOf, type Viewer } from '../auth/viewer';
import { flowTask } from '../db/schema';
import { publishFlowVersion } from '../flows/testing';
import { startFlow } from '../flows/engine';
import { approval, chain } from '../../catalog/flows/fixtures';
import { exportRegister } from '../registers/io';
import { todayCN } from '../registers/dates';

let t: TestDatabase;
const u: Record<string, Viewer> = {};
const createCaller = createCallerFactory(appRouter);
const as = (name: string) => createCaller(contextFor(t.db, u[name]!, 'zh-CN'));

/** code and message of a refusal, with `id` blanked so two ids compare equal */
async function answer(p: Promise<unknown>, ...ids: string[]) {
  const e: TRPCError = await refusal(p);
  let message = e.message;
  for (const id of ids) message = message.replaceAll(id, '<id>');
  return { code: e.code, message };
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  for (const n of ['a1', 'a2']) await ensureUser(t.db, { username: n, name: `审批人${n}`, password: 'Approver@2026', departmentCode: 'XYB', roles: ['approver'] });
  for (const n of ['admin', 'editor', 'filler', 'filler2', 'approver', 'auditor', 'a1', 'a2']) u[n] = await viewerByUsername(t.db, n);
});
afterAll(async () => {
  await t?.close();
});

describe('flow actions on what one may not see answer NOT_FOUND, as for a missing id', () => {
  let instanceId = '';
  let a1Task = '';
  beforeAll(async () => {
    await publishFlowVersion(t.db, 'ex-flow', chain(approval('s1', 'single', { kind: 'users', userIds: [u.a1!.id] })));
    // Started by the filler of 市市场监管局; filler2 (市生态环境局) has no part in it.
    instanceId = await startFlow(t.db, actorOf(u.filler!), { trigger: 'register-change', flowCode: 'ex-flow', subject: { type: 'none', id: 'x', label: 'x' }, data: {} });
    const [task] = await t.db.select().from(flowTask).where(and(eq(flowTask.instanceId, instanceId), eq(flowTask.assigneeId, u.a1!.id)));
    a1Task = task!.id;
  });

  it('approve / reject / return / transfer / add signer on another’s task', async () => {
    const missing = randomUUID();
    const expected = await answer(as('a2').flow.approve({ taskId: missing }));
    expect(expected.code).toBe('NOT_FOUND');
    expect(await answer(as('a2').flow.approve({ taskId: a1Task }))).toEqual(expected);
    expect(await answer(as('a2').flow.reject({ taskId: a1Task, comment: '不同意' }))).toEqual(await answer(as('a2').flow.reject({ taskId: missing, comment: '不同意' })));
    expect(await answer(as('a2').flow.return({ taskId: a1Task, target: 'initiator' }))).toEqual(expected);
    expect(await answer(as('filler2').flow.transfer({ taskId: a1Task, userId: u.filler2!.id }))).toEqual(expected);
    expect(await answer(as('filler2').flow.addSigner({ taskId: a1Task, userId: u.filler2!.id, position: 'after' }))).toEqual(expected);
  });

  it('comment / withdraw / urge / byId on an instance one has no part in', async () => {
    const missing = randomUUID();
    const f2 = as('filler2');
    const expected = await answer(f2.flow.comment({ instanceId: missing, text: '你好' }));
    expect(expected.code).toBe('NOT_FOUND');
    expect(await answer(f2.flow.comment({ instanceId, text: '你好' }))).toEqual(expected);
    expect(await answer(f2.flow.withdraw({ instanceId }))).toEqual(await answer(f2.flow.withdraw({ instanceId: missing })));
    expect(await answer(f2.flow.urge({ instanceId }))).toEqual(await answer(f2.flow.urge({ instanceId: missing })));
    expect(await answer(f2.flow.byId({ id: instanceId }))).toEqual(await answer(f2.flow.byId({ id: missing })));
  });

  it('those taking part still act: the assignee approves, the initiator comments', async () => {
    await as('filler').flow.comment({ instanceId, text: '请尽快' });
    expect((await as('a1').flow.approve({ taskId: a1Task })).status).toBe('approved');
  });
});

describe('register drafts: one visibility rule for every register read', () => {
  const DRAFT_ONLY = 'SM-99001';
  let published = '';
  let draftVersion = 0;
  beforeAll(async () => {
    const measure = (text: string) => ({ text, type: '行政性', targetSubjects: ['法人及非法人组织'], list: { kind: 'credit-list', code: 'CL-001' }, legalBasis: [{ name: '中华人民共和国政府采购法', number: '', article: '第二十二条' }], departments: ['CZJ'], duration: '3年', repairable: true });
    await as('editor').register.create({ kindCode: 'sanction-measure', code: DRAFT_ONLY, content: measure('限制参与政府采购活动（草稿）') });
    // A published measure with a new draft on top of it.
    published = 'SM-99003';
    const created = await as('editor').register.create({ kindCode: 'sanction-measure', code: published, content: measure('限制参与政府采购活动') });
    const cr = await as('editor').register.submit({ versionId: created.versionId, revision: created.revision, effectiveDate: todayCN() });
    await as('approver').approval.decide({ id: cr.id, decision: 'approve' });
    const started = await as('editor').register.startDraft({ kindCode: 'sanction-measure', code: published });
    draftVersion = started.version;
    await as('editor').register.saveDraft({ versionId: started.versionId, revision: started.revision, content: measure('草稿里的新措施文字') });
  });

  it('a filler does not see a draft-only entry: the same answer as an entry that does not exist', async () => {
    const f = as('filler');
    const expected = await answer(f.register.entry({ kindCode: 'sanction-measure', code: 'SM-99999' }), 'SM-99999');
    expect(expected.code).toBe('NOT_FOUND');
    expect(await answer(f.register.entry({ kindCode: 'sanction-measure', code: DRAFT_ONLY }), DRAFT_ONLY)).toEqual(expected);
    expect(await answer(f.register.diffVersions({ kindCode: 'sanction-measure', code: DRAFT_ONLY, from: 0, to: 1 }), DRAFT_ONLY)).toEqual(await answer(f.register.diffVersions({ kindCode: 'sanction-measure', code: 'SM-99999', from: 0, to: 1 }), 'SM-99999'));
    const all = await f.register.list({ kindCode: 'sanction-measure', page: 1, pageSize: 200 });
    expect(all.rows.map((r) => r.code)).not.toContain(DRAFT_ONLY);
    expect(JSON.stringify(all)).not.toContain('（草稿）');
  });

  it('a filler sees a published entry as published: no draft version, no change requests, no draft text', async () => {
    const f = as('filler');
    const e = await f.register.entry({ kindCode: 'sanction-measure', code: published });
    expect(e.versions.every((v) => ['published', 'superseded', 'retired'].includes(v.status))).toBe(true);
    expect(e.requests).toEqual([]);
    expect(JSON.stringify(e)).not.toContain('草稿里的新措施文字');
    const row = (await f.register.list({ kindCode: 'sanction-measure', q: published, page: 1, pageSize: 5 })).rows.find((r) => r.code === published);
    expect(row?.status).toBe('published');
    expect((await refusal(f.register.diffVersions({ kindCode: 'sanction-measure', code: published, from: draftVersion - 1, to: draftVersion }))).code).toBe('NOT_FOUND');
  });

  it('the working-view export is the same rule: a filler’s export has no drafts, an editor’s has', async () => {
    const text = async (name: string) => {
      const file = await exportRegister(t.db, actorOf(u[name]!), { kindCode: 'sanction-measure', format: 'json' });
      return new Response(file.body as ReadableStream).text();
    };
    const forFiller = await text('filler');
    expect(forFiller).not.toContain(DRAFT_ONLY);
    expect(forFiller).not.toContain('草稿里的新措施文字');
    const forEditor = await text('editor');
    expect(forEditor).toContain(DRAFT_ONLY);
    expect(forEditor).toContain('草稿里的新措施文字');
  });

  it('editors, approvers, auditors and admins still read drafts', async () => {
    for (const name of ['editor', 'approver', 'auditor', 'admin']) {
      const e = await as(name).register.entry({ kindCode: 'sanction-measure', code: DRAFT_ONLY });
      expect(e.versions.map((v) => v.status), name).toEqual(['draft']);
      expect((await as(name).register.entry({ kindCode: 'sanction-measure', code: published })).versions.some((v) => v.status === 'draft'), name).toBe(true);
    }
  });

  it('register.create refuses admins', async () => {
    expect((await refusal(as('admin').register.create({ kindCode: 'sanction-measure', code: 'SM-99002', content: {} }))).code).toBe('FORBIDDEN');
  });
});
