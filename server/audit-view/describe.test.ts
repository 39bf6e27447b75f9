/** The audit page in names (issue 18): people, departments, objects and register changes in words. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, refusal, viewerByUsername } from '../testing/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { seedDemo } from '../seed';
import { auditLog } from '../db/schema';

let t: TestDatabase;
const createCaller = createCallerFactory(appRouter);
const as = async (name: string) => createCaller(contextFor(t.db, await viewerByUsername(t.db, name)));

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
});
afterAll(async () => {
  await t?.close();
});

describe('audit rows described by name', () => {
  it('names the actor, the department and the entry, and says what changed in the registers’ words', async () => {
    const editor = await as('editor');
    const created = await editor.register.create({ kindCode: 'sanction-measure', code: 'SM-777', content: { text: '限制参与政府采购活动', type: '行政性', targetSubjects: ['法人及非法人组织'], legalBasis: [{ name: '《中华人民共和国政府采购法》', article: '第二十二条' }], departments: ['CZJ'], repairable: true } });
    expect(created.versionId).toBeTruthy();
    const [row] = await t.db.select().from(auditLog).where(eq(auditLog.objectId, 'sanction-measure/SM-777'));
    const [d] = await (await as('auditor')).auditView.describe({ ids: [row!.id] });
    expect(d).toMatchObject({ actor: '信用办编辑', department: { 'zh-CN': '市信用办' }, object: { title: { 'zh-CN': '限制参与政府采购活动' }, kind: { 'zh-CN': '失信惩戒措施清单' } } });
    const text = d!.changes!.map((c) => c['zh-CN']).join('\n');
    expect(text).toContain('《中华人民共和国政府采购法》第二十二条');
    expect(text).not.toContain('content.');
    // Departments by name, in the audit log and on the entry page's diff alike.
    expect(text).toContain('市财政局');
    expect(text).not.toContain('CZJ');
    const pageDiff = (await editor.register.diffVersions({ kindCode: 'sanction-measure', code: 'SM-777', from: 0, to: 1 })).map((c) => c.text['zh-CN']).join('\n');
    expect(pageDiff).toContain('市财政局');
  });

  it('describes register kinds (the meta kind) and users too; offers filters by name', async () => {
    const rows = await t.db.select().from(auditLog).orderBy(asc(auditLog.seq)).limit(40);
    const described = await (await as('auditor')).auditView.describe({ ids: rows.map((r) => r.id) });
    const kindRow = described.find((d) => d.object?.title['zh-CN'] === '失信惩戒措施清单');
    expect(kindRow?.changes?.length).toBeGreaterThan(0);
    const userRow = described.find((d) => d.object?.title['zh-CN'] === '审计员');
    expect(userRow).toBeDefined();
    const choices = await (await as('auditor')).auditView.choices();
    expect(choices.people.find((p) => p.username === 'filler')).toMatchObject({ name: '市场监管局填报员', department: { 'zh-CN': '市市场监管局' } });
    expect(choices.registers.map((r) => r.name['zh-CN'])).toContain('失信惩戒措施清单');
    expect(choices.actions).toContain('entry.seed');
  });

  it('is for auditors and admins only', async () => {
    expect((await refusal((await as('filler')).auditView.describe({ ids: [1] }))).code).toBe('FORBIDDEN');
    expect((await refusal((await as('editor')).auditView.choices())).code).toBe('FORBIDDEN');
  });
});
