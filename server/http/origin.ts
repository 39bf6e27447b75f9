/**
 * Cross-site request refusal for our own route handlers, the way better-auth guards its
 * endpoints: a state-changing request (not GET/HEAD/OPTIONS) that carries cookies must say where
 * it comes from (Origin, else Referer), and that must be the app's own origin — BETTER_AUTH_URL
 * when set (the public origin behind a proxy), else the origin the request was addressed to. A
 * page on another site can make a signed-in browser send the session cookie (SameSite=Lax lets
 * a same-site subdomain do it, and older browsers more); it cannot forge Origin.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function originOf(value: string | null | undefined): string | null {
  if (!value || value === 'null') return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/** The origins this app is served from. */
export function appOrigins(request: Request, configured = process.env.BETTER_AUTH_URL): string[] {
  const fromConfig = originOf(configured);
  return fromConfig ? [fromConfig] : [new URL(request.url).origin];
}

/** True when `request` may change state: a safe method, no cookies (so no session), or our own origin. */
export function isSameOriginRequest(request: Request, configured = process.env.BETTER_AUTH_URL): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return true;
  if (!request.headers.has('cookie')) return true;
  const from = originOf(request.headers.get('origin')) ?? originOf(request.headers.get('referer'));
  return from !== null && appOrigins(request, configured).includes(from);
}
