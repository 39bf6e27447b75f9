import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { count, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { viewerByUsername } from '../testing/context';
import { seedDemo } from '../seed';
import { auditLog, record } from '../db/schema';
import { actorOf, type Viewer } from '../auth/viewer';
import { IoRefusal } from '../registers/io/read';
import { getFillForm } from './service';
import { importColumns, importRecords, recordImportReportFile, recordTemplate, type RecordImportMode } from './import';

let t: TestDatabase;
let filler: Viewer;
let approver: Viewer;
let headers: Record<string, string>;

const GOOD = '12440300MB2C92173E';
const KEYS = ['subjectType', 'subjectCode', 'subjectName', 'CF_XDR_MC', 'CF_XDR_LB', 'CF_WSH', 'CF_JDRQ', 'CF_NR_FK'] as const;

function csv(rows: string[][]): Uint8Array {
  const head = KEYS.map((k) => headers[k]).join(',');
  return new TextEncoder().encode([head, ...rows.map((r) => r.join(','))].join('\n') + '\n');
}

const row = (over: Partial<Record<(typeof KEYS)[number], string>> = {}) => {
  const base: Record<string, string> = { subjectType: '法人及非法人组织', subjectCode: GOOD, subjectName: '某某建材有限公司', CF_XDR_MC: '某某建材有限公司', CF_XDR_LB: '法人及非法人组织', CF_WSH: '汴市监罚〔2024〕12号', CF_JDRQ: '2024-09-27', CF_NR_FK: '1.5', ...over };
  return KEYS.map((k) => base[k]!);
};

/**
 * Six rows: valid; a wrong check character; the body's subject name left empty (filled from the
 * subject columns); an impossible date; a body naming another subject than the subject columns
 * (refused: header and body never disagree); a code typed in full width and lower case (stored
 * normalised).
 */
const MIXED = [
  row(),
  row({ subjectCode: '12440300MB2C92173A' }),
  row({ CF_XDR_MC: '', subjectName: '空白公司' }),
  row({ CF_JDRQ: '2024-13-45' }),
  row({ subjectName: '另一公司' }),
  row({ subjectCode: '１２４４０３００mb2c92173e', subjectName: '规范公司', CF_XDR_MC: '规范公司' }),
];

async function records() {
  const [r] = await t.db.select({ n: count() }).from(record);
  return r!.n;
}

async function run(bytes: Uint8Array, mode: RecordImportMode, fileName = 'upload.csv') {
  return importRecords(t.db, actorOf(filler), filler, { itemCode: 'XZCF', fileName, bytes, mode });
}

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as IoRefusal;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  filler = await viewerByUsername(t.db, 'filler');
  approver = await viewerByUsername(t.db, 'approver');
  const form = await getFillForm(t.db, filler, 'XZCF');
  headers = Object.fromEntries(importColumns(form.definition).map((c) => [c.key, c.header]));
});
afterAll(async () => {
  await t.close();
});

describe('record import', () => {
  it('the template has the subject columns, then the data items in ui.order, and a 说明 sheet', async () => {
    const file = await recordTemplate(t.db, filler, 'XZCF');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.body as Uint8Array) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const head = (ws.getRow(1).values as unknown[]).slice(1);
    expect(head.slice(0, 4)).toEqual(['主体类型 (subjectType)', '主体代码 (subjectCode)', '主体名称 (subjectName)', '行政相对人名称 (CF_XDR_MC)']);
    expect(head).toHaveLength(33);
    expect(head[4]).toBe('行政相对人类别 (CF_XDR_LB)');
    expect(wb.getWorksheet('说明')).toBeDefined();
  });

  it('a dry run reports exactly the bad rows and columns and writes nothing', async () => {
    const before = await records();
    const bytes = csv(MIXED);
    const report = await run(bytes, 'dry-run');
    expect(report.rows).toBe(6);
    expect(report.valid).toBe(3);
    expect(report.inserted).toBe(0);
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([
      [3, headers.subjectCode],
      [5, headers.CF_JDRQ],
      [6, headers.CF_XDR_MC],
    ]);
    expect(report.errors[2]!.message['zh-CN']).toContain('应与主体名称一致（另一公司）');
    expect(report.errors[0]!.message['zh-CN']).toBeTruthy();
    expect(report.errors[0]!.message.en).toBeTruthy();
    expect(await records()).toBe(before);

    const file = await recordImportReportFile(t.db, filler, { itemCode: 'XZCF', fileName: 'upload.csv', bytes, locale: 'zh-CN' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.body as Uint8Array) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(KEYS.length + 1).value).toBe('错误 / Errors');
    expect(String(ws.getRow(3).getCell(KEYS.length + 1).value)).toContain(headers.subjectCode!);
  });

  it('commit-all with errors writes nothing; commit-valid writes the rest and one audit row', async () => {
    const before = await records();
    const bytes = csv(MIXED);
    const all = await run(bytes, 'commit-all');
    expect(all.committed).toBe(false);
    expect(all.inserted).toBe(0);
    expect(await records()).toBe(before);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'record.import'))).toHaveLength(0);

    const valid = await run(bytes, 'commit-valid');
    expect(valid).toMatchObject({ committed: true, inserted: 3, skipped: 3, errorCount: 3 });
    expect(await records()).toBe(before + 3);
    const [filled] = await t.db.select().from(record).where(eq(record.subjectName, '空白公司'));
    expect(filled).toMatchObject({ status: 'submitted', decisionDate: '2024-09-27', dueDate: '2024-10-12', departmentId: filler.departmentId });
    expect(filled!.data).toMatchObject({ CF_XDR_MC: '空白公司', CF_XDR_LB: '法人及非法人组织', CF_XDR_SHXYM: GOOD });
    const [typed] = await t.db.select().from(record).where(eq(record.subjectName, '规范公司'));
    expect(typed!.subjectCode).toBe(GOOD);
    expect(await t.db.select().from(record).where(eq(record.subjectName, '另一公司'))).toHaveLength(0);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'record.import'));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ catalog: expect.stringMatching(/^XZCF@\d+$/), rows: 6, inserted: 3, skipped: 3, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), rowsSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('reads a filled-in template (XLSX, Excel date cells, labels in drop-downs)', async () => {
    const template = await recordTemplate(t.db, filler, 'XZCF');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(template.body as Uint8Array) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const head = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    const cells: Record<string, unknown> = { [headers.subjectType!]: '自然人', [headers.subjectCode!]: '360426199101010071', [headers.subjectName!]: '张三', [headers.CF_XDR_MC!]: '张三', [headers.CF_XDR_LB!]: '自然人', [headers.CF_JDRQ!]: new Date(Date.UTC(2024, 8, 27)), [headers.CF_NR_FK!]: 2 };
    ws.addRow(head.map((h) => cells[h] ?? null));
    const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const report = await run(bytes, 'dry-run', 'filled.xlsx');
    expect(report).toMatchObject({ ok: true, rows: 1, valid: 1, errorCount: 0 });
  });

  it('refuses a million-row CSV before parsing it all, naming the limit; nothing written', async () => {
    const before = await records();
    const head = KEYS.map((k) => headers[k]).join(',');
    const bytes = new TextEncoder().encode(head + '\n' + 'x\n'.repeat(1_000_000));
    const e = await refusal(run(bytes, 'commit-valid'));
    expect(e).toBeInstanceOf(IoRefusal);
    expect(e.status).toBe(413);
    expect(e.text['zh-CN']).toContain('200,000');
    expect(e.text.en).toContain('200,000');
    expect(await records()).toBe(before);
  });

  it('refuses a wrong file type and a fake workbook', async () => {
    const pdf = await refusal(run(new TextEncoder().encode('%PDF-1.4'), 'dry-run', 'scan.pdf'));
    expect(pdf.status).toBe(415);
    expect(pdf.text.en).toContain('.xlsx or .csv');
    expect((await refusal(run(new TextEncoder().encode('a,b'), 'dry-run', 'book.xlsx'))).status).toBe(415);
  });

  it('refuses someone who is not a filler of a providing department', async () => {
    await expect(importRecords(t.db, actorOf(approver), approver, { itemCode: 'XZCF', fileName: 'a.csv', bytes: csv([row()]), mode: 'dry-run' })).rejects.toThrow();
  });
});

describe('record import at volume', () => {
  it('commits 100,000 rows in one transaction', { timeout: 600_000 }, async () => {
    const before = await records();
    const head = KEYS.map((k) => headers[k]).join(',');
    const lines: string[] = [head];
    for (let i = 0; i < 100_000; i++) lines.push(`法人及非法人组织,${GOOD},公司${i},公司${i},法人及非法人组织,罚〔2024〕${i}号,2024-09-${String((i % 28) + 1).padStart(2, '0')},${i % 100}`);
    const bytes = new TextEncoder().encode(lines.join('\n'));
    const report = await run(bytes, 'commit-all');
    expect(report).toMatchObject({ ok: true, committed: true, inserted: 100_000, errorCount: 0 });
    expect(await records()).toBe(before + 100_000);
  });
});
