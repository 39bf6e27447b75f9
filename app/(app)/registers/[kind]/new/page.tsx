import { notFound } from 'next/navigation';
import { viewerWithRole } from '@/app/_auth/require';
import { Forbidden } from '@/app/_components/forbidden';
import { getServerCaller } from '@/app/_trpc/server';
import { NewEntry } from './new-entry';
import { KindBuilder } from './kind-builder';

export default async function NewEntryPage({ params }: { params: Promise<{ kind: string }> }) {
  const { kind: kindCode } = await params;
  const { viewer, allowed } = await viewerWithRole(['editor']);
  if (!allowed) return <Forbidden viewer={viewer} />;
  const kind = await (await getServerCaller()).register.kind({ code: kindCode }).catch(() => null);
  if (!kind) notFound();
  if (kind.code === 'register-kind') return <KindBuilder />;
  return <NewEntry kind={kind} />;
}
