import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { ListsNav } from '../_components/lists-nav';
import { MembersView } from './members-view';

export default async function MembersPage() {
  const { viewer, allowed } = await viewerWithRole(['filler', 'editor', 'approver', 'auditor', 'admin']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  return (
    <>
      <ListsNav showFeedback={viewer.roles.some((r) => r === 'editor' || r === 'auditor' || r === 'admin')} showEligible={viewer.roles.includes('editor')} />
      <MembersView />
    </>
  );
}
