/**
 * A subject in notifications (the office's 错码 review tells departments to check their records):
 * 「主体名称」 with its code, a natural person's masked, linking to the credit file.
 */
import { inArray } from 'drizzle-orm';
import { subject } from '../db/schema';
import { L, registerDescriber } from '../inbox/describe';
import { maskCode } from './mask';
import { subjectRefs } from './ref';

registerDescriber('subject', async (db, ids) => {
  const rows = await db.select({ code: subject.code, name: subject.name, type: subject.type }).from(subject).where(inArray(subject.code, ids));
  const refs = await subjectRefs(db, 'credit-file');
  return new Map(
    rows.map((r) => {
      const person = r.type === '自然人';
      return [r.code, { title: L(r.name), code: person ? maskCode(r.code) : r.code, href: `/subjects/${encodeURIComponent(person ? refs.seal(r.code) : r.code)}` }];
    }),
  );
});
