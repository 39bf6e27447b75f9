/**
 * The one gate of record submissions (issue 11 "Approvals and four-eyes", issue 13 "Half-done
 * submits"): form, import and retries all start the bound flow (or open the built-in step),
 * contributors never decide, a record keeps its catalog item, and a submit is one transaction
 * with one audit row, idempotent under retry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, refusal, viewerByUsername } from '../testing/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { ensureUser, seedDemo } from '../seed';
import { auditLog, flowInstance, flowTask, record } from '../db/schema';
import { actorOf, type Viewer } from '../auth/viewer';
import { verifyChain } from '../audit/verify';
import { approval, chain } from '../../catalog/flows/fixtures';
import { publishFlowVersion } from '../flows/testing';
import { getFillForm, submitRecord } from './service';
import { todayCN } from '../registers/dates';
import { importColumns, importRecords } from './import';

let t: TestDatabase;
const u: Record<string, Viewer> = {};
const createCaller = createCallerFactory(appRouter);
const as = (name: string) => createCaller(contextFor(t.db, u[name]!));
let version: number;
let headers: Record<string, string>;

const GOOD = '12440300MB2C92173E';
const penalty = (n: number | string = 12, extra: Record<string, unknown> = {}) => ({
  // The body names the subject the header names (fields bound to the subject must agree).
  CF_XDR_MC: `某某建材有限公司${n}`,
  CF_XDR_LB: '法人及非法人组织',
  CF_WSH: `汴市监罚〔2024〕${n}号`,
  CF_CFLB: '罚款',
  CF_JDRQ: '2024-09-27',
  CF_NR_FK: 1.5,
  ...extra,
});
const input = (n: number | string = 12, extra: Record<string, unknown> = {}) => ({ catalogCode: 'XZCF', catalogVersion: version, subjectType: '法人及非法人组织', subjectCode: GOOD, subjectName: `某某建材有限公司${n}`, data: penalty(n, extra) });

const KEYS = ['subjectType', 'subjectCode', 'subjectName', 'CF_XDR_MC', 'CF_XDR_LB', 'CF_WSH', 'CF_CFLB', 'CF_JDRQ', 'CF_NR_FK'] as const;
function csv(n: number, prefix: string): Uint8Array {
  const lines = [KEYS.map((k) => headers[k]).join(',')];
  for (let i = 0; i < n; i++) lines.push(`法人及非法人组织,${GOOD},${prefix}公司${i},${prefix}公司${i},法人及非法人组织,汴市监罚〔2024〕${prefix}${i}号,罚款,2024-09-27,1.5`);
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

async function countOf(table: typeof record | typeof flowInstance | typeof auditLog) {
  const [r] = await t.db.select({ n: count() }).from(table);
  return r!.n;
}
async function bind(flowCode: string) {
  await as('editor').flow.setBinding({ trigger: 'record-submit', scopeType: 'catalog-item', scopeValue: 'XZCF', flowCode });
}
async function unbind() {
  for (const b of await as('editor').flow.bindings()) if (b.trigger === 'record-submit') await as('editor').flow.removeBinding({ id: b.id });
}
const users = (...names: string[]) => ({ kind: 'users' as const, userIds: names.map((n) => u[n]!.id) });

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  for (const n of ['a1', 'a2']) await ensureUser(t.db, { username: n, name: `审批人${n}`, password: 'Approver@2026', departmentCode: 'XYB', roles: ['approver'] });
  // A filler of 市市场监管局 who also holds the approver role (the four-eyes case).
  await ensureUser(t.db, { username: 'fa', name: '兼任审批的填报员', password: 'Approver@2026', departmentCode: 'SCJG', roles: ['filler', 'approver'] });
  await ensureUser(t.db, { username: 'fa2', name: '生态环境局兼审批', password: 'Approver@2026', departmentCode: 'STHJ', roles: ['filler', 'approver'] });
  for (const n of ['editor', 'approver', 'filler', 'filler2', 'auditor', 'a1', 'a2', 'fa', 'fa2']) u[n] = await viewerByUsername(t.db, n);
  const form = await getFillForm(t.db, u.filler!, 'XZCF');
  version = form.version;
  headers = Object.fromEntries(importColumns(form.definition).map((c) => [c.key, c.header]));
  await publishFlowVersion(t.db, 'cs-flow', chain(approval('cs', 'all', users('a1', 'a2'))));
  await publishFlowVersion(t.db, 'fa-only', chain(approval('s1', 'single', users('fa'))));
});
afterAll(async () => {
  await t?.close();
});

describe('import goes through the bound flow', () => {
  it('with XZCF bound to a countersign flow, every imported record gets its instance and record.decide is refused; one audit row', async () => {
    await bind('cs-flow');
    const auditBefore = await countOf(auditLog);
    const report = await importRecords(t.db, actorOf(u.filler!), u.filler!, { itemCode: 'XZCF', fileName: 'cs.csv', bytes: csv(25, '会签'), mode: 'commit-all' });
    expect(report).toMatchObject({ committed: true, inserted: 25 });
    const rows = await t.db.select().from(record).where(inArray(record.subjectName, Array.from({ length: 25 }, (_, i) => `会签公司${i}`)));
    expect(rows).toHaveLength(25);
    expect(rows.every((r) => r.status === 'submitted' && r.flowInstanceId)).toBe(true);
    const instances = await t.db.select().from(flowInstance).where(inArray(flowInstance.id, rows.map((r) => r.flowInstanceId!)));
    expect(instances).toHaveLength(25);
    expect(new Set(instances.map((i) => i.subjectId))).toEqual(new Set(rows.map((r) => r.id)));
    const tasks = await t.db.select().from(flowTask).where(eq(flowTask.instanceId, rows[0]!.flowInstanceId!));
    expect(tasks.map((x) => x.assigneeId).sort()).toEqual([u.a1!.id, u.a2!.id].sort());
    // The approver can no longer accept them alone in the built-in step.
    expect((await refusal(as('approver').record.decide({ id: rows[0]!.id, decision: 'accept' }))).code).toBe('CONFLICT');
    // One user action, one audit row, carrying the instances' hash.
    const audits = await t.db.select().from(auditLog).orderBy(asc(auditLog.seq));
    expect(audits.length - auditBefore).toBe(1);
    expect(audits.at(-1)!.action).toBe('record.import');
    expect(audits.at(-1)!.after).toMatchObject({ inserted: 25, flow: { code: 'cs-flow', instances: 25 } });
    expect((await verifyChain(t.db)).ok).toBe(true);
    // Both countersigners approve: the record is accepted through its flow.
    for (const n of ['a1', 'a2']) {
      const [task] = await t.db.select().from(flowTask).where(and(eq(flowTask.instanceId, rows[0]!.flowInstanceId!), eq(flowTask.assigneeId, u[n]!.id)));
      await as(n).flow.approve({ taskId: task!.id });
    }
    const [accepted] = await t.db.select().from(record).where(eq(record.id, rows[0]!.id));
    expect(accepted!.status).toBe('accepted');
  });

  it('an import the bound flow cannot take (no one may decide) writes nothing at all', async () => {
    await unbind();
    await bind('fa-only');
    const before = { records: await countOf(record), instances: await countOf(flowInstance), audit: await countOf(auditLog) };
    // fa imports: fa is the only assignee, and nobody approves their own import.
    const err = await importRecords(t.db, actorOf(u.fa!), u.fa!, { itemCode: 'XZCF', fileName: 'fa.csv', bytes: csv(3, '无人'), mode: 'commit-all' }).catch((e) => e);
    expect(err).toMatchObject({ code: 'CONFLICT', key: 'flowEngine.errors.noAssignee' });
    expect({ records: await countOf(record), instances: await countOf(flowInstance), audit: await countOf(auditLog) }).toEqual(before);
    await unbind();
  });

  it('without a binding imported records open the built-in step, which their importer may not decide', async () => {
    const report = await importRecords(t.db, actorOf(u.fa!), u.fa!, { itemCode: 'XZCF', fileName: 'b.csv', bytes: csv(2, '内置'), mode: 'commit-all' });
    expect(report.inserted).toBe(2);
    const [row] = await t.db.select().from(record).where(eq(record.subjectName, '内置公司0'));
    expect(row).toMatchObject({ status: 'submitted', flowInstanceId: null, contributorIds: [u.fa!.id] });
    expect((await refusal(as('fa').record.decide({ id: row!.id, decision: 'accept' }))).code).toBe('FORBIDDEN');
    await as('approver').record.decide({ id: row!.id, decision: 'accept' });
  });
});

describe('four eyes by editing', () => {
  it('who rewrote someone else’s draft may not decide it, in the built-in step or the flow; the record page names them', async () => {
    const draft = await as('filler').record.saveDraft(input('4e'));
    const rewritten = await as('fa').record.saveDraft({ ...input('4e', { CF_NR_FK: 99 }), id: draft.id, revision: draft.revision });
    const submitted = await as('filler').record.submit({ ...input('4e', { CF_NR_FK: 99 }), id: draft.id, revision: rewritten.revision });
    expect(submitted.contributorIds.sort()).toEqual([u.filler!.id, u.fa!.id].sort());
    const err = await refusal(as('fa').record.decide({ id: draft.id, decision: 'accept' }));
    expect(err.code).toBe('FORBIDDEN');
    expect(err.cause?.message).toContain('trustGate.errors.contributorDecides');
    const page = await as('approver').record.byId({ id: draft.id });
    expect(page.contributors.map((c) => c.name)).toEqual(['市场监管局填报员', '兼任审批的填报员']);
    await as('approver').record.decide({ id: draft.id, decision: 'accept' });
    // The approver role reaches every department for reading, not for writing another's drafts.
    const foreign = await as('filler').record.saveDraft(input('4g'));
    expect((await refusal(as('fa2').record.saveDraft({ ...input('4g'), id: foreign.id, revision: foreign.revision }))).code).toBe('NOT_FOUND');

    // With a flow bound to every approver, the editing approver gets no task.
    await publishFlowVersion(t.db, 'all-approvers', chain(approval('s1', 'any', { kind: 'role', role: 'approver' })));
    await bind('all-approvers');
    const d2 = await as('filler').record.saveDraft(input('4f'));
    const r2 = await as('fa').record.saveDraft({ ...input('4f'), id: d2.id, revision: d2.revision });
    const s2 = await as('filler').record.submit({ ...input('4f'), id: d2.id, revision: r2.revision });
    const assignees = (await t.db.select().from(flowTask).where(eq(flowTask.instanceId, s2.flowInstanceId!))).map((x) => x.assigneeId);
    expect(assignees).toContain(u.approver!.id);
    expect(assignees).not.toContain(u.fa!.id);
    await unbind();
  });
});

describe('a record keeps its catalog item', () => {
  it('saveDraft and submit with an existing id and another catalogCode are refused and change nothing', async () => {
    const draft = await as('filler').record.saveDraft(input('cat'));
    const xzxk = await as('filler').record.form({ code: 'XZXK' });
    const other = { catalogCode: 'XZXK', catalogVersion: xzxk.version, subjectType: '法人及非法人组织', subjectCode: GOOD, subjectName: '换目录', data: { anything: 'x' }, id: draft.id, revision: draft.revision };
    const e1 = await refusal(as('filler').record.saveDraft(other));
    expect(e1.code).toBe('CONFLICT');
    expect(e1.cause?.message).toContain('trustGate.errors.catalogFixed');
    expect((await refusal(as('filler').record.submit(other))).code).toBe('CONFLICT');
    const [row] = await t.db.select().from(record).where(eq(record.id, draft.id));
    expect(row).toMatchObject({ catalogCode: 'XZCF', catalogVersion: version, subjectName: '某某建材有限公司cat', revision: draft.revision, status: 'draft' });
    // Another version number of the same item is refused too.
    expect((await refusal(as('filler').record.saveDraft({ ...input('cat'), catalogVersion: version + 5, id: draft.id, revision: draft.revision }))).code).toBe('CONFLICT');
  });
});

describe('one transaction, one audit row, idempotent', () => {
  it('a submit with a bound flow writes one audit row; a submit the flow cannot take leaves no orphan draft', async () => {
    await bind('cs-flow');
    const before = await countOf(auditLog);
    const row = await as('filler').record.submit(input('one'));
    expect(row.flowInstanceId).toBeTruthy();
    const added = await t.db.select().from(auditLog).orderBy(asc(auditLog.seq)).offset(before);
    expect(added.map((a) => a.action)).toEqual(['record.submit']);
    expect(added[0]!.after).toMatchObject({ created: true, flow: { id: row.flowInstanceId, events: expect.arrayContaining([expect.objectContaining({ type: 'instance.started' })]) } });
    await unbind();

    await bind('fa-only');
    const records = await countOf(record);
    const audit = await countOf(auditLog);
    expect((await refusal(as('fa').record.submit(input('orphan')))).code).toBe('CONFLICT');
    expect(await countOf(record)).toBe(records);
    expect(await countOf(auditLog)).toBe(audit);
    await unbind();
  });

  it('the same key returns the first result and writes nothing new; another request with it is refused; a failed attempt can be retried', async () => {
    const key = 'form-session-0001';
    const first = await as('filler').record.submit({ ...input('idem'), idempotencyKey: key });
    const records = await countOf(record);
    const audit = await countOf(auditLog);
    const again = await as('filler').record.submit({ ...input('idem'), idempotencyKey: key });
    expect(again.id).toBe(first.id);
    expect(again.submittedAt).toEqual(first.submittedAt);
    expect(await countOf(record)).toBe(records);
    expect(await countOf(auditLog)).toBe(audit);
    const other = await refusal(as('filler').record.submit({ ...input('idem-other'), idempotencyKey: key }));
    expect(other.code).toBe('CONFLICT');
    // Keys are per caller: another filler's same key is theirs.
    const mine = await as('fa').record.submit({ ...input('idem'), idempotencyKey: key });
    expect(mine.id).not.toBe(first.id);
    // A refused submit stored nothing under its key: fixed, it goes through with the same key.
    const retryKey = 'form-session-0002';
    expect((await refusal(as('filler').record.submit({ ...input('retry'), subjectCode: '12440300MB2C92173A', idempotencyKey: retryKey }))).code).toBe('UNPROCESSABLE_CONTENT');
    const fixed = await as('filler').record.submit({ ...input('retry'), idempotencyKey: retryKey });
    expect(fixed.status).toBe('submitted');
  });

  it('two concurrent submits with the same key make one record (PostgreSQL)', async (ctx) => {
    if (t.kind !== 'postgres') return ctx.skip();
    const [c1, c2] = [await t.connectAgain(2), await t.connectAgain(2)];
    for (let trial = 0; trial < 5; trial++) {
      const key = `concurrent-key-${trial}`;
      const name = `并发${trial}`;
      const call = (db: typeof t.db) => submitRecord(db, actorOf(u.filler!), u.filler!, { ...input(name), idempotencyKey: key });
      const [r1, r2] = await Promise.all([call(c1.db), call(c2.db)]);
      expect(r1.id).toBe(r2.id);
      expect(await t.db.select().from(record).where(eq(record.subjectName, `某某建材有限公司${name}`))).toHaveLength(1);
    }
    expect((await verifyChain(t.db)).ok).toBe(true);
  });
});

describe('the explicit re-pin (last: it publishes a new XZCF version)', () => {
  it('a draft on a superseded version moves to the current one only when asked', async () => {
    const draft = await as('filler').record.saveDraft(input('pin'));
    const next = await as('editor').register.startDraft({ kindCode: 'info-catalog', code: 'XZCF' });
    const cr = await as('editor').register.submit({ versionId: next.versionId, revision: next.revision, effectiveDate: todayCN(), reason: '测试新版本' });
    await as('approver').approval.decide({ id: cr.id, decision: 'approve' });
    const current = (await as('filler').record.form({ code: 'XZCF' })).version;
    expect(current).toBe(version + 1);
    const old = await refusal(as('filler').record.saveDraft({ ...input('pin'), id: draft.id, revision: draft.revision }));
    expect(old.code).toBe('CONFLICT');
    expect((await refusal(as('filler').record.saveDraft({ ...input('pin'), catalogVersion: current, id: draft.id, revision: draft.revision }))).code).toBe('CONFLICT');
    const moved = await as('filler').record.saveDraft({ ...input('pin'), catalogVersion: current, id: draft.id, revision: draft.revision, repin: true });
    expect(moved.catalogVersion).toBe(current);
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'record.save_draft'), eq(auditLog.objectId, draft.id)));
    expect(audit!.after).toMatchObject({ repinnedFrom: version });
  });
});
