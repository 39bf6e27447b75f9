import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { hasAnyRole } from '@/server/auth/viewer';
import { FlowPage } from './flow-page';

export default async function FlowDesignPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const { viewer, allowed } = await viewerWithRole(['editor', 'admin', 'approver', 'auditor']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  return <FlowPage code={decodeURIComponent(code)} canEdit={hasAnyRole(viewer, ['editor'])} />;
}
