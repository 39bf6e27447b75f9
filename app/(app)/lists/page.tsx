import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { ListsNav } from './_components/lists-nav';
import { CasesHome } from './cases-home';

/** 名单认定: the cases of the viewer's department (all cases for the office, approvers and auditors). */
export default async function ListsPage() {
  const { viewer, allowed } = await viewerWithRole(['filler', 'editor', 'approver', 'auditor', 'admin']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  return (
    <>
      <ListsNav showFeedback={viewer.roles.some((r) => r === 'editor' || r === 'auditor' || r === 'admin')} showEligible={viewer.roles.includes('editor')} />
      <CasesHome canPropose={viewer.roles.some((r) => r === 'filler' || r === 'editor')} />
    </>
  );
}
