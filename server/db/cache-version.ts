/**
 * Per-process caches that stay correct with several app instances on one database. Each cached
 * thing has a row in `cache_version`, bumped by a trigger in the transaction that changes the
 * underlying table (migration cache_version_triggers). A cache reads that row (one primary-key
 * lookup) and reuses what it loaded under the same version; an edit made on any instance, by a
 * script or in psql is therefore seen by every instance at its next read, with no TTL and no
 * message bus. The key includes the row's `epoch` (random per database), so a process talking to
 * two databases (tests, benchmarks) never serves one's data for the other.
 */
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from './index';

export type CacheName = 'calendar' | 'catalog' | 'flow-binding' | 'credit-check';

type Keys = Map<string, string>;
const perTransaction = new WeakMap<object, Promise<Keys>>();

/** A cache's version key, `<epoch>:<version>`, computed in SQL: the one definition every read uses. */
const KEY = sql.raw(`epoch::text || ':' || version::text`);

async function readKeys(db: Db, name?: CacheName): Promise<Keys> {
  const rows = rowsOf<{ name: string; key: string }>(
    await db.execute(name === undefined ? sql`select name, ${KEY} as key from cache_version` : sql`select name, ${KEY} as key from cache_version where name = ${name}`),
  );
  return new Map(rows.map((r) => [r.name, r.key]));
}

/**
 * For a transaction that changes none of the cached tables (a record submit): reads every cache's
 * version in one statement, and the transaction's later `cacheKey` calls reuse that read — a submit
 * asks for the catalog, the calendar and the flow bindings, one round trip instead of three. A
 * transaction that edits a cached table must not call this (its own bump would go unseen).
 */
export function readCacheKeysOnce(tx: Db): void {
  if (perTransaction.has(tx)) return;
  const keys = readKeys(tx);
  perTransaction.set(tx, keys);
  keys.catch(() => perTransaction.delete(tx));
}

/** The current version key of `name`, or null when the row is missing (then nothing is cached). */
export async function cacheKey(db: Db, name: CacheName): Promise<string | null> {
  const once = perTransaction.get(db);
  return ((once ? await once : await readKeys(db, name)).get(name)) ?? null;
}

/**
 * The version key of `name` as a column of a caller's own statement, so a hot path can read the
 * key together with its data in one round trip (then `VersionedCache.at`). Null when the row is missing.
 */
export function cacheKeyColumn(name: CacheName): SQL {
  return sql`(select ${KEY} from cache_version where name = ${name})`;
}

/** Keeps the values of the last few version keys (one per database in practice). */
export class VersionedCache<T> {
  private readonly entries = new Map<string, Promise<T>>();
  constructor(
    readonly name: CacheName,
    private readonly size = 4,
  ) {}

  /** The value for the current version, loaded by `load` when there is none yet. */
  async get(db: Db, load: () => Promise<T>, sub = ''): Promise<T> {
    return this.at(await cacheKey(db, this.name), load, sub);
  }

  /** The value under a version key read once by the caller (several parts of one version, one read). */
  at(version: string | null, load: () => Promise<T>, sub = ''): Promise<T> {
    if (version === null) return Promise.resolve().then(load);
    const key = `${version}|${sub}`;
    const hit = this.entries.get(key);
    if (hit) return hit;
    // A real promise, settled once: a Drizzle query builder is a lazy thenable that would run its
    // statement again on every await.
    const value = Promise.resolve().then(load);
    this.entries.set(key, value);
    value.catch(() => this.entries.delete(key));
    // drop the oldest keys: older versions are never asked for again
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  clear() {
    this.entries.clear();
  }
}
