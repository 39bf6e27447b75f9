import { notFound } from 'next/navigation';
import { requireViewer } from '@/app/_auth/require';
import { hasAnyRole } from '@/server/auth/viewer';
import { REGISTER_WRITERS } from '@/server/registers/access';
import { getServerCaller } from '@/app/_trpc/server';
import { RegisterView } from './register-view';

export default async function RegisterPage({ params }: { params: Promise<{ kind: string }> }) {
  const { kind: kindCode } = await params;
  const viewer = await requireViewer();
  const caller = await getServerCaller();
  const kind = await caller.register.kind({ code: kindCode }).catch(() => null);
  if (!kind) notFound();
  return <RegisterView kind={kind} canEdit={hasAnyRole(viewer, REGISTER_WRITERS)} />;
}
