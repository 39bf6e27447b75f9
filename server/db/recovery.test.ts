/**
 * Connection loss heals by itself (PostgreSQL only: PGlite has no connections to lose).
 * What a failover or restart does to the app — its backends terminated, the server refusing
 * connections for a moment — must leave neither an uncaught exception nor a pool that stays
 * broken; /api/health's check says 503 while the pool cannot run a statement and 200 again
 * as soon as it can.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { rowsOf, type OpenDatabase } from './index';
import { checkHealth, healthResponse } from './health';
import { classifyDbError } from './failure';

const onPostgres = Boolean(process.env.DATABASE_URL);

/** Polls `fn` until it resolves, at most `limitMs`; the last error if it never does. */
async function eventually<T>(fn: () => Promise<T>, limitMs = 10_000): Promise<T> {
  const until = Date.now() + limitMs;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe.skipIf(!onPostgres)('connection loss (PostgreSQL)', () => {
  let t: TestDatabase;
  let app: OpenDatabase;
  let dbName: string;
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => uncaught.push(e);

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await t.connectAgain(8);
    dbName = new URL(t.url!).pathname.slice(1);
    process.on('uncaughtException', onUncaught);
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await t.db.execute(sql.raw(`alter database ${dbName} allow_connections true`)).catch(() => {});
    await t?.close();
  });

  /** Terminates every backend of the test database except the caller's (from a server-level connection). */
  async function terminateAll() {
    const { default: postgres } = await import('postgres');
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      const rows = await admin`select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = ${dbName} and pid <> pg_backend_pid()`;
      return rows.length;
    } finally {
      await admin.end();
    }
  }

  async function setConnectionsAllowed(allowed: boolean) {
    const { default: postgres } = await import('postgres');
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`alter database ${dbName} allow_connections ${allowed}`);
    } finally {
      await admin.end();
    }
  }

  it('transactions cut off by pg_terminate_backend fail cleanly, and the pool serves again right after', async () => {
    // Fill the pool with open transactions, each waiting in the server when its backend dies.
    const inFlight = Array.from({ length: 8 }, () =>
      app.db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        await tx.execute(sql`select pg_sleep(5)`);
      }),
    );
    const settled = Promise.allSettled(inFlight);
    await eventually(async () => {
      const [row] = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and query like '%pg_sleep(5)%' and pid <> pg_backend_pid()`));
      if ((row?.n ?? 0) < 8) throw new Error(`only ${row?.n} sleeping`);
    });
    expect(await terminateAll()).toBeGreaterThanOrEqual(8);
    const outcomes = await settled;
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    // Each failure is recognised as "database unavailable" (a 503 with a retry message), not an internal error.
    for (const o of outcomes) expect(classifyDbError((o as PromiseRejectedResult).reason)?.kind).toBe('unavailable');

    // Within a few seconds every connection of the pool works again: 8 transactions at once.
    await eventually(async () => {
      await Promise.all(Array.from({ length: 8 }, () => app.db.transaction(async (tx) => tx.execute(sql`select 1`))));
    });
    const report = await checkHealth(app);
    expect(report).toMatchObject({ status: 'ok', database: 'reachable' });
    expect(report.pool?.connections).toBeGreaterThan(0);
    // postgres.js 3 threw `TypeError: Cannot read properties of null (reading 'write')` from a timer here.
    expect(uncaught).toEqual([]);
  });

  it('health answers 503 while the server refuses connections and 200 as soon as it accepts them again', async () => {
    expect(healthResponse(await checkHealth(app)).status).toBe(200);
    await setConnectionsAllowed(false);
    try {
      await terminateAll();
      const down = await checkHealth(app, { timeoutMs: 3000 });
      expect(down.status).toBe('error');
      const res = healthResponse(down);
      expect(res.status).toBe(503);
      const body = (await res.json()) as Record<string, unknown>;
      expect(JSON.stringify(body)).not.toMatch(/select|Failed query/i);
      // a query from the app meanwhile fails as "unavailable", quickly (connect_timeout), not after minutes
      const err = await app.db.execute(sql`select 1`).catch((e: unknown) => e);
      expect(classifyDbError(err)?.kind).toBe('unavailable');
    } finally {
      await setConnectionsAllowed(true);
    }
    const up = await eventually(async () => {
      const r = await checkHealth(app);
      if (r.status !== 'ok') throw new Error(`still ${r.code}`);
      return r;
    });
    expect(healthResponse(up).status).toBe(200);
    expect(rowsOf<{ one: number }>(await app.db.execute(sql`select 1 as one`))[0]?.one).toBe(1);
    expect(uncaught).toEqual([]);
  });
});
