import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { ApiClientsAdmin } from './api-clients-admin';

export default async function ApiClientsPage() {
  const { viewer, allowed } = await viewerWithRole(['admin']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  return <ApiClientsAdmin />;
}
