import { getOpenDatabase, getOpenReadDatabase } from '@/server/db';
import { checkHealth, healthResponse } from '@/server/db/health';
import { boot } from '@/server/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** 200 when this instance's pool runs a statement within 2 s, 503 otherwise (load balancers, monitors). */
export async function GET() {
  try {
    await boot();
    const open = await getOpenDatabase();
    return healthResponse(await checkHealth(open, { replica: await getOpenReadDatabase().catch(() => null) }));
  } catch {
    return healthResponse({ status: 'error', database: 'unreachable', ms: 0, code: 'NOT_READY' });
  }
}
