import { requireViewer } from '@/app/_auth/require';
import { InstanceView } from './instance-view';

export default async function FlowInstancePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireViewer();
  return <InstanceView id={id} viewerId={viewer.id} />;
}
