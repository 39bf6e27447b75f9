import { getReadyDb } from '@/server/runtime';
import { bufferedWithin } from '@/server/limits/body';
import { advanceClock, clockOffsetDays, now, testHooksEnabled } from '@/server/flows/clock';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * E2E only (E2E_TEST_HOOKS=1, 404 otherwise): POST {days} moves the engine's clock forward so a
 * deadline passes without waiting; GET tells the current offset.
 */
export async function POST(request: Request) {
  if (!testHooksEnabled()) return new Response('Not found', { status: 404 });
  const limited = await bufferedWithin(request, 1024);
  if (limited instanceof Response) return limited;
  const body = (await limited.json().catch(() => null)) as { days?: unknown } | null;
  const days = Number(body?.days);
  if (!Number.isFinite(days)) return Response.json({ error: 'days must be a number' }, { status: 400 });
  const db = await getReadyDb();
  const offsetDays = await advanceClock(db, days);
  return Response.json({ offsetDays, now: (await now(db)).toISOString() });
}

export async function GET() {
  if (!testHooksEnabled()) return new Response('Not found', { status: 404 });
  const db = await getReadyDb();
  return Response.json({ offsetDays: await clockOffsetDays(db), now: (await now(db)).toISOString() });
}
