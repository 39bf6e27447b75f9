/**
 * What is published today (公示中): the one predicate every public path uses (the public pages and
 * the open API of issue 17 switch to it). A record is published when it is accepted, its
 * disclosure rule publishes its class, its 公示截止日 has not passed, and its publication has not
 * ended (expired, repaired or revoked — a revoked or repaired record is no longer `accepted` either).
 */
import { sql, type SQL } from 'drizzle-orm';
import { record, recordDisclosure } from '../db/schema';

export function publishedRecordWhere(today: string): SQL {
  return sql`(${record.status} = 'accepted' and exists (select 1 from ${recordDisclosure} d where d.record_id = ${record.id} and d.published and d.ended_on is null and (d.public_until is null or d.public_until >= ${today}::date)))`;
}
