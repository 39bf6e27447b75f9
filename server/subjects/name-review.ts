/**
 * 统一代码 重错码 治理 (issue 16): the office reviews the codes seen under more than one name. For
 * each it reads every name with the first day it was seen and which departments hold accepted
 * records under it, then says what it is:
 *  - 更名 (renamed): the names are one subject over time; the flag is cleared (a new name later
 *    flags it again);
 *  - 错码 (wrong_code): records under the other names carry a wrong code; the office names the
 *    right name, the departments holding records under the other names are told to check and
 *    correct them (their correction goes through the objection/correction process), and the code
 *    waits as 「待部门更正」;
 *  - 已更正 (corrected): the departments have corrected; the wait ends.
 * One transaction and one audit row per review; only the office's editors review. A natural
 * person's ID number is sent to the page only as a sealed ref (server/subjects/ref.ts).
 */
import { and, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { department, record, subject, user, type NameReview } from '../db/schema';
import { appendAudit, type Actor } from '../audit/append';
import { DomainError } from '../errors';
import { hasAnyRole, type Viewer } from '../auth/viewer';
import { notifyOutcome } from '../notifications/service';
import { maskedSubject, seesPersonalCodes } from './mask';
import { subjectRefs } from './ref';

export const NAME_REVIEW_OUTCOMES = ['renamed', 'wrong_code', 'corrected'] as const;
export type NameReviewOutcome = (typeof NAME_REVIEW_OUTCOMES)[number];
/** subject.name_conflict: 0 nothing to review, 1 to review, 2 waiting for departments to correct. */
const OPEN = 1;
const WAITING = 2;
const like = (q: string) => `%${q.replace(/[%_\\]/g, '\\$&')}%`;
const refsOf = (db: Db) => subjectRefs(db, 'credit-file');

export async function nameConflictPage(db: Db, viewer: Viewer, input: { state?: 'open' | 'waiting'; q?: string; page: number; pageSize: number }) {
  const where: SQL[] = [input.state === 'waiting' ? eq(subject.nameConflict, WAITING) : input.state === 'open' ? eq(subject.nameConflict, OPEN) : inArray(subject.nameConflict, [OPEN, WAITING])];
  const q = input.q?.trim();
  if (q) where.push(or(eq(subject.code, q.toUpperCase()), ilike(subject.name, like(q)), sql`${subject.names}::text ilike ${like(q)}`)!);
  const [total] = await db.select({ n: count() }).from(subject).where(and(...where));
  const rows = await db
    .select()
    .from(subject)
    .where(and(...where))
    .orderBy(desc(subject.updatedAt), subject.code)
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
  const codes = rows.map((r) => r.code);
  const held = codes.length
    ? await db
        .select({ code: record.subjectCode, name: record.subjectName, departmentZh: department.nameZh, departmentEn: department.nameEn, n: count() })
        .from(record)
        .innerJoin(department, eq(department.id, record.departmentId))
        .where(and(inArray(record.subjectCode, codes), eq(record.status, 'accepted')))
        .groupBy(record.subjectCode, record.subjectName, department.nameZh, department.nameEn)
    : [];
  const refs = await refsOf(db);
  const clear = seesPersonalCodes(viewer);
  return {
    total: Number(total?.n ?? 0),
    rows: rows.map((r) => {
      const hidden = r.type === '自然人' && !clear;
      return {
        key: hidden ? `p:${refs.seal(r.code)}` : r.code,
        code: maskedSubject(viewer, r.type, r.code),
        fileHref: `/subjects/${encodeURIComponent(hidden ? refs.seal(r.code) : r.code)}`,
        type: r.type,
        name: r.name,
        state: r.nameConflict === WAITING ? ('waiting' as const) : ('open' as const),
        names: r.names.map((n) => ({
          ...n,
          held: held.filter((h) => h.code === r.code && h.name === n.name).map((h) => ({ department: { 'zh-CN': h.departmentZh, en: h.departmentEn ?? h.departmentZh }, records: Number(h.n) })),
        })),
        review: r.nameReview ?? null,
      };
    }),
  };
}

export async function reviewNameConflict(db: Db, actor: Actor, viewer: Viewer, input: { key: string; outcome: NameReviewOutcome; correctName?: string; note: string }) {
  if (!hasAnyRole(viewer, ['editor'])) throw new DomainError('FORBIDDEN', 'subjectFile.errors.reviewOfficeOnly');
  const note = input.note.trim();
  if (!note) throw new DomainError('INVALID_INPUT', 'subjectFile.errors.reviewNoteRequired', {}, [{ path: 'note', key: 'subjectFile.errors.reviewNoteRequired' }]);
  const code = input.key.startsWith('p:') ? (await refsOf(db)).open(input.key.slice(2)) : input.key.trim().toUpperCase();
  if (!code) throw new DomainError('NOT_FOUND', 'subjectFile.errors.notFound');
  return db.transaction(async (tx) => {
    const [s] = await tx.select().from(subject).where(eq(subject.code, code)).for('update');
    if (!s) throw new DomainError('NOT_FOUND', 'subjectFile.errors.notFound');
    const from = s.nameConflict;
    const allowed = input.outcome === 'corrected' ? from === WAITING : from === OPEN;
    if (!allowed) throw new DomainError('CONFLICT', 'subjectFile.errors.reviewWrongState', { name: s.name });
    let name = s.name;
    const others: string[] = [];
    if (input.outcome === 'wrong_code') {
      const correct = input.correctName?.trim() ?? '';
      if (!s.names.some((n) => n.name === correct)) throw new DomainError('INVALID_INPUT', 'subjectFile.errors.correctNameRequired', {}, [{ path: 'correctName', key: 'subjectFile.errors.correctNameRequired' }]);
      name = correct;
      others.push(...s.names.map((n) => n.name).filter((n) => n !== correct));
    }
    const [me] = await tx.select({ name: user.name }).from(user).where(eq(user.id, actor.id!));
    const review: NameReview = { outcome: input.outcome, note, correctName: input.outcome === 'wrong_code' ? name : null, names: s.names.map((n) => n.name), by: actor.id!, byName: me?.name ?? '', at: new Date().toISOString() };
    const to = input.outcome === 'wrong_code' ? WAITING : 0;
    await tx.update(subject).set({ nameConflict: to, name, nameReview: review, updatedAt: new Date() }).where(eq(subject.code, code));
    // The departments that hold records under the wrong names are told to check them.
    let told = 0;
    if (others.length) {
      const depts = await tx.selectDistinct({ id: record.departmentId }).from(record).where(and(eq(record.subjectCode, code), eq(record.status, 'accepted'), inArray(record.subjectName, others)));
      const fillers = depts.length
        ? await tx
            .select({ id: user.id })
            .from(user)
            .where(and(inArray(user.departmentId, depts.map((d) => d.id)), eq(user.disabled, false), sql`exists (select 1 from role_grant g where g.user_id = ${user.id} and g.role = 'filler')`))
        : [];
      told = fillers.length;
      await notifyOutcome(tx, { userIds: fillers.map((f) => f.id), subjectType: 'subject', subjectId: code, outcome: 'wrongCode', actor: { id: actor.id ?? null, name: me?.name ?? null }, comment: note, detail: { correctName: name, wrongNames: others } });
    }
    await appendAudit(tx, actor, {
      action: 'subject.review_names',
      objectType: 'subject',
      objectId: s.type === '自然人' ? null : code,
      before: { nameConflict: from, name: s.name },
      after: { subject: { code, type: s.type }, outcome: input.outcome, nameConflict: to, name, names: review.names, departmentsTold: told },
      reason: note,
    });
    return { state: to === WAITING ? 'waiting' : 'done', name, told };
  });
}
