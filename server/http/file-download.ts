/**
 * One audited download of a stored file (a produced document or an evidence file) from a route
 * handler: the session and its role are checked, a malformed id answers like a missing file, the
 * domain function decides whether this viewer may see the file (department scope), and the
 * download writes one audit row before the bytes leave.
 */
import type { Role } from '../auth/roles';
import { actorOf } from '../auth/viewer';
import { appendAudit, type AuditEvent } from '../audit/append';
import { DomainError } from '../errors';
import { downloadResponse, errorResponse } from '../registers/io/http';
import { guardRequest, type Guarded } from './guard';

type SignedIn = Extract<Guarded, { ok: true }>['ctx'];

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/** Everyone signed in who may open a case, a commitment or a report; the domain function narrows it. */
export const FILE_READERS: readonly Role[] = ['filler', 'editor', 'approver', 'auditor', 'admin'];

export interface StoredDownload {
  fileName: string;
  mediaType: string;
  bytes: Uint8Array;
}

export async function auditedFileDownload(
  request: Request,
  opts: {
    roles?: readonly Role[];
    /** Whether the address's ids are well formed; a malformed one answers `notFoundKey`. */
    valid: boolean;
    notFoundKey: string;
    load: (ctx: SignedIn) => Promise<StoredDownload>;
    audit: (file: StoredDownload) => AuditEvent;
  },
): Promise<Response> {
  const guard = await guardRequest(request, opts.roles ?? FILE_READERS);
  if (!guard.ok) return guard.response;
  const { ctx } = guard;
  try {
    if (!opts.valid) throw new DomainError('NOT_FOUND', opts.notFoundKey);
    const file = await opts.load(ctx);
    await appendAudit(ctx.db, actorOf(ctx.viewer), opts.audit(file));
    return downloadResponse({ fileName: file.fileName, contentType: file.mediaType, body: file.bytes, rows: 0 });
  } catch (e) {
    return errorResponse(e, ctx.locale);
  }
}
