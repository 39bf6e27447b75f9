import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { ObjectionView } from './objection-view';

export default async function ObjectionPage({ params }: { params: Promise<{ id: string }> }) {
  const { viewer, allowed } = await viewerWithRole(['filler', 'editor', 'approver', 'auditor', 'admin']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  const { id } = await params;
  return <ObjectionView id={id} />;
}
