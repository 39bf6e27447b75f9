import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { RecordsHome } from './records-home';

export default async function RecordsPage() {
  const { viewer, allowed } = await viewerWithRole(['filler', 'editor', 'approver', 'auditor', 'admin']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  return <RecordsHome canFill={viewer.roles.includes('filler')} />;
}
