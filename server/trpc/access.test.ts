import { describe, expect, it } from 'vitest';
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
  }
});
