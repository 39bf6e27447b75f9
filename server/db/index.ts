/**
 * Database access for the whole server.
 *
 * One code path, two drivers: `DATABASE_URL` set → PostgreSQL through postgres.js; unset →
 * embedded PGlite in `.data/pglite` (or in memory for tests). Both are wrapped by the same
 * Drizzle pg-core API and the same migrations, so services never know which one they run on.
 * Nothing connects or migrates at import time: callers use `openDatabase()` / `getDb()`,
 * and boot (instrumentation) applies migrations once.
 */
import path from 'node:path';
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

export { schema };
export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; max?: number }
  | { kind: 'pglite'; dataDir: string | null };

export interface OpenDatabase {
  db: Db;
  target: DatabaseTarget;
  close: () => Promise<void>;
  /** PostgreSQL only: what the pool is doing now (postgres.js `sql.stats`), for /api/health. */
  poolStats?: () => PoolStats;
}

export interface PoolStats {
  connections: number;
  opening: number;
  idle: number;
  leased: number;
  waiting: number;
}

function envSeconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const v = Number(env[name]);
  return Number.isFinite(v) && v >= 0 && env[name] !== undefined && env[name] !== '' ? v : fallback;
}

/**
 * Pool settings chosen so that a lost database (failover, restart, `pg_terminate_backend`) heals
 * by itself within seconds instead of minutes:
 * - postgres.js 4: v3 threw an uncaught `TypeError … reading 'write'` when a backend died inside
 *   `sql.begin` (its own ROLLBACK hit the closed socket, porsager/postgres#1208) and left that
 *   connection's write buffer stuck, so every reconnect of it hung until CONNECT_TIMEOUT — forever;
 * - connect_timeout 5 s: a server that does not answer fails a request fast (503) instead of
 *   holding it for 10–30 s;
 * - backoff capped at 1 s: after an outage the pool tries again within a second, not after the
 *   exponential default (up to 20 s);
 * - queue_timeout 15 s: a request waiting for a connection of a pool that cannot connect gives up
 *   (503) rather than piling up;
 * - idle_timeout 60 s / max_lifetime 30 min: connections are renewed, so a replaced server or a
 *   proxy that silently drops idle connections is never used for long;
 * - keep_alive 30 s: a peer that vanished without a FIN is noticed.
 * Every one of them can be overridden by an environment variable (seconds).
 */
export function poolOptions(target: { max?: number }, env: NodeJS.ProcessEnv = process.env) {
  return {
    max: target.max ?? Number(env.DATABASE_POOL_MAX ?? 10),
    onnotice: () => {},
    connect_timeout: envSeconds(env, 'DATABASE_CONNECT_TIMEOUT', 5),
    queue_timeout: envSeconds(env, 'DATABASE_QUEUE_TIMEOUT', 15),
    idle_timeout: envSeconds(env, 'DATABASE_IDLE_TIMEOUT', 60),
    max_lifetime: envSeconds(env, 'DATABASE_MAX_LIFETIME', 30 * 60),
    keep_alive: 30,
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
  };
}

export class DatabaseConfigError extends Error {}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'migrations');

/** Reads DATABASE_URL / PGLITE_DIR and says which database this process should use. */
export function resolveDatabaseTarget(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new DatabaseConfigError(
        `DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/database); unset it to use the embedded PGlite database.`,
      );
    }
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
      throw new DatabaseConfigError(
        `DATABASE_URL must start with postgres:// or postgresql:// (got "${parsed.protocol}"); unset it to use the embedded PGlite database.`,
      );
    }
    if (!parsed.pathname || parsed.pathname === '/') {
      throw new DatabaseConfigError(`DATABASE_URL names no database (expected …/databaseName).`);
    }
    return { kind: 'postgres', url };
  }
  const dir = env.PGLITE_DIR?.trim() || path.join(process.cwd(), '.data', 'pglite');
  return { kind: 'pglite', dataDir: dir === 'memory' ? null : dir };
}

export async function openDatabase(target: DatabaseTarget): Promise<OpenDatabase> {
  if (target.kind === 'postgres') {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const client = postgres(target.url, poolOptions(target));
    try {
      await client`select 1`;
    } catch (e) {
      await client.end({ timeout: 1 }).catch(() => {});
      throw new DatabaseConfigError(
        `Cannot reach the database in DATABASE_URL (${redact(target.url)}): ${(e as Error).message}`,
      );
    }
    const db = drizzle(client, { schema, casing: 'snake_case' }) as unknown as Db;
    return { db, target, close: () => client.end({ timeout: 5 }), poolStats: () => ({ ...(client as unknown as { stats?: PoolStats }).stats }) as PoolStats };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  if (target.dataDir) fs.mkdirSync(target.dataDir, { recursive: true });
  const client = target.dataDir ? new PGlite(target.dataDir) : new PGlite();
  await client.waitReady;
  const { drizzle } = await import('drizzle-orm/pglite');
  const db = drizzle(client, { schema, casing: 'snake_case' }) as unknown as Db;
  return { db, target, close: () => client.close() };
}

/** The newest migration in migrations/ (drizzle's journal), as the migrator records it. */
function newestMigrationMillis(): number {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  return Math.max(0, ...journal.entries.map((e) => e.when));
}

/** Has this database every migration already? (false when it cannot tell, e.g. a new database) */
async function migrationsApplied(db: Db): Promise<boolean> {
  try {
    const [row] = rowsOf<{ last: string | number | null }>(await db.execute(sql`select max(created_at) as last from drizzle.__drizzle_migrations`));
    return Number(row?.last ?? 0) >= newestMigrationMillis();
  } catch {
    return false;
  }
}

/**
 * Applies pending migrations. Nothing to apply → nothing is created or changed, so an app that
 * connects as a least-privilege role (scripts/db-roles.sql: it owns no table and may not create
 * any) starts once the owner has applied them; when it cannot apply pending ones, it says so.
 */
export async function migrateDatabase(open: OpenDatabase): Promise<void> {
  if (await migrationsApplied(open.db)) return;
  try {
    await runMigrator(open);
  } catch (e) {
    const code = (e as { code?: string; cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
    if (code === '42501') {
      throw new DatabaseConfigError(
        `Migrations are pending and the role in DATABASE_URL may not apply them (${(e as Error).message}). Apply them as the owner role first (README "Database roles"): DATABASE_URL=<owner> npm run db:seed`,
      );
    }
    throw e;
  }
}

async function runMigrator(open: OpenDatabase): Promise<void> {
  if (open.target.kind === 'postgres') {
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    // The migrator type wants the driver-specific database; both share the same runtime shape.
    await migrate(open.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(open.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

/** Rows of a raw `db.execute(sql…)`: postgres.js returns an array, PGlite `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable)';
  }
}

// The app's own database, cached on globalThis so hot reload and the several Next.js module
// graphs (instrumentation, route handlers, server components) share one pool / one PGlite.
const globalForDb = globalThis as unknown as { __creditDb?: Promise<OpenDatabase> };

export function getOpenDatabase(): Promise<OpenDatabase> {
  if (!globalForDb.__creditDb) {
    globalForDb.__creditDb = (async () => openDatabase(resolveDatabaseTarget()))();
    globalForDb.__creditDb.catch(() => {
      globalForDb.__creditDb = undefined;
    });
  }
  return globalForDb.__creditDb;
}

export async function getDb(): Promise<Db> {
  return (await getOpenDatabase()).db;
}

const globalForRead = globalThis as unknown as { __creditReadDb?: Promise<OpenDatabase | null> };

/**
 * The optional read replica (`DATABASE_READ_URL`, a streaming standby of DATABASE_URL's server),
 * or null when none is configured. Only reads that tolerate a little replication lag use it:
 * exports and subject lookups (their audit and query-log rows are still written to the primary).
 * Never migrated or seeded: it follows the primary.
 */
export function getOpenReadDatabase(env: NodeJS.ProcessEnv = process.env): Promise<OpenDatabase | null> {
  const url = env.DATABASE_READ_URL?.trim();
  if (!url) return Promise.resolve(null);
  if (!globalForRead.__creditReadDb) {
    globalForRead.__creditReadDb = (async () => {
      const target = resolveDatabaseTarget({ DATABASE_URL: url } as unknown as NodeJS.ProcessEnv);
      if (target.kind !== 'postgres') return null;
      return openDatabase({ ...target, max: Number(env.DATABASE_READ_POOL_MAX ?? env.DATABASE_POOL_MAX ?? 10) }).catch((e) => {
        throw new DatabaseConfigError(String((e as Error).message).replaceAll('DATABASE_URL', 'DATABASE_READ_URL'));
      });
    })();
    globalForRead.__creditReadDb.catch(() => {
      globalForRead.__creditReadDb = undefined;
    });
  }
  return globalForRead.__creditReadDb;
}

/** The database for replica-tolerant reads: the read replica when configured, else the primary. */
export async function getReadDb(): Promise<Db> {
  const replica = await getOpenReadDatabase().catch(() => null);
  return replica?.db ?? (await getDb());
}

export function isDemoMode(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.DEMO_MODE !== undefined) return env.DEMO_MODE === '1' || env.DEMO_MODE === 'true';
  return !env.DATABASE_URL;
}
