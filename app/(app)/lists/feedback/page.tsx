import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { ListsNav } from '../_components/lists-nav';
import { FeedbackView } from './feedback-view';

/** 联合奖惩反馈: rates per department and counts per measure, for the office and auditors. */
export default async function FeedbackPage() {
  const { viewer, allowed } = await viewerWithRole(['editor', 'auditor', 'admin']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  return (
    <>
      <ListsNav showFeedback showEligible={viewer.roles.includes('editor')} />
      <FeedbackView />
    </>
  );
}
