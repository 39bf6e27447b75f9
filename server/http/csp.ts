/**
 * The Content-Security-Policy of every page, with a fresh nonce per request (proxy.ts). Next.js
 * reads the nonce from this header while rendering and puts it on its own scripts; 'strict-dynamic'
 * lets those load the chunks they import, and nothing else runs — no inline script, no script
 * from another origin, no plugin, no framing.
 *
 * 'unsafe-eval' stays: Ajv (forms/ajv.ts, the one validator the browser shares with the server)
 * compiles each form definition into a function with `new Function`; without it, validation in
 * the fill form and the form designer's preview fails (the e2e CSP walk caught this). What reaches
 * that sink is Ajv's generated code for a schema that passed the definition checks, not page
 * input. Removing it everywhere means serving validators precompiled on the server (Ajv standalone
 * code). Pages that validate no form — the public disclosure pages and the report check, the only
 * pages open to anyone — go without it (`validatesForms`); they link into the signed-in app with
 * plain links, so the app's pages always load with their own policy.
 *
 * Styles: 'unsafe-inline' stays. React Flow and the radix dialogs position things with style
 * attributes, and sonner and react-remove-scroll insert <style> elements at run time without a
 * nonce; a nonce on style-src would make the browser ignore 'unsafe-inline' and break them.
 * Styles cannot run code, so the script policy is what stops an injection.
 */
export function contentSecurityPolicy(nonce: string, opts: { dev: boolean; https: boolean; validatesForms?: boolean }): string {
  // Development builds evaluate modules with eval (React's dev tooling) on every page.
  const evalAllowed = opts.validatesForms !== false || opts.dev;
  return [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${evalAllowed ? " 'unsafe-eval'" : ''}`,
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

/** Whether a page may validate a form definition in the browser (Ajv): every page but the public ones. */
export function validatesForms(pathname: string): boolean {
  return !/^\/(public|verify)(\/|$)/.test(pathname);
}
