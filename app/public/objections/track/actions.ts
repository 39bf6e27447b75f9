'use server';

import { headers } from 'next/headers';
import { getDb } from '@/server/db';
import { trackPublicObjection, type TrackResult } from '@/server/public/objection';

/** The tracking form's action (posted, so the phone or e-mail stays out of the address bar and logs). */
export async function trackObjectionAction(_prev: TrackResult | null, form: FormData): Promise<TrackResult> {
  const h = await headers();
  const address = (h.get('x-forwarded-for') ?? '').split(',')[0]!.trim() || 'unknown';
  return trackPublicObjection(await getDb(), address, form);
}
