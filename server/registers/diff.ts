/** Diffs for pages, exports and tests: thin reads around the one diff in catalog/diff. */
import type { Db } from '../db';
import { DomainError } from '../errors';
import { diffEntryContent, diffRegister } from '../../catalog/diff';
import { getEntry, snapshot } from './service';
import { getKind } from './kinds';
import { isIsoDate } from './dates';

export async function diffEntryVersions(db: Db, kindCode: string, code: string, from: number, to: number, opts: { drafts: boolean }) {
  const { kind, versions } = await getEntry(db, kindCode, code, { drafts: opts.drafts });
  // Only the versions the reader may see (getEntry applies the one visibility rule).
  const load = async (version: number) => {
    if (version === 0) return null;
    const v = versions.find((x) => x.version === version);
    if (!v) throw new DomainError('NOT_FOUND', 'registers.errors.versionNotFound');
    return v.content;
  };
  return diffEntryContent(kind, await load(from), await load(to));
}

export async function diffRegisterDates(db: Db, kindCode: string, from: string, to: string) {
  for (const d of [from, to]) if (!isIsoDate(d)) throw new DomainError('INVALID_INPUT', 'registers.errors.badDate', { value: d });
  const kind = await getKind(db, kindCode);
  const [a, b] = await Promise.all([snapshot(db, kindCode, from), snapshot(db, kindCode, to)]);
  return diffRegister(kind, a, b);
}
