import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { TRPCError } from '@trpc/server';
import { appRouter } from '@/server/trpc/router';
import { contextFromHeaders } from '@/server/trpc/http-context';
import { RETRY_AFTER_SECONDS } from '@/server/http/errors';
import { refuseForeignOrigin } from '@/server/http/guard';
import { apiBodyLimit, limitedRequest } from '@/server/limits/body';
import { normaliseForwarded, trustedHops } from '@/server/http/client-address';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// Counted as it arrives and refused (413, in tRPC's error shape) past the limit, before tRPC parses it.
const BODY_LIMIT = apiBodyLimit();

function handler(req: Request) {
  // Mutations travel as POST: one from another origin is refused before any procedure runs.
  const foreign = refuseForeignOrigin(req);
  if (foreign) return foreign;
  // The page proxy does not run here (proxy.ts): the client address is settled the same way here,
  // so a procedure never sees a forwarded address the deployment does not vouch for.
  const headers = normaliseForwarded(req.headers, trustedHops(process.env.TRUST_PROXY));
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: limitedRequest(req, BODY_LIMIT, (cause) => new TRPCError({ code: 'PAYLOAD_TOO_LARGE', cause })),
    router: appRouter,
    createContext: () => contextFromHeaders(headers),
    // A 503 (database unavailable) tells clients and the load balancer when to try again.
    responseMeta: ({ errors }) => (errors.some((e) => e.code === 'SERVICE_UNAVAILABLE') ? { headers: new Headers({ 'retry-after': String(RETRY_AFTER_SECONDS) }) } : {}),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`[trpc] ${path}:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
