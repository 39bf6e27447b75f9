import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { ListsNav } from '../_components/lists-nav';
import { ProposeCase } from './propose-case';

/** 提出认定: a department (or the office) proposes a subject for a list from its accepted records. */
export default async function NewCasePage({ searchParams }: { searchParams: Promise<{ subject?: string; list?: string }> }) {
  const { viewer, allowed } = await viewerWithRole(['filler', 'editor']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  const sp = await searchParams;
  return (
    <>
      <ListsNav showFeedback={viewer.roles.includes('editor')} showEligible={viewer.roles.includes('editor')} />
      <ProposeCase initialSubject={sp.subject ?? ''} initialList={sp.list ?? ''} />
    </>
  );
}
