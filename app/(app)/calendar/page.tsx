import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { CalendarEditor } from './calendar-editor';

export default async function CalendarPage() {
  const { viewer, allowed } = await viewerWithRole(['editor', 'admin']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  return <CalendarEditor />;
}
