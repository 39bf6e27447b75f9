import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { CommitmentList } from './commitment-list';

/** 信用承诺: the department's commitments and their state (all of them for the office). */
export default async function CommitmentsPage() {
  const { viewer, allowed } = await viewerWithRole(['filler', 'editor', 'approver', 'auditor', 'admin']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  return <CommitmentList canIssue={viewer.roles.includes('filler')} />;
}
