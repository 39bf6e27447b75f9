import { testHooksEnabled } from '@/server/flows/clock';
import { setSimulatedDbFault } from '@/server/trpc/http-context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * E2E only (E2E_TEST_HOOKS=1, 404 otherwise): the next `requests` session lookups of this
 * instance fail as if the database had dropped the connection (what a failover does), so a test can
 * see what a signed-in person sees then; DELETE ends it.
 */
export async function POST(request: Request) {
  if (!testHooksEnabled()) return new Response('Not found', { status: 404 });
  const body = (await request.json().catch(() => null)) as { requests?: unknown } | null;
  const n = Number(body?.requests ?? 1);
  if (!Number.isInteger(n) || n < 0 || n > 10_000) return Response.json({ error: 'requests must be an integer 0–10000' }, { status: 400 });
  setSimulatedDbFault(n);
  return Response.json({ requests: n });
}

export async function DELETE() {
  if (!testHooksEnabled()) return new Response('Not found', { status: 404 });
  setSimulatedDbFault(0);
  return Response.json({ requests: 0 });
}
