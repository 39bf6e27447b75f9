/**
 * The OpenAPI 3.1 document of /api/v1, generated from the route table (./routes.ts) and its zod
 * schemas by @asteasolutions/zod-to-openapi: what the document says a handler accepts is what the
 * handler validates with.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { ROUTES } from './routes';
import * as s from './schemas';

const STATUS_TEXT: Record<number, string> = {
  401: '缺少、无效或已吊销的 API 密钥 / missing, unknown or revoked API key',
  403: '该客户端无权调用此操作 / the client may not call this operation',
  404: '不存在或不属于本部门 / not found or not of your department',
  409: '冲突（如 Idempotency-Key 用于不同请求）/ conflict (e.g. an Idempotency-Key reused for another request)',
  413: '请求体过大 / request body too large',
  422: '字段有误，errors 列出字段路径 / invalid fields, listed with their paths in errors',
  429: '请求过于频繁，见 Retry-After / too many requests, see Retry-After',
};

let doc: ReturnType<OpenApiGeneratorV31['generateDocument']> | null = null;

export function openApiDocument() {
  if (doc) return doc;
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer', description: '管理员登记客户端时发放的 API 密钥 / the key issued when an admin registers the client' });
  const problemContent = { 'application/problem+json': { schema: s.problem } };
  for (const r of ROUTES) {
    const responses: Record<string, { description: string; content?: Record<string, { schema: typeof s.problem | typeof r.response }> }> = {
      [r.status]: { description: r.summary.en, content: { 'application/json': { schema: r.response } } },
    };
    for (const code of [401, 403, 413, 429, ...r.refusals]) responses[code] = { description: STATUS_TEXT[code]!, content: problemContent };
    registry.registerPath({
      method: r.method,
      path: r.path,
      operationId: r.operationId,
      summary: r.summary['zh-CN'],
      description: r.summary.en + (r.operation ? ` (operation: ${r.operation})` : ''),
      security: [{ apiKey: [] }],
      request: {
        ...(r.body ? { body: { required: true, content: { 'application/json': { schema: r.body } } } } : {}),
        ...(r.query ? { query: r.query as never } : {}),
        ...(r.params ? { params: r.params as never } : {}),
        ...(r.idempotent ? { headers: s.idempotencyHeader } : {}),
      },
      responses: responses as never,
    });
  }
  doc = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: '信用目录治理平台开放接口 / Credit catalog open API',
      version: '1.0.0',
      description: '部门业务系统调用：信用核查、信息报送、措施反馈、公示动态。错误为 RFC 9457 problem+json。/ For department business systems. Errors are RFC 9457 problem+json.',
    },
    servers: [{ url: '/api/v1' }],
  });
  return doc;
}
