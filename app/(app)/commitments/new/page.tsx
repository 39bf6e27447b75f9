import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { IssueCommitment } from './issue-commitment';

/** 办理信用承诺 at the counter: pick the matter, enter the subject, the letter is produced. */
export default async function NewCommitmentPage() {
  const { viewer, allowed } = await viewerWithRole(['filler']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  return <IssueCommitment />;
}
