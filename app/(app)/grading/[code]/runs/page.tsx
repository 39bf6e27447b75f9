import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { RunsView } from './runs-view';

/** Evaluation runs of one model: editors and admins start them; approvers and auditors read them. */
export default async function GradingRunsPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const { viewer, allowed } = await viewerWithRole(['editor', 'admin', 'approver', 'auditor']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  const roles = viewer.roles;
  return <RunsView code={decodeURIComponent(code)} canStart={roles.includes('editor') || roles.includes('admin')} canDesign={roles.includes('editor')} />;
}
