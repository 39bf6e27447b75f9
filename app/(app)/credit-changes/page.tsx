import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { CreditChangesView } from './credit-changes-view';

export default async function CreditChangesPage() {
  const { viewer, allowed } = await viewerWithRole(['editor', 'auditor', 'admin']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  return <CreditChangesView />;
}
