import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { EditDraft } from './edit-draft';

export default async function EditPage({ params }: { params: Promise<{ kind: string; code: string }> }) {
  const { kind, code } = await params;
  const { viewer, allowed } = await viewerWithRole(['editor']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  return <EditDraft kindCode={kind} code={decodeURIComponent(code)} />;
}
