import { notFound } from 'next/navigation';
import { requireViewer } from '@/app/_auth/require';
import { hasAnyRole } from '@/server/auth/viewer';
import { REGISTER_WRITERS } from '@/server/registers/access';
import { getServerCaller } from '@/app/_trpc/server';
import { EntryView } from './entry-view';

export default async function EntryPage({ params }: { params: Promise<{ kind: string; code: string }> }) {
  const { kind, code } = await params;
  const viewer = await requireViewer();
  const caller = await getServerCaller();
  const found = await caller.register.entry({ kindCode: kind, code: decodeURIComponent(code) }).catch(() => null);
  if (!found) notFound();
  return <EntryView kindCode={kind} code={decodeURIComponent(code)} canEdit={hasAnyRole(viewer, REGISTER_WRITERS)} viewerId={viewer.id} />;
}
