import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, viewerByUsername, refusal } from '../testing/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { ensureUser, seedDemo } from '../seed';
import { auditLog, entry, entryVersion } from '../db/schema';
import { listKinds } from './kinds';
import { validateContent, saveDraft } from './service';
import { actorOf, type Viewer } from '../auth/viewer';
import { addDays, todayCN } from './dates';
import { verifyChain } from '../audit/verify';
import { rowsOf } from '../db';

let t: TestDatabase;
let editor: Viewer;
let editor2: Viewer;
let approver: Viewer;
let filler: Viewer;
const createCaller = createCallerFactory(appRouter);
const today = todayCN();
const yesterday = addDays(today, -1);

const measure = (extra: Record<string, unknown> = {}) => ({
  text: '限制参与政府采购活动',
  type: '行政性',
  targetSubjects: ['法人及非法人组织'],
  list: { kind: 'credit-list', code: 'CL-001' },
  legalBasis: [{ name: '中华人民共和国政府采购法', number: '', article: '第二十二条' }],
  departments: ['CZJ'],
  duration: '3年',
  repairable: true,
  ...extra,
});


beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  await ensureUser(t.db, { username: 'editor2', name: '第二编辑', password: 'Editor2@2026', departmentCode: 'XYB', roles: ['editor'] });
  editor = await viewerByUsername(t.db, 'editor');
  editor2 = await viewerByUsername(t.db, 'editor2');
  approver = await viewerByUsername(t.db, 'approver');
  filler = await viewerByUsername(t.db, 'filler');
});
afterAll(async () => {
  await t.close();
});

describe('registers as governed data', () => {
  it('seeds the built-in kinds as data, and every seeded entry is valid against its kind', async () => {
    const kinds = await listKinds(t.db);
    expect(kinds.map((k) => k.code)).toEqual(['info-catalog', 'commitment-item', 'sanction-measure', 'credit-list', 'grading-model', 'approval-flow', 'disclosure-rule']);
    const rows = await t.db.select({ kindCode: entryVersion.kindCode, content: entryVersion.content }).from(entryVersion);
    for (const r of rows) {
      const kind = r.kindCode === 'register-kind' ? (await import('./kinds')).findKind(t.db, 'register-kind') : Promise.resolve(kinds.find((k) => k.code === r.kindCode)!);
      expect(validateContent((await kind)!, r.content), `${r.kindCode}`).toEqual([]);
    }
  });

  it('refuses a sanction measure without legal basis with a message saying so, saving nothing', async () => {
    const zh = createCaller(contextFor(t.db, editor, 'zh-CN'));
    const err = await refusal(zh.register.create({ kindCode: 'sanction-measure', code: 'SM-001', content: measure({ legalBasis: [] }) }));
    expect(err.code).toBe('UNPROCESSABLE_CONTENT');
    expect(err.cause?.message).toContain('registers.errors.invalidContent');
    const missing = await refusal(zh.register.create({ kindCode: 'sanction-measure', code: 'SM-001', content: (({ legalBasis: _l, ...rest }) => rest)(measure()) }));
    expect(missing.code).toBe('UNPROCESSABLE_CONTENT');
    const kinds = await listKinds(t.db);
    const issues = validateContent(kinds.find((k) => k.code === 'sanction-measure')!, measure({ legalBasis: [] }));
    expect(issues).toEqual([expect.objectContaining({ path: 'legalBasis', message: expect.objectContaining({ 'zh-CN': expect.stringContaining('惩戒措施必须有法律依据'), en: expect.stringContaining('needs a legal basis') }) })]);
    expect(await t.db.select().from(entry).where(eq(entry.code, 'SM-001'))).toHaveLength(0);
  });

  it('refuses field errors against the kind schema and a bad code', async () => {
    const caller = createCaller(contextFor(t.db, editor));
    expect((await refusal(caller.register.create({ kindCode: 'sanction-measure', code: 'SM-002', content: measure({ type: '随便', extra: 1 }) }))).code).toBe('UNPROCESSABLE_CONTENT');
    expect((await refusal(caller.register.create({ kindCode: 'sanction-measure', code: 'bad code', content: measure() }))).code).toBe('BAD_REQUEST');
  });

  it('walks the lifecycle: draft → review → published as of the effective date; the author cannot approve', async () => {
    const ed = createCaller(contextFor(t.db, editor));
    const created = await ed.register.create({ kindCode: 'sanction-measure', code: 'SM-001', content: measure() });
    const cr = await ed.register.submit({ versionId: created.versionId, revision: created.revision, effectiveDate: today });
    // a filler and the author cannot approve
    expect((await refusal(createCaller(contextFor(t.db, filler)).approval.decide({ id: cr.id, decision: 'approve' }))).code).toBe('FORBIDDEN');
    const selfApprover = await viewerByUsername(t.db, 'approver');
    const ap = createCaller(contextFor(t.db, selfApprover));
    const inbox = await ap.approval.inbox();
    expect(inbox.map((r) => r.code)).toContain('SM-001');
    await ap.approval.decide({ id: cr.id, decision: 'approve', comment: '同意' });
    expect((await refusal(ap.approval.decide({ id: cr.id, decision: 'approve' }))).code).toBe('CONFLICT');

    const asToday = await ed.register.list({ kindCode: 'sanction-measure', asOf: today, page: 1, pageSize: 20 });
    expect(asToday.rows.map((r) => r.code)).toEqual(['SM-001']);
    const asYesterday = await ed.register.list({ kindCode: 'sanction-measure', asOf: yesterday, page: 1, pageSize: 20 });
    expect(asYesterday.rows).toHaveLength(0);
    const [pub] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'entry.publish'), eq(auditLog.objectId, 'sanction-measure/SM-001')));
    expect(pub?.actorName).toBe('approver');
  });

  it('an approver cannot approve a change they submitted themselves', async () => {
    const both = await ensureUser(t.db, { username: 'both', name: '编辑兼审批', password: 'Both@20261', departmentCode: 'XYB', roles: ['editor', 'approver'] });
    const v = await viewerByUsername(t.db, 'both');
    expect(v.id).toBe(both);
    const c = createCaller(contextFor(t.db, v));
    const created = await c.register.create({ kindCode: 'credit-list', code: 'CL-900', content: { name: '测试名单', legalBasis: [{ name: '某条例' }] } });
    const cr = await c.register.submit({ versionId: created.versionId, revision: created.revision, effectiveDate: today });
    expect((await refusal(c.approval.decide({ id: cr.id, decision: 'approve' }))).code).toBe('FORBIDDEN');
    await createCaller(contextFor(t.db, approver)).approval.decide({ id: cr.id, decision: 'reject', comment: '依据不足' });
  });

  it('published versions are immutable; a change is a new draft; stale saves get CONFLICT with both versions', async () => {
    const ed = createCaller(contextFor(t.db, editor));
    const entryView = await ed.register.entry({ kindCode: 'sanction-measure', code: 'SM-001' });
    const published = entryView.versions[0]!;
    expect((await refusal(ed.register.saveDraft({ versionId: published.id, revision: published.revision, content: measure({ duration: '5年' }) }))).code).toBe('CONFLICT');
    const draft = await ed.register.startDraft({ kindCode: 'sanction-measure', code: 'SM-001' });
    expect(draft.version).toBe(2);
    expect((await refusal(ed.register.startDraft({ kindCode: 'sanction-measure', code: 'SM-001' }))).code).toBe('CONFLICT');
    const saved = await ed.register.saveDraft({ versionId: draft.versionId, revision: draft.revision, content: measure({ duration: '5年' }) });
    const stale = await refusal(createCaller(contextFor(t.db, editor2)).register.saveDraft({ versionId: draft.versionId, revision: draft.revision, content: measure({ duration: '1年' }) }));
    expect(stale.code).toBe('CONFLICT');
    expect((stale.cause as unknown as { current: { content: { duration: string }; revision: number } }).current).toMatchObject({ revision: saved.revision, content: { duration: '5年' } });
  });

  it('two editors saving the same draft at once: exactly one wins', async () => {
    const ed = createCaller(contextFor(t.db, editor));
    const view = await ed.register.entry({ kindCode: 'sanction-measure', code: 'SM-001' });
    const draft = view.versions.find((v) => v.status === 'draft')!;
    const other = t.kind === 'postgres' ? (await t.connectAgain(4)).db : t.db;
    const results = await Promise.allSettled([
      saveDraft(t.db, actorOf(editor), { versionId: draft.id, revision: draft.revision, content: measure({ duration: '2年' }) }),
      saveDraft(other, actorOf(editor2), { versionId: draft.id, revision: draft.revision, content: measure({ duration: '4年' }) }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as { code: string }).code).toBe('CONFLICT');
  });

  it('diffs two versions in plain words, and two dates of the register', async () => {
    const ed = createCaller(contextFor(t.db, editor));
    const view = await ed.register.entry({ kindCode: 'sanction-measure', code: 'SM-001' });
    const draft = view.versions.find((v) => v.status === 'draft')!;
    await ed.register.saveDraft({
      versionId: draft.id,
      revision: draft.revision,
      content: measure({ duration: '5年', legalBasis: [...(measure().legalBasis as object[]), { name: '国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见', number: '国发〔2016〕33号', article: '第十七条' }] }),
    });
    const changes = await ed.register.diffVersions({ kindCode: 'sanction-measure', code: 'SM-001', from: 1, to: 2 });
    const zh = changes.map((c) => c.text['zh-CN']);
    expect(zh.some((s) => s.startsWith('「法律依据」新增《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》') && s.includes('第十七条'))).toBe(true);
    expect(zh.some((s) => s.includes('「实施期限」') && s.includes('5年'))).toBe(true);
    const reg = await ed.register.diffDates({ kindCode: 'sanction-measure', from: yesterday, to: today });
    expect(reg).toEqual([expect.objectContaining({ code: 'SM-001', op: 'added' })]);
  });

  it('impact analysis: changing or retiring a referenced entry shows its dependents and requires a reason', async () => {
    const ed = createCaller(contextFor(t.db, editor));
    const impact = await ed.register.impact({ kindCode: 'credit-list', code: 'CL-001' });
    expect(impact.map((i) => `${i.kindCode}/${i.code}`)).toContain('sanction-measure/SM-001');
    const draft = await ed.register.startDraft({ kindCode: 'credit-list', code: 'CL-001' });
    const view = await ed.register.entry({ kindCode: 'credit-list', code: 'CL-001' });
    const content = { ...view.versions[0]!.content, removalConditions: '修改后的移出条件' };
    const saved = await ed.register.saveDraft({ versionId: draft.versionId, revision: draft.revision, content });
    const noReason = await refusal(ed.register.submit({ versionId: draft.versionId, revision: saved.revision, effectiveDate: today }));
    expect(noReason.code).toBe('BAD_REQUEST');
    await ed.register.submit({ versionId: draft.versionId, revision: saved.revision, effectiveDate: today, reason: '按新规调整' });
    expect((await refusal(ed.register.requestRetire({ kindCode: 'commitment-item', code: 'CN-GH-001', effectiveDate: today, reason: '' }))).code).toBe('BAD_REQUEST');
  });

  it('retires an entry from a date after approval; as-of reads before that date still see it', async () => {
    const ed = createCaller(contextFor(t.db, editor));
    const tomorrow = addDays(today, 1);
    const cr = await ed.register.requestRetire({ kindCode: 'commitment-item', code: 'CN-GH-001', effectiveDate: tomorrow, reason: '事项取消' });
    await createCaller(contextFor(t.db, approver)).approval.decide({ id: cr.id, decision: 'approve' });
    const codes = async (d: string) => (await ed.register.list({ kindCode: 'commitment-item', asOf: d, page: 1, pageSize: 50 })).rows.map((r) => r.code);
    expect(await codes(today)).toContain('CN-GH-001');
    expect(await codes(tomorrow)).not.toContain('CN-GH-001');
  });

  it('publishes a named edition and browses it frozen', async () => {
    const ed = createCaller(contextFor(t.db, editor));
    const e = await ed.register.createEdition({ kindCode: 'info-catalog', name: '2024年版', asOf: today });
    expect(e.entries).toBe(4);
    expect((await refusal(ed.register.createEdition({ kindCode: 'info-catalog', name: '2024年版', asOf: today }))).code).toBe('CONFLICT');
    const got = await ed.register.edition({ id: e.id });
    expect(got.items.map((i) => i.code)).toEqual(['SJJC', 'XYCN', 'XZCF', 'XZXK']);
  });

  it('a custom register kind defined by an editor becomes usable after approval, without a deploy', async () => {
    const ed = createCaller(contextFor(t.db, editor));
    const bad = await refusal(
      ed.register.create({ kindCode: 'register-kind', code: 'honesty-incentives', content: { name: { 'zh-CN': '守信激励措施清单' }, schema: { type: 'object', properties: { x: { type: 'nonsense' } } }, ui: { order: ['x'], titleField: 'x', fields: {} } } }),
    );
    expect(bad.code).toBe('UNPROCESSABLE_CONTENT');
    const def = {
      name: { 'zh-CN': '守信激励措施清单', en: 'Honesty incentive measures' },
      codePattern: '^HI-[0-9]{3}$',
      schema: { type: 'object', properties: { text: { type: 'string', minLength: 2 }, department: { type: 'string' } }, required: ['text'], additionalProperties: false },
      ui: { order: ['text', 'department'], titleField: 'text', fields: { text: { label: { 'zh-CN': '措施内容', en: 'Measure' }, widget: 'textarea' }, department: { label: { 'zh-CN': '实施部门', en: 'Department' }, widget: 'text' } } },
    };
    const created = await ed.register.create({ kindCode: 'register-kind', code: 'honesty-incentives', content: def });
    const cr = await ed.register.submit({ versionId: created.versionId, revision: created.revision, effectiveDate: today });
    await createCaller(contextFor(t.db, approver)).approval.decide({ id: cr.id, decision: 'approve' });
    expect((await ed.register.kinds()).map((k) => k.code)).toContain('honesty-incentives');
    expect((await refusal(ed.register.create({ kindCode: 'honesty-incentives', code: 'HI-001', content: { text: '' } }))).code).toBe('UNPROCESSABLE_CONTENT');
    const item = await ed.register.create({ kindCode: 'honesty-incentives', code: 'HI-001', content: { text: '绿色通道', department: '市政务服务大数据局' } });
    expect(item.version).toBe(1);
  });

  it('a field shown only for some values of another must name a field of the kind and the values', async () => {
    const ed = createCaller(contextFor(t.db, editor));
    const def = (shownWhen: unknown) => ({
      name: { 'zh-CN': '条件字段测试' },
      schema: { type: 'object', properties: { kind: { type: 'string' }, extra: { type: 'string' } }, required: ['kind'] },
      ui: { order: ['kind', 'extra'], titleField: 'kind', fields: { kind: { label: { 'zh-CN': '类型' } }, extra: { label: { 'zh-CN': '补充' }, shownWhen } } },
    });
    for (const wrong of [{ field: 'nowhere', in: ['a'] }, { field: 'extra', in: ['a'] }, { field: 'kind', in: [] }, { field: 'kind' }, 'kind']) {
      const r = await refusal(ed.register.create({ kindCode: 'register-kind', code: 'conditional-test', content: def(wrong) }));
      expect(r.code, JSON.stringify(wrong)).toBe('UNPROCESSABLE_CONTENT');
      expect(r.message).toContain('显示条件');
    }
    expect((await ed.register.create({ kindCode: 'register-kind', code: 'conditional-test', content: def({ field: 'kind', in: ['甲'] }) })).version).toBe(1);
  });

  it('a grades field must take its grades from a field of the kind that references a grading model', async () => {
    const ed = createCaller(contextFor(t.db, editor));
    const def = (gradesOf: unknown, model: Record<string, unknown> = { widget: 'reference', refKind: 'grading-model' }) => ({
      name: { 'zh-CN': '等级字段测试' },
      schema: { type: 'object', properties: { title: { type: 'string' }, model: { type: 'object' }, grades: { type: 'array', items: { type: 'string' } } }, required: ['title'] },
      ui: { order: ['title', 'model', 'grades'], titleField: 'title', fields: { title: { label: { 'zh-CN': '名称' } }, model: { label: { 'zh-CN': '模型' }, ...model }, grades: { label: { 'zh-CN': '等级' }, widget: 'grades', gradesOf } } },
    });
    for (const [wrong, model] of [[undefined, undefined], ['nowhere', undefined], ['title', undefined], ['model', { widget: 'reference', refKind: 'info-catalog' }]] as const) {
      const r = await refusal(ed.register.create({ kindCode: 'register-kind', code: 'grades-test', content: def(wrong, model) }));
      expect(r.code, String(wrong)).toBe('UNPROCESSABLE_CONTENT');
      expect(r.message).toContain('评价模型');
    }
    expect((await ed.register.create({ kindCode: 'register-kind', code: 'grades-test', content: def('model') })).version).toBe(1);
  });

  it('counts the entries holding a value for a field, for the builder to warn before a field is removed; editors only', async () => {
    const ed = createCaller(contextFor(t.db, editor));
    const [{ n }] = rowsOf<{ n: string | number }>(await t.db.execute(sql`select count(*) as n from (select distinct on (entry_id) status from entry_version where kind_code = 'info-catalog' order by entry_id, version desc) v where status <> 'retired'`)) as [{ n: string | number }];
    expect(Number(n)).toBeGreaterThan(0);
    expect(await ed.register.fieldUsage({ kindCode: 'info-catalog', fields: ['name', 'nowhere'] })).toEqual({ name: Number(n), nowhere: 0 });
    const r = await refusal(createCaller(contextFor(t.db, filler)).register.fieldUsage({ kindCode: 'sanction-measure', fields: ['text'] }));
    expect(r.code).toBe('FORBIDDEN');
  });

  it('data items picked from another catalog item must name the field that picks it; an entry-code field names its kind', async () => {
    const ed = createCaller(contextFor(t.db, editor));
    const def = (item: Record<string, unknown>, field: Record<string, unknown>, column: Record<string, unknown> = { key: 'key', label: { 'zh-CN': '数据项' } }) => ({
      name: { 'zh-CN': '关联数据项测试' },
      schema: { type: 'object', properties: { title: { type: 'string' }, item: { type: 'string' }, field: { type: 'string' }, rows: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' } } } } }, required: ['title'] },
      ui: {
        order: ['title', 'item', 'field', 'rows'],
        titleField: 'title',
        fields: { title: { label: { 'zh-CN': '名称' } }, item: { label: { 'zh-CN': '目录事项' }, ...item }, field: { label: { 'zh-CN': '程度数据项' }, ...field }, rows: { label: { 'zh-CN': '分类' }, widget: 'rows', columns: [column] } },
      },
    });
    const good = { widget: 'entry-code', refKind: 'info-catalog' };
    const cases: [Record<string, unknown>, Record<string, unknown>, Record<string, unknown> | undefined, string][] = [
      [{ widget: 'entry-code' }, { widget: 'text' }, undefined, 'refKind'],
      [good, { widget: 'data-item', dataItemsOf: 'nowhere' }, undefined, '选择目录事项的字段'],
      [{ widget: 'entry-code', refKind: 'grading-model' }, { widget: 'data-item', dataItemsOf: 'item' }, undefined, '选择目录事项的字段'],
      [good, { widget: 'text' }, { key: 'key', label: { 'zh-CN': '数据项' }, widget: 'data-item' }, '选择目录事项的字段'],
    ];
    for (const [item, field, column, says] of cases) {
      const r = await refusal(ed.register.create({ kindCode: 'register-kind', code: 'linked-test', content: def(item, field, column) }));
      expect(r.code, says).toBe('UNPROCESSABLE_CONTENT');
      expect(r.message).toContain(says);
    }
    const ok = def(good, { widget: 'data-item', dataItemsOf: 'item' });
    (ok.ui.fields.rows as Record<string, unknown>).dataItemsOf = 'item';
    (ok.ui.fields.rows as { columns: Record<string, unknown>[] }).columns[0]!.widget = 'data-item';
    expect((await ed.register.create({ kindCode: 'register-kind', code: 'linked-test', content: ok })).version).toBe(1);
  });

  it('a rows field must be an array of objects whose columns name its properties, each once, covering the required ones', async () => {
    const ed = createCaller(contextFor(t.db, editor));
    const items = { type: 'object', properties: { level: { type: 'string' }, months: { type: 'integer' } }, required: ['level', 'months'] };
    const def = (columns: unknown, periods: Record<string, unknown> = { type: 'array', items }) => ({
      name: { 'zh-CN': '表格字段测试' },
      schema: { type: 'object', properties: { title: { type: 'string' }, periods }, required: ['title'] },
      ui: { order: ['title', 'periods'], titleField: 'title', fields: { title: { label: { 'zh-CN': '名称' } }, periods: { label: { 'zh-CN': '期限' }, widget: 'rows', columns } } },
    });
    const level = { key: 'level', label: { 'zh-CN': '程度' } };
    const months = { key: 'months', label: { 'zh-CN': '月数' }, widget: 'integer' };
    const wrongs: [unknown, Record<string, unknown> | undefined, string][] = [
      [undefined, undefined, '须列出表格的列'],
      [[level, months, { key: 'nowhere', label: { 'zh-CN': '无' } }], undefined, '须是每行中的一个属性'],
      [[level, level, months], undefined, '只出现一次'],
      [[level, { ...months, widget: 'slider' }], undefined, '不受支持'],
      [[level, { key: 'months', label: { 'zh-CN': '' } }], undefined, '缺少中文名称'],
      [[level], undefined, '必填属性「months」没有对应的列'],
      [[level, months], { type: 'array', items: { type: 'string' } }, '由对象组成的数组'],
    ];
    for (const [columns, schema, says] of wrongs) {
      const r = await refusal(ed.register.create({ kindCode: 'register-kind', code: 'rows-test', content: def(columns, schema) }));
      expect(r.code, says).toBe('UNPROCESSABLE_CONTENT');
      expect(r.message).toContain(says);
    }
    expect((await ed.register.create({ kindCode: 'register-kind', code: 'rows-test', content: def([level, months]) })).version).toBe(1);
  });

  it('kept the audit chain intact through all of it', async () => {
    expect((await verifyChain(t.db)).ok).toBe(true);
  });
});
