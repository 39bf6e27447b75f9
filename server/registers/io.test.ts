import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { and, count, desc, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { viewerByUsername } from '../testing/context';
import * as seed from '../seed';
import { auditLog, entry, entryVersion } from '../db/schema';
import { verifyChain } from '../audit/verify';
import { actorOf } from '../auth/viewer';
import type { Actor } from '../audit/append';
import { BUILT_IN_KINDS, META_KIND_CODE } from '../../catalog/kinds';
import { createEntry, submitForApproval } from './service';
import { exportRegister, importRegister, importReportFile, IMPORT_LIMITS, IoRefusal, registerTemplate, type DownloadFile, type ImportReport } from './io';
import { errorResponse, readUploadForm } from './io/http';
import { decodeCell, columnsOf, encodeCell } from './io/columns';
import { getKind } from './kinds';

let t: TestDatabase;
let editor: Actor;

/** A custom kind with the widgets the built-ins lack (date, plain boolean, tags). */
const IO_TEST_KIND = {
  name: { 'zh-CN': '导入测试清单', en: 'Import test register' },
  codePattern: '^T-[0-9]{3}$',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 2, maxLength: 100 },
      startDate: { type: 'string', format: 'date' },
      active: { type: 'boolean' },
      score: { type: 'integer', minimum: 0 },
      tags: { type: 'array', items: { type: 'string' } },
    },
    required: ['name', 'startDate', 'active'],
    additionalProperties: false,
  },
  ui: {
    order: ['name', 'startDate', 'active', 'score', 'tags'],
    titleField: 'name',
    fields: {
      name: { label: { 'zh-CN': '名称', en: 'Name' }, widget: 'text' },
      startDate: { label: { 'zh-CN': '开始日期', en: 'Start date' }, widget: 'date' },
      active: { label: { 'zh-CN': '有效', en: 'Active' }, widget: 'boolean' },
      score: { label: { 'zh-CN': '分值', en: 'Score' }, widget: 'integer' },
      tags: { label: { 'zh-CN': '标签', en: 'Tags' }, widget: 'tags' },
    },
  },
};

const measure = (extra: Record<string, unknown> = {}) => ({
  text: '限制参与政府采购活动',
  type: '行政性',
  targetSubjects: ['法人及非法人组织'],
  list: { kind: 'credit-list', code: 'CL-001' },
  legalBasis: [{ name: '《中华人民共和国政府采购法》', article: '第二十二条' }],
  departments: ['CZJ'],
  duration: '3年',
  repairable: true,
  ...extra,
});

async function bytesOf(file: DownloadFile): Promise<Uint8Array> {
  if (file.body instanceof Uint8Array) return file.body;
  return new Uint8Array(await new Response(file.body).arrayBuffer());
}

async function xlsx(rows: (string | number | boolean | Date | null)[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('数据');
  for (const r of rows) ws.addRow(r);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

const utf8 = (s: string) => new TextEncoder().encode(s);

async function counts(kindCode: string) {
  const [e] = await t.db.select({ n: count() }).from(entry).where(eq(entry.kindCode, kindCode));
  const [v] = await t.db.select({ n: count() }).from(entryVersion).where(eq(entryVersion.kindCode, kindCode));
  const [a] = await t.db.select({ n: count() }).from(auditLog);
  return { entries: e!.n, versions: v!.n, audit: a!.n };
}

async function refusalOf(p: Promise<unknown>): Promise<IoRefusal> {
  try {
    await p;
  } catch (e) {
    if (e instanceof IoRefusal) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

const issue = (r: ImportReport, row: number, column: string) => r.errors.filter((e) => e.row === row && e.column === column);

beforeAll(async () => {
  t = await createTestDatabase();
  await seed.seedDemo(t.db);
  // The lead's seed defines the built-in kinds as data; fall back to seeding them here.
  const s = seed as unknown as { seedRegisterKinds?: (db: typeof t.db) => Promise<void>; seedPublishedEntry?: (db: typeof t.db, k: string, c: string, content: Record<string, unknown>) => Promise<boolean> };
  if (s.seedRegisterKinds) await s.seedRegisterKinds(t.db);
  const insertPublished = async (kindCode: string, code: string, content: Record<string, unknown>) => {
    if (s.seedPublishedEntry) return s.seedPublishedEntry(t.db, kindCode, code, content);
    const [e] = await t.db.insert(entry).values({ kindCode, code }).onConflictDoNothing().returning({ id: entry.id });
    if (e) await t.db.insert(entryVersion).values({ entryId: e.id, kindCode, version: 1, status: 'published', content, validFrom: '2020-01-01' });
    return Boolean(e);
  };
  if (!s.seedRegisterKinds) for (const { code, ...def } of BUILT_IN_KINDS) await insertPublished(META_KIND_CODE, code, def as unknown as Record<string, unknown>);
  await insertPublished(META_KIND_CODE, 'io-test', IO_TEST_KIND);
  await insertPublished('credit-list', 'CL-001', { name: '严重失信主体名单', legalBasis: [{ name: '国办发〔2020〕49号文' }] });
  // A published catalog item of our own, so the as-of export has JSON data items to carry.
  await insertPublished('info-catalog', 'IO-DEMO', {
    name: '导入导出示例信息',
    category: '监督检查',
    providingDepartments: ['SCJG'],
    subjectTypes: ['法人及非法人组织', '个体工商户'],
    disclosure: '政务共享',
    disclosurePeriods: [{ severity: '一般', months: 12 }],
    dualPublicity: false,
    legalBasis: [{ name: '《优化营商环境条例》', number: '国务院令第722号', article: '第五十五条' }],
    updateFrequency: '每月',
    dataItems: { schema: { type: 'object', properties: { subject: { type: 'string', title: '主体名称' }, date: { type: 'string', format: 'date' } }, required: ['subject'] }, ui: { order: ['subject', 'date'] } },
  });
  editor = actorOf(await viewerByUsername(t.db, 'editor'));
});
afterAll(async () => {
  await t?.close();
});

describe('cell codec', () => {
  it('decodes what people type and encodes what is stored, per widget', async () => {
    const kind = await getKind(t.db, 'sanction-measure');
    const col = (k: string) => columnsOf(kind).find((c) => c.key === k)!;
    expect(col('text').header).toBe('措施内容 (text)');
    expect(decodeCell(col('repairable'), 'yes')).toEqual({ value: true });
    expect(decodeCell(col('repairable'), '否')).toEqual({ value: false });
    expect(decodeCell(col('repairable'), 0)).toEqual({ value: false });
    expect(decodeCell(col('repairable'), '也许').error?.['zh-CN']).toContain('是/否');
    expect(decodeCell(col('type'), 'Market')).toEqual({ value: '市场性' });
    expect(decodeCell(col('targetSubjects'), '自然人；个体工商户')).toEqual({ value: ['自然人', '个体工商户'] });
    expect(decodeCell(col('list'), 'CL-001@2')).toEqual({ value: { kind: 'credit-list', code: 'CL-001', version: 2 } });
    expect(decodeCell(col('list'), 'credit-list:CL-002')).toEqual({ value: { kind: 'credit-list', code: 'CL-002' } });
    const basis = [{ name: '《甲法》', number: '国发〔2016〕33号', article: '第三条' }, { name: '《乙条例》', article: '第五条' }];
    expect(encodeCell(col('legalBasis'), basis)).toBe('《甲法》|国发〔2016〕33号|第三条\n《乙条例》||第五条');
    expect(decodeCell(col('legalBasis'), '《甲法》|国发〔2016〕33号|第三条\n\n《乙条例》||第五条')).toEqual({ value: basis });
    const test = columnsOf(await getKind(t.db, 'io-test'));
    const date = test.find((c) => c.key === 'startDate')!;
    expect(decodeCell(date, new Date(Date.UTC(2024, 4, 1)))).toEqual({ value: '2024-05-01' });
    expect(decodeCell(date, 45413)).toEqual({ value: '2024-05-01' });
    expect(decodeCell(date, '2024/5/1')).toEqual({ value: '2024-05-01' });
    expect(decodeCell(date, '2024-02-30').error?.en).toContain('not a valid date');
  });
});

describe('rows cells', () => {
  it('writes a table one row per line in column order, reads it back, and reads what people type', async () => {
    const classes = columnsOf(await getKind(t.db, 'disclosure-rule')).find((c) => c.key === 'classes')!;
    const stored = [
      { severity: '轻微', published: false, minMonths: 0, maxMonths: 0 },
      { severity: '严重', published: true, minMonths: 36, maxMonths: 60, repairAfterMonths: 12, matchItem: 'CF_CFZL', matchAny: ['吊销', '责令关闭'] },
    ];
    const cell = encodeCell(classes, stored);
    expect(cell).toBe('轻微|否|0|0\n严重|是|36|60|12|CF_CFZL|吊销；责令关闭');
    expect(decodeCell(classes, cell)).toEqual({ value: stored });
    // Full-width bars, spaces, blank lines and yes/no in English are what people type.
    expect(decodeCell(classes, ' 一般 ｜ yes ｜ 12 | 36 \n\n')).toEqual({ value: [{ severity: '一般', published: true, minMonths: 12, maxMonths: 36 }] });
  });

  it('falls back to JSON for values a line cannot carry, and refuses a bad row naming it', async () => {
    const classes = columnsOf(await getKind(t.db, 'disclosure-rule')).find((c) => c.key === 'classes')!;
    const odd = [{ severity: '严重|特别', published: true, minMonths: 1, maxMonths: 2 }];
    expect(encodeCell(classes, odd)).toBe(JSON.stringify(odd));
    expect(decodeCell(classes, JSON.stringify(odd))).toEqual({ value: odd });
    const tooMany = decodeCell(classes, '严重|是|1|2|3|X|吊销|多余');
    expect(tooMany.error?.['zh-CN']).toContain('第 1 行');
    expect(tooMany.error?.['zh-CN']).toContain('程度|公示|最短公示期（月）');
    const badNumber = decodeCell(classes, '一般|是|12\n严重|是|三十六');
    expect(badNumber.error?.['zh-CN']).toContain('第 2 行「最短公示期（月）」');
    expect(decodeCell(classes, '严重|也许').error?.en).toContain('Row 1, Published');
  });
});

describe('export', () => {
  it('exports the working view as XLSX and JSON, audited, and a dry run of the export finds nothing to fix', async () => {
    await createEntry(t.db, editor, { kindCode: 'sanction-measure', code: 'SM-101', content: measure() });
    await createEntry(t.db, editor, {
      kindCode: 'sanction-measure',
      code: 'SM-102',
      content: measure({
        text: '限制担任国有企业法定代表人、董事、监事',
        type: '行业性',
        targetSubjects: ['自然人', '个体工商户'],
        list: { kind: 'credit-list', code: 'CL-001', version: 1 },
        legalBasis: [
          { name: '《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》', number: '国发〔2016〕33号', article: '第十七条' },
          { name: '《公司法》', article: '第一百四十六条' },
        ],
        departments: ['SCJG', 'CZJ'],
        repairable: false,
      }),
    });
    const before = await counts('sanction-measure');

    const file = await exportRegister(t.db, editor, { kindCode: 'sanction-measure', format: 'xlsx' });
    expect(file.rows).toBe(2);
    expect(file.fileName).toMatch(/^sanction-measure-working-.*\.xlsx$/);
    const bytes = await bytesOf(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['失信惩戒措施清单', '说明', '选项']);
    const header = (wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 3)).toEqual(['编码 (code)', '措施内容 (text)', '措施类型 (type)']);
    expect(header).toContain('版本 (version)');
    expect(wb.worksheets[0]!.getRow(3).getCell(6).value).toBe('《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》|国发〔2016〕33号|第十七条\n《公司法》||第一百四十六条');

    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'register.export')).orderBy(desc(auditLog.seq)).limit(1);
    expect(audit).toMatchObject({ objectType: 'register', objectId: 'sanction-measure', actorName: 'editor', after: { format: 'xlsx', asOf: null, rows: 2 } });

    const report = await importRegister(t.db, editor, { kindCode: 'sanction-measure', fileName: file.fileName, bytes, mode: 'dry-run' });
    expect(report).toMatchObject({ ok: true, rows: 2, valid: 2, created: 0, updated: 0, unchanged: 2, errors: [], committed: false });

    const json = await exportRegister(t.db, editor, { kindCode: 'sanction-measure', format: 'json' });
    const jsonBytes = await bytesOf(json);
    const doc = JSON.parse(new TextDecoder().decode(jsonBytes)) as { kind: string; asOf: string | null; exportedAt: string; entries: { code: string; version: number; status: string; content: unknown }[] };
    expect(doc).toMatchObject({ kind: 'sanction-measure', asOf: null });
    expect(doc.entries.map((e) => [e.code, e.version, e.status])).toEqual([
      ['SM-101', 1, 'draft'],
      ['SM-102', 1, 'draft'],
    ]);
    expect(doc.entries[0]!.content).toEqual(measure());
    const jsonReport = await importRegister(t.db, editor, { kindCode: 'sanction-measure', fileName: json.fileName, bytes: jsonBytes, mode: 'dry-run' });
    expect(jsonReport).toMatchObject({ ok: true, rows: 2, unchanged: 2 });
    const after = await counts('sanction-measure');
    expect(after.entries).toBe(before.entries);
    expect(after.versions).toBe(before.versions);
  });

  it('exports the versions in force on a date (asOf), including JSON data items, and they round-trip', async () => {
    const file = await exportRegister(t.db, editor, { kindCode: 'info-catalog', format: 'xlsx', asOf: '2024-01-01' });
    expect(file.rows).toBeGreaterThan(0);
    const bytes = await bytesOf(file);
    const report = await importRegister(t.db, editor, { kindCode: 'info-catalog', fileName: 'info.xlsx', bytes, mode: 'dry-run' });
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ ok: true, rows: file.rows, unchanged: file.rows, created: 0, updated: 0 });
    const none = await exportRegister(t.db, editor, { kindCode: 'info-catalog', format: 'json', asOf: '2019-01-01' });
    expect(JSON.parse(new TextDecoder().decode(await bytesOf(none))).entries).toEqual([]);
  });

  it('gives a template with the 说明 sheet and drop-down lists, and a filled template imports', async () => {
    const tpl = await registerTemplate(t.db, 'sanction-measure');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await bytesOf(tpl)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['失信惩戒措施清单', '说明', '选项']);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(1);
    const guide = JSON.stringify(wb.getWorksheet('说明')!.getSheetValues());
    expect(guide).toContain('《名称》|文号|条款');
    const validations = (ws as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
    const typeList = Object.entries(validations).find(([range]) => range.startsWith('C2'));
    expect(typeList?.[1]).toMatchObject({ type: 'list', formulae: ['"行政性,市场性,行业性,社会性"'] });
    ws.addRow(['SM-201', '列入严重失信主体名单的，限制其享受财政补贴', '行政性', '法人及非法人组织', 'CL-001', '《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》|国发〔2016〕33号', 'CZJ', '', '是']);
    const filled = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const report = await importRegister(t.db, editor, { kindCode: 'sanction-measure', fileName: 'filled.xlsx', bytes: filled, mode: 'dry-run' });
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ ok: true, rows: 1, created: 1 });
  });
});

describe('import of a broken spreadsheet: a per-row report, nothing written', () => {
  it('reports a missing required column on the header row', async () => {
    const before = await counts('sanction-measure');
    const bytes = await xlsx([
      ['编码 (code)', '措施内容 (text)', '实施对象 (targetSubjects)', '法律依据 (legalBasis)', '实施部门 (departments)', '可信用修复 (repairable)'],
      ['SM-301', '限制参与政府采购活动', '自然人', '《政府采购法》', 'CZJ', '是'],
    ]);
    const dry = await importRegister(t.db, editor, { kindCode: 'sanction-measure', fileName: 'missing.xlsx', bytes, mode: 'dry-run' });
    expect(dry.ok).toBe(false);
    expect(dry.errors).toEqual([{ row: 1, column: '措施类型 (type)', message: { 'zh-CN': expect.stringContaining('缺少必填列'), en: expect.stringContaining('is missing') } }]);
    const commit = await importRegister(t.db, editor, { kindCode: 'sanction-measure', fileName: 'missing.xlsx', bytes, mode: 'commit' });
    expect(commit).toMatchObject({ ok: false, committed: false });
    expect(await counts('sanction-measure')).toEqual(before);
  });

  it('reports bad dates, bad booleans, bad numbers, duplicate codes and bad codes by row and column', async () => {
    const before = await counts('io-test');
    const bytes = await xlsx([
      ['编码 (code)', '名称 (name)', '开始日期 (startDate)', '有效 (active)', '分值 (score)', '标签 (tags)'],
      ['T-001', '第一行', '2024-13-45', '是', 1, 'a;b'],
      ['T-002', '第二行', new Date(Date.UTC(2024, 0, 31)), '也许', 2, ''],
      ['T-001', '重复', '2024-01-01', '否', 3, ''],
      ['X-9', '编码不对', '2024-01-01', '否', 3, ''],
      ['T-004', '分值不对', '2024-01-01', 'no', '十', ''],
      ['T-005', '好的一行', '2024/2/29', 'true', '7', '甲；乙'],
    ]);
    const r = await importRegister(t.db, editor, { kindCode: 'io-test', fileName: 'broken.xlsx', bytes, mode: 'dry-run' });
    expect(r.ok).toBe(false);
    expect(r.rows).toBe(6);
    expect(r.valid).toBe(1);
    expect(issue(r, 2, '开始日期 (startDate)')[0]?.message.en).toContain('not a valid date');
    expect(issue(r, 3, '有效 (active)')[0]?.message['zh-CN']).toContain('是/否');
    expect(issue(r, 4, '编码 (code)')[0]?.message['zh-CN']).toContain('与第 2 行重复');
    expect(issue(r, 5, '编码 (code)')[0]?.message.en).toContain('code pattern');
    expect(issue(r, 6, '分值 (score)')[0]?.message.en).toContain('not a number');
    expect(r.errors.filter((e) => e.row === 7)).toEqual([]);
    // the bad date is one problem, not also "required"
    expect(issue(r, 2, '开始日期 (startDate)')).toHaveLength(1);
    const commit = await importRegister(t.db, editor, { kindCode: 'io-test', fileName: 'broken.xlsx', bytes, mode: 'commit' });
    expect(commit.committed).toBe(false);
    expect(await counts('io-test')).toEqual(before);
  });

  it('reports a sanction measure without legal basis with the kind’s own message', async () => {
    const before = await counts('sanction-measure');
    const csv = [
      '编码 (code),措施内容 (text),措施类型 (type),实施对象 (targetSubjects),适用名单 (list),法律依据 (legalBasis),实施部门 (departments),实施期限 (duration),可信用修复 (repairable)',
      'SM-401,限制参与政府采购活动,行政性,法人及非法人组织,CL-001,,CZJ,3年,是',
      'SM-402,"限制申请财政性资金项目",市场性,自然人,CL-001,"《甲法》||第三条\n《乙条例》",CZJ,,否',
      'SM-403,限制,随便,法人及非法人组织,,《甲法》,CZJ,,是',
    ].join('\r\n');
    const r = await importRegister(t.db, editor, { kindCode: 'sanction-measure', fileName: 'measures.csv', bytes: utf8(csv), mode: 'dry-run' });
    expect(issue(r, 2, '法律依据 (legalBasis)')).toEqual([{ row: 2, column: '法律依据 (legalBasis)', message: { 'zh-CN': expect.stringContaining('惩戒措施必须有法律依据'), en: expect.stringContaining('needs a legal basis') } }]);
    expect(r.errors.filter((e) => e.row === 3)).toEqual([]);
    expect(issue(r, 4, '措施类型 (type)')[0]?.message['zh-CN']).toContain('不是可选值');
    expect(issue(r, 4, '措施内容 (text)')[0]?.message.en).toBeTruthy();
    expect(r).toMatchObject({ ok: false, rows: 3, valid: 1 });
    expect((await importRegister(t.db, editor, { kindCode: 'sanction-measure', fileName: 'measures.csv', bytes: utf8(csv), mode: 'commit' })).committed).toBe(false);
    expect(await counts('sanction-measure')).toEqual(before);
  });

  it('gives the annotated workbook (Errors column, red cells) and a CSV report to fix and re-upload', async () => {
    const bytes = await xlsx([
      ['编码 (code)', '名称 (name)', '开始日期 (startDate)', '有效 (active)', '备注'],
      ['T-010', '好的', '2024-01-01', '是', ''],
      ['T-011', '坏的', '明天', '是', ''],
    ]);
    const out = await importReportFile(t.db, { kindCode: 'io-test', fileName: '我的清单.xlsx', bytes, format: 'xlsx', locale: 'zh-CN' });
    expect(out.fileName).toBe('我的清单-report.xlsx');
    expect(out.report.errors.map((e) => [e.row, e.column])).toEqual([
      [1, '备注'],
      [3, '开始日期 (startDate)'],
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await bytesOf(out)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getRow(1).getCell(6).value)).toContain('错误 / Errors');
    expect(ws.getRow(2).getCell(6).value ?? null).toBeNull();
    expect(String(ws.getRow(3).getCell(6).value)).toContain('开始日期 (startDate)');
    expect((ws.getRow(3).getCell(3).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect(ws.getRow(3).getCell(3).value).toBe('明天');

    // fix it in the report itself and upload it again: the Errors column is ignored
    ws.getRow(3).getCell(3).value = '2024-01-02';
    ws.spliceColumns(5, 1);
    const fixed = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const again = await importRegister(t.db, editor, { kindCode: 'io-test', fileName: 'fixed.xlsx', bytes: fixed, mode: 'dry-run' });
    expect(again.errors).toEqual([]);
    expect(again).toMatchObject({ ok: true, created: 2 });

    const csv = await importReportFile(t.db, { kindCode: 'io-test', fileName: 'x.xlsx', bytes, format: 'csv', locale: 'en' });
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await bytesOf(csv));
    expect(text.startsWith('\uFEFF行 Row,列 Column')).toBe(true);
    expect(text).toContain('3,开始日期 (startDate)');
  });
});

describe('commit', () => {
  it('creates drafts in one transaction with one audit row carrying the file hash', async () => {
    const before = await counts('io-test');
    const csv = ['编码 (code),名称 (name),开始日期 (startDate),有效 (active),分值 (score),标签 (tags)', 'T-101,甲一,2024-01-01,是,1,a；b', 'T-102,乙二,2024-02-01,否,,', 'T-103,丙三,2024-03-01,yes,3,c'].join('\n');
    const bytes = utf8(csv);
    const r = await importRegister(t.db, editor, { kindCode: 'io-test', fileName: 'new.csv', bytes, mode: 'commit' });
    expect(r).toMatchObject({ ok: true, committed: true, rows: 3, valid: 3, created: 3, updated: 0, errors: [] });
    const after = await counts('io-test');
    expect(after.entries - before.entries).toBe(3);
    expect(after.versions - before.versions).toBe(3);
    expect(after.audit - before.audit).toBe(1);
    const rows = await t.db.select({ code: entry.code, version: entryVersion.version, status: entryVersion.status, content: entryVersion.content, authorId: entryVersion.authorId }).from(entryVersion).innerJoin(entry, eq(entry.id, entryVersion.entryId)).where(eq(entry.kindCode, 'io-test')).orderBy(entry.code);
    expect(rows.find((x) => x.code === 'T-101')).toMatchObject({ version: 1, status: 'draft', content: { name: '甲一', startDate: '2024-01-01', active: true, score: 1, tags: ['a', 'b'] }, authorId: editor.id });
    expect(rows.find((x) => x.code === 'T-102')?.content).toEqual({ name: '乙二', startDate: '2024-02-01', active: false });
    const [audit] = await t.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    expect(audit).toMatchObject({ action: 'register.import', objectType: 'register', objectId: 'io-test', actorName: 'editor' });
    expect(audit!.after).toMatchObject({ rows: 3, created: 3, updated: 0, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect((audit!.after as { rowsSha256: string }).rowsSha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await verifyChain(t.db)).ok).toBe(true);
  });

  it('updates open drafts, starts drafts on published entries, skips unchanged rows and refuses entries in review', async () => {
    // T-101..103 are drafts from the previous test; CL-001 is a published credit list.
    const csv = ['编码 (code),名称 (name),开始日期 (startDate),有效 (active)', 'T-101,甲一改,2024-01-01,是', 'T-102,乙二,2024-02-01,否'].join('\n');
    const [draftBefore] = await t.db.select().from(entryVersion).innerJoin(entry, eq(entry.id, entryVersion.entryId)).where(and(eq(entry.kindCode, 'io-test'), eq(entry.code, 'T-101')));
    const r = await importRegister(t.db, editor, { kindCode: 'io-test', fileName: 'update.csv', bytes: utf8(csv), mode: 'commit' });
    expect(r).toMatchObject({ ok: true, committed: true, created: 0, updated: 1, unchanged: 1 });
    const [draftAfter] = await t.db.select().from(entryVersion).where(eq(entryVersion.id, draftBefore!.entry_version.id));
    // the score and tags columns were absent: the draft keeps them
    expect(draftAfter).toMatchObject({ version: 1, status: 'draft', revision: draftBefore!.entry_version.revision + 1, content: { name: '甲一改', startDate: '2024-01-01', active: true, score: 1, tags: ['a', 'b'] } });

    const list = ['编码 (code),名称 (name),法律依据 (legalBasis)', 'CL-001,严重失信主体名单（修订）,《国务院办公厅关于进一步完善失信约束制度构建诚信建设长效机制的指导意见》|国办发〔2020〕49号'].join('\n');
    const lr = await importRegister(t.db, editor, { kindCode: 'credit-list', fileName: 'lists.csv', bytes: utf8(list), mode: 'commit' });
    expect(lr).toMatchObject({ ok: true, created: 0, updated: 1 });
    const versions = await t.db.select().from(entryVersion).innerJoin(entry, eq(entry.id, entryVersion.entryId)).where(and(eq(entry.kindCode, 'credit-list'), eq(entry.code, 'CL-001'))).orderBy(desc(entryVersion.version));
    expect(versions[0]!.entry_version).toMatchObject({ version: 2, status: 'draft', baseVersion: 1, content: expect.objectContaining({ name: '严重失信主体名单（修订）' }) });
    expect(versions[1]!.entry_version.status).toBe('published');

    // an entry in review cannot be imported, and then nothing at all is written
    const v = versions[0]!.entry_version;
    await submitForApproval(t.db, editor, { versionId: v.id, revision: v.revision, effectiveDate: '2030-01-01', reason: '名单名称修订' });
    const before = await counts('credit-list');
    const again = await importRegister(t.db, editor, { kindCode: 'credit-list', fileName: 'lists.csv', bytes: utf8(`${list}\nCL-777,新名单,《某条例》`), mode: 'commit' });
    expect(again).toMatchObject({ ok: false, committed: false });
    expect(again.errors).toEqual([{ row: 2, column: '编码 (code)', message: { 'zh-CN': expect.stringContaining('正在审批中'), en: expect.stringContaining('in review, cannot import') } }]);
    expect(await counts('credit-list')).toEqual(before);
  });
});

describe('refusals', () => {
  it('refuses a 1M-row CSV with the row limit before parsing it all, writing nothing', async () => {
    const before = await counts('io-test');
    const bytes = utf8('编码 (code),名称 (name)\n' + 'T-001,x\n'.repeat(1_000_000));
    expect(bytes.byteLength).toBeLessThan(IMPORT_LIMITS.maxBytes);
    const started = Date.now();
    const e = await refusalOf(importRegister(t.db, editor, { kindCode: 'io-test', fileName: 'huge.csv', bytes, mode: 'commit' }));
    expect(e.status).toBe(413);
    expect(e.text['zh-CN']).toContain('20,000');
    expect(e.text.en).toContain('at most 20,000 data rows');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await counts('io-test')).toEqual(before);
  });

  it('refuses files over 10 MB and workbooks over the row limit', async () => {
    const big = new Uint8Array(IMPORT_LIMITS.maxBytes + 1).fill(0x41);
    const e = await refusalOf(importRegister(t.db, editor, { kindCode: 'io-test', fileName: 'big.csv', bytes: big, mode: 'dry-run' }));
    expect(e.status).toBe(413);
    expect(e.text.en).toContain('at most 10 MB');

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('数据');
    ws.addRow(['编码 (code)', '名称 (name)']);
    for (let i = 0; i <= IMPORT_LIMITS.maxRows; i++) ws.addRow([`T-${i}`, 'x']);
    const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const x = await refusalOf(importRegister(t.db, editor, { kindCode: 'io-test', fileName: 'many.xlsx', bytes, mode: 'dry-run' }));
    expect(x.status).toBe(413);
    expect(x.key).toBe('registersIo.errors.tooManyRows');
  });

  it('refuses other file types with 415', async () => {
    for (const [name, bytes] of [
      ['old.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])],
      ['notes.txt', utf8('hello')],
      ['fake.xlsx', utf8('编码,名称\nT-001,x')],
    ] as const) {
      const e = await refusalOf(importRegister(t.db, editor, { kindCode: 'io-test', fileName: name, bytes, mode: 'dry-run' }));
      expect(e.status, name).toBe(415);
      expect(e.text['zh-CN'], name).toMatch(/不支持的文件类型|不是有效的 \.xlsx/);
    }
  });

  it('refuses an empty file and a JSON export of another register with 400', async () => {
    expect((await refusalOf(importRegister(t.db, editor, { kindCode: 'io-test', fileName: 'empty.csv', bytes: utf8('编码 (code),名称 (name)\n'), mode: 'dry-run' }))).status).toBe(400);
    const other = utf8(JSON.stringify({ kind: 'credit-list', entries: [{ code: 'CL-001', content: {} }] }));
    const e = await refusalOf(importRegister(t.db, editor, { kindCode: 'io-test', fileName: 'lists.json', bytes: other, mode: 'commit' }));
    expect(e.status).toBe(400);
    expect(e.text.en).toContain('belongs to register "credit-list"');
  });

  it('reads an upload within the limit and answers refusals in the caller’s language', async () => {
    const form = new FormData();
    form.set('file', new File([utf8('a,b\n1,2')], 'x.csv'));
    form.set('mode', 'dry-run');
    const ok = await readUploadForm(new Request('http://localhost/api/registers/io-test/import', { method: 'POST', body: form }));
    expect((ok.get('file') as File).name).toBe('x.csv');

    const huge = new Request('http://localhost/x', { method: 'POST', headers: { 'content-length': String(IMPORT_LIMITS.maxBytes * 2), 'content-type': 'multipart/form-data; boundary=x' }, body: 'x' });
    const refused = await refusalOf(readUploadForm(huge));
    const res = errorResponse(refused, 'en');
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toContain('at most 10 MB');
  });
});
