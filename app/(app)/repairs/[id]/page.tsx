import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { RepairView } from './repair-view';

export default async function RepairPage({ params }: { params: Promise<{ id: string }> }) {
  const { viewer, allowed } = await viewerWithRole(['filler', 'editor', 'approver', 'auditor', 'admin']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  const { id } = await params;
  return <RepairView id={id} />;
}
