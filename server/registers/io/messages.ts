/**
 * Texts of the import report and of import/export refusals, in both languages at once: a report
 * is a downloadable artefact that must read the same whatever the viewer's language, so its
 * messages are built here rather than looked up per request.
 */
import type { Localized } from '../../../catalog/types';

const L = (zh: string, en: string): Localized => ({ 'zh-CN': zh, en });
const n = (v: number) => v.toLocaleString('en-US');
const show = (v: unknown) => {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
};

export const MSG = {
  missingColumn: (header: string) => L(`缺少必填列「${header}」：请在表头行添加该列（可下载模板对照）。`, `Required column "${header}" is missing: add it to the header row (download the template to compare).`),
  unknownColumn: (header: string) => L(`无法识别的列「${header}」：请删除该列，或改为模板中的列名（如「名称 (name)」）。`, `Unknown column "${header}": remove it or rename it to a template header such as "Name (name)".`),
  duplicateColumn: (header: string) => L(`列「${header}」出现了不止一次：请只保留一列。`, `Column "${header}" appears more than once: keep only one.`),
  noHeader: () => L('文件中没有表头行：第 1 行应为列名（可下载模板）。', 'The file has no header row: row 1 must hold the column names (download the template).'),
  codeRequired: () => L('编码不能为空。', 'The code is empty: every row needs a code.'),
  codePattern: (code: string, pattern: string) => L(`编码「${code}」不符合本清单的编码规则 ${pattern}。`, `Code "${code}" does not match this register's code pattern ${pattern}.`),
  duplicateCode: (code: string, first: number) => L(`编码「${code}」与第 ${first} 行重复：同一文件中每个编码只能出现一次。`, `Code "${code}" repeats row ${first}: each code may appear only once in a file.`),
  badNumber: (v: unknown) => L(`「${show(v)}」不是数字。`, `"${show(v)}" is not a number.`),
  notInteger: (v: unknown) => L(`「${show(v)}」不是整数。`, `"${show(v)}" is not a whole number.`),
  badBoolean: (v: unknown) => L(`「${show(v)}」不是是/否：请填写“是”或“否”。`, `"${show(v)}" is not yes/no: write 是 or 否 (or true/false).`),
  badDate: (v: unknown) => L(`「${show(v)}」不是有效日期：请按 YYYY-MM-DD 填写，如 2024-05-01。`, `"${show(v)}" is not a valid date: write YYYY-MM-DD, e.g. 2024-05-01.`),
  badJson: (reason: string) => L(`不是有效的 JSON：${reason}`, `Not valid JSON: ${reason}`),
  badOption: (v: unknown, allowed: string[]) => L(`「${show(v)}」不是可选值；可选：${allowed.join('、')}。`, `"${show(v)}" is not one of the allowed values: ${allowed.join(', ')}.`),
  badLegalBasis: (line: number, text: string) =>
    L(`第 ${line} 条依据「${show(text)}」格式不对：每行一条，写作《名称》|文号|条款，文号和条款可省略。`, `Legal basis line ${line} "${show(text)}" is malformed: one per line as 《name》|number|article (number and article optional).`),
  badRow: (line: number, text: string, columns: Localized[]) =>
    L(
      `第 ${line} 行「${show(text)}」的格子多于表格的列：每行一条，按 ${columns.map((c) => c['zh-CN']).join('|')} 的顺序用 | 分隔。`,
      `Row ${line} "${show(text)}" has more cells than the table has columns: one row per line, cells separated by | in the order ${columns.map((c) => c.en || c['zh-CN']).join('|')}.`,
    ),
  badRowCell: (line: number, column: Localized, m: Localized) => L(`第 ${line} 行「${column['zh-CN']}」：${m['zh-CN']}`, `Row ${line}, ${column.en || column['zh-CN']}: ${m.en}`),
  badReference: (v: string) => L(`引用「${show(v)}」格式不对：请写作 编码、类型:编码 或 编码@版本号。`, `Reference "${show(v)}" is malformed: write CODE, KIND:CODE or CODE@version.`),
  referenceKindMissing: (v: string) => L(`引用「${show(v)}」缺少清单类型：请写作 类型:编码。`, `Reference "${show(v)}" names no register: write KIND:CODE.`),
  fieldIssue: (sub: string, m: Localized) => (sub ? L(`${sub}：${m['zh-CN']}`, `${sub}: ${m.en}`) : m),
  inReview: (code: string, version: number) =>
    L(`条目 ${code} 的第 ${version} 版正在审批中，不能导入：请等待审批结束或撤回后再导入。`, `Entry ${code} version ${version} is in review, cannot import: wait for the decision or withdraw it, then import again.`),
  nothingPublished: (code: string) => L(`条目 ${code} 没有可作为基础的版本，不能导入。`, `Entry ${code} has no version to base a new draft on; it cannot be imported.`),
  wrongKind: (fileKind: string, kind: string) => L(`文件属于清单「${fileKind}」，不能导入到「${kind}」。`, `The file belongs to register "${fileKind}" and cannot be imported into "${kind}".`),
  badEntry: () => L('该条目不是对象：应为 { "code": …, "content": { … } }。', 'This entry is not an object: expected { "code": …, "content": { … } }.'),
};

/** Refusals of a whole file (HTTP 413 / 415 / 400). */
export const REFUSAL = {
  fileTooLarge: (limitBytes: number, size: number) =>
    L(
      `文件过大（${(size / 1048576).toFixed(1)} MB）：导入文件不能超过 ${limitBytes / 1048576} MB，请拆分成多个文件后分别导入。`,
      `The file is too large (${(size / 1048576).toFixed(1)} MB): an import file may be at most ${limitBytes / 1048576} MB; split it into several files.`,
    ),
  tooManyRows: (limit: number) =>
    L(`数据行过多：一次最多导入 ${n(limit)} 行（不含表头），请拆分成多个文件后分别导入。`, `Too many rows: one import may hold at most ${n(limit)} data rows (not counting the header); split the file.`),
  unpackedTooLarge: (limitBytes: number) =>
    L(`工作簿解压后超过 ${limitBytes / 1048576} MB，无法读取：请删除多余的工作表或格式后重试。`, `The workbook unpacks to more than ${limitBytes / 1048576} MB and cannot be read: remove extra sheets or formatting and try again.`),
  unsupportedType: (name: string) =>
    L(`不支持的文件类型「${name}」：请上传 .xlsx、.csv 或 .json 文件（旧版 .xls 请先另存为 .xlsx）。`, `Unsupported file type "${name}": upload an .xlsx, .csv or .json file (save old .xls workbooks as .xlsx first).`),
  unpackedLies: (name: string, part: string) =>
    L(
      `「${name}」中的 ${part} 解压后比文件自己声明的大小更大（可能是“压缩炸弹”），已停止读取：请用 Excel 或 WPS 重新另存为 .xlsx 后重试。`,
      `In "${name}", ${part} unpacks to more than the size the file declares for it (a possible zip bomb); reading stopped. Save it again as .xlsx in Excel or WPS and try again.`,
    ),
  csvQuoteNotClosed: (line: number) => L(`第 ${line} 行开始的引号没有闭合：请检查该行附近的英文双引号。`, `A quote opened near line ${line} is never closed: check the double quotes around that line.`),
  csvUnreadable: (line: number, code: string) => L(`第 ${line} 行附近的内容无法按 CSV 读取（${code}）。`, `The text near line ${line} cannot be read as CSV (${code}).`),
  badText: (row: number, column: string, nul: boolean) =>
    L(
      `第 ${row} 行「${column}」含有无法保存的字符（${nul ? '空字符 NUL' : '不成对的 Unicode 代理字符'}）：请删除该字符后重新上传。`,
      `Row ${row}, "${column}" holds a character that cannot be stored (${nul ? 'a NUL character' : 'an unpaired Unicode surrogate'}): remove it and upload again.`,
    ),
  badFormText: (field: string, nul: boolean) =>
    L(`表单字段「${field}」含有无法保存的字符（${nul ? '空字符 NUL' : '不成对的 Unicode 代理字符'}），请删除后重试。`, `Form field "${field}" holds a character that cannot be stored (${nul ? 'a NUL character' : 'an unpaired Unicode surrogate'}); remove it and try again.`),
  notXlsx: (name: string) => L(`「${name}」不是有效的 .xlsx 工作簿：请用 Excel 或 WPS 另存为 .xlsx 后重试。`, `"${name}" is not a valid .xlsx workbook: save it as .xlsx in Excel or WPS and try again.`),
  unreadable: (name: string, reason: string) => L(`无法读取文件「${name}」：${reason}`, `Cannot read "${name}": ${reason}`),
  empty: () => L('文件是空的：请至少包含表头行和一行数据。', 'The file is empty: it needs a header row and at least one data row.'),
  noFile: () => L('请选择要导入的文件（表单字段 file）。', 'Choose a file to import (form field "file").'),
  badMode: () => L('mode 只能是 dry-run 或 commit。', 'mode must be dry-run or commit.'),
  reportNeedsDryRun: () => L('错误报告只能在试运行时下载（mode=dry-run）。', 'The error report is available on a dry run only (mode=dry-run).'),
  badFormat: () => L('format 只能是 xlsx 或 json。', 'format must be xlsx or json.'),
  concurrent: () => L('导入期间其他人修改了同一批条目，未写入任何内容：请重新试运行后再导入。', 'Someone changed the same entries during the import; nothing was written. Run the dry run again, then import.'),
};
