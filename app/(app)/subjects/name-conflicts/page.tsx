import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { NameConflicts } from './name-conflicts';

/** 统一代码 重错码 治理: codes seen under more than one name, for the office to review. */
export default async function NameConflictsPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const { viewer, allowed } = await viewerWithRole(['editor', 'admin']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  const sp = await searchParams;
  return <NameConflicts canReview={viewer.roles.includes('editor')} initialQ={sp.q ?? ''} />;
}
