import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { CommitmentView } from './commitment-view';

export default async function CommitmentPage({ params }: { params: Promise<{ id: string }> }) {
  const { viewer, allowed } = await viewerWithRole(['filler', 'editor', 'approver', 'auditor', 'admin']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  const { id } = await params;
  return <CommitmentView id={id} canCheck={viewer.roles.includes('filler')} />;
}
