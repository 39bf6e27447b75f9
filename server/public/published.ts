/**
 * THE predicate "this record is shown to the public today" (issue 17). Every public query — the
 * public subject page, the 双公示 list, the open API's publication feed — filters `record` with
 * it, so one rule decides what is public everywhere.
 *
 * For now: the record is accepted, the catalog item version it was entered under is 社会公开, and
 * today is within that item's 公示期 counted from the decision date (or the acceptance day when
 * the record has none). A catalog item with several periods by severity that the record does not
 * name is read with its shortest positive period (the cautious reading for personal data); an item
 * with no period is shown while accepted.
 *
 * Seam: at merge this re-exports the disclosure rules of issue 15 (server/disclosure/published.ts
 * `publishedRecordWhere(today)`), which add repair, revocation and objections; callers stay as they are.
 */
import { sql, type SQL } from 'drizzle-orm';
import { record } from '../db/schema';

export function publishedRecordWhere(today: string): SQL {
  return sql`(${record.status} = 'accepted' and exists (
    select 1 from entry pub_e join entry_version pub_v on pub_v.entry_id = pub_e.id
    where pub_e.kind_code = 'info-catalog' and pub_e.code = ${record.catalogCode} and pub_v.version = ${record.catalogVersion}
      and pub_v.content->>'disclosure' = '社会公开'
      and coalesce(
        (coalesce(${record.decisionDate}, (${record.decidedAt} at time zone 'Asia/Shanghai')::date)
          + make_interval(months => (select min((p->>'months')::int) from jsonb_array_elements(case when jsonb_typeof(pub_v.content->'disclosurePeriods') = 'array' then pub_v.content->'disclosurePeriods' else '[]'::jsonb end) p where (p->>'months')::int > 0)))::date
          > ${today}::date,
        true)))`;
}
