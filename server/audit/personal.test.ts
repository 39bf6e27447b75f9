/**
 * Personal data in the audit log and the query log: masked on every outward path for every role,
 * revealed by an auditor with a reason (audited), and the offline bundle still verifies — without
 * carrying a single personal value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, refusal, viewerByUsername } from '../testing/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { seedDemo } from '../seed';
import { auditLog } from '../db/schema';
import { actorOf, type Viewer } from '../auth/viewer';
import { appendAudit, SYSTEM_ACTOR } from './append';
import { findPersonal, maskPersonalText, personalDigest, sealedParts } from './personal';
import { startAuditExport } from './export';
import { verifyBundleLines } from './bundle';
import { verifyChain } from './verify';
import { listAudit } from './query';
import { queryLogPages } from '../grading/lookup';

const ID = '360426199101010071';
const ID_MASKED = '3604**********0071';
const PHONE = '13812345678';

describe('finding personal values', () => {
  it('finds ID and mobile numbers anywhere in before, after and reason, and masks only them', () => {
    const found = findPersonal({
      before: null,
      after: { subject: ID, note: `张三 ${PHONE} 来电`, list: ['91350100M000100Y43', ID], amount: 1.5, code: 'XZCF@1' },
      reason: `核对 ${ID}`,
    });
    expect(found).toEqual([
      { path: ['after', 'subject'], masked: ID_MASKED },
      { path: ['after', 'note'], masked: '张三 138****5678 来电' },
      { path: ['after', 'list', 1], masked: ID_MASKED },
      { path: ['reason'], masked: `核对 ${ID_MASKED}` },
    ]);
  });

  it('leaves codes, hashes, amounts and dates alone', () => {
    expect(maskPersonalText('91350100M000100Y43')).toBeNull(); // a USCC
    expect(maskPersonalText('sha256 a3601199101010071b')).toBeNull(); // digits inside a hex run
    expect(maskPersonalText('2024-09-27 罚款 12345678901234567890')).toBeNull(); // 20 digits: no ID
    expect(findPersonal({ before: { n: 12345 }, after: { at: '2026-03-01T00:00:00.000Z' }, reason: null })).toEqual([]);
  });

  it('masks the fields a writer names with their rule, rows included', () => {
    const found = findPersonal(
      { before: null, after: { data: { name: '张三', kids: [{ phone: '0371-1234567' }, { phone: '0371-7654321' }] } }, reason: null },
      { 'after.data.name': { keepStart: 1, keepEnd: 0 }, 'after.data.kids.*.phone': { keepStart: 3, keepEnd: 2 } },
    );
    expect(found).toEqual([
      { path: ['after', 'data', 'name'], masked: '张*' },
      { path: ['after', 'data', 'kids', 0, 'phone'], masked: '037*******67' },
      { path: ['after', 'data', 'kids', 1, 'phone'], masked: '037*******21' },
    ]);
  });

  it('seals each personal value as its masked form and a salted digest', () => {
    const parts = { before: null, after: { subject: ID }, reason: null };
    const sealed = sealedParts(parts, 'salt-a', findPersonal(parts));
    expect(sealed.after).toEqual({ subject: { masked: ID_MASKED, digest: personalDigest('salt-a', ID) } });
    expect(personalDigest('salt-b', ID)).not.toBe(personalDigest('salt-a', ID));
    expect(JSON.stringify(sealed)).not.toContain(ID);
  });
});

describe('masking on the outward paths', () => {
  let t: TestDatabase;
  let filler: Viewer;
  let approver: Viewer;
  let auditor: Viewer;
  let admin: Viewer;
  const createCaller = createCallerFactory(appRouter);
  let recordId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    filler = await viewerByUsername(t.db, 'filler');
    approver = await viewerByUsername(t.db, 'approver');
    auditor = await viewerByUsername(t.db, 'auditor');
    admin = await viewerByUsername(t.db, 'admin');
    const c = createCaller(contextFor(t.db, filler));
    const form = await c.record.form({ code: 'XZCF' });
    const created = await c.record.submit({
      catalogCode: 'XZCF',
      catalogVersion: form.version,
      subjectType: '自然人',
      subjectCode: ID,
      subjectName: '张三',
      data: { CF_XDR_MC: '张三', CF_XDR_LB: '自然人', CF_WSH: '汴市监罚〔2024〕12号', CF_CFLB: '罚款', CF_JDRQ: '2024-09-27', CF_NR_FK: 1.5 },
    });
    recordId = created.id;
    await createCaller(contextFor(t.db, approver)).record.decide({ id: recordId, decision: 'accept' });
    await createCaller(contextFor(t.db, approver)).grading.lookup({ query: ID, purpose: `核查 ${PHONE} 的来电` });
  });
  afterAll(async () => {
    await t.close();
  });

  it('stores the value once, with a salt and where it is; the chain hashes its digest', async () => {
    const [row] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'record.submit'), eq(auditLog.objectId, recordId)));
    expect((row!.after as { subject: string }).subject).toBe(ID);
    expect(row!.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(row!.personal).toEqual([{ path: ['after', 'subject'], masked: ID_MASKED }]);
    expect(await verifyChain(t.db)).toMatchObject({ ok: true });
  });

  it('audit.list shows the subject masked to auditors and admins alike', async () => {
    for (const v of [auditor, admin]) {
      const page = await createCaller(contextFor(t.db, v)).audit.list({ objectId: recordId, pageSize: 50 });
      const submit = page.rows.find((r) => r.action === 'record.submit')!;
      expect(submit).toMatchObject({ masked: true, after: { subject: ID_MASKED } });
      expect(JSON.stringify(page)).not.toContain(ID);
      expect(JSON.stringify(page)).not.toContain('salt');
    }
    const lookup = (await createCaller(contextFor(t.db, auditor)).audit.list({ action: 'subject.lookup', pageSize: 50 })).rows[0]!;
    expect(lookup.after).toMatchObject({ query: ID_MASKED, subjects: [ID_MASKED] });
    expect(lookup.reason).toBe('核查 138****5678 的来电');
  });

  it('CSV and XLSX exports are masked; the JSONL bundle carries masked forms and digests and verifies offline', async () => {
    const csv = await new Response((await startAuditExport(t.db, actorOf(auditor), 'csv', {})).body).text();
    expect(csv).toContain(ID_MASKED);
    expect(csv).not.toContain(ID);
    expect(csv).not.toContain(PHONE);

    const xlsx = await startAuditExport(t.db, actorOf(admin), 'xlsx', {});
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await new Response(xlsx.body).arrayBuffer()) as ArrayBuffer);
    const cells: string[] = [];
    wb.worksheets[0]!.eachRow((r) => r.eachCell((c) => cells.push(String(c.value))));
    expect(cells.join('\n')).toContain(ID_MASKED);
    expect(cells.join('\n')).not.toContain(ID);

    const started = await startAuditExport(t.db, actorOf(auditor), 'jsonl', {});
    const text = await new Response(started.body).text();
    expect(text).not.toContain(ID);
    expect(text).not.toContain(PHONE);
    const lines = text.trimEnd().split('\n');
    const submit = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((o) => o.action === 'record.submit')!;
    expect((submit.after as { subject: unknown }).subject).toEqual({ masked: ID_MASKED, digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await verifyBundleLines(lines)).toMatchObject({ ok: true, complete: true, rows: started.chainEndSeq });

    // Changing a masked form in the bundle (re-sealed manifest or not) breaks the chain there.
    const i = lines.findIndex((l) => l.includes('"action":"record.submit"'));
    const forged = [...lines];
    forged[i] = forged[i]!.replace(ID_MASKED, '3604**********0072');
    expect(await verifyBundleLines(forged)).toMatchObject({ ok: false, reason: expect.stringMatching(/altered/) });
  });

  it('a personal value changed in the database is named by the verifier', async () => {
    const [row] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'record.submit'), eq(auditLog.objectId, recordId)));
    await t.db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
    try {
      await t.db.execute(sql`update audit_log set after = jsonb_set(after, '{subject}', '"360426199101010089"') where id = ${row!.id}`);
      expect(await verifyChain(t.db)).toMatchObject({ ok: false, brokenSeq: row!.seq, reason: expect.stringMatching(/altered/) });
      await t.db.execute(sql`update audit_log set after = jsonb_set(after, '{subject}', ${JSON.stringify(ID)}::jsonb) where id = ${row!.id}`);
    } finally {
      await t.db.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
    }
    expect((await verifyChain(t.db)).ok).toBe(true);
  });

  it('an auditor reveals one row with a reason; the reveal is audited without the values', async () => {
    const a = createCaller(contextFor(t.db, auditor));
    const [row] = (await a.audit.list({ objectId: recordId, action: 'record.submit', pageSize: 1 })).rows;
    expect((await refusal(a.audit.reveal({ id: row!.id, reason: '  ' }))).code).toBe('BAD_REQUEST');
    expect((await refusal(a.audit.reveal({ id: 987654321, reason: '核查' }))).code).toBe('NOT_FOUND');
    for (const v of [admin, filler, approver]) expect((await refusal(createCaller(contextFor(t.db, v)).audit.reveal({ id: row!.id, reason: '核查' }))).code).toBe('FORBIDDEN');
    const revealed = await a.audit.reveal({ id: row!.id, reason: '核查异议申请' });
    expect(revealed.after).toMatchObject({ subject: ID });
    const [logged] = (await listAudit(t.db, { action: 'audit.reveal', page: 1, pageSize: 1 })).rows;
    expect(logged).toMatchObject({ actorName: 'auditor', reason: '核查异议申请', after: { seq: row!.seq, id: row!.id } });
    const [stored] = await t.db.select().from(auditLog).where(eq(auditLog.id, logged!.id));
    expect(JSON.stringify(stored)).not.toContain(ID);
  });

  it('the query log shows the looked-up ID masked, on the page and in its CSV; an auditor reveals it with a reason', async () => {
    const a = createCaller(contextFor(t.db, auditor));
    const page = await a.grading.queryLog({ page: 1, pageSize: 10 });
    const row = page.rows[0]!;
    expect(row).toMatchObject({ query: ID_MASKED, subjectCode: ID_MASKED, purpose: '核查 138****5678 的来电', masked: true });
    const csvRows: unknown[][] = [];
    for await (const p of queryLogPages(t.db, {})) csvRows.push(...p);
    expect(JSON.stringify(csvRows)).toContain(ID_MASKED);
    expect(JSON.stringify(csvRows)).not.toContain(ID);
    expect((await refusal(createCaller(contextFor(t.db, admin)).audit.revealQueryLog({ id: row.id, reason: '核查' }))).code).toBe('FORBIDDEN');
    expect((await refusal(a.audit.revealQueryLog({ id: row.id, reason: '' }))).code).toBe('BAD_REQUEST');
    const revealed = await a.audit.revealQueryLog({ id: row.id, reason: '核查查询是否合规' });
    expect(revealed).toMatchObject({ query: ID, subjectCode: ID });
    const [logged] = (await listAudit(t.db, { action: 'query_log.reveal', page: 1, pageSize: 1 })).rows;
    expect(logged).toMatchObject({ objectId: row.id, reason: '核查查询是否合规' });
  });

  it('rows written before personal paths were recorded are masked on display too', async () => {
    // As an old row: the value in clear, no salt, no personal paths (hash rule v1).
    const { id } = await appendAudit(t.db, SYSTEM_ACTOR, { action: 'test.old_row', after: { note: 'x' } });
    await t.db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
    try {
      await t.db.execute(sql`update audit_log set after = ${JSON.stringify({ subject: ID })}::jsonb where id = ${id}`);
    } finally {
      await t.db.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
    }
    const [row] = (await listAudit(t.db, { action: 'test.old_row', page: 1, pageSize: 1 })).rows;
    expect(row).toMatchObject({ masked: true, after: { subject: ID_MASKED } });
    const csv = await new Response((await startAuditExport(t.db, actorOf(auditor), 'csv', { action: 'test.old_row' })).body).text();
    expect(csv).toContain(ID_MASKED);
    expect(csv).not.toContain(ID);
  });
});
