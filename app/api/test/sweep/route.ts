import { getReadyDb } from '@/server/runtime';
import { testHooksEnabled } from '@/server/flows/clock';
import '@/server/subject-adapters';
import { sweep } from '@/server/flows/sweeper';
import { runSweeps } from '@/server/sweeps';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** E2E only (E2E_TEST_HOOKS=1, 404 otherwise): runs one deadline sweep and the process sweeps now, on the engine's clock. */
export async function POST() {
  if (!testHooksEnabled()) return new Response('Not found', { status: 404 });
  const db = await getReadyDb();
  return Response.json({ ...(await sweep(db)), processes: await runSweeps(db) });
}
