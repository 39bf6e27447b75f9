import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { ListsNav } from '../_components/lists-nav';
import { EligibleView } from './eligible-view';

/** 红名单候选: the office proposes subjects that meet an incentive list's conditions. */
export default async function EligiblePage({ searchParams }: { searchParams: Promise<{ list?: string }> }) {
  const { viewer, allowed } = await viewerWithRole(['editor']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  const sp = await searchParams;
  return (
    <>
      <ListsNav showFeedback showEligible />
      <EligibleView initialList={sp.list ?? ''} />
    </>
  );
}
