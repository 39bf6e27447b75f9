/**
 * Plain starting templates for the four list documents, so a list works before the office uploads
 * its own 红头 files: each one states what the rules require of the document (prior notice: 事由,
 * 依据, rights and the objection window; decision: 事由, 依据, 惩戒措施提示, 移出条件和程序, 救济途径;
 * the repair notice served with it). Offices download them from the list entry, lay them out as
 * their own, and upload them back.
 */
import type { Db } from '../db';
import type { DocKind } from '../../catalog/lists/documents';
import type { TemplateRef } from '../../catalog/lists/types';
import { buildDocx, DOCX_MEDIA_TYPE, placeholdersOf, type DocParagraph } from '../documents/docx';
import { putFile } from '../files/service';

const TEMPLATES: Record<DocKind, { fileName: string; paragraphs: DocParagraph[] }> = {
  notice: {
    fileName: '拟列入告知书（通用模板）.docx',
    paragraphs: [
      { text: '{{认定部门}}', style: 'redTitle' },
      { text: '拟列入{{名单名称}}告知书', style: 'title' },
      { text: '{{文号}}', style: 'number' },
      { text: '{{主体名称}}（统一社会信用代码/证件号码：{{统一社会信用代码}}）：' },
      { text: '经查，{{事由}}。' },
      { text: '依据{{依据}}，本机关拟将你（单位）列入{{名单名称}}。认定标准：{{认定标准}}' },
      { text: '{{权利告知}}' },
      { text: '你（单位）可自收到本告知书之日起{{异议期限}}个工作日内（于本告知书生成当日送达的，截止日为{{异议截止日}}）向本机关提出陈述、申辩或异议，并提交相关证明材料。逾期未提出的，视为放弃上述权利。' },
      { text: '{{认定部门}}', style: 'right' },
      { text: '{{日期}}', style: 'right' },
    ],
  },
  decision: {
    fileName: '认定决定书（通用模板）.docx',
    paragraphs: [
      { text: '{{认定部门}}', style: 'redTitle' },
      { text: '列入{{名单名称}}决定书', style: 'title' },
      { text: '{{文号}}', style: 'number' },
      { text: '{{主体名称}}（统一社会信用代码/证件号码：{{统一社会信用代码}}）：' },
      { text: '经查，{{事由}}。本机关已依法履行事先告知程序。' },
      { text: '依据{{依据}}，决定将你（单位）列入{{名单名称}}，列入期限自{{有效期起}}至{{有效期止}}。' },
      { text: '列入期间，依法依规对你（单位）实施以下措施：' },
      { text: '{{惩戒措施}}' },
      { text: '移出条件和程序：{{移出条件}}' },
      { text: '救济途径：{{救济途径}}' },
      { text: '{{决定说明}}' },
      { text: '{{认定部门}}', style: 'right' },
      { text: '{{日期}}', style: 'right' },
    ],
  },
  'repair-notice': {
    fileName: '信用修复告知书（通用模板）.docx',
    paragraphs: [
      { text: '{{认定部门}}', style: 'redTitle' },
      { text: '信用修复告知书', style: 'title' },
      { text: '{{文号}}', style: 'number' },
      { text: '{{主体名称}}（统一社会信用代码/证件号码：{{统一社会信用代码}}）：' },
      { text: '本机关已于{{有效期起}}将你（单位）列入{{名单名称}}，列入期限至{{有效期止}}。' },
      { text: '你（单位）纠正失信行为、履行相关义务并作出信用修复承诺后，可自{{可申请修复日}}起申请信用修复。修复条件和程序：{{移出条件}}' },
      { text: '救济途径：{{救济途径}}' },
      { text: '{{认定部门}}', style: 'right' },
      { text: '{{日期}}', style: 'right' },
    ],
  },
  removal: {
    fileName: '移出决定书（通用模板）.docx',
    paragraphs: [
      { text: '{{认定部门}}', style: 'redTitle' },
      { text: '移出{{名单名称}}决定书', style: 'title' },
      { text: '{{文号}}', style: 'number' },
      { text: '{{主体名称}}（统一社会信用代码/证件号码：{{统一社会信用代码}}）：' },
      { text: '你（单位）自{{有效期起}}被列入{{名单名称}}。因{{移出事由}}，依据{{依据}}，本机关决定自{{移出日期}}起将你（单位）移出{{名单名称}}，并同步停止相关措施。' },
      { text: '救济途径：{{救济途径}}' },
      { text: '{{认定部门}}', style: 'right' },
      { text: '{{日期}}', style: 'right' },
    ],
  },
};

const cache = new Map<DocKind, Uint8Array>();

/** The default template of a document kind (built once per process). */
export function defaultTemplate(kind: DocKind): Uint8Array {
  let bytes = cache.get(kind);
  if (!bytes) {
    bytes = buildDocx(TEMPLATES[kind].paragraphs);
    cache.set(kind, bytes);
  }
  return bytes;
}

/** Stores the default templates and returns their references (for seeded lists). */
export async function storeDefaultTemplates(db: Db): Promise<Record<DocKind, TemplateRef>> {
  const out = {} as Record<DocKind, TemplateRef>;
  for (const kind of Object.keys(TEMPLATES) as DocKind[]) {
    const bytes = defaultTemplate(kind);
    const ref = await putFile(db, { bytes, mediaType: DOCX_MEDIA_TYPE, placeholders: placeholdersOf(bytes), createdBy: null });
    out[kind] = { fileName: TEMPLATES[kind].fileName, sha256: ref.sha256, size: ref.size };
  }
  return out;
}
