/**
 * Which client address the app believes (sign-in rate limit, audit rows). X-Forwarded-For is
 * whatever the client wrote unless a proxy we trust rewrote it: rotating it gave unlimited
 * sign-in guesses. So proxy.ts passes requests on with only the address we can stand behind:
 * - TRUST_PROXY unset (or 0 / false): the client's X-Forwarded-For, X-Real-IP and Forwarded are
 *   dropped; Next.js then records the connection's peer address in X-Forwarded-For;
 * - TRUST_PROXY=N (the number of proxies in front, each appending its peer's address, e.g.
 *   nginx `proxy_add_x_forwarded_for`): X-Forwarded-For is cut to the one address the outermost
 *   trusted proxy saw, N places from the right; what the client wrote left of it is ignored.
 * Pure, so it is tested without a server; better-auth reads the result (server/auth).
 */

const DROPPED = ['x-real-ip', 'forwarded'];

/** The number of trusted proxies in front of the app; 0 when TRUST_PROXY is unset or not a count. */
export function trustedHops(setting: string | undefined): number {
  const v = (setting ?? '').trim().toLowerCase();
  if (v === 'true') return 1;
  const n = Number(v);
  return Number.isInteger(n) && n > 0 && n < 100 ? n : 0;
}

/** The address the outermost trusted proxy saw, from an X-Forwarded-For chain. */
export function forwardedClient(chain: string, hops: number): string | null {
  const parts = chain.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) return null;
  return parts[Math.max(0, parts.length - hops)] ?? null;
}

/** The request headers to pass on (a copy; `headers` is not changed). */
export function normaliseForwarded(headers: Headers, hops: number): Headers {
  const out = new Headers(headers);
  for (const h of DROPPED) out.delete(h);
  const chain = out.get('x-forwarded-for');
  out.delete('x-forwarded-for');
  if (hops > 0 && chain) {
    const client = forwardedClient(chain, hops);
    if (client) out.set('x-forwarded-for', client);
  }
  return out;
}
