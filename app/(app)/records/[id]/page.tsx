import { requireViewer } from '@/app/_auth/require';
import { RecordView } from './record-view';

export default async function RecordPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireViewer();
  return <RecordView id={id} canDecide={viewer.roles.includes('approver')} canAct={viewer.roles.some((r) => r === 'filler' || r === 'editor')} />;
}
