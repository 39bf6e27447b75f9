/**
 * The one search over subjects (records, their export, grading results). A natural person's
 * subject code is a resident ID number that most roles see masked (3604**********0071): a
 * "contains" search on it would be an oracle — ask "36042619910101007" and whether a row comes
 * back tells the next digit, so a full number is rebuilt in a few dozen queries. So codes of
 * natural persons match only the exact full number (normalised the way it is stored: trimmed,
 * full-width characters made half-width, upper-case); organisations' codes (public USCCs) and
 * names still match by "contains".
 */
import { and, eq, ilike, ne, or, type AnyColumn, type SQL } from 'drizzle-orm';
import { normalizeCode } from '../../forms/formats/normalize';

export const NATURAL_PERSON = '自然人';

/** A code as records store it (forms/formats/normalize.ts: spaces out, full-width → half-width, upper-case). */
export function normaliseSubjectCode(q: string): string {
  return normalizeCode(q);
}

const likeOf = (s: string) => `%${s.replace(/[%_\\]/g, '\\$&')}%`;

export function subjectSearch(cols: { name: AnyColumn; code: AnyColumn; type: AnyColumn }, q: string): SQL {
  const code = normaliseSubjectCode(q);
  return or(
    ilike(cols.name, likeOf(q.trim())),
    and(ne(cols.type, NATURAL_PERSON), ilike(cols.code, likeOf(code))),
    and(eq(cols.type, NATURAL_PERSON), eq(cols.code, code)),
  )!;
}
