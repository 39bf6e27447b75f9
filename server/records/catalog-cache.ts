/**
 * The information-catalog versions in force on a day, cached in this process while
 * `cache_version('catalog')` stands (a trigger bumps it whenever an info-catalog version is
 * written, on any instance). Every record form, save and submit asked for them — twice per submit,
 * each time reading and parsing every item's full definition (its JSON Schema and UI schema).
 * Callers get shared objects: treat them as read-only.
 */
import type { Db } from '../db';
import { VersionedCache } from '../db/cache-version';

const cache = new VersionedCache<unknown[]>('catalog', 8);

export function catalogInForce<T>(db: Db, day: string, load: () => Promise<T[]>): Promise<T[]> {
  return cache.get(db, load, day) as Promise<T[]>;
}
