/**
 * What is published today (公示中): the one predicate every public path uses (the public pages,
 * the open API's feed). A record is published when
 * - it is accepted (a revoked or repaired record is not `accepted` any more),
 * - the catalog item version it was entered under is 社会公开 (政务共享 and 授权查询 items are
 *   never shown to the public, whatever a disclosure rule says),
 * - its disclosure rule publishes its class, its 公示截止日 has not passed, and its publication
 *   has not ended (expired, repaired or revoked).
 */
import { sql, type SQL } from 'drizzle-orm';
import { record, recordDisclosure } from '../db/schema';

export function publishedRecordWhere(today: string): SQL {
  return sql`(${record.status} = 'accepted'
    and exists (select 1 from ${recordDisclosure} d where d.record_id = ${record.id} and d.published and d.ended_on is null and (d.public_until is null or d.public_until >= ${today}::date))
    and exists (select 1 from entry pub_e join entry_version pub_v on pub_v.entry_id = pub_e.id
      where pub_e.kind_code = 'info-catalog' and pub_e.code = ${record.catalogCode} and pub_v.version = ${record.catalogVersion}
        and pub_v.content->>'disclosure' = '社会公开'))`;
}
