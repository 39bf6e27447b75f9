import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { ROLES } from '@/server/auth/roles';
import { UsersAdmin } from './users-admin';

export default async function UsersPage() {
  const { viewer, allowed } = await viewerWithRole(['admin']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  return <UsersAdmin roles={[...ROLES]} selfId={viewer.id} />;
}
