'use server';

import { headers } from 'next/headers';
import { getDb } from '@/server/db';
import { requestFrom, submitPublicObjection, type PublicObjectionResult } from '@/server/public/objection';

function originOf(value: string | undefined): string | null {
  if (!value) return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/**
 * The public objection form's action (works without JavaScript: the form posts, the page renders
 * again with this result). Everything is checked in `submitPublicObjection`; it never throws.
 */
export async function fileObjectionAction(_prev: PublicObjectionResult | null, form: FormData): Promise<PublicObjectionResult> {
  const h = await headers();
  const proto = (h.get('x-forwarded-proto') ?? 'http').split(',')[0]!.trim();
  const host = (h.get('x-forwarded-host') ?? h.get('host') ?? '').split(',')[0]!.trim();
  const self = originOf(process.env.BETTER_AUTH_URL) ?? (host ? `${proto}://${host}` : '');
  const length = Number(h.get('content-length'));
  return submitPublicObjection(
    await getDb(),
    {
      from: requestFrom(h),
      selfOrigins: [self],
      contentLength: Number.isFinite(length) && h.get('content-length') ? length : null,
      address: (h.get('x-forwarded-for') ?? '').split(',')[0]!.trim() || 'unknown',
    },
    async () => form,
  );
}
