/**
 * Request body limits for route handlers. Next.js route handlers read bodies without any limit:
 * /api/trpc took a 300 MB body (37 s, +1 GB) and parsed 20 MB holding 1.7 M keys (the health
 * check stalled 14 s). Every handler that reads a body counts it as it arrives — the declared
 * Content-Length first, then the bytes of every chunk (a chunked body declares nothing) — and
 * refuses with 413 the moment it passes the limit, before anything is parsed and without holding
 * more than the limit. Uploads (imports) have their own, larger limits (server/registers/io/http.ts).
 */
import 'server-only';
import { localeFromCookieHeader, translate, type Locale } from '../i18n';

/** Default limit of an API request body: a 2 MB BPMN file (the largest input) fits with its JSON escaping. */
export const DEFAULT_API_BODY_LIMIT = 4 * 1048576;

/** `API_BODY_LIMIT_BYTES`, else the default; a malformed setting stops start-up loudly rather than lifting the limit. */
export function apiBodyLimit(env: Record<string, string | undefined> = process.env): number {
  const raw = env.API_BODY_LIMIT_BYTES;
  if (raw === undefined || raw === '') return DEFAULT_API_BODY_LIMIT;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1024) throw new Error(`API_BODY_LIMIT_BYTES must be a whole number of bytes of at least 1024, got "${raw}"`);
  return n;
}

/** A body past its limit: `received` is the declared length or the bytes counted when it was stopped. */
export class BodyTooLargeError extends Error {
  readonly limit: number;
  readonly received: number;
  constructor(limit: number, received: number) {
    super(`request body larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
    this.limit = limit;
    this.received = received;
  }
}

function declaredLength(request: Request): number | null {
  const v = request.headers.get('content-length');
  if (v === null) return null;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/**
 * The request with its body counted on the way: reading it (JSON, form data…) fails with `onTooLarge`'s
 * error at the first chunk past `limit` (at once when Content-Length says so), and the sender's stream
 * is cancelled. Nothing is read ahead: a handler that never reads the body (a refused caller) costs
 * nothing.
 */
export function limitedRequest(request: Request, limit: number, onTooLarge: (e: BodyTooLargeError) => unknown = (e) => e): Request {
  if (!request.body) return request;
  const declared = declaredLength(request);
  const source = request.body;
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  let size = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (declared !== null && declared > limit) {
        await source.cancel().catch(() => {});
        controller.error(onTooLarge(new BodyTooLargeError(limit, declared)));
        return;
      }
      reader ??= source.getReader();
      const { done, value } = await reader.read();
      if (done) return controller.close();
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        controller.error(onTooLarge(new BodyTooLargeError(limit, size)));
        return;
      }
      controller.enqueue(value);
    },
    async cancel(reason) {
      await (reader ? reader.cancel(reason) : source.cancel(reason)).catch(() => {});
    },
  });
  return new Request(request.url, { method: request.method, headers: request.headers, body, signal: request.signal, duplex: 'half' } as RequestInit);
}

/** The whole body, read within `limit` (see `limitedRequest`); throws `BodyTooLargeError`. */
export async function readBodyWithin(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await limitedRequest(request, limit).arrayBuffer());
}

const mb = (bytes: number) => (bytes / 1048576).toFixed(1).replace(/\.0$/, '');

/** Message parameters of `limits.bodyTooLarge`. */
export function bodyTooLargeParams(e: BodyTooLargeError): { limitMb: string; sizeMb: string } {
  return { limitMb: mb(e.limit), sizeMb: mb(e.received) };
}

/**
 * The request with its body read within `limit` and held (small bodies: sign-in, test hooks), or
 * the 413 to answer with. For handlers whose library would turn a failed body read into a 500.
 */
export async function bufferedWithin(request: Request, limit: number): Promise<Request | Response> {
  if (!request.body) return request;
  try {
    const body = await readBodyWithin(request, limit);
    return new Request(request.url, { method: request.method, headers: request.headers, body, signal: request.signal });
  } catch (e) {
    if (e instanceof BodyTooLargeError) return bodyTooLargeResponse(e, localeFromCookieHeader(request.headers.get('cookie')));
    throw e;
  }
}

/** The 413 a route handler answers with: `{ error, message: { zh-CN, en }, code }`, like the import refusals. */
export function bodyTooLargeResponse(e: BodyTooLargeError, locale: Locale): Response {
  const params = bodyTooLargeParams(e);
  const message = { 'zh-CN': translate('zh-CN', 'limits.bodyTooLarge', params), en: translate('en', 'limits.bodyTooLarge', params) };
  return Response.json({ error: message[locale], message, code: 'limits.bodyTooLarge' }, { status: 413, headers: { 'cache-control': 'no-store' } });
}
