/**
 * The one gate of register changes (issue 11): submit and retirement both start the flow bound
 * to the kind; whoever wrote a revision of a version (in the editor or by import) never decides
 * it; an import opens no change request; a submit is one audit row and idempotent (issues 13, 18).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, count, eq, inArray } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, refusal, viewerByUsername } from '../testing/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { ensureUser, seedDemo } from '../seed';
import { auditLog, changeRequest, entry, entryVersion, flowInstance, flowTask } from '../db/schema';
import { actorOf, type Viewer } from '../auth/viewer';
import { verifyChain } from '../audit/verify';
import { approval, chain } from '../../catalog/flows/fixtures';
import { publishFlowVersion } from '../flows/testing';
import { importRegister } from './io';

let t: TestDatabase;
const u: Record<string, Viewer> = {};
const createCaller = createCallerFactory(appRouter);
const as = (name: string) => createCaller(contextFor(t.db, u[name]!));
const list = (name: string) => ({ name, legalBasis: [{ name: '国办发〔2020〕49号文' }] });
const utf8 = (s: string) => new TextEncoder().encode(s);

async function auditCount() {
  const [r] = await t.db.select({ n: count() }).from(auditLog);
  return r!.n;
}
async function latestVersion(code: string) {
  const [v] = await t.db.select({ v: entryVersion }).from(entryVersion).innerJoin(entry, eq(entry.id, entryVersion.entryId)).where(eq(entry.code, code)).orderBy(asc(entryVersion.version));
  return v!.v;
}
async function assigneesOf(instanceId: string) {
  return (await t.db.select().from(flowTask).where(eq(flowTask.instanceId, instanceId))).map((x) => x.assigneeId);
}
async function bind() {
  await as('editor').flow.setBinding({ trigger: 'register-change', scopeType: 'register-kind', scopeValue: 'credit-list', flowCode: 'approvers' });
}
async function unbind() {
  for (const b of await as('editor').flow.bindings()) if (b.trigger === 'register-change') await as('editor').flow.removeBinding({ id: b.id });
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  // An editor of the credit office who also holds the approver role (the four-eyes case).
  await ensureUser(t.db, { username: 'ea', name: '兼任审批的编辑', password: 'Approver@2026', departmentCode: 'XYB', roles: ['editor', 'approver'] });
  for (const n of ['editor', 'approver', 'auditor', 'ea']) u[n] = await viewerByUsername(t.db, n);
  await publishFlowVersion(t.db, 'approvers', chain(approval('s1', 'any', { kind: 'role', role: 'approver' })));
});
afterAll(async () => {
  await t?.close();
});

describe('four eyes by editing', () => {
  it('an approver who rewrote someone else’s draft may not approve it; the entry page names the contributors', async () => {
    const created = await as('editor').register.create({ kindCode: 'credit-list', code: 'CL-900', content: list('名单甲') });
    const saved = await as('ea').register.saveDraft({ versionId: created.versionId, revision: created.revision, content: list('名单甲（改写）') });
    const cr = await as('editor').register.submit({ versionId: created.versionId, revision: saved.revision, effectiveDate: '2024-01-01' });
    const err = await refusal(as('ea').approval.decide({ id: cr.id, decision: 'approve' }));
    expect(err.code).toBe('FORBIDDEN');
    expect(err.cause?.message).toContain('trustGate.errors.contributorDecides');
    const page = await as('auditor').register.entry({ kindCode: 'credit-list', code: 'CL-900' });
    expect(page.versions[0]!.contributors.map((c) => c.name)).toEqual(['信用办编辑', '兼任审批的编辑']);
    await as('approver').approval.decide({ id: cr.id, decision: 'approve' });
  });

  it('with a flow bound, the rewriting approver gets no task; submitting is one audit row', async () => {
    await bind();
    const created = await as('editor').register.create({ kindCode: 'credit-list', code: 'CL-901', content: list('名单乙') });
    const saved = await as('ea').register.saveDraft({ versionId: created.versionId, revision: created.revision, content: list('名单乙（改写）') });
    const before = await auditCount();
    const cr = await as('editor').register.submit({ versionId: created.versionId, revision: saved.revision, effectiveDate: '2024-01-01' });
    expect(cr.flowInstanceId).toBeTruthy();
    const added = await t.db.select().from(auditLog).orderBy(asc(auditLog.seq)).offset(before);
    expect(added.map((a) => a.action)).toEqual(['entry.submit']);
    const assignees = await assigneesOf(cr.flowInstanceId!);
    expect(assignees).toContain(u.approver!.id);
    expect(assignees).not.toContain(u.ea!.id);
    await unbind();
  });
});

describe('register import and retirement', () => {
  it('an import writes drafts only (no request, no instance) and makes the importer a contributor who may not decide', async () => {
    await bind();
    const theirs = await as('editor').register.create({ kindCode: 'credit-list', code: 'CL-903', content: list('名单丙') });
    const [requests] = await t.db.select({ n: count() }).from(changeRequest);
    const [instances] = await t.db.select({ n: count() }).from(flowInstance);
    const csv = ['编码 (code),名称 (name),法律依据 (legalBasis)', 'CL-902,导入名单,国办发〔2020〕49号文', 'CL-903,名单丙（导入改写）,国办发〔2020〕49号文'].join('\n');
    const report = await importRegister(t.db, actorOf(u.ea!), { kindCode: 'credit-list', fileName: 'lists.csv', bytes: utf8(csv), mode: 'commit' });
    expect(report).toMatchObject({ ok: true, committed: true, created: 1, updated: 1 });
    expect((await t.db.select({ n: count() }).from(changeRequest))[0]!.n).toBe(requests!.n);
    expect((await t.db.select({ n: count() }).from(flowInstance))[0]!.n).toBe(instances!.n);
    const rewritten = await latestVersion('CL-903');
    expect(rewritten).toMatchObject({ status: 'draft' });
    expect(rewritten.contributorIds.sort()).toEqual([u.editor!.id, u.ea!.id].sort());
    expect((await latestVersion('CL-902')).status).toBe('draft');
    // The author submits the imported rewrite: the importer is no assignee of its flow …
    const cr = await as('editor').register.submit({ versionId: theirs.versionId, revision: rewritten.revision, effectiveDate: '2024-01-01' });
    expect(await assigneesOf(cr.flowInstanceId!)).not.toContain(u.ea!.id);
    await unbind();
    // … nor may they decide it in the built-in step.
    const other = await as('editor').register.create({ kindCode: 'credit-list', code: 'CL-904', content: list('名单丁') });
    await importRegister(t.db, actorOf(u.ea!), { kindCode: 'credit-list', fileName: 'l2.csv', bytes: utf8(['编码 (code),名称 (name),法律依据 (legalBasis)', 'CL-904,名单丁（导入改写）,国办发〔2020〕49号文'].join('\n')), mode: 'commit' });
    const v = await latestVersion('CL-904');
    const cr2 = await as('editor').register.submit({ versionId: other.versionId, revision: v.revision, effectiveDate: '2024-01-01' });
    expect((await refusal(as('ea').approval.decide({ id: cr2.id, decision: 'approve' }))).code).toBe('FORBIDDEN');
  });

  it('a retirement goes through the bound flow too: the built-in decision is refused', async () => {
    await bind();
    const cr = await as('editor').register.requestRetire({ kindCode: 'credit-list', code: 'CL-900', effectiveDate: '2030-01-01', reason: '名单合并' });
    expect(cr.flowInstanceId).toBeTruthy();
    const refused = await refusal(as('approver').approval.decide({ id: cr.id, decision: 'approve' }));
    expect(refused.code).toBe('CONFLICT');
    const [task] = await t.db.select().from(flowTask).where(eq(flowTask.instanceId, cr.flowInstanceId!));
    expect(task).toBeDefined();
    const holder = Object.keys(u).find((n) => u[n]!.id === task!.assigneeId)!;
    await as(holder).flow.approve({ taskId: task!.id });
    expect((await latestVersion('CL-900')).status).toBe('retired');
    await unbind();
  });
});

describe('a register submit is idempotent', () => {
  it('the same key returns the first change request instead of a conflict, and writes nothing new', async () => {
    const created = await as('editor').register.create({ kindCode: 'credit-list', code: 'CL-905', content: list('名单戊') });
    const req = { versionId: created.versionId, revision: created.revision, effectiveDate: '2024-01-01', idempotencyKey: 'dialog-key-0001' };
    const first = await as('editor').register.submit(req);
    const before = await auditCount();
    const again = await as('editor').register.submit(req);
    expect(again.id).toBe(first.id);
    expect(await auditCount()).toBe(before);
    expect(await t.db.select().from(changeRequest).where(inArray(changeRequest.versionId, [created.versionId]))).toHaveLength(1);
    // Without the key the second click is a conflict: the version is already in review.
    expect((await refusal(as('editor').register.submit({ ...req, idempotencyKey: undefined }))).code).toBe('CONFLICT');
    expect((await verifyChain(t.db)).ok).toBe(true);
  });
});
