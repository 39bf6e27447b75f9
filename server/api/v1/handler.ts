/**
 * /api/v1 (issue 17): the open API for department business systems. A call names its client by its
 * key (`Authorization: Bearer <key>`, or `X-API-Key`), is limited per client (API_CLIENT_PER_MINUTE,
 * default 600 a minute, per instance), must be an operation the client was allowed, and is
 * validated with the zod schemas of ./schemas.ts — the ones the OpenAPI document is generated
 * from. Every call of a known client is audited under it (the services' own audit rows for changes
 * and checks; one `api.*` row for reads; one `api.refused` row for a refusal, see auditRefusal).
 *
 * Errors are RFC 9457 problem+json: type, title, status, detail in the caller's language
 * (Accept-Language: en, else zh-CN), `message` in both, and `errors` with a path and JSON pointer
 * per field. 401 no/unknown/revoked key, 403 operation not allowed, 404 not found or another
 * department's, 405 method, 409 conflict, 413 body too large, 422 invalid field, 429 too many.
 */
import type { Db } from '../../db';
import { DomainError, isDomainError, type DomainCode, type FieldError } from '../../errors';
import { classifyDbError } from '../../db/failure';
import { translate, type Locale } from '../../i18n';
import { appendAudit } from '../../audit/append';
import { BodyTooLargeError, bodyTooLargeParams, readBodyWithin } from '../../limits/body';
import { findBadText } from '../../limits/text';
import { IDEMPOTENCY_KEY_PATTERN } from '../../idempotency';
import { authenticateKey, type ApiCaller, type KeyCheck } from '../clients';
import type { Actor } from '../../audit/append';
import { perMinute, take } from '../rate-limit';
import { matchRoute, type ApiRoute } from './routes';
import { openApiDocument } from './openapi';
import { z, type ZodError } from 'zod';

const STATUS: Record<DomainCode, number> = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_INPUT: 422,
  INVALID_DEFINITION: 422,
  INVALID_RECORD: 422,
  TOO_MANY_REQUESTS: 429,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function apiLocale(request: Request): Locale {
  const al = (request.headers.get('accept-language') ?? '').toLowerCase().trim();
  return al.startsWith('en') ? 'en' : 'zh-CN';
}

const API_BODY_LIMIT = () => {
  const n = Number(process.env.API_V1_BODY_LIMIT_BYTES);
  return Number.isSafeInteger(n) && n >= 1024 ? n : 1_048_576;
};

interface ProblemField {
  path: string;
  message: { 'zh-CN': string; en: string };
}

const pointer = (path: string) => (path ? `/${path.split('.').map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}` : '');

export function problem(locale: Locale, status: number, code: string, message: { 'zh-CN': string; en: string }, opts: { instance?: string; fields?: ProblemField[]; headers?: Record<string, string> } = {}): Response {
  const body = {
    type: `/public/api-docs#problem-${status}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail: message[locale],
    ...(opts.instance ? { instance: opts.instance } : {}),
    code,
    message,
    ...(opts.fields?.length ? { errors: opts.fields.slice(0, 200).map((f) => ({ path: f.path, pointer: pointer(f.path), detail: f.message[locale], message: f.message })) } : {}),
  };
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store', 'content-language': locale, ...(opts.headers ?? {}) } });
}

const both = (key: string, params: Record<string, string | number> = {}) => ({ 'zh-CN': translate('zh-CN', key, params), en: translate('en', key, params) });

function domainProblem(locale: Locale, e: DomainError, instance: string): Response {
  const status = STATUS[e.code];
  const fields = e.fieldErrors.map((f: FieldError) => ({ path: f.path, message: both(f.key, f.params ?? {}) }));
  return problem(locale, status, e.key, both(e.key, e.params), { instance, fields });
}

const ZOD_LOCALES = { 'zh-CN': z.locales.zhCN().localeError, en: z.locales.en().localeError };
function zodMessage(issue: z.core.$ZodIssue, locale: Locale): string {
  const out = (ZOD_LOCALES[locale] as (i: unknown) => string | { message: string } | undefined)(issue);
  return typeof out === 'string' ? out : (out?.message ?? issue.message);
}

function zodProblem(locale: Locale, error: ZodError, prefix: string, instance: string): Response {
  const fields = error.issues.map((i) => {
    const path = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
    return { path, message: { 'zh-CN': zodMessage(i, 'zh-CN'), en: zodMessage(i, 'en') } };
  });
  return problem(locale, 422, 'errors.invalidInput', both('errors.invalidInput'), { instance, fields });
}

function json(status: number, value: unknown): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });
}

function keyOf(request: Request): string | null {
  const auth = request.headers.get('authorization');
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m ? m[1]! : auth;
  }
  return request.headers.get('x-api-key');
}

/**
 * Refused calls of an identified client are audited under it, one row per call (`api.refused`: the
 * operation, path, HTTP status and reason) — a refusal is an action of the client like any other.
 * Two kinds a misbehaving system repeats in bulk are recorded once per client and minute, so a
 * client cannot flood the chain: 429 (over its budget) and 401 with a revoked key; the row says
 * so. Calls with no key or an unknown key identify no client and are not audited (anyone on the
 * network could write rows); they are refused before any database work but the key lookup.
 */
const QUIET_MS = 60_000;
const quietUntil = new Map<string, number>();
function worthARow(clientId: string, status: number): boolean {
  if (status !== 429 && status !== 401) return true;
  const k = `${clientId}:${status}`;
  const now = Date.now();
  if ((quietUntil.get(k) ?? 0) > now) return false;
  if (quietUntil.size > 10_000) quietUntil.clear();
  quietUntil.set(k, now + QUIET_MS);
  return true;
}

async function auditRefusal(db: Db, client: { clientId: string; actor: Actor }, operation: string | null, path: string, res: Response) {
  if (res.status < 400 || res.status === 503 || !worthARow(client.clientId, res.status)) return;
  try {
    const body = (await res.clone().json()) as { code?: string };
    await appendAudit(db, client.actor, {
      action: 'api.refused',
      objectType: 'api-client',
      objectId: client.clientId,
      after: { client: client.clientId, operation, path, status: res.status, reason: body.code ?? null, ...(res.status === 429 || res.status === 401 ? { furtherOfThisKindUnrecordedForSeconds: QUIET_MS / 1000 } : {}) },
    });
  } catch (e) {
    // The refusal stands; a database that cannot take the row is reported, not turned into a 500.
    console.error('[api/v1] could not audit a refused call:', (e as Error).message);
  }
}

/** Answers one /api/v1 request; `segments` are the path parts after /api/v1. */
export async function handleApiV1(db: Db, request: Request, segments: string[]): Promise<Response> {
  const locale = apiLocale(request);
  const instance = new URL(request.url).pathname;
  const failed = (e: unknown): Response => {
    if (isDomainError(e)) return domainProblem(locale, e, instance);
    const failure = classifyDbError(e);
    if (failure?.kind === 'unavailable') return problem(locale, 503, 'infra.unavailable', both('infra.unavailable'), { instance, headers: { 'retry-after': '2' } });
    if (failure) return problem(locale, 409, 'infra.duplicate', both('infra.duplicate'), { instance });
    console.error('[api/v1] unexpected error:', e);
    return problem(locale, 500, 'errors.internal', both('errors.internal'), { instance });
  };
  let route: ApiRoute;
  let params: Record<string, string>;
  let auth: KeyCheck;
  try {
    if (request.method === 'GET' && segments.length === 1 && segments[0] === 'openapi.json') {
      return new Response(JSON.stringify(openApiDocument()), { headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=300' } });
    }
    const matched = matchRoute(request.method, segments);
    if (!matched || 'allowed' in matched) {
      const res = !matched
        ? problem(locale, 404, 'apiV1.errors.noRoute', both('apiV1.errors.noRoute'), { instance })
        : problem(locale, 405, 'apiV1.errors.method', both('apiV1.errors.method'), { instance, headers: { allow: matched.allowed.join(', ') } });
      // A known client calling a path or method that does not exist is audited like any refusal,
      // within its budget (a client probing paths runs into 429, recorded once a minute).
      const known = keyOf(request) ? await authenticateKey(db, keyOf(request)) : null;
      if (known?.ok) {
        const budget = take(`api:${known.caller.clientId}`, perMinute('API_CLIENT_PER_MINUTE', 600));
        const answered = budget.ok ? res : problem(locale, 429, 'apiV1.errors.tooMany', both('apiV1.errors.tooMany'), { instance, headers: { 'retry-after': String(budget.retryAfter) } });
        await auditRefusal(db, known.caller, null, instance, answered);
        return answered;
      }
      return res;
    }
    ({ route, params } = matched);
    auth = await authenticateKey(db, keyOf(request));
  } catch (e) {
    return failed(e);
  }
  if (!auth.ok) {
    const key = auth.reason === 'missing' ? 'apiV1.errors.noKey' : auth.reason === 'revoked' ? 'apiV1.errors.revokedKey' : 'apiV1.errors.badKey';
    const res = problem(locale, 401, key, both(key), { instance, headers: { 'www-authenticate': 'Bearer realm="api/v1"' } });
    if (auth.reason === 'revoked') await auditRefusal(db, auth, route.operation ?? null, instance, res);
    return res;
  }
  const caller = auth.caller;
  let res: Response;
  try {
    res = await serve(db, request, caller, route, params, locale, instance);
  } catch (e) {
    res = failed(e);
  }
  await auditRefusal(db, caller, route.operation ?? null, instance, res);
  return res;
}

/** An identified client's call: budget, operation, body, query, parameters, then the route. */
async function serve(db: Db, request: Request, caller: ApiCaller, route: ApiRoute, params: Record<string, string>, locale: Locale, instance: string): Promise<Response> {
  const budget = take(`api:${caller.clientId}`, perMinute('API_CLIENT_PER_MINUTE', 600));
  if (!budget.ok) return problem(locale, 429, 'apiV1.errors.tooMany', both('apiV1.errors.tooMany'), { instance, headers: { 'retry-after': String(budget.retryAfter) } });
  if (route.operation && !caller.operations.includes(route.operation)) {
    return problem(locale, 403, 'apiV1.errors.operationNotAllowed', both('apiV1.errors.operationNotAllowed', { operation: route.operation }), { instance });
  }
  let body: unknown = undefined;
  if (route.body) {
    let raw: Uint8Array;
    try {
      raw = await readBodyWithin(request, API_BODY_LIMIT());
    } catch (e) {
      if (e instanceof BodyTooLargeError) return problem(locale, 413, 'limits.bodyTooLarge', both('limits.bodyTooLarge', bodyTooLargeParams(e)), { instance });
      throw e;
    }
    try {
      body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
    } catch {
      return problem(locale, 400, 'apiV1.errors.badJson', both('apiV1.errors.badJson'), { instance });
    }
    const bad = findBadText(body);
    if (bad) return problem(locale, 422, 'limits.badText', both('limits.badText', { kind: bad.reason, path: bad.path }), { instance, fields: [{ path: bad.path, message: both('limits.badText', { kind: bad.reason, path: bad.path }) }] });
    const parsed = route.body.safeParse(body);
    if (!parsed.success) return zodProblem(locale, parsed.error, '', instance);
    body = parsed.data;
  }
  let query: unknown = undefined;
  if (route.query) {
    const parsed = route.query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) return zodProblem(locale, parsed.error, '', instance);
    query = parsed.data;
  }
  if (route.params) {
    const parsed = route.params.safeParse(params);
    if (!parsed.success) return zodProblem(locale, parsed.error, '', instance);
  }
  const idempotencyKey = request.headers.get('idempotency-key') ?? undefined;
  if (route.idempotent && idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
    return problem(locale, 422, 'trustGate.errors.badKey', both('trustGate.errors.badKey'), { instance, fields: [{ path: 'Idempotency-Key', message: both('trustGate.errors.badKey') }] });
  }
  const result = await route.run(db, caller, { body, query, params, idempotencyKey });
  return json(route.status, result);
}
