import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./app/_i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres'],
  poweredByHeader: false,
  // The public objection form (a server action, works without JavaScript) carries evidence files;
  // server/public/objection.ts refuses more than 12 MB itself with a message, this is the hard cap.
  experimental: { serverActions: { bodySizeLimit: '16mb' } },
  // Static security headers of every response; the page CSP carries a per-request nonce (proxy.ts).
  async headers() {
    const common = [
      { key: 'X-Frame-Options', value: 'DENY' },
      { key: 'X-Content-Type-Options', value: 'nosniff' },
      // URLs can carry search terms (a subject's code): never send them to another site.
      { key: 'Referrer-Policy', value: 'same-origin' },
      { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
      { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
    ];
    return [
      { source: '/:path*', headers: common },
      // API answers are data, never a document to render or frame.
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" }] },
    ];
  },
};

export default withNextIntl(nextConfig);
