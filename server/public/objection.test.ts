/**
 * The public objection form's request check and the tracking page's lookup (issues 15 and 17): a
 * good filing gets a tracking number and one audit row, shows 异议处理中 in the internal lookup and
 * reaches the department's inbox; refusals keep the typed values and name the field; a record that
 * is not on the subject's public page (not published, another subject's) is refused; a foreign
 * Origin and an over-limit body are refused before anything is read; tracking needs the contact.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { seedDemo } from '../seed';
import { demoUscc } from '../seed/grading';
import { auditLog, department, entry, entryVersion, objection, record, storedFile, user } from '../db/schema';
import { addDays, todayCN } from '../registers/dates';
import { clearPublicCache } from './service';
import { stampMissing } from '../disclosure/sweep';
import { resetRateLimits } from '../api/rate-limit';
import { PUBLIC_OBJECTION_MAX_BYTES, submitPublicObjection, type RequestFacts } from './objection';
import { answerObjection, decideObjectionAnswer, objectionStatusByTrackingNo } from '../objections/service';
import { openProcesses } from '../disclosure/lookup';
import { inboxFor } from '../inbox';
import { viewerByUsername } from '../testing/context';

let t: TestDatabase;
const today = todayCN();
const SELF = 'https://credit.example.cn';
const facts = (over: Partial<RequestFacts> = {}): RequestFacts => ({ from: SELF, selfOrigins: [SELF], contentLength: 2000, address: '203.0.113.7', ...over });
const ids: Record<string, string> = {};

async function put(key: string, code: string, name: string, decided: string, status = 'accepted') {
  const [v] = await t.db.select({ version: entryVersion.version }).from(entryVersion).innerJoin(entry, eq(entry.id, entryVersion.entryId)).where(and(eq(entry.kindCode, 'info-catalog'), eq(entry.code, 'XZCF')));
  const [scjg] = await t.db.select().from(department).where(eq(department.code, 'SCJG'));
  const [filler] = await t.db.select().from(user).where(eq(user.username, 'filler'));
  const [r] = await t.db
    .insert(record)
    .values({ catalogCode: 'XZCF', catalogVersion: v!.version, departmentId: scjg!.id, subjectType: '法人及非法人组织', subjectCode: code, subjectName: name, data: { CF_WSH: `汴市监罚〔2026〕${key}号`, CF_CFLB: '罚款', CF_JDRQ: decided, CF_NR_FK: 3 }, status, decisionDate: decided, createdBy: filler!.id, decidedBy: filler!.id, decidedAt: new Date() })
    .returning({ id: record.id });
  ids[key] = r!.id;
}

function form(values: Record<string, string | string[]>, files: File[] = []) {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
  for (const file of files) f.append('evidence', file);
  return async () => f;
}

const good = () => ({ subject: demoUscc(41), target: `record:${ids.a}`, items: ['CF_NR_FK', 'not-a-field', 'record:other|CF_CFLB'], content: '罚款金额登记有误，应为 2 万元', name: '李四', phone: '138 0000 0000', email: '' });

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  await put('a', demoUscc(41), '开封异议公示测试有限公司', addDays(today, -10));
  await put('b', demoUscc(41), '开封异议公示测试有限公司', addDays(today, -8), 'submitted');
  await put('c', demoUscc(42), '开封另一家测试有限公司', addDays(today, -8));
  await stampMissing(t.db);
});
afterAll(async () => {
  await t?.close();
});
beforeEach(() => {
  clearPublicCache();
  resetRateLimits();
});

describe('filing from the public page', () => {
  it('refuses a foreign Origin, a missing Origin and an over-limit body before reading the form', async () => {
    let read = false;
    const never = async () => {
      read = true;
      return new FormData();
    };
    expect(await submitPublicObjection(t.db, facts({ from: 'https://evil.example' }), never)).toMatchObject({ ok: false, formError: { key: 'publicSite.objection.errors.origin' } });
    expect(await submitPublicObjection(t.db, facts({ from: null }), never)).toMatchObject({ ok: false, formError: { key: 'publicSite.objection.errors.origin' } });
    expect(await submitPublicObjection(t.db, facts({ contentLength: PUBLIC_OBJECTION_MAX_BYTES + 1 }), never)).toMatchObject({ ok: false, formError: { key: 'publicSite.objection.errors.tooLarge' } });
    expect(read).toBe(false);
    expect(await t.db.select().from(objection)).toHaveLength(0);
  });

  it('keeps the typed values and names the field: missing contact, bad phone, empty content', async () => {
    const noContact = await submitPublicObjection(t.db, facts(), form({ ...good(), phone: '', email: '' }));
    expect(noContact).toMatchObject({ ok: false, errors: { contact: { key: 'publicSite.objection.errors.contact' } }, values: { content: good().content, name: '李四' } });
    const badPhone = await submitPublicObjection(t.db, facts(), form({ ...good(), phone: 'call me' }));
    expect(badPhone).toMatchObject({ ok: false, errors: { contact: { key: 'publicSite.objection.errors.phone' } } });
    const noName = await submitPublicObjection(t.db, facts(), form({ ...good(), name: ' ', content: '' }));
    expect(noName).toMatchObject({ ok: false, errors: { name: { key: 'publicSite.objection.errors.name' }, content: { key: 'objections.errors.contentRequired' } } });
    expect(await t.db.select().from(objection)).toHaveLength(0);
  });

  it('refuses a record that is not on the subject public page: not published, or another subject', async () => {
    const notPublished = await submitPublicObjection(t.db, facts(), form({ ...good(), target: `record:${ids.b}` }));
    expect(notPublished).toMatchObject({ ok: false, errors: { target: { key: 'publicSite.objection.errors.target' } } });
    const otherSubject = await submitPublicObjection(t.db, facts(), form({ ...good(), target: `record:${ids.c}` }));
    expect(otherSubject).toMatchObject({ ok: false, errors: { target: { key: 'publicSite.objection.errors.target' } } });
    const unknownSubject = await submitPublicObjection(t.db, facts(), form({ ...good(), subject: '91410200MA4XXXXXXX' }));
    expect(unknownSubject).toMatchObject({ ok: false, formError: { key: 'publicSite.objection.errors.subject' } });
    expect(await t.db.select().from(objection)).toHaveLength(0);
  });

  it('refuses evidence of a type it does not take, and more than three files', async () => {
    const exe = await submitPublicObjection(t.db, facts(), form(good(), [new File([new Uint8Array([0x4d, 0x5a, 1, 2])], 'x.exe')]));
    expect(exe).toMatchObject({ ok: false, errors: { evidence: { key: 'documents.errors.evidenceType' } } });
    const many = Array.from({ length: 4 }, (_, i) => new File([`note ${i}`], `n${i}.txt`));
    expect(await submitPublicObjection(t.db, facts(), form(good(), many))).toMatchObject({ ok: false, errors: { evidence: { key: 'objections.errors.tooManyFiles' } } });
    expect(await t.db.select().from(objection)).toHaveLength(0);
  });

  it('files a good objection: tracking number, deadline, one audit row, 异议处理中, in the department inbox; a second is refused', async () => {
    const pdf = new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31])], '缴款凭证.pdf');
    const res = await submitPublicObjection(t.db, facts(), form(good(), [pdf]));
    if (!res.ok) throw new Error(JSON.stringify(res));
    expect(res.trackingNo).toMatch(/^YY-SCJG-\d{4}-\d{5}$/);
    expect(res.answerDue > today).toBe(true);
    const [o] = await t.db.select().from(objection).where(eq(objection.trackingNo, res.trackingNo));
    expect(o).toMatchObject({ channel: 'public', state: 'open', recordId: ids.a, filedBy: null, disputedItems: ['CF_NR_FK'], contact: { name: '李四', phone: '138 0000 0000' } });
    expect(o!.evidence).toHaveLength(1);
    const [file] = await t.db.select({ createdBy: storedFile.createdBy, mediaType: storedFile.mediaType }).from(storedFile).where(eq(storedFile.sha256, o!.evidence[0]!.sha256));
    expect(file).toEqual({ createdBy: null, mediaType: 'application/pdf' });
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.objectId, o!.id));
    expect(audits.map((a) => a.action)).toEqual(['objection.file']);
    expect((await openProcesses(t.db, [ids.a!], [])).objections.has(ids.a!)).toBe(true);
    const filler = await viewerByUsername(t.db, 'filler');
    expect((await inboxFor(t.db, filler, today)).items.map((i) => i.code)).toContain(res.trackingNo);
    const again = await submitPublicObjection(t.db, facts(), form(good()));
    expect(again).toMatchObject({ ok: false, formError: { key: 'objections.errors.alreadyOpen', params: { no: res.trackingNo } } });
  });

  it('limits filings per address', async () => {
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await submitPublicObjection(t.db, facts({ address: '198.51.100.9' }), form({ ...good(), name: '' })));
    expect(results.at(-1)).toMatchObject({ ok: false, formError: { key: 'publicSite.objection.errors.busy' } });
  });
});

describe('tracking', () => {
  it('needs the tracking number and the contact given; a wrong contact is "not found"; no staff; the answer once closed', async () => {
    const [o] = await t.db.select().from(objection).where(eq(objection.recordId, ids.a!));
    await expect(objectionStatusByTrackingNo(t.db, o!.trackingNo, '')).rejects.toMatchObject({ key: 'objections.errors.notFound' });
    await expect(objectionStatusByTrackingNo(t.db, o!.trackingNo, '13900000000')).rejects.toMatchObject({ key: 'objections.errors.notFound' });
    await expect(objectionStatusByTrackingNo(t.db, 'YY-SCJG-2000-00001', '13800000000')).rejects.toMatchObject({ key: 'objections.errors.notFound' });
    const open = await objectionStatusByTrackingNo(t.db, ` ${o!.trackingNo} `, '13800000000');
    expect(open).toEqual({ trackingNo: o!.trackingNo, subjectName: '开封异议公示测试有限公司', state: 'open', outcome: null, answer: null, answerDue: o!.answerDue, filedOn: o!.filedOn });
    const filler = await viewerByUsername(t.db, 'filler');
    await answerObjection(t.db, { id: filler.id, name: 'filler', roles: filler.roles, department: filler.departmentId } as never, filler, { id: o!.id, outcome: 'upheld', answer: '经核实，原记录无误' });
    // Answered, not yet confirmed by an approver: the public sees it waiting, without the answer.
    expect(await objectionStatusByTrackingNo(t.db, o!.trackingNo, '13800000000')).toMatchObject({ state: 'answered', outcome: null, answer: null });
    const approver = await viewerByUsername(t.db, 'approver');
    await decideObjectionAnswer(t.db, { id: approver.id, name: 'approver', roles: approver.roles, department: approver.departmentId } as never, approver, { id: o!.id, decision: 'approve' });
    const closed = await objectionStatusByTrackingNo(t.db, o!.trackingNo, '138-0000-0000');
    expect(closed).toMatchObject({ state: 'closed', outcome: 'upheld', answer: '经核实，原记录无误' });
    expect(JSON.stringify(closed)).not.toMatch(/answeredBy|filler|contact/);
  });
});
