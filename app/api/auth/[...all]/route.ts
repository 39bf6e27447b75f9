import { getAppAuth } from '@/server/runtime';
import { bufferedWithin } from '@/server/limits/body';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Sign-in and account requests are a few hundred bytes; anything near this is not one. */
const AUTH_BODY_LIMIT = 64 * 1024;

async function handle(request: Request) {
  // better-auth reads bodies without a limit: counted here first (server/limits/body.ts).
  const limited = await bufferedWithin(request, AUTH_BODY_LIMIT);
  if (limited instanceof Response) return limited;
  const auth = await getAppAuth();
  return auth.handler(limited);
}

export { handle as GET, handle as POST };
