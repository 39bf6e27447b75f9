import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { FillRecord } from './fill-record';

export default async function NewRecordPage({ searchParams }: { searchParams: Promise<{ item?: string; id?: string }> }) {
  const { item, id } = await searchParams;
  const { viewer, allowed } = await viewerWithRole(['filler']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  return <FillRecord code={item ?? ''} recordId={id} />;
}
