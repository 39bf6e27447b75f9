import 'server-only';
import { headers } from 'next/headers';
import { perMinute, take } from '@/server/api/rate-limit';

/**
 * The visitor's budget of public pages (PUBLIC_PER_MINUTE per address, default 120, per instance).
 * Read after proxy.ts settled which address to believe (server/http/client-address.ts). Over budget
 * the page shows a short notice and reads nothing from the database.
 */
export async function overBudget(): Promise<boolean> {
  const h = await headers();
  const address = (h.get('x-forwarded-for') ?? '').split(',')[0]!.trim() || 'unknown';
  return !take(`public:${address}`, perMinute('PUBLIC_PER_MINUTE', 120)).ok;
}
