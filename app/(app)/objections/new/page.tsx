import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { FileObjection } from './file-objection';

export default async function NewObjectionPage({ searchParams }: { searchParams: Promise<{ record?: string; member?: string }> }) {
  const { viewer, allowed } = await viewerWithRole(['filler', 'editor']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  const sp = await searchParams;
  const target = sp.record ? { targetType: 'record' as const, targetId: sp.record } : sp.member ? { targetType: 'membership' as const, targetId: sp.member } : null;
  return <FileObjection target={target} />;
}
