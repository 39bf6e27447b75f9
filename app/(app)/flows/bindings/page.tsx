import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { BindingsEditor } from './bindings-editor';

export default async function FlowBindingsPage() {
  const { viewer, allowed } = await viewerWithRole(['editor', 'admin', 'auditor']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  return <BindingsEditor canEdit={viewer.roles.includes('editor') || viewer.roles.includes('admin')} />;
}
