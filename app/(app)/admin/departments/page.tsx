import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { DepartmentsAdmin } from './departments-admin';

export default async function DepartmentsPage() {
  const { viewer, allowed } = await viewerWithRole(['admin']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  return <DepartmentsAdmin />;
}
