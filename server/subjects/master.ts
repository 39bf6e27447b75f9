/**
 * Subjects as master data (issue 16): one row per code with the names it was seen under and its
 * legal representative. Every path that learns a subject's name (a commitment signed, a record
 * accepted, `refreshSubjects` over the records) calls `noteSubject`; a code seen under a second
 * name is flagged (nameConflict = 1) for the office's clean-up (统一代码 重错码 治理).
 */
import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { subject } from '../db/schema';

export async function noteSubject(tx: Db, s: { code: string; type: string; name: string; legalRepresentative?: string | null; day: string }) {
  const [existing] = await tx.select().from(subject).where(eq(subject.code, s.code)).for('update');
  if (!existing) {
    await tx.insert(subject).values({ code: s.code, type: s.type, name: s.name, legalRepresentative: s.legalRepresentative ?? null, names: [{ name: s.name, since: s.day }] }).onConflictDoNothing();
    return;
  }
  const names = existing.names.some((n) => n.name === s.name) ? existing.names : [...existing.names, { name: s.name, since: s.day }];
  await tx
    .update(subject)
    .set({ name: s.name, names, nameConflict: names.length > 1 ? 1 : 0, legalRepresentative: s.legalRepresentative ?? existing.legalRepresentative, updatedAt: new Date() })
    .where(eq(subject.code, s.code));
}

/** Rebuilds the master rows from the accepted records (names in the order they first appeared). */
export async function refreshSubjects(db: Db): Promise<number> {
  const res = await db.execute(sql`
    insert into subject (code, type, name, names, name_conflict)
    select code, max(type), (array_agg(name order by first desc))[1],
           jsonb_agg(jsonb_build_object('name', name, 'since', first::date::text) order by first),
           case when count(*) > 1 then 1 else 0 end
    from (select subject_code as code, subject_type as type, subject_name as name, min(created_at) as first
          from record where status = 'accepted' group by subject_code, subject_type, subject_name) n
    group by code
    on conflict (code) do update set names = excluded.names, name = excluded.name, name_conflict = excluded.name_conflict, updated_at = now()`);
  return Number((res as { count?: number; affectedRows?: number }).count ?? (res as { affectedRows?: number }).affectedRows ?? 0);
}

export async function subjectMaster(db: Db, code: string) {
  const [row] = await db.select().from(subject).where(eq(subject.code, code));
  return row ?? null;
}

/** Codes seen under more than one name, for clean-up. */
export async function nameConflicts(db: Db, limit = 100) {
  return db.select().from(subject).where(eq(subject.nameConflict, 1)).orderBy(desc(subject.updatedAt)).limit(limit);
}
