/**
 * The Content-Security-Policy of every page, with a fresh nonce per request (proxy.ts). Next.js
 * reads the nonce from this header while rendering and puts it on its own scripts; 'strict-dynamic'
 * lets those load the chunks they import, and nothing else runs — no inline script, no script
 * from another origin, no eval outside development (React's dev tooling needs it).
 *
 * Styles: 'unsafe-inline' stays. React Flow and the radix dialogs position things with style
 * attributes, and sonner and react-remove-scroll insert <style> elements at run time without a
 * nonce; a nonce on style-src would make the browser ignore 'unsafe-inline' and break them.
 * Styles cannot run code, so the script policy is what stops an injection.
 */
export function contentSecurityPolicy(nonce: string, opts: { dev: boolean; https: boolean }): string {
  return [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? ` 'unsafe-eval'` : ''}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' blob: data:`,
    `font-src 'self' data:`,
    `connect-src 'self'${opts.dev ? ' ws: wss:' : ''}`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
    ...(opts.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** A nonce: 128 random bits, base64. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}
