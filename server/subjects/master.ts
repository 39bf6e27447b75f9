/**
 * Subjects as master data (issue 16): one row per code with the names it was seen under and its
 * legal representative. Every path that learns a subject's name (a commitment signed, a record
 * accepted, `refreshSubjects` over the records) calls `noteSubject`; a code seen under a second
 * name is flagged (nameConflict = 1) for the office's clean-up (统一代码 重错码 治理).
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { subject } from '../db/schema';

export async function noteSubject(tx: Db, s: { code: string; type: string; name: string; legalRepresentative?: string | null; day: string }) {
  const [existing] = await tx.select().from(subject).where(eq(subject.code, s.code)).for('update');
  if (!existing) {
    await tx.insert(subject).values({ code: s.code, type: s.type, name: s.name, legalRepresentative: s.legalRepresentative ?? null, names: [{ name: s.name, since: s.day }] }).onConflictDoNothing();
    return;
  }
  const isNew = !existing.names.some((n) => n.name === s.name);
  const names = isNew ? [...existing.names, { name: s.name, since: s.day }] : existing.names;
  // A new name flags the code for review; a known one changes nothing the office decided. After a
  // 错码 review the office's right name stays the master name.
  const keepName = !isNew && existing.nameReview?.outcome === 'wrong_code';
  await tx
    .update(subject)
    .set({ name: keepName ? existing.name : s.name, names, nameConflict: isNew && names.length > 1 ? 1 : existing.nameConflict, legalRepresentative: s.legalRepresentative ?? existing.legalRepresentative, updatedAt: new Date() })
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
    on conflict (code) do update set names = excluded.names, name = excluded.name, updated_at = now(),
      -- the same set of names keeps what the office decided; a new name flags the code again
      name_conflict = case when (select array_agg(x->>'name' order by x->>'name') from jsonb_array_elements(subject.names) x)
                              = (select array_agg(x->>'name' order by x->>'name') from jsonb_array_elements(excluded.names) x)
                           then subject.name_conflict else excluded.name_conflict end`);
  return Number((res as { count?: number; affectedRows?: number }).count ?? (res as { affectedRows?: number }).affectedRows ?? 0);
}

export async function subjectMaster(db: Db, code: string) {
  const [row] = await db.select().from(subject).where(eq(subject.code, code));
  return row ?? null;
}

