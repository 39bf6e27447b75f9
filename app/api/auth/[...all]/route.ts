import { getAppAuth } from '@/server/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

async function handle(request: Request) {
  const auth = await getAppAuth();
  return auth.handler(request);
}

export { handle as GET, handle as POST };
