import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/trpc/router';
import { contextFromHeaders } from '@/server/trpc/http-context';
import { RETRY_AFTER_SECONDS } from '@/server/http/errors';
import { refuseForeignOrigin } from '@/server/http/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

function handler(req: Request) {
  // Mutations travel as POST: one from another origin is refused before any procedure runs.
  const foreign = refuseForeignOrigin(req);
  if (foreign) return foreign;
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: () => contextFromHeaders(req.headers),
    // A 503 (database unavailable) tells clients and the load balancer when to try again.
    responseMeta: ({ errors }) => (errors.some((e) => e.code === 'SERVICE_UNAVAILABLE') ? { headers: new Headers({ 'retry-after': String(RETRY_AFTER_SECONDS) }) } : {}),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`[trpc] ${path}:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
