/**
 * Route handlers against a real database, with only the session lookup replaced (the
 * `x-test-as` header names the signed-in user, as in app/api/audit/export/route.test.ts):
 * bodies past their limit are refused with 413 while they arrive — an endless body included,
 * which a handler reading everything first would never finish — and bad text in URLs and
 * upload form fields is a 400 with a message.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Viewer } from '@/server/auth/viewer';
import { createTestDatabase, type TestDatabase } from '@/server/testing/db';
import { contextFor, viewerByUsername } from '@/server/testing/context';
import { seedDemo } from '@/server/seed';
import { countAudit } from '@/server/audit/query';
import { apiBodyLimit, DEFAULT_API_BODY_LIMIT } from './body';
import { localeFromCookieHeader } from '@/server/i18n';

const state = vi.hoisted(() => ({ db: null as unknown, viewers: {} as Record<string, unknown> }));

vi.mock('@/server/trpc/http-context', () => ({
  contextFromHeaders: async (headers: Headers) => {
    const name = headers.get('x-test-as');
    return contextFor(state.db as TestDatabase['db'], name ? (state.viewers[name] as Viewer) : null, localeFromCookieHeader(headers.get('cookie')));
  },
}));

const trpc = await import('@/app/api/trpc/[trpc]/route');
const registerImport = await import('@/app/api/registers/[kind]/import/route');
const recordImport = await import('@/app/api/records/import/route');
const recordExport = await import('@/app/api/records/export/route');
const registerExport = await import('@/app/api/registers/[kind]/export/route');
const auth = await import('@/app/api/auth/[...all]/route');
const clock = await import('@/app/api/test/clock/route');

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  state.db = t.db;
  await seedDemo(t.db);
  for (const name of ['editor', 'filler', 'auditor']) state.viewers[name] = await viewerByUsername(t.db, name);
});
afterAll(async () => {
  await t?.close();
});

/** An endless body in 64 KiB chunks (no Content-Length: chunked), counting what was taken from it. */
function endless(fill = 0x20): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const chunk = new Uint8Array(65_536).fill(fill);
  return {
    body: new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    }),
    pulled: () => pulled,
  };
}

const post = (url: string, init: { body: BodyInit | ReadableStream<Uint8Array>; as?: string; headers?: Record<string, string> }) =>
  new Request(`http://localhost${url}`, { method: 'POST', body: init.body as BodyInit, headers: { origin: 'http://localhost', ...(init.as ? { 'x-test-as': init.as } : {}), ...init.headers }, duplex: 'half' } as RequestInit);

describe('API body limit (/api/trpc)', () => {
  it('defaults to a few MB and takes API_BODY_LIMIT_BYTES; a malformed setting is an error, not no limit', () => {
    expect(apiBodyLimit({})).toBe(DEFAULT_API_BODY_LIMIT);
    expect(DEFAULT_API_BODY_LIMIT).toBe(4 * 1048576);
    expect(apiBodyLimit({ API_BODY_LIMIT_BYTES: '1048576' })).toBe(1048576);
    expect(() => apiBodyLimit({ API_BODY_LIMIT_BYTES: 'lots' })).toThrow(/API_BODY_LIMIT_BYTES/);
    expect(() => apiBodyLimit({ API_BODY_LIMIT_BYTES: '10' })).toThrow(/at least 1024/);
  });

  it('refuses a body that declares more than the limit with 413 in tRPC’s error shape, without reading it', async () => {
    const { body, pulled } = endless();
    const res = await trpc.POST(post('/api/trpc/grading.validate', { body, as: 'editor', headers: { 'content-type': 'application/json', 'content-length': String(DEFAULT_API_BODY_LIMIT + 1) } }));
    expect(res.status).toBe(413);
    const json = (await res.json()) as { error: { json: { message: string; data: { code: string; httpStatus: number } } } };
    expect(json.error.json.data).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 });
    expect(json.error.json.message).toBe('请求内容过大（至少 4 MB）：每次请求最多 4 MB，未做任何处理。请减少一次提交的内容。');
    expect(pulled()).toBeLessThanOrEqual(65_536);
  });

  it('stops an endless chunked body at the limit (nothing parsed, every call of the batch refused)', async () => {
    const { body, pulled } = endless();
    const res = await trpc.POST(post('/api/trpc/grading.validate,grading.validate?batch=1', { body, as: 'editor', headers: { 'content-type': 'application/json', cookie: 'NEXT_LOCALE=en' } }));
    expect(res.status).toBe(413);
    const json = (await res.json()) as { error: { json: { message: string; data: { code: string } } } }[];
    expect(json).toHaveLength(2);
    expect(json.every((r) => r.error.json.data.code === 'PAYLOAD_TOO_LARGE')).toBe(true);
    expect(json[0]!.error.json.message).toContain('a request may hold at most 4 MB');
    expect(pulled()).toBeLessThanOrEqual(DEFAULT_API_BODY_LIMIT + 2 * 65_536);
  });

  it('serves a body within the limit as before', async () => {
    const res = await trpc.POST(post('/api/trpc/grading.validate', { body: JSON.stringify({ json: { content: {} } }), as: 'editor', headers: { 'content-type': 'application/json' } }));
    expect(res.status).toBe(200);
    const json = (await res.json()) as { result: { data: { json: { problems: unknown[] } } } };
    expect(json.result.data.json.problems.length).toBeGreaterThan(0);
  });

  it('a malformed locale cookie is read as the default language, not a 500', async () => {
    const res = await trpc.POST(post('/api/trpc/grading.validate', { body: JSON.stringify({ json: { content: {} } }), as: 'editor', headers: { 'content-type': 'application/json', cookie: 'NEXT_LOCALE=%E0%A4%A' } }));
    expect(res.status).toBe(200);
  });

  it('an anonymous caller’s large body is refused as unauthorised and never read', async () => {
    const { body, pulled } = endless();
    const res = await trpc.POST(post('/api/trpc/grading.validate', { body, headers: { 'content-type': 'application/json' } }));
    expect(res.status).toBe(401);
    // (A stream fills its queue one chunk ahead of the reader.)
    expect(pulled()).toBeLessThanOrEqual(2 * 65_536);
  });
});

describe('upload and other bodies', () => {
  it('register import: an endless upload stops at the 10 MB limit with 413 and the limit in the message; nothing is audited', async () => {
    const before = await countAudit(t.db, {});
    const { body, pulled } = endless();
    const res = await registerImport.POST(post('/api/registers/sanction-measure/import', { body, as: 'editor', headers: { 'content-type': 'multipart/form-data; boundary=x' } }), { params: Promise.resolve({ kind: 'sanction-measure' }) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toContain('不能超过 10 MB');
    expect(pulled()).toBeLessThanOrEqual(10 * 1048576 + 64 * 1024 + 2 * 65_536);
    expect(await countAudit(t.db, {})).toBe(before);
  });

  it('record import: the same, at its own 30 MB limit', async () => {
    const { body, pulled } = endless();
    const res = await recordImport.POST(post('/api/records/import', { body, as: 'filler', headers: { 'content-type': 'multipart/form-data; boundary=x', cookie: 'NEXT_LOCALE=en' } }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toContain('30 MB');
    expect(pulled()).toBeLessThanOrEqual(30 * 1048576 + 64 * 1024 + 2 * 65_536);
  });

  it('sign-in requests: a body past 64 KB is refused before better-auth reads it', async () => {
    const { body, pulled } = endless();
    const res = await auth.POST(post('/api/auth/sign-in/username', { body, headers: { 'content-type': 'application/json' } }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe('limits.bodyTooLarge');
    expect(pulled()).toBeLessThanOrEqual(64 * 1024 + 2 * 65_536);
  });

  it('the test clock hook reads at most 1 KB', async () => {
    vi.stubEnv('E2E_TEST_HOOKS', '1');
    try {
      const { body } = endless();
      expect((await clock.POST(post('/api/test/clock', { body }))).status).toBe(413);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('bad text in URLs and upload fields', () => {
  it('a NUL in an export’s query is a 400 with a message, and nothing is audited', async () => {
    const before = await countAudit(t.db, {});
    const res = await recordExport.GET(new Request('http://localhost/api/records/export?format=csv&q=%E6%9F%90%00', { headers: { 'x-test-as': 'auditor' } }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('输入中含有无法保存的字符（空字符 NUL），位置：q。请删除后重试。');
    expect(await countAudit(t.db, {})).toBe(before);
  });

  it('a NUL or a broken escape in a route parameter is a 400', async () => {
    for (const kind of ['sanction%00measure', '%ED%A0%80']) {
      const res = await registerExport.GET(new Request(`http://localhost/api/registers/${kind}/export?format=json`, { headers: { 'x-test-as': 'editor' } }), { params: Promise.resolve({ kind: decodeURIComponent(kind.replace('%ED%A0%80', '')) }) });
      expect(res.status, kind).toBe(400);
    }
  });

  it('a NUL in an upload’s form field or file name is a 400 naming the field', async () => {
    const form = new FormData();
    form.set('file', new File([new TextEncoder().encode('主体名称\n甲\n')], 'x.csv'));
    form.set('item', 'XZCF\u0000');
    const res = await recordImport.POST(new Request('http://localhost/api/records/import', { method: 'POST', body: form, headers: { 'x-test-as': 'filler' } }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('表单字段「item」含有无法保存的字符（空字符 NUL），请删除后重试。');
    const named = new FormData();
    named.set('file', new File([new TextEncoder().encode('a,b\n1,2\n')], 'a\u0000.csv'));
    const r2 = await registerImport.POST(new Request('http://localhost/api/registers/sanction-measure/import', { method: 'POST', body: named, headers: { 'x-test-as': 'editor' } }), { params: Promise.resolve({ kind: 'sanction-measure' }) });
    expect(r2.status).toBe(400);
  });
});
