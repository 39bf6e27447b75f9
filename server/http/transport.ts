/**
 * HTTPS-only deployments (BETTER_AUTH_URL starts with https://) tell browsers to keep to HTTPS.
 * Set by proxy.ts on what it handles and by the routes it skips (the open API, the health check).
 */
export const STRICT_TRANSPORT = 'max-age=31536000; includeSubDomains';

export function servesHttps(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.BETTER_AUTH_URL ?? '').startsWith('https://');
}

/** The response with Strict-Transport-Security when the deployment is HTTPS-only. */
export function withStrictTransport<R extends { headers: Headers }>(response: R): R {
  if (servesHttps()) response.headers.set('strict-transport-security', STRICT_TRANSPORT);
  return response;
}
