import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { TRPCError } from '@trpc/server';
import { appRouter } from '@/server/trpc/router';
import { contextFromHeaders } from '@/server/trpc/http-context';
import { apiBodyLimit, limitedRequest } from '@/server/limits/body';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// Counted as it arrives and refused (413, in tRPC's error shape) past the limit, before tRPC parses it.
const BODY_LIMIT = apiBodyLimit();

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: limitedRequest(req, BODY_LIMIT, (cause) => new TRPCError({ code: 'PAYLOAD_TOO_LARGE', cause })),
    router: appRouter,
    createContext: () => contextFromHeaders(req.headers),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`[trpc] ${path}:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
