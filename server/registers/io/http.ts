/**
 * What the import / export route handlers share: reading a multipart body within the size limit
 * before parsing it, download headers, and turning refusals and domain errors into responses
 * (`{ error, message: { zh-CN, en } }` with the matching HTTP status).
 */
import 'server-only';
import { isDomainError, type DomainCode } from '../../errors';
import { translate, type Locale } from '../../i18n';
import type { DownloadFile } from './export';
import { REFUSAL } from './messages';
import { IMPORT_LIMITS, IoRefusal } from './read';
import { unexpectedErrorResponse } from '../../http/errors';
import { badTextReason, printable } from '../../limits/text';
import { BodyTooLargeError, readBodyWithin } from '../../limits/body';

/** Multipart framing and the small form fields around the file. */
const FORM_OVERHEAD = 64 * 1024;

const STATUS: Record<DomainCode, number> = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_INPUT: 400,
  INVALID_DEFINITION: 422,
  INVALID_RECORD: 422,
  TOO_MANY_REQUESTS: 429,
};

const tooLarge = (size: number) => new IoRefusal(413, 'fileTooLarge', REFUSAL.fileTooLarge(IMPORT_LIMITS.maxBytes, size), { limitMb: IMPORT_LIMITS.maxBytes / 1048576, sizeMb: (size / 1048576).toFixed(1) });

/**
 * Reads the request's form data, refusing (413) as soon as the body passes the limit. Other
 * imports (records) pass their own limit and refusal.
 */
export async function readUploadForm(request: Request, maxBytes: number = IMPORT_LIMITS.maxBytes, refuseTooLarge: (size: number) => IoRefusal = tooLarge): Promise<FormData> {
  const cap = maxBytes + FORM_OVERHEAD;
  if (!request.body) throw new IoRefusal(400, 'noFile', REFUSAL.noFile());
  let body: Uint8Array<ArrayBuffer>;
  try {
    // Counted as it arrives (Content-Length first): never more than the limit is held.
    body = await readBodyWithin(request, cap);
  } catch (e) {
    if (e instanceof BodyTooLargeError) throw refuseTooLarge(e.received);
    throw e;
  }
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData();
  } catch {
    throw new IoRefusal(400, 'noFile', REFUSAL.noFile());
  }
  // Field names, values and the file's name reach queries and the audit row (server/limits/text.ts).
  for (const [name, value] of form) {
    const text = typeof value === 'string' ? value : value.name;
    const reason = badTextReason(name) ?? badTextReason(text);
    if (reason) throw new IoRefusal(400, 'badFormText', REFUSAL.badFormText(printable(name), reason === 'nul'), { field: printable(name), kind: reason });
  }
  return form;
}

export function errorResponse(e: unknown, locale: Locale): Response {
  if (e instanceof IoRefusal) {
    return Response.json({ error: e.text[locale], message: e.text, code: e.key }, { status: e.status, headers: { 'cache-control': 'no-store' } });
  }
  if (isDomainError(e)) {
    const message = { 'zh-CN': translate('zh-CN', e.key, e.params), en: translate('en', e.key, e.params) };
    return Response.json({ error: message[locale], message, code: e.key }, { status: STATUS[e.code] ?? 400, headers: { 'cache-control': 'no-store' } });
  }
  return unexpectedErrorResponse(e, locale);
}

export function downloadResponse(file: DownloadFile, extra: Record<string, string> = {}): Response {
  const ascii = file.fileName.replace(/[^\x20-\x7e]+/g, '_').replace(/["\\]/g, '_');
  return new Response(file.body as BodyInit, {
    headers: {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      'cache-control': 'no-store',
      ...extra,
    },
  });
}
