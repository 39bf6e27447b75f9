import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { AuditLog } from './audit-log';
import { filterFromSearchParams, filterToSearchParams } from './filter-state';

/**
 * The auditor's history. The filter comes from the address, so a timeline can be linked:
 * `/audit?objectId=sanction-measure/SM-001` (one entry), `/audit?register=sanction-measure`
 * (a whole register), or any of from, to, actor, department, action, objectType.
 */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { viewer, allowed } = await viewerWithRole(['auditor', 'admin']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  const initialFilter = filterFromSearchParams(await searchParams);
  // A new address (a link to another timeline) starts a fresh page state.
  const tq = await getTranslations('gradingUi.queryLog');
  return (
    <>
      <AuditLog key={filterToSearchParams(initialFilter).toString()} initialFilter={initialFilter} canReveal={viewer.roles.includes('auditor')} />
      <p className="mt-4 text-sm">
        <Link href="/audit/query-log" className="text-brand-600 underline">
          {tq('linkFromAudit')}
        </Link>
      </p>
    </>
  );
}
