import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { QueryLog } from './query-log';

/** Who looked up whom, when and why (逢办必查 lookups), for auditors. */
export default async function QueryLogPage() {
  const { viewer, allowed } = await viewerWithRole(['auditor', 'admin']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  return <QueryLog canReveal={viewer.roles.includes('auditor')} />;
}
