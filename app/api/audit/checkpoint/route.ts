import { guardRequest } from '@/server/http/guard';
import { checkpointFilename, issueCheckpoint } from '@/server/audit/checkpoint';
import { actorOf } from '@/server/auth/viewer';
import { isDomainError } from '@/server/errors';
import { translate } from '@/server/i18n';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * Download of a signed checkpoint of the audit chain (server/audit/checkpoint.ts): the chain's
 * end, seq and hash, signed with the installation's Ed25519 key. Auditors and admins keep it
 * outside the system; `npm run audit:verify -- --checkpoint FILE` later proves that the chain
 * still holds that row. The download is audited, and the checkpoint covers its own audit row.
 */
export async function GET(request: Request) {
  const guard = await guardRequest(request, ['auditor', 'admin']);
  if (!guard.ok) return guard.response;
  const { ctx } = guard;
  try {
    const checkpoint = await issueCheckpoint(ctx.db, actorOf(ctx.viewer));
    return new Response(JSON.stringify(checkpoint, null, 2) + '\n', {
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="${checkpointFilename(checkpoint)}"`,
        'cache-control': 'no-store',
        'x-chain-end-seq': String(checkpoint.seq),
        'x-key-id': checkpoint.keyId,
      },
    });
  } catch (e) {
    if (isDomainError(e)) return Response.json({ error: translate(ctx.locale, e.key, e.params) }, { status: 409 });
    throw e;
  }
}
