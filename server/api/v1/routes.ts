/**
 * The open API's routes, ONE table: the handler dispatches from it and the OpenAPI document is
 * generated from it (./openapi.ts), each route with the zod schemas its handler validates with.
 */
import type { ZodType } from 'zod';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db';
import { record } from '../../db/schema';
import { appendAudit } from '../../audit/append';
import { DomainError } from '../../errors';
import { submitRecord, listFillableItems } from '../../records/service';
import { recordFeedback } from '../../lists/feedback';
import { creditCheck, listScenarios } from '../credit-check';
import { feedSince } from '../feed';
import type { ApiCaller, ApiOperation } from '../clients';
import * as s from './schemas';

export interface RouteInput {
  body: unknown;
  query: unknown;
  params: Record<string, string>;
  idempotencyKey: string | undefined;
}

export interface ApiRoute {
  method: 'get' | 'post';
  /** OpenAPI path template under /api/v1, e.g. /records/{id} */
  path: string;
  operationId: string;
  /** null: any registered client may call it. */
  operation: ApiOperation | null;
  summary: { 'zh-CN': string; en: string };
  body?: ZodType;
  query?: ZodType;
  params?: ZodType;
  idempotent?: boolean;
  response: ZodType;
  status: 200 | 201;
  /** Refusals it may answer besides 401/403/413/429. */
  refusals: (404 | 409 | 422)[];
  run(db: Db, caller: ApiCaller, input: RouteInput): Promise<unknown>;
}

/** One audit row for a read that writes nothing else (a change is audited by its own service). */
async function audited<T>(db: Db, caller: ApiCaller, action: string, detail: Record<string, unknown>, read: () => Promise<T>): Promise<T> {
  const out = await read();
  await appendAudit(db, caller.actor, { action, objectType: 'api-client', objectId: caller.clientId, after: { client: caller.clientId, ...detail } });
  return out;
}

async function currentVersion(db: Db, caller: ApiCaller, code: string): Promise<number> {
  const item = (await listFillableItems(db, caller.viewer)).find((i) => i.code === code);
  if (!item) throw new DomainError('NOT_FOUND', 'records.errors.itemNotAvailable', { code });
  return item.version;
}

export const ROUTES: ApiRoute[] = [
  {
    method: 'get',
    path: '/check-scenarios',
    operationId: 'listCheckScenarios',
    operation: null,
    summary: { 'zh-CN': '审查场景登记：哪些名单和等级对哪类事项阻断或提示', en: 'Check scenarios: which lists and grades block or warn which matters' },
    response: s.scenariosResponse,
    status: 200,
    refusals: [],
    run: (db, caller) =>
      audited(db, caller, 'api.check_scenarios', {}, async () =>
        (await listScenarios(db)).map((x) => ({ matterType: x.matterType, name: { 'zh-CN': x.nameZh, en: x.nameEn }, blockLists: x.blockLists, warnLists: x.warnLists, warnGrades: x.warnGrades, legalBasis: x.legalBasis })),
      ),
  },
  {
    method: 'post',
    path: '/credit-checks',
    operationId: 'creditCheck',
    operation: 'credit-check',
    summary: { 'zh-CN': '信用核查（逢办必查）：等级、名单、适用措施与处理建议', en: 'Credit check for a matter: grades, lists, measures and the decision' },
    body: s.creditCheckRequest,
    response: s.creditCheckResponse,
    status: 200,
    refusals: [422],
    run: (db, caller, { body }) => creditCheck(db, caller, body as { subjectCode: string; matterType: string; purpose: string }),
  },
  {
    method: 'post',
    path: '/records',
    operationId: 'submitRecord',
    operation: 'records-submit',
    summary: { 'zh-CN': '报送本部门的信用信息（与填报表单相同的校验、流程与审计；可用 Idempotency-Key 重试）', en: "Submit a record of the caller's department (same validation, flow and audit as the form; retry with Idempotency-Key)" },
    body: s.recordSubmitRequest,
    idempotent: true,
    response: s.recordStatus,
    status: 201,
    refusals: [404, 409, 422],
    async run(db, caller, { body, idempotencyKey }) {
      const b = body as { catalogCode: string; catalogVersion?: number; subjectType: string; subjectCode: string; subjectName: string; data: Record<string, unknown> };
      const catalogVersion = b.catalogVersion ?? (await currentVersion(db, caller, b.catalogCode));
      // A retry answered from the first result writes no record, but the call is still audited.
      const row = await submitRecord(db, caller.actor, caller.viewer, { ...b, catalogVersion, idempotencyKey }, async (first) => {
        await appendAudit(db, caller.actor, { action: 'api.replayed', objectType: 'record', objectId: first.id, after: { client: caller.clientId, operation: 'records-submit', idempotencyKey } });
      });
      return statusOf(row);
    },
  },
  {
    method: 'get',
    path: '/records/{id}',
    operationId: 'getRecordStatus',
    operation: 'records-submit',
    summary: { 'zh-CN': '查询本部门报送记录的状态', en: "A submitted record's status (the caller's department only)" },
    params: s.recordIdParams,
    response: s.recordStatus,
    status: 200,
    refusals: [404, 422],
    run: (db, caller, { params }) =>
      audited(db, caller, 'api.record_status', { record: params.id }, async () => {
        // Another department's record answers exactly like a missing one.
        const [row] = await db.select().from(record).where(and(eq(record.id, params.id!), eq(record.departmentId, caller.viewer.departmentId!)));
        if (!row) throw new DomainError('NOT_FOUND', 'records.errors.notFound');
        return statusOf(row);
      }),
  },
  {
    method: 'post',
    path: '/feedback',
    operationId: 'recordFeedback',
    operation: 'feedback',
    summary: { 'zh-CN': '联合奖惩措施反馈', en: 'Feedback on a measure applied to a list member' },
    body: s.feedbackRequest,
    response: s.feedbackResponse,
    status: 201,
    refusals: [404, 422],
    run: (db, caller, { body }) => recordFeedback(db, caller.actor, caller.viewer, body as Parameters<typeof recordFeedback>[3]),
  },
  {
    method: 'get',
    path: '/feed',
    operationId: 'publicationFeed',
    operation: 'feed',
    summary: { 'zh-CN': '公示与信用修复动态（自 cursor 起）', en: 'Publication and repair feed since a cursor' },
    query: s.feedQuery,
    response: s.feedResponse,
    status: 200,
    refusals: [422],
    run: (db, caller, { query }) => {
      const q = query as { cursor?: string; limit?: number };
      return audited(db, caller, 'api.feed', { cursor: q.cursor ?? null }, () => feedSince(db, q.cursor, q.limit ?? 100));
    },
  },
];

function statusOf(row: typeof record.$inferSelect) {
  return {
    id: row.id,
    catalogCode: row.catalogCode,
    catalogVersion: row.catalogVersion,
    subjectCode: row.subjectCode,
    status: row.status as 'submitted',
    submittedAt: row.submittedAt ? new Date(row.submittedAt).toISOString() : null,
    decidedAt: row.decidedAt ? new Date(row.decidedAt).toISOString() : null,
  };
}

/** The route a method and path (segments under /api/v1) match, with its path parameters. */
export function matchRoute(method: string, segments: string[]): { route: ApiRoute; params: Record<string, string> } | { allowed: string[] } | null {
  const allowed: string[] = [];
  for (const route of ROUTES) {
    const parts = route.path.split('/').filter(Boolean);
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    parts.forEach((p, i) => {
      if (p.startsWith('{')) params[p.slice(1, -1)] = segments[i]!;
      else if (p !== segments[i]) ok = false;
    });
    if (!ok) continue;
    if (route.method === method.toLowerCase()) return { route, params };
    allowed.push(route.method.toUpperCase());
  }
  return allowed.length ? { allowed } : null;
}
