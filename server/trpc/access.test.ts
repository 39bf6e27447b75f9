import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { DEMO_USERS, ensureUser, seedDemo } from '../seed';
import { createAuth } from '../auth';
import { auditLog, user } from '../db/schema';
import { REGISTER_WRITERS } from '../registers/access';
import { TRPCError } from '@trpc/server';
import { appRouter } from './router';
import { createCallerFactory, type Meta } from './init';
import { ROLES, type Role } from '../auth/roles';
import type { Viewer } from '../auth/viewer';
import type { Context } from './context';

// Procedures anyone may call without signing in. Adding one here is a reviewed decision.
const PUBLIC_PROCEDURES: string[] = [];

const createCaller = createCallerFactory(appRouter);
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: Meta } }>);

function fakeViewer(roles: Role[]): Viewer {
  return { id: '00000000-0000-4000-8000-000000000001', username: 'probe', name: 'probe', departmentId: null, departmentCode: null, departmentNameZh: null, departmentNameEn: null, roles, disabled: false };
}

function ctxFor(viewer: Viewer | null): Context {
  // No database: authorisation must refuse before any service runs.
  const db = new Proxy({}, { get: () => { throw new Error('database touched before authorisation'); } }) as Context['db'];
  return { db, viewer, locale: 'en', headers: new Headers() };
}

async function call(viewer: Viewer | null, path: string): Promise<unknown> {
  const caller = createCaller(ctxFor(viewer)) as unknown as Record<string, unknown>;
  const fn = path.split('.').reduce<unknown>((acc, key) => (acc as Record<string, unknown>)[key], caller) as (input?: unknown) => Promise<unknown>;
  return fn({});
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (e) {
    return e instanceof TRPCError ? e.code : `THROWN:${(e as Error).message}`;
  }
}

describe('every procedure declares and enforces its access', () => {
  it('has procedures to check', () => {
    expect(procedures.length).toBeGreaterThan(5);
  });

  for (const [path, proc] of procedures) {
    const access = proc._def.meta?.access;
    it(`${path} declares access`, () => {
      expect(access, `${path} has no access declaration`).toBeDefined();
      if (access && 'public' in access) expect(PUBLIC_PROCEDURES).toContain(path);
    });
    if (!access || 'public' in access) continue;

    it(`${path} refuses an anonymous caller`, async () => {
      expect(await codeOf(call(null, path))).toBe('UNAUTHORIZED');
    });

    it(`${path} refuses a disabled user`, async () => {
      expect(await codeOf(call({ ...fakeViewer([...ROLES]), disabled: true }, path))).toBe('UNAUTHORIZED');
    });

    const outsiders = ROLES.filter((r) => !access.roles.includes(r));
    for (const role of outsiders) {
      it(`${path} refuses role ${role}`, async () => {
        expect(await codeOf(call(fakeViewer([role]), path))).toBe('FORBIDDEN');
      });
    }

    // The declared roles get past authorisation (to input validation or the service).
    for (const role of access.roles) {
      it(`${path} lets role ${role} through`, async () => {
        expect(['UNAUTHORIZED', 'FORBIDDEN']).not.toContain(await codeOf(call(fakeViewer([role]), path)));
      });
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Route handlers under app/api, over HTTP with real sessions: the same matrix (anonymous, a
// disabled user with a live session, each role), plus the Origin rule of state-changing routes.

type RouteAccess = readonly Role[] | 'public' | 'test-hook' | 'better-auth' | 'trpc' | 'api-key';
const ALL = ROLES;
/** Every route handler and who may call each method. Adding a route means adding it here. */
const ROUTES: Record<string, { methods: Record<string, RouteAccess>; params?: Record<string, string> }> = {
  'audit/checkpoint': { methods: { GET: ['auditor', 'admin'] } },
  'audit/export': { methods: { GET: ['auditor', 'admin'] } },
  files: { methods: { POST: ['editor', 'filler'] } },
  'lists/cases/[id]/files/[sha]': { methods: { GET: ALL }, params: { id: '00000000-0000-4000-8000-000000000000', sha: '0'.repeat(64) } },
  'lists/default-template': { methods: { GET: ALL } },
  'commitments/[id]/letter': { methods: { GET: ALL }, params: { id: '00000000-0000-4000-8000-000000000000' } },
  'reports/[id]': { methods: { GET: ALL }, params: { id: '00000000-0000-4000-8000-000000000000' } },
  'sampling/[id]/export': { methods: { GET: ['editor', 'filler'] }, params: { id: '00000000-0000-4000-8000-000000000000' } },
  'lists/feedback/export': { methods: { GET: ['editor', 'auditor', 'admin'] } },
  'registers/[kind]/[code]/template': { methods: { GET: ALL }, params: { kind: 'credit-list', code: 'CL-001' } },
  'auth/[...all]': { methods: { GET: 'better-auth', POST: 'better-auth' } },
  'disclosure/feed': { methods: { GET: ['editor', 'auditor', 'admin'] } },
  'disclosure/files/[kind]/[id]/[sha]': { methods: { GET: ALL }, params: { kind: 'objection', id: '00000000-0000-4000-8000-000000000000', sha: '0'.repeat(64) } },
  'grading/query-log': { methods: { GET: ['auditor', 'admin'] } },
  'grading/results': { methods: { GET: ['editor', 'admin', 'approver', 'auditor'] } },
  health: { methods: { GET: 'public' } },
  'records/export': { methods: { GET: ALL } },
  'records/import': { methods: { POST: ['filler'] } },
  'records/template': { methods: { GET: ['filler'] } },
  'registers/[kind]/export': { methods: { GET: ALL }, params: { kind: 'sanction-measure' } },
  'registers/[kind]/import': { methods: { POST: REGISTER_WRITERS }, params: { kind: 'sanction-measure' } },
  'test/clock': { methods: { GET: 'test-hook', POST: 'test-hook' } },
  'test/db-fault': { methods: { POST: 'test-hook', DELETE: 'test-hook' } },
  'test/sweep': { methods: { POST: 'test-hook' } },
  'trpc/[trpc]': { methods: { GET: 'trpc', POST: 'trpc' } },
  'v1/[...path]': { methods: { GET: 'api-key', POST: 'api-key' }, params: { path: 'check-scenarios' } },
};

const API_DIR = path.join(process.cwd(), 'app/api');
function routeFiles(dir = API_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? routeFiles(path.join(dir, d.name)) : d.name === 'route.ts' ? [path.relative(API_DIR, dir)] : []));
}

const BASE = 'http://localhost:3000';
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

describe('every route handler under app/api declares and enforces its access', () => {
  let t: TestDatabase;
  const cookies: Partial<Record<Role | 'disabled', string>> = {};
  const g = globalThis as unknown as Record<string, unknown>;
  const saved = { db: g.__creditDb, boot: g.__creditBoot, auth: g.__creditAuth };

  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    // The running app's singletons (server/runtime) point at this database.
    const auth = createAuth(t.db, { secret: 'test-secret-test-secret-test-secret', signInPerMinute: 1000 });
    g.__creditDb = Promise.resolve(t.open);
    g.__creditBoot = Promise.resolve();
    g.__creditAuth = Promise.resolve(auth);
    const signIn = async (username: string, password: string) => {
      const res = await auth.handler(new Request(`${BASE}/api/auth/sign-in/username`, { method: 'POST', headers: { 'content-type': 'application/json', origin: BASE }, body: JSON.stringify({ username, password }) }));
      const m = /([^=;\s]+session_token)=([^;]+)/.exec(res.headers.get('set-cookie') ?? '');
      if (!m) throw new Error(`sign-in of ${username} failed: ${res.status}`);
      return `${m[1]}=${m[2]}`;
    };
    for (const role of ROLES) cookies[role] = await signIn(DEMO_USERS.find((u) => u.roles.includes(role) && u.roles.length === 1)!.username, DEMO_USERS.find((u) => u.roles.includes(role) && u.roles.length === 1)!.password);
    await ensureUser(t.db, { username: 'probe-disabled', name: 'probe', password: 'Probe@20261', departmentCode: 'SCJG', roles: [...ROLES] });
    cookies.disabled = await signIn('probe-disabled', 'Probe@20261');
    // Disabled after signing in, its session still in the table: a session must not outlive the flag.
    await t.db.update(user).set({ disabled: true }).where(eq(user.username, 'probe-disabled'));
  });
  afterAll(async () => {
    g.__creditDb = saved.db;
    g.__creditBoot = saved.boot;
    g.__creditAuth = saved.auth;
    await t?.close();
  });

  it('lists every route.ts under app/api', () => {
    expect(routeFiles().sort()).toEqual(Object.keys(ROUTES).sort());
  });

  async function load(route: string): Promise<Record<string, Handler>> {
    return (await import(path.join(API_DIR, route, 'route.ts'))) as Record<string, Handler>;
  }
  function requestFor(route: string, method: string, who: Role | 'disabled' | null, origin = BASE) {
    const params = ROUTES[route]!.params ?? {};
    const url = `${BASE}/api/${route.replace('[trpc]', 'me.get').replace('[...all]', 'get-session').replace(/\[(\w+)\]/g, (_, k: string) => params[k] ?? '')}`;
    const headers: Record<string, string> = { origin };
    if (who) headers.cookie = cookies[who]!;
    if (method === 'POST') headers['content-type'] = 'multipart/form-data; boundary=x';
    return new Request(url, { method, headers, body: method === 'POST' ? '--x--\r\n' : undefined });
  }
  const ctxOf = (route: string) => ({ params: Promise.resolve(ROUTES[route]!.params ?? {}) });

  for (const [route, spec] of Object.entries(ROUTES)) {
    it(`${route} exports only the declared methods`, async () => {
      const exported = Object.keys(await load(route)).filter((k) => ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(k));
      expect(exported.sort()).toEqual(Object.keys(spec.methods).sort());
    });
    for (const [method, access] of Object.entries(spec.methods)) {
      if (access === 'better-auth' || access === 'trpc') continue;
      if (access === 'api-key') {
        // The open API knows API keys only (server/api/v1/api.test.ts): a session, even an admin's, is no key.
        it(`${method} ${route}: no key 401, a signed-in admin's session without a key 401`, async () => {
          for (const who of [null, 'admin'] as const) {
            const req = requestFor(route, method, who);
            const res = await (await load(route))[method]!(new Request(req.url.replace('[...path]', 'check-scenarios').replace(/\/api\/v1\/[^/]*$/, method === 'GET' ? '/api/v1/check-scenarios' : '/api/v1/credit-checks'), { method, headers: req.headers, body: method === 'POST' ? '{}' : undefined }), { params: Promise.resolve({ path: [method === 'GET' ? 'check-scenarios' : 'credit-checks'] }) as unknown as Promise<Record<string, string>> });
            expect(res.status).toBe(401);
          }
        });
        continue;
      }
      if (access === 'public') {
        it(`${method} ${route} answers anyone`, async () => {
          expect((await (await load(route))[method]!(requestFor(route, method, null), ctxOf(route))).status).toBe(200);
        });
        continue;
      }
      if (access === 'test-hook') {
        it(`${method} ${route} does not exist outside e2e runs`, async () => {
          for (const who of [null, 'admin'] as const) expect((await (await load(route))[method]!(requestFor(route, method, who), ctxOf(route))).status).toBe(404);
        });
        continue;
      }
      const call = async (who: Role | 'disabled' | null, origin?: string) => (await load(route))[method]!(requestFor(route, method, who, origin), ctxOf(route));
      it(`${method} ${route}: anonymous 401, disabled 401`, async () => {
        expect((await call(null)).status).toBe(401);
        expect((await call('disabled')).status).toBe(401);
      });
      for (const role of ROLES) {
        const allowed = access.includes(role);
        it(`${method} ${route}: ${role} ${allowed ? 'passes' : '403'}`, async () => {
          const status = (await call(role)).status;
          if (allowed) expect([401, 403]).not.toContain(status);
          else expect(status).toBe(403);
        });
      }
      if (method === 'POST') {
        it(`${method} ${route}: a foreign Origin with a valid session is refused 403 and writes nothing`, async () => {
          const before = await t.db.select({ n: count() }).from(auditLog);
          for (const origin of ['https://evil.example', 'null']) {
            const res = await call(access[0]!, origin);
            expect(res.status).toBe(403);
            expect(((await res.json()) as { error: string }).error).toBe('FOREIGN_ORIGIN');
          }
          expect(await t.db.select({ n: count() }).from(auditLog)).toEqual(before);
        });
      }
    }
  }

  it('trpc over HTTP: anonymous and disabled 401, a role outside 403, a foreign Origin on a mutation 403', async () => {
    const { GET, POST } = await load('trpc/[trpc]');
    const get = (who: Role | 'disabled' | null, p: string) => GET!(new Request(`${BASE}/api/trpc/${p}`, { headers: who ? { cookie: cookies[who]! } : {} }), ctxOf('trpc/[trpc]'));
    expect((await get(null, 'me.get')).status).toBe(401);
    expect((await get('disabled', 'me.get')).status).toBe(401);
    expect((await get('filler', 'audit.actions')).status).toBe(403);
    expect((await get('auditor', 'audit.actions')).status).toBe(200);
    const post = (origin: string) =>
      POST!(new Request(`${BASE}/api/trpc/department.create`, { method: 'POST', headers: { cookie: cookies.admin!, origin, 'content-type': 'application/json' }, body: JSON.stringify({ json: { code: 'EVIL', nameZh: '恶意部门', nameEn: 'Evil' } }) }), ctxOf('trpc/[trpc]'));
    const foreign = await post('https://evil.example');
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { error: string }).error).toBe('FOREIGN_ORIGIN');
    expect((await post(BASE)).status).toBe(200);
  });

  it('auth over HTTP: the route is better-auth behind our gate (closed paths 404)', async () => {
    const { POST } = await load('auth/[...all]');
    const res = await POST!(new Request(`${BASE}/api/auth/update-user`, { method: 'POST', headers: { cookie: cookies.filler!, origin: BASE, 'content-type': 'application/json' }, body: JSON.stringify({ name: '系统管理员' }) }), ctxOf('auth/[...all]'));
    expect(res.status).toBe(404);
  });
});
