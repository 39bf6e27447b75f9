import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { EditDraft } from './edit-draft';

export default async function EditPage({ params, searchParams }: { params: Promise<{ kind: string; code: string }>; searchParams: Promise<{ as?: string }> }) {
  const { kind, code } = await params;
  const { as } = await searchParams;
  const { viewer, allowed } = await viewerWithRole(['editor']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  // A register kind is edited in the builder; its JSON stays one link away for what the builder does not offer.
  return <EditDraft kindCode={kind} code={decodeURIComponent(code)} inBuilder={kind === 'register-kind' && as !== 'json'} />;
}
