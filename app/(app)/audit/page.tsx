import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { AuditLog } from './audit-log';

export default async function AuditPage() {
  const { viewer, allowed } = await viewerWithRole(['auditor', 'admin']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  return <AuditLog />;
}
