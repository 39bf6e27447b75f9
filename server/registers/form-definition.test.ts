/**
 * Form definitions are refused at save, in the user's language, when they leave the documented
 * subset (forms/subset.ts) — through every path a definition reaches the registers: creating an
 * entry, saving a draft, submitting one stored before the check, and a register import.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, viewerByUsername, refusal } from '../testing/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { seedDemo, seedPublishedEntry } from '../seed';
import { semanticIssues } from '../../catalog/kinds/semantic';
import { META_KIND_CODE } from '../../catalog/kinds';
import { entry, entryVersion } from '../db/schema';
import { importRegister } from './io';
import { todayCN } from './dates';
import { actorOf, type Viewer } from '../auth/viewer';

let t: TestDatabase;
let editor: Viewer;
const createCaller = createCallerFactory(appRouter);
let base: Record<string, unknown>;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  editor = await viewerByUsername(t.db, 'editor');
  const xzcf = await createCaller(contextFor(t.db, editor)).register.entry({ kindCode: 'info-catalog', code: 'XZCF' });
  base = xzcf.versions[0]!.content as Record<string, unknown>;
});
afterAll(async () => {
  await t.close();
});

/** The seeded 行政处罚 item with one more data item whose schema is `schema`. */
function withDataItem(key: string, schema: Record<string, unknown>) {
  const def = structuredClone(base.dataItems) as { schema: { properties: Record<string, unknown> }; ui: { fields: Record<string, unknown> } };
  def.schema.properties[key] = schema;
  def.ui.fields[key] = { label: { 'zh-CN': '新字段', en: 'New field' } };
  return { ...base, name: '测试信息类别', dataItems: def };
}

type Refused = { fieldErrors: { path: string; params?: { zh: string; en: string } }[] };
const AJV_ENGLISH = /strict mode|unknown keyword|must |schema is invalid/i;

function expectSubsetRefusal(err: { code: string; cause?: unknown }, path: string, keyword: string) {
  expect(err.code).toBe('UNPROCESSABLE_CONTENT');
  const fe = (err.cause as unknown as Refused).fieldErrors;
  const hit = fe.find((f) => f.path === path);
  expect(hit, JSON.stringify(fe)).toBeDefined();
  expect(hit!.params!.zh).toContain(`「${keyword}」`);
  expect(hit!.params!.zh).not.toMatch(AJV_ENGLISH);
  expect(hit!.params!.en).toContain(`"${keyword}"`);
}

describe('form definitions outside the subset are refused at save', () => {
  it('creating a catalog item whose data item uses $anchor: refused in Chinese, nothing saved', async () => {
    const zh = createCaller(contextFor(t.db, editor, 'zh-CN'));
    const err = await refusal(zh.register.create({ kindCode: 'info-catalog', code: 'T-ANCHOR', content: withDataItem('extra', { type: 'string', $anchor: 'x' }) }));
    expectSubsetRefusal(err, 'dataItems.schema.properties.extra.$anchor', '$anchor');
    expect(await t.db.select().from(entry).where(eq(entry.code, 'T-ANCHOR'))).toHaveLength(0);
  });

  it('saving a draft whose data item uses $dynamicRef, or a field named toString: refused', async () => {
    const ed = createCaller(contextFor(t.db, editor));
    const draft = await ed.register.startDraft({ kindCode: 'info-catalog', code: 'XZCF' });
    expectSubsetRefusal(await refusal(ed.register.saveDraft({ versionId: draft.versionId, revision: draft.revision, content: withDataItem('extra', { $dynamicRef: '#meta' }) })), 'dataItems.schema.properties.extra.$dynamicRef', '$dynamicRef');
    const reserved = await refusal(ed.register.saveDraft({ versionId: draft.versionId, revision: draft.revision, content: withDataItem('toString', { type: 'string' }) }));
    const fe = (reserved.cause as unknown as Refused).fieldErrors.find((f) => f.path === 'dataItems.schema.properties.toString');
    expect(fe?.params?.zh).toContain('保留');
    // the draft keeps what it had
    const [v] = await t.db.select().from(entryVersion).where(eq(entryVersion.id, draft.versionId));
    expect(JSON.stringify(v!.content)).not.toContain('$dynamicRef');
  });

  it('submitting a draft stored before the check (an old $anchor definition): refused, not published', async () => {
    const ed = createCaller(contextFor(t.db, editor));
    const view = await ed.register.entry({ kindCode: 'info-catalog', code: 'XZCF' });
    const draft = view.versions.find((v) => v.status === 'draft')!;
    await t.db.update(entryVersion).set({ content: withDataItem('extra', { type: 'string', $anchor: 'legacy' }) }).where(eq(entryVersion.id, draft.id));
    expectSubsetRefusal(await refusal(ed.register.submit({ versionId: draft.id, revision: draft.revision, effectiveDate: todayCN() })), 'dataItems.schema.properties.extra.$anchor', '$anchor');
  });

  it('a register import of a catalog item with oneOf in its data items reports the row, in both languages, and writes nothing', async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ kind: 'info-catalog', entries: [{ code: 'T-IMPORT', content: withDataItem('extra', { type: 'string', oneOf: [{ maxLength: 1 }] }) }] }));
    const report = await importRegister(t.db, actorOf(editor), { kindCode: 'info-catalog', fileName: 'items.json', bytes, mode: 'commit' });
    expect(report.committed).toBe(false);
    const issue = report.errors.find((e) => e.message['zh-CN'].includes('「oneOf」'));
    expect(issue, JSON.stringify(report.errors)).toBeDefined();
    expect(issue!.message['zh-CN']).not.toMatch(AJV_ENGLISH);
    expect(issue!.message.en).toContain('"oneOf"');
    expect(await t.db.select().from(entry).where(eq(entry.code, 'T-IMPORT'))).toHaveLength(0);
  });
});

describe('register entries with code fields (a custom kind): codes stored as people type them', () => {
  const KIND = {
    name: { 'zh-CN': '代码测试清单', en: 'Code test register' },
    codePattern: '^C-[0-9]{3}$',
    schema: { type: 'object', properties: { name: { type: 'string' }, uscc: { type: 'string', format: 'uscc' } }, required: ['name', 'uscc'], additionalProperties: false },
    ui: { order: ['name', 'uscc'], titleField: 'name', fields: { name: { label: { 'zh-CN': '名称', en: 'Name' }, widget: 'text' }, uscc: { label: { 'zh-CN': '统一社会信用代码', en: 'Unified social credit code' }, widget: 'text' } } },
  };

  beforeAll(async () => {
    await seedPublishedEntry(t.db, META_KIND_CODE, 'code-test', KIND);
  });

  it('saving an entry with a lower-case code stores it upper case (and a wrong one is refused)', async () => {
    const ed = createCaller(contextFor(t.db, editor));
    const created = await ed.register.create({ kindCode: 'code-test', code: 'C-001', content: { name: '甲', uscc: ' 91350100m000100y43 ' } });
    const [v] = await t.db.select().from(entryVersion).where(eq(entryVersion.id, created.versionId));
    expect(v!.content).toEqual({ name: '甲', uscc: '91350100M000100Y43' });
    expect((await refusal(ed.register.create({ kindCode: 'code-test', code: 'C-002', content: { name: '乙', uscc: '91350100m000100y4x' } }))).code).toBe('UNPROCESSABLE_CONTENT');
  });

  it('a CSV import with a code in full width stores it half width, upper case', async () => {
    const bytes = new TextEncoder().encode('code,name,uscc\nC-003,丙,９１３５０１００ｍ０００１００ｙ４３\n');
    const report = await importRegister(t.db, actorOf(editor), { kindCode: 'code-test', fileName: 'codes.csv', bytes, mode: 'commit' });
    expect(report).toMatchObject({ ok: true, committed: true, created: 1 });
    const [row] = await t.db.select({ content: entryVersion.content }).from(entryVersion).innerJoin(entry, eq(entry.id, entryVersion.entryId)).where(eq(entry.code, 'C-003'));
    expect(row!.content).toEqual({ name: '丙', uscc: '91350100M000100Y43' });
  });
});

describe('the data items a catalog item names for 双公示', () => {
  it('the seeded items name data items of their own forms', () => {
    expect(semanticIssues('info-catalog', base)).toEqual([]);
  });

  it('a decision-number item that is not in the form, or a decision date that is not a date: refused at submit in words, nothing published', async () => {
    const ed = createCaller(contextFor(t.db, editor, 'zh-CN'));
    const created = await ed.register.create({ kindCode: 'info-catalog', code: 'T-DUAL', content: { ...base, name: '测试双公示事项', decisionNumberField: 'CF_WSHX', decisionDateField: 'CF_WSH' } });
    const err = await refusal(ed.register.submit({ versionId: created.versionId, revision: created.revision, effectiveDate: todayCN() }));
    expect(err.code).toBe('UNPROCESSABLE_CONTENT');
    const fe = (err.cause as unknown as Refused).fieldErrors;
    expect(fe.find((f) => f.path === 'decisionNumberField')?.params?.zh).toContain('“CF_WSHX”不是本目录事项表单中的数据项');
    expect(fe.find((f) => f.path === 'decisionDateField')?.params?.zh).toContain('须是日期类型的数据项，“行政处罚决定书文号”不是日期');
    const [v] = await t.db.select().from(entryVersion).where(eq(entryVersion.id, created.versionId));
    expect(v!.status).toBe('draft');
  });
});
