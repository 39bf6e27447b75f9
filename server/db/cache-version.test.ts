/**
 * The per-process caches (calendar per year, catalog items in force, flow bindings) follow every
 * change of their table at the next read, whoever made it: another app instance (a second pool on
 * PostgreSQL), a script or psql (plain SQL here, bypassing our services) — a trigger bumps the
 * version row in the changing transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { seedDemo } from '../seed';
import { cacheKey, readCacheKeysOnce } from './cache-version';
import type { Db } from './index';
import { dueDate } from '../calendar/service';
import { listFillableItems } from '../records/service';
import { findBinding } from '../flows/bindings';
import { viewerByUsername } from '../testing/context';
import type { Viewer } from '../auth/viewer';

let t: TestDatabase;
/** "The other instance": a second pool on PostgreSQL, the same database handle on PGlite. */
let other: Db;
let filler: Viewer;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  other = t.kind === 'postgres' ? (await t.connectAgain(2)).db : t.db;
  filler = await viewerByUsername(t.db, 'filler');
});
afterAll(async () => {
  await t.close();
});

describe('versioned caches', () => {
  it.runIf(process.env.DATABASE_URL)('a submit-like transaction reads every version once; outside it, each call reads again (PostgreSQL: another pool writes meanwhile)', async () => {
    const seen: string[] = [];
    await t.db.transaction(async (tx) => {
      readCacheKeysOnce(tx);
      seen.push((await cacheKey(tx, 'calendar'))!, (await cacheKey(tx, 'catalog'))!);
      // A change committed elsewhere meanwhile is not seen inside this transaction's one read …
      await other.execute(sql`insert into calendar_day (day, kind, note) values ('2031-06-05', 'holiday', 'test')`);
      seen.push((await cacheKey(tx, 'calendar'))!);
    });
    expect(seen[0]).toBe(seen[2]);
    expect(seen[1]).toMatch(/:/);
    // … and the next transaction or plain read sees it.
    expect(await cacheKey(t.db, 'calendar')).not.toBe(seen[0]);
    await t.db.execute(sql`delete from calendar_day where day = '2031-06-05'`);
  });

  it('calendar: a holiday added in plain SQL changes the next due date on every instance', async () => {
    // Mon 3 June 2024 + 7 working days, 端午 on Mon 10 June → Thu 13 June
    expect(await dueDate(t.db, '2024-06-03')).toBe('2024-06-13');
    expect(await dueDate(other, '2024-06-03')).toBe('2024-06-13');
    const before = await cacheKey(t.db, 'calendar');
    await other.execute(sql`insert into calendar_day (day, kind, note) values ('2024-06-05', 'holiday', 'test')`);
    expect(await cacheKey(t.db, 'calendar')).not.toBe(before);
    expect(await dueDate(t.db, '2024-06-03')).toBe('2024-06-14');
    await t.db.execute(sql`delete from calendar_day where day = '2024-06-05'`);
    expect(await dueDate(other, '2024-06-03')).toBe('2024-06-13');
  });

  it('catalog: an item retired in plain SQL disappears from the fillable items at once', async () => {
    const codes = async (db: Db) => (await listFillableItems(db, filler)).map((i) => i.code);
    expect(await codes(t.db)).toContain('XZCF');
    await other.execute(sql`update entry_version set valid_to = '2000-01-02' where kind_code = 'info-catalog' and entry_id = (select id from entry where kind_code = 'info-catalog' and code = 'XZCF')`);
    expect(await codes(t.db)).not.toContain('XZCF');
    await t.db.execute(sql`update entry_version set valid_to = null where kind_code = 'info-catalog' and entry_id = (select id from entry where kind_code = 'info-catalog' and code = 'XZCF')`);
    expect(await codes(other)).toContain('XZCF');
  });

  it('serves the catalog from memory while its version stands: no re-read per request', async () => {
    const codes = async () => (await listFillableItems(t.db, filler)).map((i) => i.code);
    expect(await codes()).toContain('XZCF');
    // change the table behind the cache's back (trigger off): the cached list is still served …
    await t.db.execute(sql`alter table entry_version disable trigger entry_version_catalog_update`);
    await t.db.execute(sql`update entry_version set valid_to = '2000-01-02' where kind_code = 'info-catalog' and entry_id = (select id from entry where kind_code = 'info-catalog' and code = 'XZCF')`);
    await t.db.execute(sql`alter table entry_version enable trigger entry_version_catalog_update`);
    expect(await codes()).toContain('XZCF');
    expect(await codes()).toContain('XZCF');
    // … until the version moves
    await t.db.execute(sql`update cache_version set version = version + 1 where name = 'catalog'`);
    expect(await codes()).not.toContain('XZCF');
    await t.db.execute(sql`update entry_version set valid_to = null where kind_code = 'info-catalog' and entry_id = (select id from entry where kind_code = 'info-catalog' and code = 'XZCF')`);
    expect(await codes()).toContain('XZCF');
  });

  it('a draft of another register kind leaves the catalog cache alone', async () => {
    const before = await cacheKey(t.db, 'catalog');
    await t.db.execute(sql`update entry_version set change_note = coalesce(change_note, '') where kind_code <> 'info-catalog'`);
    expect(await cacheKey(t.db, 'catalog')).toBe(before);
  });

  it('flow bindings: a binding added or removed in plain SQL is found (or not) at the next submission', async () => {
    const scopes = [{ type: 'catalog-item' as const, value: 'XZCF' }];
    expect(await findBinding(t.db, 'record-submit', scopes)).toBeNull();
    await other.execute(sql`insert into flow_binding (trigger, scope_type, scope_value, flow_code) values ('record-submit', 'catalog-item', 'XZCF', 'any-flow')`);
    expect((await findBinding(t.db, 'record-submit', scopes))?.flowCode).toBe('any-flow');
    await t.db.execute(sql`update flow_binding set active = false where scope_value = 'XZCF'`);
    expect(await findBinding(other, 'record-submit', scopes)).toBeNull();
  });
});
