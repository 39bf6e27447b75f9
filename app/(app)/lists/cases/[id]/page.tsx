import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { ListsNav } from '../../_components/lists-nav';
import { CaseView } from './case-view';

export default async function CasePage({ params }: { params: Promise<{ id: string }> }) {
  const { viewer, allowed } = await viewerWithRole(['filler', 'editor', 'approver', 'auditor', 'admin']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  const { id } = await params;
  return (
    <>
      <ListsNav showFeedback={viewer.roles.some((r) => r === 'editor' || r === 'auditor' || r === 'admin')} showEligible={viewer.roles.includes('editor')} />
      <CaseView id={id} />
    </>
  );
}
