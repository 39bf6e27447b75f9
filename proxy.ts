/**
 * Runs before every request (Next.js proxy, Node.js runtime):
 * - the client address: forwarded headers are kept only as far as TRUST_PROXY says
 *   (server/http/client-address.ts), for the sign-in limits and audit rows;
 * - pages: a nonce-based Content-Security-Policy (server/http/csp.ts), set on the request so
 *   Next.js puts the nonce on its scripts while rendering, and on the response for the browser.
 * The other security headers (frame, sniffing, referrer) are static: next.config.js.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { normaliseForwarded, trustedHops } from './server/http/client-address';
import { contentSecurityPolicy, newNonce, validatesForms } from './server/http/csp';
import { servesHttps, withStrictTransport } from './server/http/transport';

export function proxy(request: NextRequest) {
  const headers = normaliseForwarded(request.headers, trustedHops(process.env.TRUST_PROXY));
  const https = servesHttps();
  let response: NextResponse;
  if (request.nextUrl.pathname.startsWith('/api/')) {
    response = NextResponse.next({ request: { headers } });
  } else {
    const nonce = newNonce();
    const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === 'development', https, validatesForms: validatesForms(request.nextUrl.pathname) });
    headers.set('x-nonce', nonce);
    // The public site's language switch (a plain link, no JavaScript) returns the visitor to this page.
    if (request.nextUrl.pathname.startsWith('/public')) headers.set('x-public-path', request.nextUrl.pathname + request.nextUrl.search);
    headers.set('content-security-policy', csp);
    response = NextResponse.next({ request: { headers } });
    response.headers.set('content-security-policy', csp);
  }
  return withStrictTransport(response);
}

export const config = {
  // Everything but the build's static files (they carry no script of their own to allow), the open
  // API, tRPC and the health check: none renders a page, and the proxy costs about 1.5 ms of CPU
  // per request, a tenth of a credit check (bench:api). The open API reads no client address; the
  // tRPC route settles it itself as above. The API sets Strict-Transport-Security itself (a page
  // response sets it for the browser); the health check answers load balancers.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|api/v1/|api/trpc/|api/health).*)'],
};
