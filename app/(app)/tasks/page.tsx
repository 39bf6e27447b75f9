import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { TasksInbox } from './tasks-inbox';

export default async function TasksPage() {
  const { viewer, allowed } = await viewerWithRole(['admin', 'editor', 'filler', 'approver']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  return <TasksInbox />;
}
