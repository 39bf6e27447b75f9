import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { Inbox } from './inbox';

export default async function ApprovalsPage() {
  const { viewer, allowed } = await viewerWithRole(['approver']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  return <Inbox viewerId={viewer.id} />;
}
