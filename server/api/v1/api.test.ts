/**
 * The open API through HTTP (Request in, Response out, the route handler's own function) with real
 * keys registered as an admin registers them: each operation, each refusal, replay with the same
 * Idempotency-Key, and the OpenAPI document validated by an OpenAPI 3.1 validator and checked
 * against what the handlers accept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../testing/db';
import { contextFor, refusal, viewerByUsername } from '../../testing/context';
import { createCallerFactory } from '../../trpc/init';
import { appRouter } from '../../trpc/router';
import { seedDemo } from '../../seed';
import { seedDemoMeasures } from '../../seed/office';
import { demoCompany, demoUscc } from '../../seed/grading';
import { actorOf } from '../../auth/viewer';
import { auditLog, checkScenario, creditListMember, department, evaluationResult, evaluationRun, queryLog, record } from '../../db/schema';
import { decideRecord } from '../../records/service';
import { addDays, todayCN } from '../../registers/dates';
import { registerClient, revokeClient, rotateKey } from '../clients';
import { resetRateLimits } from '../rate-limit';
import { handleApiV1 } from './handler';
import { openApiDocument } from './openapi';
import { ROUTES } from './routes';

let t: TestDatabase;
let admin: ReturnType<typeof actorOf>;
let key: string;
let narrowKey: string;
let otherKey: string;
let scjgId: string;
const listed = demoUscc(71);

function call(method: string, path: string, opts: { key?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] = 'application/json';
  const request = new Request(`http://localhost/api/v1${path}`, { method, headers, body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)) });
  return handleApiV1(t.db, request, new URL(request.url).pathname.split('/').filter(Boolean).slice(2));
}

const penalty = (i: number, decided: string) => ({
  catalogCode: 'XZCF',
  subjectType: '法人及非法人组织',
  subjectCode: demoUscc(i),
  subjectName: demoCompany(i),
  data: { CF_XDR_MC: demoCompany(i), CF_XDR_LB: '法人及非法人组织', CF_WSH: `汴市监罚〔2026〕${i}号`, CF_CFLB: '罚款', CF_JDRQ: decided, CF_NR_FK: 1 },
});

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  await seedDemoMeasures(t.db);
  admin = actorOf(await viewerByUsername(t.db, 'admin'));
  const [scjg] = await t.db.select().from(department).where(eq(department.code, 'SCJG'));
  const [sthj] = await t.db.select().from(department).where(eq(department.code, 'STHJ'));
  scjgId = scjg!.id;
  key = (await registerClient(t.db, admin, { name: '市场监管审批系统', departmentId: scjg!.id, operations: ['credit-check', 'records-submit', 'feedback', 'feed'] })).key;
  narrowKey = (await registerClient(t.db, admin, { name: '只读核查', departmentId: scjg!.id, operations: ['credit-check'] })).key;
  otherKey = (await registerClient(t.db, admin, { name: '生态环境业务系统', departmentId: sthj!.id, operations: ['records-submit'] })).key;
  const today = todayCN();
  await t.db.insert(creditListMember).values({ listCode: 'CL-001', subjectCode: listed, subjectName: demoCompany(71), listedOn: addDays(today, -30), status: 'active' });
});
afterAll(async () => {
  await t?.close();
});

describe('registering clients (admin page procedures)', () => {
  it('gives the key once, lists clients without key or hash, shows the 审查场景 by list name, and refuses non-admins', async () => {
    const caller = createCallerFactory(appRouter)(contextFor(t.db, await viewerByUsername(t.db, 'admin')));
    const created = await caller.apiClient.create({ name: '  住建审批系统 ', departmentId: scjgId, operations: ['credit-check'] });
    expect(created.key).toMatch(/^ccg_[0-9a-f]{12}_/);
    const listed = await caller.apiClient.list();
    const row = listed.find((c) => c.id === created.id)!;
    expect(row.name).toBe('住建审批系统');
    expect(JSON.stringify(listed)).not.toContain(created.key.slice(17));
    expect(JSON.stringify(listed)).not.toMatch(/keyHash|[0-9a-f]{64}/);
    const scenarios = await caller.apiClient.scenarios();
    expect(scenarios.find((x) => x.matterType === 'government-procurement')?.blockLists).toEqual(['严重失信主体名单']);
    const bad = await refusal(caller.apiClient.create({ name: '', departmentId: scjgId, operations: [] }));
    expect(bad.code).toBe('BAD_REQUEST');
    const filler = createCallerFactory(appRouter)(contextFor(t.db, await viewerByUsername(t.db, 'filler')));
    expect((await refusal(filler.apiClient.list())).code).toBe('FORBIDDEN');
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'api_client.create'), eq(auditLog.objectId, created.id)));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.after)).not.toContain(created.key);
  });
});

describe('keys', () => {
  it('refuses a call without a key, with an unknown key and with a revoked or rotated key (401 problem+json)', async () => {
    const none = await call('GET', '/check-scenarios');
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    const p = await none.json();
    expect(p).toMatchObject({ status: 401, title: 'Unauthorized', code: 'apiV1.errors.noKey' });
    expect(p.detail).toContain('API 密钥');
    expect(p.message.en).toContain('API key');
    expect((await call('GET', '/check-scenarios', { key: 'ccg_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })).status).toBe(401);

    const [scjg] = await t.db.select().from(department).where(eq(department.code, 'SCJG'));
    const c = await registerClient(t.db, admin, { name: '将被轮换', departmentId: scjg!.id, operations: ['feed'] });
    expect((await call('GET', '/feed', { key: c.key })).status).toBe(200);
    const rotated = await rotateKey(t.db, admin, c.id);
    const old = await call('GET', '/feed', { key: c.key, headers: { 'accept-language': 'en' } });
    expect(old.status).toBe(401);
    expect((await old.json()).detail).toMatch(/not valid/);
    expect((await call('GET', '/feed', { key: rotated.key })).status).toBe(200);
    await revokeClient(t.db, admin, c.id, '系统下线');
    const revoked = await call('GET', '/feed', { key: rotated.key, headers: { 'accept-language': 'en' } });
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ code: 'apiV1.errors.revokedKey', detail: expect.stringMatching(/revoked/) });
  });

  it('refuses an operation the client was not allowed (403), and audits the refusal under the client', async () => {
    const r = await call('POST', '/records', { key: narrowKey, body: penalty(50, todayCN()) });
    expect(r.status).toBe(403);
    expect((await r.json()).code).toBe('apiV1.errors.operationNotAllowed');
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.action, 'api.refused'));
    expect(rows.at(-1)?.actorName).toBe('api:只读核查');
  });

  it('limits calls per client (429 with Retry-After)', async () => {
    process.env.API_CLIENT_PER_MINUTE = '3';
    try {
      resetRateLimits();
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await call('GET', '/check-scenarios', { key: narrowKey })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const r = await call('GET', '/check-scenarios', { key: narrowKey });
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      delete process.env.API_CLIENT_PER_MINUTE;
      resetRateLimits();
    }
  });
});

describe('every call of a known client is audited, refusals too', () => {
  const refusedRows = async (clientName: string) =>
    (await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'api.refused'), eq(auditLog.actorName, `api:${clientName}`)))).map((r) => r.after as { status: number; reason: string; path: string; operation: string | null });

  it('one api.refused row per refused call — bad JSON, a body too large, an invalid field, a bad Idempotency-Key, a record not found — under the client', async () => {
    const [scjg] = await t.db.select().from(department).where(eq(department.code, 'SCJG'));
    const c = await registerClient(t.db, admin, { name: '审计测试系统', departmentId: scjg!.id, operations: ['records-submit', 'feed'] });
    process.env.API_V1_BODY_LIMIT_BYTES = '2048';
    try {
      expect((await call('POST', '/records', { key: c.key, raw: '{"catalogCode":' })).status).toBe(400);
      expect((await call('POST', '/records', { key: c.key, raw: JSON.stringify({ ...penalty(60, todayCN()), pad: 'x'.repeat(5000) }) })).status).toBe(413);
    } finally {
      delete process.env.API_V1_BODY_LIMIT_BYTES;
    }
    expect((await call('POST', '/records', { key: c.key, body: { ...penalty(61, todayCN()), subjectType: '外星人' } })).status).toBe(422);
    expect((await call('POST', '/records', { key: c.key, body: penalty(62, todayCN()), headers: { 'idempotency-key': 'bad key with spaces' } })).status).toBe(422);
    expect((await call('GET', '/records/00000000-0000-4000-8000-000000000000', { key: c.key })).status).toBe(404);
    expect((await call('POST', '/credit-checks', { key: c.key, body: { subjectCode: listed, matterType: 'government-procurement', purpose: '核查' } })).status).toBe(403);
    const rows = await refusedRows('审计测试系统');
    expect(rows.map((r) => r.status)).toEqual([400, 413, 422, 422, 404, 403]);
    expect(rows.map((r) => r.reason)).toEqual(['apiV1.errors.badJson', 'limits.bodyTooLarge', expect.stringMatching(/invalid/i), 'trustGate.errors.badKey', expect.stringMatching(/notFound/), 'apiV1.errors.operationNotAllowed']);
    expect(rows[4]!.path).toBe('/api/v1/records/00000000-0000-4000-8000-000000000000');
    // A path or a method that does not exist, called with the client's key, is its refusal too.
    expect((await call('GET', '/no-such-thing', { key: c.key })).status).toBe(404);
    expect((await call('GET', '/credit-checks', { key: c.key })).status).toBe(405);
    // Without a key nobody is identified: refused, not audited.
    expect((await call('GET', '/no-such-thing', {})).status).toBe(404);
    const all = await refusedRows('审计测试系统');
    expect(all.slice(6).map((r) => [r.status, r.path])).toEqual([
      [404, '/api/v1/no-such-thing'],
      [405, '/api/v1/credit-checks'],
    ]);
    // An answered call writes no refusal.
    expect((await call('GET', '/feed', { key: c.key })).status).toBe(200);
    expect(await refusedRows('审计测试系统')).toHaveLength(8);
  });

  it('429s and a revoked key are recorded once per client and minute; calls without a known key are not audited', async () => {
    const [scjg] = await t.db.select().from(department).where(eq(department.code, 'SCJG'));
    const c = await registerClient(t.db, admin, { name: '限流测试系统', departmentId: scjg!.id, operations: ['feed'] });
    process.env.API_CLIENT_PER_MINUTE = '1';
    try {
      resetRateLimits();
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await call('GET', '/feed', { key: c.key })).status);
      expect(statuses).toEqual([200, 429, 429, 429, 429]);
    } finally {
      delete process.env.API_CLIENT_PER_MINUTE;
      resetRateLimits();
    }
    expect((await refusedRows('限流测试系统')).map((r) => r.status)).toEqual([429]);
    // Revoked: the old key is refused at once (the cache is emptied after the commit), recorded once.
    await revokeClient(t.db, admin, c.id, '停用');
    for (let i = 0; i < 3; i++) expect((await call('GET', '/feed', { key: c.key })).status).toBe(401);
    expect((await refusedRows('限流测试系统')).map((r) => [r.status, r.reason])).toEqual([
      [429, 'apiV1.errors.tooMany'],
      [401, 'apiV1.errors.revokedKey'],
    ]);
    const before = (await t.db.select().from(auditLog)).length;
    for (const k of [null, 'ccg_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'nonsense']) expect((await call('GET', '/feed', { key: k })).status).toBe(401);
    expect((await t.db.select().from(auditLog)).length).toBe(before);
  });
});

describe('credit check', () => {
  it('blocks government procurement for a member of the serious-dishonesty list, with the measures and their legal basis, and writes the query log', async () => {
    const r = await call('POST', '/credit-checks', { key: narrowKey, body: { subjectCode: listed.toLowerCase(), matterType: 'government-procurement', purpose: '供应商资格审查' } });
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.decision).toBe('block');
    expect(body.subject).toEqual({ code: listed, name: demoCompany(71) });
    expect(body.memberships[0].listCode).toBe('CL-001');
    expect(body.memberships[0].measures.map((m: { code: string }) => m.code)).toContain('SM-001');
    expect(body.memberships[0].measures[0].legalBasis[0].number).toBe('汴政办〔2020〕46号');
    const [log] = await t.db.select().from(queryLog).where(eq(queryLog.id, body.queryLogId));
    expect(log).toMatchObject({ subjectCode: listed, userName: 'API：只读核查', department: 'SCJG', memberHits: 1 });
    expect(log!.purpose).toContain('供应商资格审查');
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'api.credit_check'), eq(auditLog.objectId, body.queryLogId)));
    expect(audit?.actorName).toBe('api:只读核查');
  });

  it('warns for licensing and lets a subject with nothing against it proceed', async () => {
    const warn = await (await call('POST', '/credit-checks', { key: narrowKey, body: { subjectCode: listed, matterType: 'administrative-licensing', purpose: '许可审批' } })).json();
    expect(warn.decision).toBe('warn');
    const clean = await (await call('POST', '/credit-checks', { key: narrowKey, body: { subjectCode: demoUscc(72), matterType: 'government-procurement', purpose: '资格审查' } })).json();
    expect(clean.decision).toBe('proceed');
    expect(clean.memberships).toEqual([]);
  });

  it('answers the grade per industry from the current evaluation run, and warns for a grade the scenario names', async () => {
    const subject = demoUscc(73);
    const [run] = await t.db
      .insert(evaluationRun)
      .values({ modelCode: 'GM-API-T', modelVersion: 1, content: { name: '核查测试模型', industry: '测试行业', definition: { bands: [{ grade: 'D', label: 'D较差' }] } }, periodStart: '2025-01-01', periodEnd: '2025-12-31', status: 'done', isCurrent: true })
      .returning({ id: evaluationRun.id });
    await t.db.insert(evaluationResult).values({ runId: run!.id, subjectCode: subject, subjectName: demoCompany(73), subjectType: 'legal', score: 512.5, grade: 'D', scores: {} as never });
    const body = await (await call('POST', '/credit-checks', { key: narrowKey, body: { subjectCode: subject, matterType: 'government-procurement', purpose: '资格审查' } })).json();
    expect(body.grades).toEqual([{ model: 'GM-API-T', industry: '测试行业', grade: 'D', gradeLabel: 'D较差', score: 512.5, period: { start: '2025-01-01', end: '2025-12-31' } }]);
    expect(body.decision).toBe('warn');
    expect(body.reasons).toEqual([{ kind: 'grade', code: 'GM-API-T:D', outcome: 'warn' }]);
    expect(body.subject.name).toBe(demoCompany(73));
    expect(body.memberships).toEqual([]);
  });

  it('follows a change of the 审查场景 register at the next call (the cache is versioned by a trigger)', async () => {
    const ask = async () => (await (await call('POST', '/credit-checks', { key: narrowKey, body: { subjectCode: listed, matterType: 'fiscal-funding', purpose: '专项资金' } })).json()).decision;
    expect(await ask()).toBe('block');
    await t.db.update(checkScenario).set({ blockLists: [], warnLists: ['CL-001'] }).where(eq(checkScenario.matterType, 'fiscal-funding'));
    expect(await ask()).toBe('warn');
  });

  it('answers a bad field with 422 and its path, in the caller’s language', async () => {
    const r = await call('POST', '/credit-checks', { key: narrowKey, body: { subjectCode: listed, matterType: 'no-such-matter', purpose: '审查' }, headers: { 'accept-language': 'en-GB' } });
    expect(r.status).toBe(422);
    const p = await r.json();
    expect(p.errors[0]).toMatchObject({ path: 'matterType', pointer: '/matterType' });
    expect(p.errors[0].detail).toContain('no-such-matter');
    expect(p.errors[0].message['zh-CN']).toContain('审查场景');
    const missing = await (await call('POST', '/credit-checks', { key: narrowKey, body: { subjectCode: listed, matterType: 'government-procurement' } })).json();
    expect(missing.status).toBe(422);
    expect(missing.errors.map((e: { path: string }) => e.path)).toEqual(['purpose']);
    const extra = await (await call('POST', '/credit-checks', { key: narrowKey, body: { subjectCode: listed, matterType: 'government-procurement', purpose: 'x', admin: true } })).json();
    expect(extra.status).toBe(422);
    expect((await call('POST', '/credit-checks', { key: narrowKey, raw: '{"subjectCode":' })).status).toBe(400);
  });

  it('refuses a body past the limit with 413 before parsing it', async () => {
    process.env.API_V1_BODY_LIMIT_BYTES = '2048';
    try {
      const r = await call('POST', '/credit-checks', { key: narrowKey, body: { subjectCode: listed, matterType: 'government-procurement', purpose: 'x'.repeat(5000) } });
      expect(r.status).toBe(413);
      expect((await r.json()).code).toBe('limits.bodyTooLarge');
    } finally {
      delete process.env.API_V1_BODY_LIMIT_BYTES;
    }
  });
});

describe('submitting records through the one gate', () => {
  it('submits a record of the caller’s department as the form does, and a replay with the same Idempotency-Key returns the first result', async () => {
    const body = penalty(40, addDays(todayCN(), -3));
    const headers = { 'idempotency-key': 'erp-2026-000040' };
    const first = await call('POST', '/records', { key, body, headers });
    expect(first.status).toBe(201);
    const a = await first.json();
    expect(a).toMatchObject({ catalogCode: 'XZCF', subjectCode: demoUscc(40), status: 'submitted' });
    const again = await call('POST', '/records', { key, body, headers });
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(a);
    const rows = await t.db.select().from(record).where(eq(record.subjectCode, demoUscc(40)));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.departmentId).toBe(scjgId);
    expect(rows[0]!.dueDate).not.toBeNull(); // 双公示: the same due date the form sets
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'record.submit'), eq(auditLog.objectId, a.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actorName).toBe('api:市场监管审批系统');
    // The replay wrote no record but is audited under the client, like every call.
    const replays = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'api.replayed'), eq(auditLog.objectId, a.id)));
    expect(replays).toHaveLength(1);
    expect(replays[0]!.actorName).toBe('api:市场监管审批系统');
    expect(replays[0]!.after).toMatchObject({ operation: 'records-submit', idempotencyKey: 'erp-2026-000040' });
    // The same key for another request is a conflict.
    const reused = await call('POST', '/records', { key, body: penalty(41, addDays(todayCN(), -3)), headers });
    expect(reused.status).toBe(409);
    // Its status, for its own department.
    const status = await call('GET', `/records/${a.id}`, { key });
    expect(status.status).toBe(200);
    // Another department's record answers like a missing one.
    const other = await call('GET', `/records/${a.id}`, { key: otherKey });
    expect(other.status).toBe(404);
  });

  it('refuses invalid data with 422 and the field paths of the form’s own validation, writing nothing', async () => {
    const bad = penalty(42, 'not-a-date');
    const r = await call('POST', '/records', { key, body: bad });
    expect(r.status).toBe(422);
    const p = await r.json();
    expect(p.errors.map((e: { path: string }) => e.path)).toContain('data.CF_JDRQ');
    expect(p.errors.find((e: { path: string }) => e.path === 'data.CF_JDRQ').pointer).toBe('/data/CF_JDRQ');
    expect(await t.db.select().from(record).where(eq(record.subjectCode, demoUscc(42)))).toHaveLength(0);
    const badCode = await call('POST', '/records', { key, body: { ...penalty(43, todayCN()), subjectCode: '123' } });
    expect((await badCode.json()).errors.map((e: { path: string }) => e.path)).toContain('subjectCode');
  });

  it('refuses a catalog item the caller’s department does not provide (404)', async () => {
    // 生态环境 provides XZCF but not XYCN (信用承诺: FGW, SCJG, ZWJ).
    const r = await call('POST', '/records', { key: otherKey, body: { ...penalty(44, todayCN()), catalogCode: 'XYCN' } });
    expect(r.status).toBe(404);
  });
});

describe('feedback and the feed', () => {
  it('takes feedback on a measure applied after a credit check, and refuses one outside the membership', async () => {
    const check = await (await call('POST', '/credit-checks', { key, body: { subjectCode: listed, matterType: 'government-procurement', purpose: '招标' } })).json();
    const memberId = check.memberships[0].memberId;
    const r = await call('POST', '/feedback', { key, body: { memberId, measureCode: 'SM-001', appliedOn: todayCN(), content: '取消投标资格', queryLogId: check.queryLogId } });
    expect(r.status).toBe(201);
    expect((await r.json()).id).toMatch(/^[0-9a-f-]{36}$/);
    const early = await call('POST', '/feedback', { key, body: { memberId, measureCode: 'SM-001', appliedOn: addDays(todayCN(), -400), content: '取消投标资格' } });
    expect(early.status).toBe(422);
    expect((await early.json()).errors[0].path).toBe('appliedOn');
    const unknown = await call('POST', '/feedback', { key, body: { memberId: '00000000-0000-4000-8000-000000000000', measureCode: 'SM-001', appliedOn: todayCN(), content: 'x' } });
    expect(unknown.status).toBe(404);
    // Feedback counts against the caller's own lookup: another client's query log is refused at its field.
    const other = await (await call('POST', '/credit-checks', { key: narrowKey, body: { subjectCode: listed, matterType: 'government-procurement', purpose: '招标' } })).json();
    const notMine = await call('POST', '/feedback', { key, body: { memberId, measureCode: 'SM-001', appliedOn: todayCN(), content: '取消投标资格', queryLogId: other.queryLogId } });
    expect(notMine.status).toBe(422);
    expect((await notMine.json()).errors[0]).toMatchObject({ path: 'queryLogId', pointer: '/queryLogId' });
  });

  it('gives published records since a cursor, each once, and nothing new on the next call', async () => {
    const filler = await viewerByUsername(t.db, 'approver');
    const [sub] = await t.db.select().from(record).where(eq(record.subjectCode, demoUscc(40)));
    await decideRecord(t.db, actorOf(filler), { id: sub!.id, decision: 'accept' });
    const first = await (await call('GET', '/feed?limit=1', { key })).json();
    expect(first.events).toHaveLength(1);
    expect(first.events[0]).toMatchObject({ source: 'records', type: 'record.published', data: { id: sub!.id, catalogName: '行政处罚信息', subjectCode: demoUscc(40) } });
    expect(JSON.stringify(first.events[0].data)).not.toMatch(/createdBy|decidedBy|reviewComment/);
    const next = await (await call('GET', `/feed?cursor=${first.cursor}`, { key })).json();
    expect(next.events).toEqual([]);
    expect(next.more).toBe(false);
    const bad = await call('GET', '/feed?cursor=%7Bnot', { key });
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors[0].path).toBe('cursor');
    expect((await call('GET', '/feed?limit=0', { key })).status).toBe(422);
  });
});

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const r = await call('GET', '/openapi.json');
    expect(r.status).toBe(200);
    const doc = await r.json();
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('names every route the handler answers, with the request schema the handler validates with', async () => {
    const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>; components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[]; additionalProperties?: unknown }> } };
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)).sort();
    expect(documented).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    // Every documented operation is routed (no key: 401, never 404).
    for (const r of ROUTES) {
      const path = r.path.replace('{id}', '00000000-0000-4000-8000-000000000000');
      expect((await call(r.method.toUpperCase(), path)).status, `${r.method} ${r.path}`).toBe(401);
    }
    const cc = doc.components.schemas.CreditCheckRequest!;
    expect(Object.keys(cc.properties ?? {}).sort()).toEqual(['matterType', 'purpose', 'subjectCode']);
    expect(cc.required?.sort()).toEqual(['matterType', 'purpose', 'subjectCode']);
    expect(cc.additionalProperties).toBe(false);
    // What the document requires is what the handler refuses when it is left out.
    for (const field of cc.required ?? []) {
      const body: Record<string, string> = { subjectCode: listed, matterType: 'government-procurement', purpose: '审查' };
      delete body[field];
      const p = await (await call('POST', '/credit-checks', { key: narrowKey, body })).json();
      expect(p.errors.map((e: { path: string }) => e.path)).toEqual([field]);
    }
    expect(doc.components.schemas.RecordSubmitRequest!.required?.sort()).toEqual(['catalogCode', 'data', 'subjectCode', 'subjectName', 'subjectType']);
  });
});
