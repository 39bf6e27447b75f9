/**
 * Export of a register as XLSX (for people; streamed with exceljs' WorkbookWriter, so rows go out
 * page by page) or JSON (for machines; lossless), and the import template. An export is the
 * working view (latest version of every entry) or, with `asOf`, the versions in force that day.
 * Every export is audited before its first byte leaves; templates carry no data and are not.
 */
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db';
import { department, entryVersion } from '../../db/schema';
import { appendAudit, type Actor } from '../../audit/append';
import { DomainError } from '../../errors';
import type { Localized } from '../../../catalog/types';
import { DEFAULT_CODE_PATTERN, getKind, type LoadedKind } from '../kinds';
import { listEntries, snapshot, type Content } from '../service';
import { mayReadDrafts } from '../access';
import { isIsoDate } from '../dates';
import { columnsOf, encodeCell, type IoColumn } from './columns';
import { IMPORT_LIMITS } from './read';
import { inertCell, inertText } from '../../io/stream';

export type ExportFormat = 'xlsx' | 'json';

export interface DownloadFile {
  fileName: string;
  contentType: string;
  body: ReadableStream<Uint8Array> | Uint8Array;
  rows: number;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
// listEntries scans the kind on every page (count + latest-version filter): few, large pages.
const PAGE = 2000;

export interface ExportRow {
  code: string;
  version: number;
  status: string;
  validFrom: string | null;
  validTo: string | null;
  content: Content;
}

/** The rows of an export: how many, and an iterator over pages of them. */
async function exportSource(db: Db, kind: LoadedKind, asOf: string | undefined, drafts: boolean): Promise<{ total: number; pages: () => AsyncGenerator<ExportRow[]> }> {
  if (asOf) {
    const items = await snapshot(db, kind.code, asOf);
    return {
      total: items.length,
      pages: async function* () {
        for (let i = 0; i < items.length; i += PAGE) {
          const chunk = items.slice(i, i + PAGE);
          const meta = await db
            .select({ id: entryVersion.id, status: entryVersion.status, validFrom: entryVersion.validFrom, validTo: entryVersion.validTo })
            .from(entryVersion)
            .where(inArray(entryVersion.id, chunk.map((c) => c.versionId)));
          const byId = new Map(meta.map((m) => [m.id, m]));
          yield chunk.map((c) => ({ code: c.code, version: c.version, content: c.content, status: byId.get(c.versionId)?.status ?? '', validFrom: byId.get(c.versionId)?.validFrom ?? null, validTo: byId.get(c.versionId)?.validTo ?? null }));
        }
      },
    };
  }
  const first = await listEntries(db, { kindCode: kind.code, page: 1, pageSize: PAGE, drafts });
  const map = (rows: typeof first.rows): ExportRow[] => rows.map((r) => ({ code: r.code, version: r.version, status: r.status, validFrom: r.validFrom, validTo: r.validTo, content: r.content }));
  return {
    total: first.total,
    pages: async function* () {
      yield map(first.rows);
      for (let page = 2; (page - 1) * PAGE < first.total; page++) {
        const next = await listEntries(db, { kindCode: kind.code, page, pageSize: PAGE, drafts });
        if (!next.rows.length) return;
        yield map(next.rows);
      }
    },
  };
}

// ---------- workbook layout (shared by export, template and annotated report) ----------

type Validations = { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } };

const widthOf = (c: IoColumn) => (c.role === 'code' ? 16 : c.role === 'meta' ? 12 : ['textarea', 'rich-text', 'legal-basis', 'rows', 'form-definition', 'json'].includes(c.widget) ? 48 : 22);
const wraps = (c: IoColumn) => ['textarea', 'rich-text', 'legal-basis', 'rows', 'tags', 'checkboxes', 'departments', 'references'].includes(c.widget);
export const LISTS_SHEET = '选项';
export const GUIDE_SHEET = '说明';

export function sheetNameOf(kind: LoadedKind): string {
  return kind.name['zh-CN'].replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || kind.code.slice(0, 31);
}

/** Column widths, a bold frozen header row and text formats; returns the header row values. */
export function layoutDataSheet(ws: ExcelJS.Worksheet, columns: IoColumn[]) {
  ws.columns = columns.map((c) => ({
    key: c.key,
    width: widthOf(c),
    // Text format keeps codes like 001 and dates typed as text from being reinterpreted by Excel.
    style: { numFmt: c.widget === 'integer' || c.widget === 'number' ? 'General' : '@', alignment: wraps(c) ? { wrapText: true, vertical: 'top' } : { vertical: 'top' } },
  }));
  const header = ws.addRow(columns.map((c) => inertText(c.header)));
  header.font = { bold: true };
  header.eachCell((cell, i) => {
    const c = columns[i - 1];
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c?.required ? 'FFFDE9D9' : 'FFEFF3F8' } };
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
  return header;
}

function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** Drop-down lists for select and boolean columns (warning style: labels typed by hand still import). */
export function addValidations(ws: ExcelJS.Worksheet, columns: IoColumn[], lists: ExcelJS.Worksheet | null) {
  const dv = (ws as unknown as Validations).dataValidations;
  const last = IMPORT_LIMITS.maxRows + 1;
  let listCol = 0;
  columns.forEach((c, i) => {
    const range = `${colLetter(i + 1)}2:${colLetter(i + 1)}${last}`;
    let values: string[] | null = null;
    if (c.widget === 'select' && c.options?.length) values = c.options.map((o) => o.value);
    if (c.widget === 'boolean') values = ['是', '否'];
    if (!values) return;
    const inline = values.join(',');
    let formula: string;
    if (inline.length <= 250 && !values.some((v) => /[",]/.test(v))) formula = `"${inline}"`;
    else if (lists) {
      listCol += 1;
      values.forEach((v, r) => (lists.getCell(r + 1, listCol).value = v));
      const L = colLetter(listCol);
      formula = `'${LISTS_SHEET}'!$${L}$1:$${L}$${values.length}`;
    } else return;
    dv.add(range, {
      type: 'list',
      allowBlank: true,
      formulae: [formula],
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: c.label['zh-CN'],
      error: `请从列表中选择：${values.join('、')}`.slice(0, 255),
    });
  });
}

const FORMAT: Record<string, Localized> = {
  text: { 'zh-CN': '文本', en: 'Text' },
  textarea: { 'zh-CN': '多行文本（单元格内换行：Alt+Enter）', en: 'Multi-line text (new line inside a cell: Alt+Enter)' },
  'rich-text': { 'zh-CN': '多行文本，可含 {{占位符}}', en: 'Multi-line text, may hold {{placeholders}}' },
  select: { 'zh-CN': '从下拉列表选一个值（也可填写其中文或英文名称）', en: 'One value from the drop-down (its Chinese or English label is accepted too)' },
  checkboxes: { 'zh-CN': '一个或多个可选值，用“；”“;”或换行分隔', en: 'One or more allowed values, separated by "；", ";" or new lines' },
  tags: { 'zh-CN': '多个值用“；”“;”或换行分隔', en: 'Several values separated by "；", ";" or new lines' },
  departments: { 'zh-CN': '部门编码，多个用“；”分隔，如 SCJG；STHJ（编码见本页末尾）', en: 'Department codes separated by "；", e.g. SCJG；STHJ (codes at the end of this sheet)' },
  integer: { 'zh-CN': '整数', en: 'Whole number' },
  number: { 'zh-CN': '数字', en: 'Number' },
  boolean: { 'zh-CN': '是 / 否（也接受 true/false、yes/no、1/0）', en: '是 / 否 (true/false, yes/no, 1/0 accepted too)' },
  date: { 'zh-CN': '日期 YYYY-MM-DD，如 2024-05-01（也接受 Excel 日期单元格）', en: 'Date YYYY-MM-DD, e.g. 2024-05-01 (Excel date cells accepted too)' },
  'legal-basis': {
    'zh-CN': '每行一条依据：《名称》|文号|条款；文号、条款可省略。如：《中华人民共和国政府采购法》||第二十二条',
    en: 'One basis per line: 《name》|number|article; number and article optional, e.g. 《中华人民共和国政府采购法》||第二十二条',
  },
  reference: { 'zh-CN': '被引用条目的编码，或 清单类型:编码；加 @版本号 可固定版本，如 CL-001 或 credit-list:CL-001@2', en: 'Code of the referenced entry, or KIND:CODE; add @version to pin one, e.g. CL-001 or credit-list:CL-001@2' },
  'entry-code': { 'zh-CN': '被引用条目的编码，如目录事项 XZCF（编码见对应清单页面）', en: 'Code of the entry it names, e.g. the catalog item XZCF (codes are on that register’s page)' },
  'data-item': { 'zh-CN': '数据项的字段键，如 CF_CFLB（见目录事项表单中各数据项的字段键）', en: 'The data item’s key, e.g. CF_CFLB (shown for each data item of the catalog item’s form)' },
  references: { 'zh-CN': '多个引用用“；”分隔，每个写作 编码、清单类型:编码 或 编码@版本号', en: 'Several references separated by "；", each CODE, KIND:CODE or CODE@version' },
  'form-definition': { 'zh-CN': 'JSON 文本（表单定义：JSON Schema + UI Schema）', en: 'JSON text (form definition: JSON Schema + UI schema)' },
  json: { 'zh-CN': 'JSON 文本', en: 'JSON text' },
};

/** A rows column's format names its own columns, in the order a line lists them. */
function rowsFormat(c: IoColumn): Localized {
  const cols = c.ui?.columns ?? [];
  const kinds = (l: 'zh-CN' | 'en') =>
    cols
      .filter((x) => x.widget === 'boolean' || x.widget === 'integer' || x.widget === 'tags' || x.widget === 'data-item')
      .map((x) => `${x.label[l] || x.label['zh-CN']}${l === 'zh-CN' ? '：' : ': '}${x.widget === 'boolean' ? (l === 'zh-CN' ? '是/否' : '是/否 (yes/no)') : x.widget === 'integer' ? (l === 'zh-CN' ? '整数' : 'whole number') : x.widget === 'data-item' ? (l === 'zh-CN' ? '数据项的字段键' : 'the data item’s key') : l === 'zh-CN' ? '多个用“；”分隔' : 'several separated by "；"'}`)
      .join(l === 'zh-CN' ? '；' : '; ');
  return {
    'zh-CN': `每行一条，各格按 ${cols.map((x) => x.label['zh-CN']).join('|')} 的顺序用 | 分隔，空格子留空。${kinds('zh-CN')}${kinds('zh-CN') ? '。' : ''}含 | 或换行的内容以 JSON 文本填写。`,
    en: `One row per line, cells in the order ${cols.map((x) => x.label.en || x.label['zh-CN']).join('|')} separated by |, empty cells left empty. ${kinds('en')}${kinds('en') ? '. ' : ''}Values holding | or line breaks are written as JSON text.`,
  };
}

/** The 说明 sheet: how to fill each column, and what an import does. */
export function fillGuide(ws: ExcelJS.Worksheet, kind: LoadedKind, columns: IoColumn[], departments: { code: string; nameZh: string; nameEn: string }[]) {
  ws.columns = [{ width: 28 }, { width: 10 }, { width: 60 }, { width: 60 }, { width: 40 }];
  const title = ws.addRow([`${kind.name['zh-CN']}（${kind.code}）导入说明 / Import guide`]);
  title.font = { bold: true, size: 14 };
  const notes: [string, string][] = [
    ['第 1 行是表头，请勿改动列名；导入按列名括号中的字段键识别列（也接受完整的中文或英文名称）。', 'Row 1 is the header: keep the column names; import finds columns by the key in parentheses (the exact Chinese or English name works too).'],
    [`编码必填，且须符合编码规则：${kind.codePattern || DEFAULT_CODE_PATTERN}；同一文件中编码不得重复。`, `The code is required, must match ${kind.codePattern || DEFAULT_CODE_PATTERN} and may appear only once per file.`],
    [`一次最多 ${IMPORT_LIMITS.maxRows.toLocaleString('en-US')} 行数据，文件不超过 ${IMPORT_LIMITS.maxBytes / 1048576} MB；支持 .xlsx、.csv（UTF-8 或 GB18030）和 .json。`, `At most ${IMPORT_LIMITS.maxRows.toLocaleString('en-US')} data rows and ${IMPORT_LIMITS.maxBytes / 1048576} MB per file; .xlsx, .csv (UTF-8 or GB18030) and .json are accepted.`],
    ['先“试运行”：逐行检查并给出错误报告（行、列、原因），不写入任何内容；可下载带批注的错误报告，修改后重新上传。', 'Run the dry run first: every row is checked and the report (row, column, reason) is shown; nothing is written. Download the annotated report, fix it and upload it again.'],
    ['只有全部行都没有错误时才能确认导入，并在一个事务中全部写入；任何一行有错误则一行也不写入。', 'Confirming writes all rows in one transaction, and only when no row has an error; otherwise nothing is written.'],
    ['导入不会直接发布：新编码创建草稿（第 1 版）；已发布的条目生成基于最新版本的新草稿；已有草稿的条目更新该草稿；审批中的条目不能导入。导入后仍需提交审批。', 'Import never publishes: new codes become draft version 1, published entries get a new draft based on their latest version, open drafts are updated, entries in review are refused. Drafts still need submit + approval.'],
    ['文件中没有的非必填列：已有条目保留原值；列存在但单元格为空：清空该字段。与现有内容相同的行不会产生新版本。', 'Optional columns left out of the file keep their current values; an empty cell in a present column clears the field. Rows equal to the current content create nothing.'],
    ['导出文件末尾的“版本、状态、生效日期、失效日期”列和错误报告的“错误 / Errors”列只读，导入时忽略。', 'The Version, Status, Valid from and Valid to columns of an export and the "错误 / Errors" column of a report are read-only and ignored on import.'],
    ['JSON 导出是完整无损的格式；Excel 单元格最多 32,767 个字符，超长的 JSON 内容请用 JSON 文件导入导出。', 'The JSON export is lossless; an Excel cell holds at most 32,767 characters, so use JSON files for very long JSON content.'],
  ];
  for (const [zh, en] of notes) {
    const r = ws.addRow([zh, '', '', en]);
    ws.mergeCells(r.number, 1, r.number, 3);
    r.alignment = { wrapText: true, vertical: 'top' };
  }
  ws.addRow([]);
  const head = ws.addRow(['列 Column', '必填 Required', '填写格式', 'Format', '可选值 Allowed values']);
  head.font = { bold: true };
  for (const c of columns.filter((x) => x.role !== 'meta')) {
    const f = c.widget === 'rows' ? rowsFormat(c) : (FORMAT[c.widget] ?? FORMAT.text!);
    const refNote = c.widget === 'reference' || c.widget === 'references' ? (c.ui?.refKind ? `默认清单 / default register: ${c.ui.refKind}` : '') : '';
    const opts = c.options?.map((o) => (o.label['zh-CN'] === o.value ? o.value : `${o.value}（${o.label['zh-CN']}）`)).join('、') ?? refNote;
    const help = c.ui?.help ? `\n${c.ui.help['zh-CN']}` : '';
    const r = ws.addRow([c.header, c.required ? '是' : '否', f['zh-CN'] + help, f.en + (c.ui?.help ? `\n${c.ui.help.en}` : ''), opts]);
    r.alignment = { wrapText: true, vertical: 'top' };
  }
  if (departments.length && columns.some((c) => c.widget === 'departments')) {
    ws.addRow([]);
    const h = ws.addRow(['部门编码 Department code', '', '部门名称', 'Department']);
    h.font = { bold: true };
    for (const d of departments) ws.addRow([d.code, '', d.nameZh, d.nameEn]);
  }
}

async function departmentsOf(db: Db) {
  return db.select({ code: department.code, nameZh: department.nameZh, nameEn: department.nameEn }).from(department).where(eq(department.archived, false)).orderBy(asc(department.code));
}

function rowValues(columns: IoColumn[], r: ExportRow): (string | number | null)[] {
  return columns.map((c) => {
    if (c.role === 'code') return inertText(r.code);
    if (c.role === 'meta') return c.key === 'version' ? r.version : c.key === 'status' ? r.status : c.key === 'validFrom' ? r.validFrom : r.validTo;
    return inertCell(encodeCell(c, r.content[c.key]));
  });
}

function stamp() {
  return new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '');
}

function webStream(node: PassThrough): ReadableStream<Uint8Array> {
  return Readable.toWeb(node) as unknown as ReadableStream<Uint8Array>;
}

// ---------- entry points ----------

export async function exportRegister(db: Db, actor: Actor, input: { kindCode: string; format: ExportFormat; asOf?: string }): Promise<DownloadFile> {
  const kind = await getKind(db, input.kindCode);
  if (input.asOf && !isIsoDate(input.asOf)) throw new DomainError('INVALID_INPUT', 'registers.errors.badDate', { value: input.asOf });
  // The working view holds drafts: only for those who may read them (the one rule, access.ts).
  const source = await exportSource(db, kind, input.asOf, mayReadDrafts(actor));
  await appendAudit(db, actor, { action: 'register.export', objectType: 'register', objectId: kind.code, after: { format: input.format, asOf: input.asOf ?? null, rows: source.total } });
  const base = `${kind.code}-${input.asOf ?? 'working'}-${stamp()}`;

  if (input.format === 'json') {
    const enc = new TextEncoder();
    const pages = source.pages();
    let first = true;
    let started = false;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!started) {
          started = true;
          const head = { kind: kind.code, kindVersion: kind.version, asOf: input.asOf ?? null, exportedAt: new Date().toISOString() };
          controller.enqueue(enc.encode(`${JSON.stringify(head).slice(0, -1)},"entries":[`));
          return;
        }
        const next = await pages.next();
        if (next.done) {
          controller.enqueue(enc.encode('\n]}\n'));
          controller.close();
          return;
        }
        let text = '';
        for (const r of next.value) {
          text += `${first ? '' : ','}\n${JSON.stringify({ code: r.code, version: r.version, status: r.status, validFrom: r.validFrom, validTo: r.validTo, content: r.content })}`;
          first = false;
        }
        controller.enqueue(enc.encode(text));
      },
    });
    return { fileName: `${base}.json`, contentType: 'application/json; charset=utf-8', body, rows: source.total };
  }

  const columns = columnsOf(kind, true);
  const pass = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: pass, useStyles: true, useSharedStrings: false });
  wb.creator = actor.name ?? 'system';
  const write = async () => {
    // Sheets in their final order; a writer opens its part of the zip only when it commits rows.
    const ws = wb.addWorksheet(sheetNameOf(kind), { views: [{ state: 'frozen', ySplit: 1 }] });
    const guide = wb.addWorksheet(GUIDE_SHEET);
    const lists = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });
    layoutDataSheet(ws, columns).commit();
    addValidations(ws, columns.filter((c) => c.role !== 'meta'), lists);
    for await (const page of source.pages()) {
      for (const r of page) ws.addRow(rowValues(columns, r)).commit();
    }
    ws.commit();
    fillGuide(guide, kind, columns, await departmentsOf(db));
    guide.commit();
    lists.commit();
    await wb.commit();
  };
  write().catch((e: unknown) => pass.destroy(e as Error));
  return { fileName: `${base}.xlsx`, contentType: XLSX_TYPE, body: webStream(pass), rows: source.total };
}

/** Headers, the 说明 sheet and drop-down lists; no data, not audited. */
export async function registerTemplate(db: Db, kindCode: string): Promise<DownloadFile> {
  const kind = await getKind(db, kindCode);
  const columns = columnsOf(kind, false);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetNameOf(kind), { views: [{ state: 'frozen', ySplit: 1 }] });
  layoutDataSheet(ws, columns);
  fillGuide(wb.addWorksheet(GUIDE_SHEET), kind, columns, await departmentsOf(db));
  const lists = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  addValidations(ws, columns, lists);
  const buf = await wb.xlsx.writeBuffer();
  return { fileName: `${kind.code}-template.xlsx`, contentType: XLSX_TYPE, body: new Uint8Array(buf as ArrayBuffer), rows: 0 };
}
