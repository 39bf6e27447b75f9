import 'server-only';
import { redirect } from 'next/navigation';
import { getRequestContext } from '@/app/_trpc/server';
import type { Role } from '@/server/auth/roles';
import { hasAnyRole, type Viewer } from '@/server/auth/viewer';

/** The signed-in viewer, or a redirect to the sign-in page. When the database cannot answer the
 *  session lookup, the page fails ("try again", app/error.tsx) instead of asking to sign in. */
export async function requireViewer(): Promise<Viewer> {
  const ctx = await getRequestContext();
  if (ctx.unavailable) throw new Error('database unavailable');
  if (!ctx.viewer) redirect('/sign-in');
  return ctx.viewer;
}

/** The viewer when they hold one of `roles`; null means the page must show "access denied". */
export async function viewerWithRole(roles: readonly Role[]): Promise<{ viewer: Viewer; allowed: boolean }> {
  const viewer = await requireViewer();
  return { viewer, allowed: hasAnyRole(viewer, roles) };
}
