/**
 * Official documents of a list case, filled from DOCX templates the office keeps in the list
 * entry (DESIGN §8 "documents are data"): which documents exist, which placeholders each may use
 * (`{{主体名称}}` …, the same double-brace style as the commitment-letter templates), and how a
 * document number (文号) is formatted from the list's number format. Pure: the filling itself is
 * server/documents/docx.ts.
 */
import type { Localized } from '../types';

const L = (zh: string, en: string): Localized => ({ 'zh-CN': zh, en });

export const DOC_KINDS = ['notice', 'decision', 'repair-notice', 'removal'] as const;
export type DocKind = (typeof DOC_KINDS)[number];

export const DOC_KIND_NAMES: Record<DocKind, Localized> = {
  notice: L('拟列入告知书', 'Prior notice of listing'),
  decision: L('认定决定书', 'Listing decision'),
  'repair-notice': L('信用修复告知书', 'Credit repair notice'),
  removal: L('移出决定书', 'Removal decision'),
};

/** The list field holding each document's template. */
export const TEMPLATE_FIELD: Record<DocKind, 'noticeTemplate' | 'decisionTemplate' | 'repairNoticeTemplate' | 'removalTemplate'> = {
  notice: 'noticeTemplate',
  decision: 'decisionTemplate',
  'repair-notice': 'repairNoticeTemplate',
  removal: 'removalTemplate',
};

const COMMON = ['文号', '名单名称', '主体名称', '统一社会信用代码', '主体类型', '认定部门', '事由', '依据', '日期'] as const;

export const DOC_PLACEHOLDERS: Record<DocKind, readonly string[]> = {
  notice: [...COMMON, '认定标准', '权利告知', '异议期限', '异议截止日'],
  decision: [...COMMON, '认定标准', '有效期起', '有效期止', '惩戒措施', '移出条件', '救济途径', '决定说明'],
  'repair-notice': [...COMMON, '有效期起', '有效期止', '移出条件', '可申请修复日', '救济途径'],
  removal: [...COMMON, '有效期起', '移出日期', '移出事由', '救济途径'],
};

export const PLACEHOLDER_HELP: Record<string, Localized> = {
  文号: L('本文书的文号（按名单的文号格式自动编号）', 'This document’s number (from the list’s number format)'),
  名单名称: L('名单名称', 'Name of the list'),
  主体名称: L('当事人名称', 'Name of the subject'),
  统一社会信用代码: L('统一社会信用代码或身份证号码', 'Unified social credit code or ID number'),
  主体类型: L('法人及非法人组织 / 自然人 / 个体工商户', 'Subject type'),
  认定部门: L('作出决定的部门', 'Deciding department'),
  事由: L('拟列入或列入的事由', 'Grounds stated in the case'),
  依据: L('名单的法律依据（名称、文号、条款）', 'The list’s legal basis'),
  日期: L('文书日期', 'Date of the document'),
  认定标准: L('名单的认定标准', 'Identification criteria of the list'),
  权利告知: L('当事人依法享有的权利（陈述、申辩、异议）', 'The subject’s rights (statement, defence, objection)'),
  异议期限: L('提出异议的期限（工作日）', 'Objection window in working days'),
  异议截止日: L('提出异议的截止日期（按工作日日历计算）', 'Last day to object (working-day calendar)'),
  有效期起: L('列入名单之日', 'First day on the list'),
  有效期止: L('名单有效期截止日', 'Last day of the listing period'),
  惩戒措施: L('适用的惩戒（或激励）措施及其依据，每项一行', 'Measures that apply, with their basis, one per line'),
  移出条件: L('移出条件和程序', 'Removal conditions and procedure'),
  救济途径: L('行政复议、行政诉讼等救济途径', 'Remedies (administrative review, litigation)'),
  决定说明: L('审批意见', 'The decision’s comment'),
  可申请修复日: L('可以申请信用修复的日期', 'Date from which repair may be applied for'),
  移出日期: L('移出名单之日', 'Date of removal'),
  移出事由: L('移出的事由', 'Reason for removal'),
};

/** Placeholders of a template that the document kind does not know (refused at upload and at submit). */
export function unknownPlaceholders(kind: DocKind, placeholders: readonly string[]): string[] {
  const known = new Set(DOC_PLACEHOLDERS[kind]);
  return [...new Set(placeholders.filter((p) => !known.has(p)))];
}

// ---------- document numbers (文号) ----------

export const NUMBER_TOKENS = ['部门', '部门代码', '年', '序号'] as const;
type NumberToken = (typeof NUMBER_TOKENS)[number];

type Part = { text: string } | { token: string };

/** Splits `{部门}信告〔{年}〕{序号}号` into text and tokens (no patterns: a plain scan). */
function parseFormat(format: string): Part[] {
  const parts: Part[] = [];
  let i = 0;
  while (i < format.length) {
    const open = format.indexOf('{', i);
    if (open < 0) {
      parts.push({ text: format.slice(i) });
      break;
    }
    const close = format.indexOf('}', open);
    if (close < 0) {
      parts.push({ text: format.slice(i) });
      break;
    }
    if (open > i) parts.push({ text: format.slice(i, open) });
    parts.push({ token: format.slice(open + 1, close) });
    i = close + 1;
  }
  return parts;
}

export type NumberFormatProblem = { code: 'noSequence' } | { code: 'unknownToken'; token: string } | { code: 'tooLong' };

export function numberFormatProblems(format: string): NumberFormatProblem[] {
  if (format.length > 100) return [{ code: 'tooLong' }];
  const parts = parseFormat(format);
  const out: NumberFormatProblem[] = [];
  for (const p of parts) if ('token' in p && !(NUMBER_TOKENS as readonly string[]).includes(p.token)) out.push({ code: 'unknownToken', token: p.token });
  if (!parts.some((p) => 'token' in p && p.token === '序号')) out.push({ code: 'noSequence' });
  return out;
}

export function formatDocNumber(format: string, values: Record<NumberToken, string | number>): string {
  return parseFormat(format)
    .map((p) => ('text' in p ? p.text : (values as Record<string, string | number>)[p.token] ?? `{${p.token}}`))
    .join('');
}
