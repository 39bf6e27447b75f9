/**
 * tRPC initialisation: context type, error formatter, and the one authorisation middleware.
 *
 * Every procedure must declare its access in `meta` (`roles` it allows, or `public`), and
 * whether it is department-scoped. The middleware refuses anything without a declaration,
 * so a forgotten check fails closed. server/trpc/access.test.ts walks the whole router and
 * asserts anonymous and wrong-role callers are refused.
 */
import 'server-only';
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { z, ZodError } from 'zod';
import type { Context } from './context';
import { DOMAIN_TO_TRPC, DomainError, isDomainError } from '../errors';
import { classifyDbError } from '../db/failure';
import { findBadText } from '../limits/text';
import { BodyTooLargeError, bodyTooLargeParams } from '../limits/body';
import { translate } from '../i18n';
import { ROLES, type Role } from '../auth/roles';
import { departmentScopeOf, hasAnyRole, type Viewer } from '../auth/viewer';

export type Access =
  | { public: true }
  | {
      roles: readonly Role[];
      /** true: non-global callers are limited to their own department (ctx.scope). */
      departmentScoped?: boolean;
    };

export interface Meta {
  access?: Access;
}

const ZOD_LOCALES = { 'zh-CN': z.locales.zhCN().localeError, en: z.locales.en().localeError };

/** Input validation messages in the caller's language (zod's own locales; "required" in our words). */
function zodMessage(issue: z.core.$ZodIssue, locale: 'zh-CN' | 'en'): string {
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1) return translate(locale, 'errors.required');
  const out = (ZOD_LOCALES[locale] as (i: unknown) => string | { message: string } | undefined)(issue);
  return typeof out === 'string' ? out : (out?.message ?? issue.message);
}

export interface FieldErrorOut {
  path: string;
  message: string;
}

/** Field errors sent with one error response, at most. */
const MAX_FIELD_ERRORS = 200;

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error, ctx }) {
      const locale = ctx?.locale ?? 'zh-CN';
      const cause = error.cause;
      let fieldErrors: FieldErrorOut[] = [];
      let message = shape.message;
      let domainCode: string | null = null;
      let conflict: unknown = null;
      if (isDomainError(cause)) {
        domainCode = cause.code;
        // A stale save carries the version now in the database, so the UI can show both.
        conflict = (cause as { current?: unknown }).current ?? null;
        message = translate(locale, cause.key, cause.params);
        // Bounded: a problem list can grow with the input (one per extra key of a 4 MB body).
        fieldErrors = cause.fieldErrors.slice(0, MAX_FIELD_ERRORS).map((f) => ({ path: f.path, message: translate(locale, f.key, f.params) }));
      } else if (cause instanceof ZodError) {
        message = translate(locale, 'errors.invalidInput');
        fieldErrors = cause.issues.slice(0, MAX_FIELD_ERRORS).map((i) => ({ path: i.path.join('.'), message: zodMessage(i, locale) }));
      } else if (cause instanceof BodyTooLargeError) {
        message = translate(locale, 'limits.bodyTooLarge', bodyTooLargeParams(cause));
      } else if (error.code === 'SERVICE_UNAVAILABLE') {
        message = translate(locale, 'infra.unavailable');
      } else if (error.code === 'CONFLICT' && classifyDbError(cause)?.kind === 'duplicate') {
        message = translate(locale, 'infra.duplicate');
      } else if (error.code === 'UNAUTHORIZED') {
        message = translate(locale, 'errors.unauthorized');
      } else if (error.code === 'FORBIDDEN') {
        message = translate(locale, 'errors.forbidden');
      } else if (error.code === 'INTERNAL_SERVER_ERROR') {
        message = translate(locale, 'errors.internal');
      }
      return { ...shape, message, data: { ...shape.data, stack: undefined, domainCode, fieldErrors, conflict } };
    },
  });

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

export interface ScopedContext extends Context {
  viewer: Viewer;
  /** null: may act across departments; otherwise the only department id this caller may touch. */
  scope: string | null;
}

const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isDomainError(result.error.cause)) {
    const cause = result.error.cause;
    // Re-raise with the mapped tRPC code; the formatter translates the message.
    throw new TRPCError({ code: DOMAIN_TO_TRPC[cause.code], message: cause.message, cause });
  }
  // A database that dropped the connection or is failing over is "try again" (503), a unique
  // index refusing a concurrent duplicate a conflict (409); neither shows SQL to anyone.
  const failure = result.ok ? null : classifyDbError(result.error.cause);
  if (!result.ok && failure) {
    throw new TRPCError({ code: failure.kind === 'unavailable' ? 'SERVICE_UNAVAILABLE' : 'CONFLICT', message: failure.code, cause: result.error.cause });
  }
  return result;
});

const authorize = t.middleware(({ meta, ctx, next }) => {
  const access = meta?.access;
  if (!access) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'procedure declares no access' });
  if ('public' in access) return next({ ctx: { ...ctx, scope: null } });
  // The session could not be read because the database is unavailable: not "please sign in".
  if (ctx.unavailable) throw new TRPCError({ code: 'SERVICE_UNAVAILABLE' });
  const viewer = ctx.viewer;
  if (!viewer || viewer.disabled) throw new TRPCError({ code: 'UNAUTHORIZED' });
  if (!hasAnyRole(viewer, access.roles)) throw new TRPCError({ code: 'FORBIDDEN' });
  const scope = access.departmentScoped ? departmentScopeOf(viewer) : null;
  return next({ ctx: { ...ctx, viewer, scope } });
});

/**
 * Text the database cannot store as given (NUL, unpaired surrogates: server/limits/text.ts)
 * anywhere in the input, refused as bad input before zod or any service sees it: one check for
 * every procedure, instead of a 500 from PostgreSQL in whichever query met it first.
 */
const storableInput = t.middleware(async ({ getRawInput, next }) => {
  const bad = findBadText(await getRawInput());
  if (bad) throw new DomainError('INVALID_INPUT', 'limits.badText', { kind: bad.reason, path: bad.path || '—' }, bad.path ? [{ path: bad.path, key: 'limits.badTextField', params: { kind: bad.reason } }] : []);
  return next();
});

const base = t.procedure.use(domainErrors);

/** Anyone, signed in or not. Use sparingly; the access test lists these. */
export const publicProcedure = base.meta({ access: { public: true } }).use(authorize).use(storableInput);

/** Signed-in callers holding at least one of `roles`. */
export function procedureFor(roles: readonly Role[], opts: { departmentScoped?: boolean } = {}) {
  return base
    .meta({ access: { roles, departmentScoped: opts.departmentScoped ?? false } })
    .use(authorize)
    .use(storableInput)
    .use(({ ctx, next }) => next({ ctx: ctx as ScopedContext }));
}

export const ANY_ROLE: readonly Role[] = ROLES;
