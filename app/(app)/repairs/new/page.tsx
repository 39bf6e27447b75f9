import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { ApplyRepair } from './apply-repair';

export default async function NewRepairPage({ searchParams }: { searchParams: Promise<{ record?: string; member?: string }> }) {
  const { viewer, allowed } = await viewerWithRole(['filler', 'editor']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  const sp = await searchParams;
  const target = sp.record ? { targetType: 'record' as const, targetId: sp.record } : sp.member ? { targetType: 'membership' as const, targetId: sp.member } : null;
  return <ApplyRepair target={target} />;
}
