import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { ModelsList } from './models-list';

/** Industry grading models: editors design them, approvers, auditors and admins follow the runs. */
export default async function GradingPage() {
  const { viewer, allowed } = await viewerWithRole(['editor', 'approver', 'auditor', 'admin']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  return <ModelsList canEdit={viewer.roles.includes('editor')} />;
}
