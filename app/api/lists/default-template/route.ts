import { guardRequest } from '@/server/http/guard';
import { DOC_KINDS, DOC_KIND_NAMES, type DocKind } from '@/catalog/lists/documents';
import { DOCX_MEDIA_TYPE } from '@/server/documents/docx';
import { defaultTemplate } from '@/server/lists/default-templates';
import { downloadResponse } from '@/server/registers/io/http';
import { translate } from '@/server/i18n';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/lists/default-template?kind=notice — the plain template an office starts its own from. */
export async function GET(request: Request) {
  const guard = await guardRequest(request, ['editor', 'filler', 'approver', 'auditor', 'admin']);
  if (!guard.ok) return guard.response;
  const kind = new URL(request.url).searchParams.get('kind') ?? '';
  if (!(DOC_KINDS as readonly string[]).includes(kind)) return Response.json({ error: translate(guard.ctx.locale, 'documents.errors.fileNotFound') }, { status: 404 });
  return downloadResponse({ fileName: `${DOC_KIND_NAMES[kind as DocKind]['zh-CN']}（通用模板）.docx`, contentType: DOCX_MEDIA_TYPE, body: defaultTemplate(kind as DocKind), rows: 0 });
}
