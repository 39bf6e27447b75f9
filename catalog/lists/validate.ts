/**
 * Checks of a credit list definition that its JSON Schema cannot express, run when the entry is
 * submitted for approval (catalog/kinds/semantic.ts): the period bounds, the document number
 * formats, and the uploaded templates (stored, a Word file, only placeholders the document knows).
 */
import type { FieldIssue } from '../../forms/ajv';
import type { Localized } from '../types';
import { DOC_KINDS, DOC_KIND_NAMES, TEMPLATE_FIELD, numberFormatProblems, unknownPlaceholders } from './documents';
import type { CreditListContent } from './types';

export interface ListCheckContext {
  /** Facts of the stored files the definition refers to (missing = not stored). */
  files?: Map<string, { mediaType: string; placeholders: string[] | null }>;
  /** The eligibility model in force, when the definition names one that is (missing = not checked). */
  eligibilityModel?: { name: string; grades: string[] };
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const L = (zh: string, en: string): Localized => ({ 'zh-CN': zh, en });

export function creditListIssues(raw: Record<string, unknown>, ctx: ListCheckContext = {}): FieldIssue[] {
  const c = raw as unknown as CreditListContent;
  const out: FieldIssue[] = [];
  if (c.periodMinMonths !== undefined && c.periodMaxMonths !== undefined && c.periodMinMonths > c.periodMaxMonths) {
    out.push({ path: 'periodMaxMonths', keyword: 'list.period', message: L(`最长列入期限（${c.periodMaxMonths} 个月）不能短于最短期限（${c.periodMinMonths} 个月）。`, `The longest period (${c.periodMaxMonths} months) cannot be shorter than the shortest (${c.periodMinMonths} months).`) });
  }
  for (const field of ['noticeNumberFormat', 'decisionNumberFormat', 'removalNumberFormat'] as const) {
    const format = c[field];
    if (!format) continue;
    for (const p of numberFormatProblems(format)) {
      const message =
        p.code === 'noSequence'
          ? L('文号格式必须包含 {序号}，否则同一年度的文书会重号。', 'The number format needs {序号}, or documents of one year would share a number.')
          : p.code === 'unknownToken'
            ? L(`文号格式中的「{${p.token}}」无法识别；可用 {部门}、{部门代码}、{年}、{序号}。`, `"{${p.token}}" is not known; use {部门}, {部门代码}, {年}, {序号}.`)
            : L('文号格式不能超过 100 个字符。', 'The number format is limited to 100 characters.');
      out.push({ path: field, keyword: `list.${p.code}`, message });
    }
  }
  const wantsEligibility = Boolean(c.eligibilityModel || c.eligibilityGrades?.length || c.eligibilityAdverseItems?.length || c.eligibilityCleanMonths);
  if (wantsEligibility && c.nature !== 'incentive') {
    out.push({ path: 'eligibilityModel', keyword: 'list.eligibilityNotIncentive', message: L('只有激励类名单（如红名单）可以设置入选条件；惩戒类名单须逐案依据记录认定。', 'Only incentive lists (e.g. the red list) can have eligibility conditions; sanction listings are proposed case by case from records.') });
  } else if (wantsEligibility && !c.eligibilityModel) {
    out.push({ path: 'eligibilityModel', keyword: 'list.eligibilityNoModel', message: L('设置了入选条件时须选择评价模型。', 'Choose the grading model the eligibility conditions use.') });
  } else if (wantsEligibility && !c.eligibilityGrades?.length) {
    out.push({ path: 'eligibilityGrades', keyword: 'list.eligibilityNoGrades', message: L('设置了入选条件时须填写至少一个评价等级，如 A。', 'Name at least one grade, e.g. A.') });
  } else if (wantsEligibility && ctx.eligibilityModel !== undefined) {
    // A grade the model does not have (「a」 for 「A」) would silently find no one.
    const model = ctx.eligibilityModel;
    const unknown = (c.eligibilityGrades ?? []).filter((g) => !model.grades.includes(g));
    if (unknown.length && model.grades.length)
      out.push({ path: 'eligibilityGrades', keyword: 'list.eligibilityUnknownGrade', message: L(`等级「${unknown.join('、')}」不是「${model.name}」的等级；该模型的等级为 ${model.grades.join('、')}。`, `${unknown.join(', ')} is not a grade of “${model.name}”; its grades are ${model.grades.join(', ')}.`) });
  }
  if (ctx.files) {
    for (const kind of DOC_KINDS) {
      const field = TEMPLATE_FIELD[kind];
      const ref = c[field];
      if (!ref) continue;
      const name = DOC_KIND_NAMES[kind];
      const facts = ctx.files.get(ref.sha256);
      if (!facts) {
        out.push({ path: field, keyword: 'list.templateMissing', message: L(`${name['zh-CN']}模板「${ref.fileName}」未上传成功，请重新上传。`, `The ${name.en} template "${ref.fileName}" is not stored; upload it again.`) });
        continue;
      }
      if (facts.mediaType !== DOCX) {
        out.push({ path: field, keyword: 'list.templateNotDocx', message: L(`${name['zh-CN']}模板必须是 Word 文档（.docx）。`, `The ${name.en} template must be a Word document (.docx).`) });
        continue;
      }
      const unknown = unknownPlaceholders(kind, facts.placeholders ?? []);
      if (unknown.length) {
        const list = unknown.map((u) => `{{${u}}}`).join('、');
        out.push({ path: field, keyword: 'list.unknownPlaceholders', message: L(`${name['zh-CN']}模板中的占位符 ${list} 无法填写；请改用本文书可用的占位符。`, `The ${name.en} template uses placeholders this document cannot fill: ${list}.`) });
      }
    }
  }
  return out;
}

/** The stored files a definition refers to (so the server can load their facts). */
export function templateHashes(raw: Record<string, unknown>): string[] {
  const c = raw as unknown as CreditListContent;
  return DOC_KINDS.flatMap((k) => (c[TEMPLATE_FIELD[k]]?.sha256 ? [c[TEMPLATE_FIELD[k]]!.sha256] : []));
}
