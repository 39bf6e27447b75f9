import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { hasAnyRole } from '@/server/auth/viewer';
import { FlowList } from './_components/flow-list';

export default async function FlowsPage() {
  const { viewer, allowed } = await viewerWithRole(['editor', 'admin', 'approver', 'auditor']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  return <FlowList canEdit={hasAnyRole(viewer, ['editor'])} />;
}
