import { handled } from '@/server/http/errors';
import { guardRequest } from '@/server/http/guard';
import { appendAudit } from '@/server/audit/append';
import { actorOf } from '@/server/auth/viewer';
import { isDomainError } from '@/server/errors';
import { translate } from '@/server/i18n';
import { feedCells, FEED_COLUMNS, signedFeed } from '@/server/disclosure/feed';
import { tableStream, TABLE_CONTENT_TYPES } from '@/server/io/stream';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * The credit-change feed as a signed file for the provincial and national platforms (同步修复):
 * `?format=json` (default; the Ed25519 signature and public key inside), `csv` or `xlsx` (the same
 * signature over the same canonical change list in the X-Feed-* headers). `?from=<seq>` continues
 * after the last change already applied. Office roles only; every download is audited.
 */
export const GET = handled(async function get(request: Request) {
  const guard = await guardRequest(request, ['editor', 'auditor', 'admin']);
  if (!guard.ok) return guard.response;
  const { ctx } = guard;
  const p = new URL(request.url).searchParams;
  const from = Number.parseInt(p.get('from') ?? '0', 10);
  const format = p.get('format') === 'csv' ? 'csv' : p.get('format') === 'xlsx' ? 'xlsx' : 'json';
  try {
    const feed = await signedFeed(ctx.db, { from: Number.isFinite(from) && from > 0 ? from : 0, issuedBy: ctx.viewer.name });
    await appendAudit(ctx.db, actorOf(ctx.viewer), { action: 'credit_change.export', objectType: 'credit-change', after: { format, from: feed.from, to: feed.to, count: feed.count, digest: feed.digest, keyId: feed.keyId } });
    const name = `credit-changes-${feed.from}-${feed.to}`;
    if (format === 'json') {
      return new Response(JSON.stringify(feed, null, 2) + '\n', { headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${name}.json"`, 'cache-control': 'no-store' } });
    }
    async function* pages() {
      yield feedCells(feed);
    }
    return new Response(tableStream(format, 'credit-changes', FEED_COLUMNS, pages()), {
      headers: {
        'content-type': TABLE_CONTENT_TYPES[format],
        'content-disposition': `attachment; filename="${name}.${format}"`,
        'cache-control': 'no-store',
        'x-feed-digest': feed.digest,
        'x-feed-signature': feed.signature,
        'x-feed-key-id': feed.keyId,
        'x-feed-issued-at': feed.issuedAt,
        'x-feed-range': `${feed.from}-${feed.to}`,
      },
    });
  } catch (e) {
    if (isDomainError(e)) return Response.json({ error: translate(ctx.locale, e.key, e.params) }, { status: 409 });
    throw e;
  }
});
