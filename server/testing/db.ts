/**
 * A fresh, migrated database per test file: in-memory PGlite by default; with DATABASE_URL
 * set, a new database created on that PostgreSQL server and dropped afterwards.
 *
 * Audit rows: under Vitest, `db` chains them as each transaction commits (so a test reads sealed
 * rows right after an action); elsewhere (benchmarks) the background chainer runs, as in the app.
 */
import { randomBytes } from 'node:crypto';
import { migrateDatabase, openDatabase, type Db, type OpenDatabase } from '../db';
import { chainSynchronously, startAuditChainer } from '../audit/chain';

function chainAudit(db: Db): () => Promise<void> {
  if (process.env.VITEST) {
    const off = chainSynchronously(db);
    return async () => off();
  }
  return startAuditChainer(async () => db, 1000);
}

export interface TestDatabase {
  db: Db;
  kind: 'postgres' | 'pglite';
  url: string | null;
  open: OpenDatabase;
  /** Opens another independent connection pool to the same database (PostgreSQL only). */
  connectAgain: (max?: number) => Promise<OpenDatabase>;
  close: () => Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const open = await openDatabase({ kind: 'pglite', dataDir: null });
    await migrateDatabase(open);
    const stopChaining = chainAudit(open.db);
    return {
      db: open.db,
      kind: 'pglite',
      url: null,
      open,
      connectAgain: async () => {
        throw new Error('PGlite is a single connection; this test needs PostgreSQL');
      },
      close: async () => {
        await stopChaining();
        await open.close();
      },
    };
  }
  // TEST_DB_PREFIX keeps one engineer's databases apart on a shared server (letters, digits, _).
  const prefix = /^[a-z][a-z0-9_]{0,20}$/.test(process.env.TEST_DB_PREFIX ?? '') ? process.env.TEST_DB_PREFIX : 't';
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const { default: postgres } = await import('postgres');
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const open = await openDatabase({ kind: 'postgres', url: url.toString(), max: 4 });
  await migrateDatabase(open);
  const stopChaining = chainAudit(open.db);
  const extra: OpenDatabase[] = [];
  return {
    db: open.db,
    kind: 'postgres',
    url: url.toString(),
    open,
    connectAgain: async (max = 10) => {
      const o = await openDatabase({ kind: 'postgres', url: url.toString(), max });
      extra.push(o);
      return o;
    },
    close: async () => {
      await stopChaining();
      for (const o of extra) await o.close();
      await open.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
