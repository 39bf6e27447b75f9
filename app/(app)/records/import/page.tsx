import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { ImportRecords } from './import-records';

export default async function ImportRecordsPage({ searchParams }: { searchParams: Promise<{ item?: string }> }) {
  const { item } = await searchParams;
  const { viewer, allowed } = await viewerWithRole(['filler']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  return <ImportRecords initialItem={item ?? ''} />;
}
