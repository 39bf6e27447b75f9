/**
 * One inbox per user (issue 18): everything waiting for a person — flow tasks and the built-in
 * decisions (records to accept, register changes, list cases) — with counts, titles in names not
 * codes, never offered to someone four eyes keep from deciding; and the people who started
 * something are told its outcome (in-app; e-mail/SMS channels off by default).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, isNull } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, viewerByUsername } from '../testing/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { seedDemo } from '../seed';
import { notification } from '../db/schema';
import type { Viewer } from '../auth/viewer';
import { approval, chain } from '../../catalog/flows/fixtures';
import { publishFlowVersion } from '../flows/testing';
import { enabledChannels, type OutgoingMessage } from '../notifications/channels';
import { deliverNotifications } from '../notifications/service';

let t: TestDatabase;
const u: Record<string, Viewer> = {};
const createCaller = createCallerFactory(appRouter);
const as = (name: string) => createCaller(contextFor(t.db, u[name]!));
const list = (name: string) => ({ name, legalBasis: [{ name: '国办发〔2020〕49号文' }] });

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  for (const n of ['editor', 'approver', 'filler', 'filler2', 'auditor']) u[n] = await viewerByUsername(t.db, n);
  await publishFlowVersion(t.db, 'inbox-flow', chain(approval('s1', 'single', { kind: 'role', role: 'approver' })));
});
afterAll(async () => {
  await t?.close();
});

async function submitPenalty(filler: string, name: string) {
  const c = as(filler);
  const form = await c.record.form({ code: 'XZCF' });
  return c.record.submit({
    catalogCode: 'XZCF',
    catalogVersion: form.version,
    subjectType: '法人及非法人组织',
    subjectCode: '12440300MB2C92173E',
    subjectName: name,
    data: { CF_XDR_MC: name, CF_XDR_LB: '法人及非法人组织', CF_WSH: '汴市监罚〔2024〕12号', CF_CFLB: '罚款', CF_JDRQ: '2024-09-27', CF_NR_FK: 1.5 },
  });
}

describe('one inbox', () => {
  it('shows an approver a record waiting for the built-in acceptance, named by subject and catalog item, with counts; not to its filler', async () => {
    const rec = await submitPenalty('filler', '开封鼎盛建材有限公司');
    const inbox = await as('approver').inbox.list();
    const item = inbox.items.find((i) => i.key === `record:${rec.id}`);
    expect(item).toMatchObject({ kind: 'record-acceptance', group: 'decide', href: `/records/${rec.id}`, code: 'XZCF', overdue: true });
    expect(item!.title['zh-CN']).toBe('开封鼎盛建材有限公司 · 行政处罚信息');
    expect(inbox.counts.byKind['record-acceptance']).toBeGreaterThanOrEqual(1);
    const counts = await as('approver').inbox.counts();
    expect(counts.total).toBe(inbox.counts.total);
    expect(counts.byKind).toEqual(inbox.counts.byKind);
    // The filler who wrote it has nothing to decide, but sees the overdue 双公示 deadline.
    const mine = await as('filler').inbox.list();
    expect(mine.items.some((i) => i.kind === 'record-acceptance')).toBe(false);
    expect(mine.items.find((i) => i.key === `overdue:${rec.id}`)).toMatchObject({ kind: 'record-overdue', group: 'deadline' });
    // Another department's filler sees neither.
    expect((await as('filler2').inbox.list()).items.some((i) => i.key.endsWith(rec.id))).toBe(false);
  });

  it('the filler is told their record was accepted, by the approver’s name; the item leaves the approver’s inbox', async () => {
    const rec = await submitPenalty('filler', '开封恒通物流有限公司');
    await as('approver').record.decide({ id: rec.id, decision: 'accept' });
    expect((await as('approver').inbox.list()).items.some((i) => i.key === `record:${rec.id}`)).toBe(false);
    const notes = await as('filler').inbox.notifications();
    const n = notes.items.find((x) => x.href === `/records/${rec.id}`);
    expect(n).toMatchObject({ outcome: 'accepted', actorName: '信用办审批人', subjectType: 'record' });
    expect(n!.title!['zh-CN']).toContain('开封恒通物流有限公司');
    expect(notes.unread).toBeGreaterThanOrEqual(1);
    await as('filler').inbox.markRead({});
    expect((await as('filler').inbox.notifications()).unread).toBe(0);
    expect((await as('filler').inbox.counts()).unread).toBe(0);
  });

  it('a register change: the approver sees it by the register’s and entry’s names, the editor does not; the editor is told it was approved, or returned', async () => {
    const created = await as('editor').register.create({ kindCode: 'credit-list', code: 'CL-950', content: list('重点关注名单（测试）') });
    const cr = await as('editor').register.submit({ versionId: created.versionId, revision: created.revision, effectiveDate: '2024-01-01' });
    const item = (await as('approver').inbox.list()).items.find((i) => i.key === `cr:${cr.id}`);
    expect(item).toMatchObject({ kind: 'change-request', code: 'CL-950 v1', href: '/approvals' });
    expect(item!.title['zh-CN']).toBe('信用名单 · 重点关注名单（测试）');
    expect((await as('editor').inbox.list()).items.some((i) => i.key === `cr:${cr.id}`)).toBe(false);
    await as('approver').approval.decide({ id: cr.id, decision: 'approve' });
    const approved = (await as('editor').inbox.notifications()).items.find((n) => n.code === 'CL-950 v1');
    expect(approved).toMatchObject({ outcome: 'approved', href: '/registers/credit-list/CL-950' });

    const again = await as('editor').register.startDraft({ kindCode: 'credit-list', code: 'CL-950', content: list('重点关注名单（改）') });
    const cr2 = await as('editor').register.submit({ versionId: again.versionId, revision: again.revision, effectiveDate: '2024-02-01' });
    await as('approver').approval.decide({ id: cr2.id, decision: 'reject', comment: '名称与国家名单不一致' });
    const returned = (await as('editor').inbox.notifications()).items.find((n) => n.code === 'CL-950 v2');
    expect(returned).toMatchObject({ outcome: 'rejected', comment: '名称与国家名单不一致' });
  });

  it('a flow task shows in the inbox under the subject’s name (not a code path); a return to the initiator tells them and waits in their inbox', async () => {
    await as('editor').flow.setBinding({ trigger: 'register-change', scopeType: 'register-kind', scopeValue: 'credit-list', flowCode: 'inbox-flow' });
    const created = await as('editor').register.create({ kindCode: 'credit-list', code: 'CL-951', content: list('流程测试名单') });
    const cr = await as('editor').register.submit({ versionId: created.versionId, revision: created.revision, effectiveDate: '2024-01-01' });
    const inbox = await as('approver').inbox.list();
    const task = inbox.items.find((i) => i.kind === 'flow-task' && i.code === 'CL-951 v1');
    expect(task).toBeDefined();
    expect(task!.title['zh-CN']).toBe('信用名单 · 流程测试名单');
    expect(task!.step?.['zh-CN']).toBe('审批 s1');
    expect(inbox.counts.byKind['flow-task']).toBeGreaterThanOrEqual(1);
    // The built-in card does not also show it: the flow decides.
    expect(inbox.items.some((i) => i.key === `cr:${cr.id}`)).toBe(false);
    await as('approver').flow.return({ taskId: task!.taskId!, target: 'initiator', comment: '请补充依据' });
    const notes = await as('editor').inbox.notifications();
    expect(notes.items.find((n) => n.code === 'CL-951 v1')).toMatchObject({ outcome: 'returned', comment: '请补充依据' });
    expect((await as('editor').inbox.list()).items.find((i) => i.kind === 'flow-resubmit' && i.code === 'CL-951 v1')).toBeDefined();
    for (const b of await as('editor').flow.bindings()) if (b.flowCode === 'inbox-flow') await as('editor').flow.removeBinding({ id: b.id });
  });

  it('an auditor has an inbox with nothing to decide', async () => {
    const inbox = await as('auditor').inbox.list();
    expect(inbox.items).toEqual([]);
  });
});

describe('e-mail and SMS channels', () => {
  it('are off by default; unknown names are ignored; a log transport is available', () => {
    expect(enabledChannels({})).toEqual([]);
    expect(enabledChannels({ NOTIFY_CHANNELS: 'fax' })).toEqual([]);
    expect(enabledChannels({ NOTIFY_CHANNELS: 'email,sms' }).map((c) => c.name)).toEqual(['email', 'sms']);
    expect(enabledChannels({ NOTIFY_CHANNELS: 'email', NOTIFY_EMAIL_TRANSPORT: 'pigeon' })).toEqual([]);
  });

  it('deliver each notice once through every switched-on channel, with the subject’s name', async () => {
    expect(await deliverNotifications(t.db, [])).toBe(0);
    const sent: OutgoingMessage[] = [];
    const channel = { name: 'email', send: async (m: OutgoingMessage) => void sent.push(m) };
    const pending = await t.db.select().from(notification).where(isNull(notification.deliveredAt));
    expect(pending.length).toBeGreaterThan(0);
    let total = 0;
    for (let n = await deliverNotifications(t.db, [channel]); n > 0; n = await deliverNotifications(t.db, [channel])) total += n;
    expect(total).toBe(pending.length);
    expect(sent).toHaveLength(pending.length);
    expect(sent.some((m) => m.subject.includes('开封恒通物流有限公司') && m.subject.includes('已受理'))).toBe(true);
    expect(await deliverNotifications(t.db, [channel])).toBe(0);
    const [one] = await t.db.select().from(notification).where(eq(notification.id, pending[0]!.id));
    expect(one!.deliveredAt).not.toBeNull();
  });
});

describe('部门管理', () => {
  it('counts each department’s people', async () => {
    const admin = await viewerByUsername(t.db, 'admin');
    const rows = await createCaller(contextFor(t.db, admin)).department.list({ includeArchived: true });
    expect(rows.find((d) => d.code === 'SCJG')!.members).toBe(1);
    expect(rows.find((d) => d.code === 'XYB')!.members).toBeGreaterThanOrEqual(4);
  });
});

describe('the masking notice', () => {
  it('shows only when something was masked: not for a company’s penalty without personal data, yes for a person', async () => {
    const company = await submitPenalty('filler', '开封润泽商贸有限公司');
    expect((await as('auditor').record.byId({ id: company.id })).masked).toBe(false);
    const c = as('filler');
    const form = await c.record.form({ code: 'XZCF' });
    const person = await c.record.submit({
      catalogCode: 'XZCF',
      catalogVersion: form.version,
      subjectType: '自然人',
      subjectCode: '360426199101010071',
      subjectName: '张三',
      data: { CF_XDR_MC: '张三', CF_XDR_LB: '自然人', CF_WSH: '汴市监罚〔2024〕13号', CF_CFLB: '罚款', CF_JDRQ: '2024-09-27', CF_NR_FK: 0.1 },
    });
    const seen = await as('auditor').record.byId({ id: person.id });
    expect(seen.masked).toBe(true);
    expect(seen.record.subjectCode).toBe('3604**********0071');
  });
});
