import { sql } from 'drizzle-orm';
import { getReadyDb } from '@/server/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** 200 when the database answers, 503 otherwise (for load balancers and monitors). */
export async function GET() {
  const started = Date.now();
  try {
    const db = await getReadyDb();
    await db.execute(sql`select 1`);
    return Response.json({ status: 'ok', database: 'reachable', ms: Date.now() - started });
  } catch (e) {
    return Response.json({ status: 'error', database: 'unreachable', error: (e as Error).message }, { status: 503 });
  }
}
