import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, viewerByUsername, refusal } from '../testing/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { seedDemo } from '../seed';
import { auditLog, record } from '../db/schema';
import { departmentScopeOf, type Viewer } from '../auth/viewer';
import ExcelJS from 'exceljs';
import { recordsExportStream } from './export';

let t: TestDatabase;
let filler: Viewer;
let filler2: Viewer;
let approver: Viewer;
let auditor: Viewer;
const createCaller = createCallerFactory(appRouter);


const penalty = (extra: Record<string, unknown> = {}) => ({
  CF_XDR_MC: '某某建材有限公司',
  CF_XDR_LB: '法人及非法人组织',
  CF_WSH: '汴市监罚〔2024〕12号',
  CF_CFLB: '罚款',
  CF_JDRQ: '2024-09-27',
  CF_NR_FK: 1.5,
  ...extra,
});

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  filler = await viewerByUsername(t.db, 'filler');
  filler2 = await viewerByUsername(t.db, 'filler2');
  approver = await viewerByUsername(t.db, 'approver');
  auditor = await viewerByUsername(t.db, 'auditor');
});
afterAll(async () => {
  await t.close();
});

describe('department filling', () => {
  it('a filler sees the catalog items their department provides', async () => {
    const items = await createCaller(contextFor(t.db, filler)).record.fillable();
    expect(items.map((i) => i.code)).toEqual(expect.arrayContaining(['XZCF', 'XZXK', 'XYCN']));
  });

  it('refuses a wrong USCC check character naming the field, and forged fields are stripped', async () => {
    const c = createCaller(contextFor(t.db, filler, 'zh-CN'));
    const form = await c.record.form({ code: 'XZCF' });
    const err = await refusal(c.record.submit({ catalogCode: 'XZCF', catalogVersion: form.version, subjectType: '法人及非法人组织', subjectCode: '12440300MB2C92173A', subjectName: '某某建材有限公司', data: penalty() }));
    expect(err.code).toBe('UNPROCESSABLE_CONTENT');
    expect(JSON.stringify((err.cause as unknown as { fieldErrors: unknown[] }).fieldErrors)).toContain('subjectCode');
    const ok = await c.record.submit({ catalogCode: 'XZCF', catalogVersion: form.version, subjectType: '法人及非法人组织', subjectCode: '12440300MB2C92173E', subjectName: '某某建材有限公司', data: penalty({ forged: 'x' }) });
    expect(ok.status).toBe('submitted');
    expect(ok.data).not.toHaveProperty('forged');
    // 双公示: decision 2024-09-27 + 7 working days across National Day → 2024-10-12
    expect(ok.dueDate).toBe('2024-10-12');
  });

  it('refuses submitting against a superseded catalog version with a clear conflict', async () => {
    const c = createCaller(contextFor(t.db, filler));
    const err = await refusal(c.record.submit({ catalogCode: 'XZCF', catalogVersion: 99, subjectType: '法人及非法人组织', subjectCode: '12440300MB2C92173E', subjectName: 'x', data: penalty() }));
    expect(err.code).toBe('CONFLICT');
  });

  it('a filler of another department sees neither the item nor the record', async () => {
    const c2 = createCaller(contextFor(t.db, filler2));
    expect((await c2.record.fillable()).map((i) => i.code)).toContain('XZCF');
    const mine = await createCaller(contextFor(t.db, filler)).record.list({ page: 1, pageSize: 20 });
    const id = mine.rows[0]!.id;
    expect((await refusal(c2.record.byId({ id }))).code).toBe('NOT_FOUND');
    expect((await c2.record.list({ page: 1, pageSize: 20 })).rows).toHaveLength(0);
  });

  it('flags overdue 双公示 records in the list and the dashboard; an approver (not the submitter) accepts', async () => {
    const c = createCaller(contextFor(t.db, filler));
    const overdue = await c.record.list({ overdue: true, page: 1, pageSize: 20 });
    expect(overdue.rows.length).toBe(1);
    expect(overdue.rows[0]!.overdue).toBe(true);
    expect((await c.record.dashboard()).overdue).toBe(1);
    expect((await refusal(c.record.decide({ id: overdue.rows[0]!.id, decision: 'accept' }))).code).toBe('FORBIDDEN');
    await createCaller(contextFor(t.db, approver)).record.decide({ id: overdue.rows[0]!.id, decision: 'accept' });
    expect((await c.record.dashboard()).overdue).toBe(0);
  });

  it('masks personal data for an auditor; revealing is explicit and audited', async () => {
    const c = createCaller(contextFor(t.db, filler));
    const form = await c.record.form({ code: 'XZCF' });
    const created = await c.record.submit({
      catalogCode: 'XZCF',
      catalogVersion: form.version,
      subjectType: '自然人',
      subjectCode: '360426199101010071',
      subjectName: '张三',
      data: penalty({ CF_XDR_MC: '张三', CF_XDR_LB: '自然人' }),
    });
    const a = createCaller(contextFor(t.db, auditor));
    const seen = await a.record.byId({ id: created.id });
    expect(seen.masked).toBe(true);
    expect(seen.record.subjectCode).toBe('3604**********0071');
    const list = await a.record.list({ page: 1, pageSize: 50 });
    expect(list.rows.find((r) => r.id === created.id)?.subjectCode).toBe('3604**********0071');
    expect((await refusal(a.record.reveal({ id: created.id, reason: '' }))).code).toBe('BAD_REQUEST');
    const revealed = await a.record.reveal({ id: created.id, reason: '核查异议' });
    expect(revealed.subjectCode).toBe('360426199101010071');
    const [row] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'record.reveal'));
    expect(row?.actorName).toBe('auditor');
    expect(row?.reason).toBe('核查异议');
    expect((await t.db.select().from(record)).length).toBe(2);
  });

  it('exports CSV in the caller’s scope, masked like the pages', async () => {
    const csv = async (v: Viewer) => new Response(recordsExportStream(t.db, v, departmentScopeOf(v), {}, 'csv', 1)).text();
    const forAuditor = await csv(auditor);
    expect(forAuditor).toContain('3604**********0071');
    expect(forAuditor).not.toContain('360426199101010071');
    expect(forAuditor.trim().split('\n')).toHaveLength(3); // header + the two records, paged one by one
    const forFiller = await csv(filler);
    expect(forFiller).toContain('360426199101010071');
    const forOtherDepartment = await csv(filler2);
    expect(forOtherDepartment.trim().split('\n')).toHaveLength(1);
  });

  it('exports XLSX with the same rows and the same masking as CSV', async () => {
    const bytes = await new Response(recordsExportStream(t.db, auditor, departmentScopeOf(auditor), {}, 'xlsx', 1)).arrayBuffer();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes);
    const sheet = wb.getWorksheet('records')!;
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(1).getCell(6).value).toBe('subject_code');
    const codes = [2, 3].map((n) => String(sheet.getRow(n).getCell(6).value));
    expect(codes).toContain('3604**********0071');
    expect(codes).not.toContain('360426199101010071');
  });
});
