/** When a list membership is in force: the one definition every reader of memberships uses. */
import { and, eq, gt, isNull, lte, or, type SQL } from 'drizzle-orm';
import { creditListMember } from '../db/schema';

/** Active, listed on or before `day`, and not removed by then (a removal dated `day` ends it that day). */
export function memberInForce(day: string): SQL {
  return and(eq(creditListMember.status, 'active'), lte(creditListMember.listedOn, day), or(isNull(creditListMember.removedOn), gt(creditListMember.removedOn, day)))!;
}
