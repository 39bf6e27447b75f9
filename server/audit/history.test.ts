/**
 * The auditor's history on a real database (PGlite, or PostgreSQL with DATABASE_URL): filter
 * semantics, and every export equal to exactly the filtered list.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import ExcelJS from 'exceljs';
import { TRPCError } from '@trpc/server';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor } from '../testing/context';
import { auditRouter } from '../trpc/routers/audit';
import { createCallerFactory, router } from '../trpc/init';
import type { Viewer } from '../auth/viewer';
import type { Role } from '../auth/roles';
import { appendAudit, type Actor } from './append';
import { auditFilterSchema, type AuditFilter, type AuditFilterInput } from './filter';
import { countAudit, listAudit, type AuditListRow } from './query';
import { startAuditExport, AUDIT_CSV_COLUMNS } from './export';
import { verifyBundleLines } from './bundle';
import { verifyChain } from './verify';

let t: TestDatabase;

const editor: Actor = { id: '00000000-0000-4000-8000-0000000000e1', name: 'editor', roles: ['editor'], department: 'XYB' };
const filler: Actor = { id: '00000000-0000-4000-8000-0000000000f1', name: 'filler', roles: ['filler'], department: 'SCJGJ' };
const auditor: Actor = { id: '00000000-0000-4000-8000-0000000000a1', name: 'auditor', roles: ['auditor'], department: 'XYB' };

// [at (UTC), actor, action, objectType, objectId]
const SEED: [string, Actor, string, string | null, string | null][] = [
  ['2026-03-01T15:59:59.999Z', auditor, 'auth.sign_in', null, null], // 1: Shanghai 03-01 23:59:59.999
  ['2026-03-01T16:00:00.000Z', editor, 'entry.save_draft', 'register-entry', 'sanction-measure/SM-001'], // 2: Shanghai 03-02 00:00
  ['2026-03-02T08:00:00.000Z', editor, 'entry.publish', 'register-entry', 'sanction-measure/SM-001'], // 3
  ['2026-03-03T01:00:00.000Z', filler, 'entry.save_draft', 'register-entry', 'sanction-measure/SM-002'], // 4
  ['2026-03-03T02:00:00.000Z', filler, 'entry.save_draft', 'register-entry', 'commitable-item/CI-001'], // 5
  ['2026-03-03T03:00:00.000Z', editor, 'change_request.approve', 'change-request', 'cr-1'], // 6
  ['2026-03-03T04:00:00.000Z', editor, 'entryx.other', 'register-entry', 'sanction_measure/X'], // 7: LIKE metacharacters
  ['2026-03-04T05:00:00.000Z', auditor, 'auth.sign_in', null, null], // 8
];

function viewer(roles: Role[], name = 'probe'): Viewer {
  return { id: '00000000-0000-4000-8000-0000000000b1', username: name, name, departmentId: null, departmentCode: 'XYB', departmentNameZh: null, departmentNameEn: null, roles, disabled: false };
}

// Only the audit router: these tests need not load every other feature's router.
const createCaller = createCallerFactory(router({ audit: auditRouter }));

beforeAll(async () => {
  t = await createTestDatabase();
  // Only Date is faked: the database drivers keep their real timers.
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    for (const [i, [at, actor, action, objectType, objectId]] of SEED.entries()) {
      vi.setSystemTime(new Date(at));
      await appendAudit(t.db, actor, {
        action,
        objectType,
        objectId,
        before: i === 2 ? { 名称: '限制高消费', basis: ['法律'] } : null,
        after: { step: i + 1, note: 'comma, "quote"\nnew line' },
        reason: i === 2 ? '发布，原因含逗号' : null,
      });
    }
  } finally {
    vi.useRealTimers();
  }
});
afterAll(async () => {
  await t.close();
});

function resolve(input: AuditFilterInput): AuditFilter {
  return auditFilterSchema.parse(input);
}

async function allListed(filter: AuditFilter): Promise<AuditListRow[]> {
  const out: AuditListRow[] = [];
  for (let page = 1; ; page++) {
    const r = await listAudit(t.db, { ...filter, page, pageSize: 3 });
    out.push(...r.rows);
    if (!r.hasMore) return out;
  }
}

async function seqsOf(input: AuditFilterInput): Promise<number[]> {
  return (await allListed(resolve(input))).map((r) => r.seq!).sort((a, b) => a - b);
}

async function textOf(body: ReadableStream<Uint8Array>): Promise<string> {
  // ignoreBOM: keep the BOM in the text, so the test can see it is there.
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await new Response(body).arrayBuffer());
}

/** RFC 4180 parser, enough for the export's own output. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

describe('audit filter', () => {
  it('reads dates as Asia/Shanghai days, the end day included', async () => {
    expect(await seqsOf({ to: '2026-03-01' })).toEqual([1]);
    expect(await seqsOf({ from: '2026-03-02', to: '2026-03-02' })).toEqual([2, 3]);
    expect(await seqsOf({ from: '2026-03-04' })).toEqual([8]);
  });

  it('takes instants exactly, the upper bound exclusive', async () => {
    expect(await seqsOf({ to: '2026-03-01T16:00:00.000Z' })).toEqual([1]);
    expect(await seqsOf({ from: '2026-03-01T16:00:00Z', to: '2026-03-02T16:00:00+08:00' })).toEqual([2]);
    expect(await seqsOf({ from: '2026-03-01T16:00:00Z', to: '2026-03-02T16:00:00.001+08:00' })).toEqual([2, 3]);
    expect(await seqsOf({ from: new Date('2026-03-03T03:00:00Z') })).toEqual([6, 7, 8]);
  });

  it('filters by user, department, action (exact or prefix) and object', async () => {
    expect(await seqsOf({ actorName: 'filler' })).toEqual([4, 5]);
    expect(await seqsOf({ department: 'XYB' })).toEqual([1, 2, 3, 6, 7, 8]);
    expect(await seqsOf({ action: 'auth.sign_in' })).toEqual([1, 8]);
    expect(await seqsOf({ action: 'entry.*' })).toEqual([2, 3, 4, 5]);
    expect(await seqsOf({ action: 'entry.' })).toEqual([]);
    expect(await seqsOf({ objectType: 'register-entry', objectId: 'sanction-measure/SM-001' })).toEqual([2, 3]);
    expect(await seqsOf({ objectType: 'register-entry', objectIdPrefix: 'sanction-measure/' })).toEqual([2, 3, 4]);
    // `_` is not a wildcard: the register "sanction_measure" is another register.
    expect(await seqsOf({ objectIdPrefix: 'sanction_measure/' })).toEqual([7]);
    expect(await seqsOf({ actorName: 'filler', action: 'entry.*', from: '2026-03-03', objectIdPrefix: 'commitable-item/' })).toEqual([5]);
  });

  it('treats empty strings as unset and refuses malformed dates', () => {
    expect(resolve({ from: '', actorName: '', action: '  ' })).toEqual({});
    expect(auditFilterSchema.safeParse({ from: '2026-02-30' }).success).toBe(false);
    expect(auditFilterSchema.safeParse({ to: 'yesterday' }).success).toBe(false);
    expect(auditFilterSchema.safeParse({ from: '2026-03-01T10:00:00' }).success).toBe(false); // no zone
  });

  it('lists newest first, in pages', async () => {
    const first = await listAudit(t.db, { page: 1, pageSize: 3 });
    expect(first.rows.map((r) => r.seq)).toEqual([8, 7, 6]);
    expect(first.hasMore).toBe(true);
    const last = await listAudit(t.db, { page: 3, pageSize: 3 });
    expect(last.rows.map((r) => r.seq)).toEqual([2, 1]);
    expect(last.hasMore).toBe(false);
  });

  it('pages by keyset from the previous page’s last seq, the same rows as by page number', async () => {
    const second = await listAudit(t.db, { page: 2, pageSize: 3, beforeSeq: 6 });
    expect(second.rows.map((r) => r.seq)).toEqual([5, 4, 3]);
    expect(second.hasMore).toBe(true);
    const third = await listAudit(t.db, { page: 3, pageSize: 3, beforeSeq: 3 });
    expect(third.rows.map((r) => r.seq)).toEqual([2, 1]);
    expect(third.hasMore).toBe(false);
  });
});

describe('audit procedures', () => {
  it('lists, counts and names actions for auditors and admins', async () => {
    const caller = createCaller(contextFor(t.db, viewer(['auditor'])));
    const page = await caller.audit.list({ action: 'entry.*', to: '2026-03-02', pageSize: 10 });
    expect(page.rows.map((r) => r.seq)).toEqual([3, 2]);
    expect(await caller.audit.count({ action: 'entry.*', to: '2026-03-02' })).toBe(2);
    expect(await caller.audit.actions()).toEqual(expect.arrayContaining(['auth.sign_in', 'entry.publish', 'entry.save_draft', 'change_request.approve']));
    const admin = createCaller(contextFor(t.db, viewer(['admin'])));
    expect(await admin.audit.count({ department: 'SCJGJ' })).toBe(2);
  });

  it('refuses other roles and bad dates', async () => {
    const codeOf = (p: Promise<unknown>) => p.then(() => 'OK', (e: unknown) => (e instanceof TRPCError ? e.code : String(e)));
    for (const role of ['editor', 'filler', 'approver'] as const) {
      const caller = createCaller(contextFor(t.db, viewer([role])));
      expect(await codeOf(caller.audit.list({}))).toBe('FORBIDDEN');
      expect(await codeOf(caller.audit.count({}))).toBe('FORBIDDEN');
    }
    const caller = createCaller(contextFor(t.db, viewer(['auditor'])));
    expect(await codeOf(caller.audit.list({ from: '2026-13-01' }))).toBe('BAD_REQUEST');
  });
});

describe('audit exports', () => {
  const filters: AuditFilterInput[] = [{ action: 'entry.*' }, { department: 'XYB', from: '2026-03-02' }, { objectIdPrefix: 'sanction-measure/' }, {}];

  it('audits the export before streaming and fixes its snapshot', async () => {
    const before = await countAudit(t.db, {});
    const started = await startAuditExport(t.db, auditor, 'csv', resolve({ action: 'auth.sign_in' }));
    // The audit row exists before a byte was read.
    const [row] = (await listAudit(t.db, { page: 1, pageSize: 1 })).rows;
    expect(row).toMatchObject({ seq: before + 1, action: 'audit.export', actorName: 'auditor', after: { format: 'csv', filter: { action: 'auth.sign_in' } } });
    expect(started.chainEndSeq).toBe(before + 1);
    expect(started.totalRows).toBe(2);
    expect(started.filename).toMatch(/^audit-\d{8}T\d{6}Z\.csv$/);
    // Appended after the export started: not part of it.
    await appendAudit(t.db, auditor, { action: 'auth.sign_in' });
    const lines = parseCsv(await textOf(started.body));
    expect(lines.slice(1).map((l) => Number(l[0]))).toEqual([1, 8]);
  });

  it('CSV holds exactly the filtered list, field for field', async () => {
    for (const input of filters) {
      const filter = resolve(input);
      const started = await startAuditExport(t.db, auditor, 'csv', filter, { pageSize: 2 });
      const text = await textOf(started.body);
      expect(text.startsWith('\uFEFF')).toBe(true);
      const [header, ...rows] = parseCsv(text.slice(1));
      expect(header).toEqual([...AUDIT_CSV_COLUMNS]);
      const listed = (await allListed(filter)).filter((r) => r.seq! <= started.chainEndSeq).reverse();
      expect(rows.length).toBe(started.totalRows);
      // before/after are JSON text (PostgreSQL's rendering): compare them as values.
      const asValues = rows.map((cells) => cells.map((c, i) => (i === 8 || i === 9 ? (c === '' ? null : (JSON.parse(c) as unknown)) : c)));
      expect(asValues).toEqual(
        listed.map((r) => [
          String(r.seq),
          r.at.toISOString(),
          r.actorName ?? '',
          r.role ?? '',
          r.department ?? '',
          r.action,
          r.objectType ?? '',
          r.objectId ?? '',
          r.before,
          r.after,
          r.reason ?? '',
          r.prevHash,
          r.hash,
        ]),
      );
    }
  });

  it('JSONL bundle holds exactly the filtered list and verifies offline', async () => {
    for (const input of filters) {
      const filter = resolve(input);
      const started = await startAuditExport(t.db, auditor, 'jsonl', filter, { pageSize: 2 });
      const lines = (await textOf(started.body)).trimEnd().split('\n');
      const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(parsed[0]).toMatchObject({ type: 'manifest-start', chainEndSeq: started.chainEndSeq });
      const manifest = parsed[parsed.length - 1]!;
      const rows = parsed.filter((p) => p.type === 'row');
      const listed = (await allListed(filter)).filter((r) => r.seq! <= started.chainEndSeq).reverse();
      expect(rows).toEqual(
        listed.map(({ id: _id, pending: _p, masked: _m, ...r }) => ({ type: 'row', ...r, at: r.at.toISOString() })),
      );
      expect(manifest).toMatchObject({ type: 'manifest', rowCount: listed.length, chainEndSeq: started.chainEndSeq, chainEndHash: started.chainEndHash, filter: JSON.parse(JSON.stringify(resolve(input))) as unknown });
      const verdict = await verifyBundleLines(lines);
      expect(verdict).toMatchObject({ ok: true, rows: listed.length, chainEndHash: started.chainEndHash, complete: Object.keys(input).length === 0 });
    }
    const chain = await verifyChain(t.db);
    expect(chain.ok).toBe(true);
  });

  it('an unfiltered bundle is the whole chain and ends at the live chain head', async () => {
    const started = await startAuditExport(t.db, auditor, 'jsonl', {});
    const lines = (await textOf(started.body)).trimEnd().split('\n');
    const chain = await verifyChain(t.db);
    expect(chain).toMatchObject({ ok: true, rows: started.chainEndSeq, endHash: started.chainEndHash });
    expect(await verifyBundleLines(lines)).toMatchObject({ ok: true, rows: started.chainEndSeq, complete: true });
  });

  it('XLSX parses back with the filtered rows', async () => {
    const filter = resolve({ action: 'entry.*' });
    const started = await startAuditExport(t.db, auditor, 'xlsx', filter, { pageSize: 2 });
    const bytes = new Uint8Array(await new Response(started.body).arrayBuffer());
    expect(bytes[0]).toBe(0x50); // "PK": a zip
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes.buffer as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.rowCount).toBe(started.totalRows + 1);
    expect(sheet.getRow(1).values).toEqual([undefined, ...AUDIT_CSV_COLUMNS]);
    const seqs = Array.from({ length: started.totalRows }, (_, i) => sheet.getRow(i + 2).getCell(1).value);
    expect(seqs).toEqual([2, 3, 4, 5]);
    expect(sheet.getRow(3).getCell(11).value).toBe('发布，原因含逗号');
    expect(JSON.parse(String(sheet.getRow(3).getCell(9).value))).toEqual({ 名称: '限制高消费', basis: ['法律'] });
  });

  it('stops reading when the client goes away', async () => {
    const started = await startAuditExport(t.db, auditor, 'jsonl', {}, { pageSize: 1 });
    const reader = started.body.getReader();
    await reader.read();
    await reader.cancel();
    // The connection is free again: the next query runs.
    expect(await countAudit(t.db, {})).toBeGreaterThan(0);
  });
});
