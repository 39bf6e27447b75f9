/**
 * Headers, origins and the client address (issue 11): the proxy's nonce CSP on pages, which
 * forwarded addresses are believed (TRUST_PROXY), the Origin rule of state-changing routes, and
 * Secure cookies when the configured origin is https.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { unstable_doesMiddlewareMatch } from 'next/experimental/testing/server';
import { config, proxy } from '../../proxy';
import { STRICT_TRANSPORT, withStrictTransport } from '../http/transport';
import { forwardedClient, normaliseForwarded, trustedHops } from '../http/client-address';
import { isSameOriginRequest } from '../http/origin';
import { createAuth } from '../auth';
import { seedDemo } from '../seed';
import { createTestDatabase, type TestDatabase } from '../testing/db';

/** The request headers the proxy passes on, as Next.js applies them. */
function passedOn(res: Response): Record<string, string | null> {
  const names = (res.headers.get('x-middleware-override-headers') ?? '').split(',').filter(Boolean);
  return Object.fromEntries(names.map((n) => [n, res.headers.get(`x-middleware-request-${n}`)]));
}

describe('proxy.ts', () => {
  it('gives every page a fresh nonce CSP with frame-ancestors none, on the response and for the renderer', () => {
    const a = proxy(new NextRequest('http://localhost:3000/records'));
    const b = proxy(new NextRequest('http://localhost:3000/records'));
    const csp = a.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(passedOn(a)['x-nonce']).toBe(nonce);
    expect(passedOn(a)['content-security-policy']).toBe(csp);
    expect(b.headers.get('content-security-policy')).not.toBe(csp);
  });

  it('allows eval (Ajv compiling a form definition) only on pages that validate forms: never on the public pages', () => {
    const scriptSrc = (path: string) => /script-src[^;]*/.exec(proxy(new NextRequest(`http://localhost:3000${path}`)).headers.get('content-security-policy')!)![0];
    for (const p of ['/records/new', '/registers/catalog-item/XZCF', '/sign-in']) expect(scriptSrc(p)).toContain("'unsafe-eval'");
    for (const p of ['/public', '/public/subjects/91350100M000100Y43', '/public/dual-publicity?page=2', '/verify']) expect(scriptSrc(p)).not.toContain('unsafe-eval');
    expect(scriptSrc('/publications')).toContain("'unsafe-eval'");
  });

  it('without TRUST_PROXY drops the client’s X-Forwarded-For / X-Real-IP, so Next.js records the peer', () => {
    delete process.env.TRUST_PROXY;
    const res = proxy(new NextRequest('http://localhost:3000/api/auth/sign-in/username', { method: 'POST', headers: { 'x-forwarded-for': '203.0.113.7', 'x-real-ip': '203.0.113.8' } }));
    const headers = passedOn(res);
    expect(headers).not.toHaveProperty('x-forwarded-for');
    expect(headers).not.toHaveProperty('x-real-ip');
    expect(res.headers.get('content-security-policy')).toBeNull();
  });

  it('with TRUST_PROXY=1 keeps only the address the proxy appended', () => {
    process.env.TRUST_PROXY = '1';
    try {
      const res = proxy(new NextRequest('http://localhost:3000/api/auth/sign-in/username', { method: 'POST', headers: { 'x-forwarded-for': '203.0.113.7, 198.51.100.20' } }));
      expect(passedOn(res)['x-forwarded-for']).toBe('198.51.100.20');
    } finally {
      delete process.env.TRUST_PROXY;
    }
  });
});

describe('what the proxy runs on', () => {
  const runs = (path: string) => unstable_doesMiddlewareMatch({ config, url: `http://localhost:3000${path}` });
  it('runs on pages, sign-in and downloads; not on the open API, tRPC, the health check or static files', () => {
    for (const p of ['/', '/records/new', '/public/subjects/X', '/sign-in', '/api/auth/sign-in/username', '/api/files/abc', '/api/audit/export']) expect(runs(p), p).toBe(true);
    for (const p of ['/api/v1/credit-checks', '/api/v1/openapi.json', '/api/trpc/record.submit', '/api/health', '/_next/static/chunks/a.js']) expect(runs(p), p).toBe(false);
  });

  it('the open API still sends Strict-Transport-Security on an HTTPS deployment', () => {
    const saved = process.env.BETTER_AUTH_URL;
    try {
      process.env.BETTER_AUTH_URL = 'https://credit.example.gov.cn';
      expect(withStrictTransport(new Response('{}')).headers.get('strict-transport-security')).toBe(STRICT_TRANSPORT);
      expect(proxy(new NextRequest('http://localhost:3000/records')).headers.get('strict-transport-security')).toBe(STRICT_TRANSPORT);
      process.env.BETTER_AUTH_URL = 'http://127.0.0.1:3000';
      expect(withStrictTransport(new Response('{}')).headers.get('strict-transport-security')).toBeNull();
    } finally {
      if (saved === undefined) delete process.env.BETTER_AUTH_URL;
      else process.env.BETTER_AUTH_URL = saved;
    }
  });
});

describe('client address', () => {
  it('TRUST_PROXY is a count of proxies; anything else trusts none', () => {
    expect([undefined, '', '0', 'false', 'yes', '-1', '1.5'].map(trustedHops)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect([trustedHops('1'), trustedHops('true'), trustedHops('2')]).toEqual([1, 1, 2]);
  });

  it('N trusted proxies: the address N places from the right, whatever the client wrote before it', () => {
    expect(forwardedClient('6.6.6.6, 1.2.3.4', 1)).toBe('1.2.3.4');
    expect(forwardedClient('6.6.6.6, 1.2.3.4, 10.0.0.2', 2)).toBe('1.2.3.4');
    expect(forwardedClient('1.2.3.4', 3)).toBe('1.2.3.4');
    const out = normaliseForwarded(new Headers({ 'x-forwarded-for': '6.6.6.6, 1.2.3.4', forwarded: 'for=6.6.6.6' }), 1);
    expect([out.get('x-forwarded-for'), out.get('forwarded')]).toEqual(['1.2.3.4', null]);
  });
});

describe('Origin of state-changing requests', () => {
  const req = (method: string, headers: Record<string, string>) => new Request('http://localhost:3000/api/records/import', { method, headers });
  const APP = 'http://localhost:3000';

  it('refuses a foreign, missing or null Origin on a POST that carries cookies', () => {
    expect(isSameOriginRequest(req('POST', { cookie: 's=1', origin: 'https://evil.example' }), APP)).toBe(false);
    expect(isSameOriginRequest(req('POST', { cookie: 's=1' }), APP)).toBe(false);
    expect(isSameOriginRequest(req('POST', { cookie: 's=1', origin: 'null' }), APP)).toBe(false);
    expect(isSameOriginRequest(req('POST', { cookie: 's=1', referer: 'https://evil.example/page' }), APP)).toBe(false);
    expect(isSameOriginRequest(req('POST', { cookie: 's=1', origin: 'http://localhost:3000.evil.example' }), APP)).toBe(false);
  });

  it('accepts the app’s own origin (or Referer), safe methods, and requests without cookies', () => {
    expect(isSameOriginRequest(req('POST', { cookie: 's=1', origin: APP }), APP)).toBe(true);
    expect(isSameOriginRequest(req('POST', { cookie: 's=1', referer: `${APP}/records/import` }), APP)).toBe(true);
    expect(isSameOriginRequest(req('GET', { cookie: 's=1', origin: 'https://evil.example' }), APP)).toBe(true);
    expect(isSameOriginRequest(req('POST', { origin: 'https://evil.example' }), APP)).toBe(true);
    // without BETTER_AUTH_URL: the origin the request was addressed to
    expect(isSameOriginRequest(req('POST', { cookie: 's=1', origin: APP }), undefined)).toBe(true);
    expect(isSameOriginRequest(req('POST', { cookie: 's=1', origin: 'https://evil.example' }), undefined)).toBe(false);
  });
});

describe('cookies', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
  });
  afterAll(async () => {
    await t?.close();
  });

  const signIn = (auth: ReturnType<typeof createAuth>, base: string) =>
    auth.handler(new Request(`${base}/api/auth/sign-in/username`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base, 'x-forwarded-for': '10.3.0.1' }, body: JSON.stringify({ username: 'auditor', password: 'Auditor@2026' }) }));

  it('are Secure (and __Secure- prefixed) by default when BETTER_AUTH_URL is https, and not on plain http', async () => {
    const https = await signIn(createAuth(t.db, { secret: 'test-secret-test-secret-test-secret', baseURL: 'https://credit.example.gov.cn' }), 'https://credit.example.gov.cn');
    expect(https.status).toBe(200);
    expect(https.headers.get('set-cookie')).toMatch(/__Secure-[^=]*session_token=[^;]+;.*Secure/i);
    const http = await signIn(createAuth(t.db, { secret: 'test-secret-test-secret-test-secret', baseURL: 'http://localhost:3000' }), 'http://localhost:3000');
    expect(http.headers.get('set-cookie')).not.toMatch(/Secure/i);
  });
});
