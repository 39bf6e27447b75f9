/**
 * Spreadsheet import of records for fillers (DESIGN §5, §7): a template generated from the
 * current catalog-item version, then XLSX / CSV uploads that are read within limits (size, rows
 * counted before the full parse, unpacked size of a workbook), decoded cell by cell by the
 * field's schema type and judged row by row with the same verdict as a single submission
 * (subject checks of `submitRecord`, then `prepare` with the pinned version's cached validator).
 *
 * Modes: `dry-run` writes nothing; `commit-valid` inserts the valid rows and skips the others;
 * `commit-all` inserts only when every row is valid. A commit is ONE transaction: the rows go
 * through the one gate of record submissions (gate.ts — the bound flow starts one instance per
 * record, or the built-in step opens; the importer is a contributor who may not decide them) in
 * multi-row batches, plus ONE audit row `record.import` carrying the SHA-256 of the file, of the
 * rows written and of the started instances' events, so the audit chain records the action
 * without becoming the bottleneck.
 *
 * The reading pieces (size / row counting, zip-bomb check, CSV parser, cell normalizing, date
 * decoding) are the registers' (../registers/io/*), with this import's own limits.
 */
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Db } from '../db';
import { appendAudit, type Actor } from '../audit/append';
import { DomainError } from '../errors';
import type { Viewer } from '../auth/viewer';
import { translate } from '../i18n';
import { prepare } from '../../forms/effective';
import { formModel, schemaType, type FormDefinition, type FormField } from '../../forms/definition';
import { addWorkingDays } from '../../forms/working-days';
import type { Locale, Localized } from '../../catalog/types';
import { loadCalendar } from '../calendar/service';
import { checkSubject, getFillForm, listFillableItems, SUBJECT_TYPES, subjectOf } from './service';
import { submitRecords, type GateRow } from './gate';
import canonicalize from 'canonicalize';
import { SUBJECT_TYPE_LABELS, bindingOf } from '../../forms/subject';
import { decodeDate, isBlank, type Cell } from '../registers/io/columns';
import { assertStorableText, decodeText, IoRefusal, parseCsv, readXlsxSheet } from '../registers/io/read';
import { REFUSAL } from '../registers/io/messages';
import { XLSX_TYPE, type DownloadFile } from '../registers/io/export';
import { addProblemsSheet, markRowIssues, RED, RED_FONT, reportBaseName } from '../registers/io/report';
import { inertCell, inertText } from '../io/stream';

export const RECORD_IMPORT_LIMITS = {
  maxBytes: 30 * 1048576,
  maxRows: 200_000,
  /** Unpacked size of a workbook we agree to parse (zip bombs, sheets full of formatting). */
  maxUnpackedBytes: 600 * 1048576,
} as const;

export const MAX_REPORTED_ERRORS = 1_000;
export const ERRORS_HEADER = '错误 / Errors';

export type RecordImportMode = 'dry-run' | 'commit-valid' | 'commit-all';
export const RECORD_IMPORT_MODES: readonly RecordImportMode[] = ['dry-run', 'commit-valid', 'commit-all'];

export interface RecordImportIssue {
  /** 1-based row number as the spreadsheet shows it (the header row for column problems). */
  row: number;
  /** Header of the column as uploaded (or as the template names it), '' for the whole row. */
  column: string;
  message: Localized;
}

export interface RecordImportReport {
  ok: boolean;
  mode: RecordImportMode;
  catalog: { code: string; version: number };
  rows: number;
  valid: number;
  inserted: number;
  skipped: number;
  committed: boolean;
  errors: RecordImportIssue[];
  errorCount: number;
}

export interface ImportProgress {
  phase: 'parse' | 'validate' | 'write';
  done: number;
  total: number;
}

export interface RecordImportInput {
  itemCode: string;
  fileName: string;
  bytes: Uint8Array;
  mode: RecordImportMode;
  onProgress?: (p: ImportProgress) => void;
}

const L = (zh: string, en: string): Localized => ({ 'zh-CN': zh, en });
const fmt = (v: number) => v.toLocaleString('en-US');
const show = (v: unknown) => {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
};

/** Texts of this import, in both languages at once (the report is a downloadable artefact). */
export const IMPORT_MSG = {
  tooManyRows: (limit: number) =>
    L(`数据行过多：一次最多导入 ${fmt(limit)} 行（不含表头），请拆分成多个文件后分别导入。`, `Too many rows: one import may hold at most ${fmt(limit)} data rows (not counting the header); split the file.`),
  fileTooLarge: (limitBytes: number, size: number) =>
    L(
      `文件过大（${(size / 1048576).toFixed(1)} MB）：导入文件不能超过 ${limitBytes / 1048576} MB，请拆分成多个文件后分别导入。`,
      `The file is too large (${(size / 1048576).toFixed(1)} MB): an import file may be at most ${limitBytes / 1048576} MB; split it into several files.`,
    ),
  unsupportedType: (name: string) => L(`不支持的文件类型「${name}」：请上传 .xlsx 或 .csv 文件（旧版 .xls 请先另存为 .xlsx）。`, `Unsupported file type "${name}": upload an .xlsx or .csv file (save old .xls workbooks as .xlsx first).`),
  badMode: () => L('mode 只能是 dry-run、commit-valid 或 commit-all。', 'mode must be dry-run, commit-valid or commit-all.'),
  missingColumn: (h: string) => L(`缺少必填列「${h}」：请在表头行添加该列（可下载模板对照）。`, `Required column "${h}" is missing: add it to the header row (download the template to compare).`),
  unknownColumn: (h: string) => L(`无法识别的列「${h}」：请删除该列，或改为模板中的列名。`, `Unknown column "${h}": remove it or rename it to a template header.`),
  duplicateColumn: (h: string) => L(`列「${h}」出现了不止一次：请只保留一列。`, `Column "${h}" appears more than once: keep only one.`),
  badNumber: (v: unknown) => L(`「${show(v)}」不是数字。`, `"${show(v)}" is not a number.`),
  notInteger: (v: unknown) => L(`「${show(v)}」不是整数。`, `"${show(v)}" is not a whole number.`),
  badBoolean: (v: unknown) => L(`「${show(v)}」不是是/否：请填写“是”或“否”。`, `"${show(v)}" is not yes/no: write 是 or 否.`),
  badOption: (v: unknown, allowed: string[]) => L(`「${show(v)}」不是可选值；可选：${allowed.join('、')}。`, `"${show(v)}" is not one of the allowed values: ${allowed.join(', ')}.`),
  badJson: (reason: string) => L(`不是有效的 JSON：${reason}`, `Not valid JSON: ${reason}`),
  notProvider: (code: string) => L(`您所在部门不是「${code}」的提供部门，不能导入该目录项的记录。`, `Your department does not provide "${code}"; you cannot import its records.`),
};

// ---------- columns ----------

type ColumnType = 'string' | 'date' | 'number' | 'integer' | 'boolean' | 'array' | 'json';

export interface ImportColumn {
  key: string;
  header: string;
  label: Localized;
  subject: boolean;
  type: ColumnType;
  /** For arrays: the items' type. */
  itemType?: ColumnType;
  /** Allowed stored values (enum, or the items' enum) with their labels. */
  options?: { value: string; label: Localized }[];
  required: boolean;
  field?: FormField;
  /** The field means the subject (forms/subject): filled from the subject columns when left empty. */
  bound?: boolean;
}

const headerOf = (label: Localized, key: string) => `${label['zh-CN']} (${key})`;

const SUBJECT_COLUMNS: ImportColumn[] = (
  [
  { key: 'subjectType', label: L('主体类型', 'Subject type'), subject: true, type: 'string', required: true, header: '', options: SUBJECT_TYPES.map((v) => ({ value: v, label: SUBJECT_TYPE_LABELS[v] })) },
  { key: 'subjectCode', label: L('主体代码', 'Subject code'), subject: true, type: 'string', required: true, header: '' },
  { key: 'subjectName', label: L('主体名称', 'Subject name'), subject: true, type: 'string', required: true, header: '' },
  ] as ImportColumn[]
).map((c) => ({ ...c, header: headerOf(c.label, c.key) }));

type Schema = Record<string, unknown>;

function typeOf(s: Schema, structure: FormField['structure'] = 'leaf'): ColumnType {
  if (structure !== 'leaf') return 'json';
  const t = schemaType(s);
  if (t === 'string') return s.format === 'date' ? 'date' : 'string';
  if (t === 'integer') return 'integer';
  if (t === 'number') return 'number';
  if (t === 'boolean') return 'boolean';
  if (t === 'array') return 'array';
  if (t === undefined && Array.isArray(s.enum)) return 'string';
  return t === undefined ? 'string' : 'json';
}

function optionsOf(s: Schema, f: FormField | undefined): ImportColumn['options'] {
  if (!Array.isArray(s.enum)) return undefined;
  const labels = f?.ui?.options ?? {};
  return s.enum.map((v) => String(v)).map((v) => ({ value: v, label: labels[v] ?? L(v, v) }));
}

/** Subject columns, then the item's top-level data items in `ui.order`. */
export function importColumns(def: FormDefinition): ImportColumn[] {
  const model = formModel(def);
  const fields = model.fields.map((f): ImportColumn => {
    const type = typeOf(f.schema, f.structure);
    const items = type === 'array' && f.schema.items && typeof f.schema.items === 'object' ? (f.schema.items as Schema) : null;
    return {
      key: f.key,
      header: headerOf(f.label, f.key),
      label: f.label,
      subject: false,
      type,
      itemType: items ? typeOf(items) : undefined,
      options: items ? optionsOf(items, f) : optionsOf(f.schema, f),
      // A column bound to the subject may be left out: the subject columns fill it.
      required: f.requiredInParent && !bindingOf(f),
      field: f,
      bound: bindingOf(f) !== null,
    };
  });
  return [...SUBJECT_COLUMNS, ...fields];
}

/** `label (key)`, the key alone, or the exact label (zh-CN or en). */
function matchHeader(columns: ImportColumn[], header: string): ImportColumn | 'errors' | null {
  const h = header.trim();
  if (!h) return null;
  if (h === ERRORS_HEADER) return 'errors';
  const key = /[(（]\s*([^()（）]+?)\s*[)）]\s*$/.exec(h)?.[1];
  return columns.find((c) => c.header === h || (key !== undefined && c.key === key) || c.key === h || c.label['zh-CN'] === h || c.label.en === h) ?? null;
}

// ---------- cell decoding ----------

type Decoded = { value: unknown; error?: undefined } | { value?: undefined; error: Localized };

const TRUE = new Set(['是', 'true', 'yes', 'y', '1', '对', '√', 't']);
const FALSE = new Set(['否', 'false', 'no', 'n', '0', '错', '×', 'f']);

function text(cell: Cell): string {
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

function decodeNumber(cell: Cell, integer: boolean): Decoded {
  let v: number;
  if (typeof cell === 'number') v = cell;
  else {
    const s = text(cell).replace(/^\+/, '');
    const plain = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s) ? s.replace(/,/g, '') : s;
    v = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(plain) ? Number(plain) : Number.NaN;
  }
  if (!Number.isFinite(v)) return { error: IMPORT_MSG.badNumber(cell) };
  if (integer && !Number.isInteger(v)) return { error: IMPORT_MSG.notInteger(cell) };
  return { value: v };
}

function decodeScalar(type: ColumnType, options: ImportColumn['options'], cell: Cell): Decoded {
  switch (type) {
    case 'number':
      return decodeNumber(cell, false);
    case 'integer':
      return decodeNumber(cell, true);
    case 'boolean': {
      if (typeof cell === 'boolean') return { value: cell };
      const s = text(cell).toLowerCase();
      if (TRUE.has(s)) return { value: true };
      if (FALSE.has(s)) return { value: false };
      return { error: IMPORT_MSG.badBoolean(cell) };
    }
    case 'date':
      return decodeDate(cell);
    case 'json': {
      try {
        return { value: JSON.parse(text(cell)) };
      } catch (e) {
        return { error: IMPORT_MSG.badJson((e as Error).message) };
      }
    }
    default: {
      const s = typeof cell === 'string' ? cell.trim() : text(cell);
      if (!options) return { value: s };
      const exact = options.find((o) => o.value === s);
      if (exact) return { value: exact.value };
      const lower = s.toLowerCase();
      const byLabel = options.find((o) => o.value.toLowerCase() === lower || o.label['zh-CN'] === s || o.label.en.toLowerCase() === lower);
      // An unknown value is kept for the validator, which names the field and the allowed values.
      return byLabel ? { value: byLabel.value } : { error: IMPORT_MSG.badOption(s, options.map((o) => o.value)) };
    }
  }
}

function decode(col: ImportColumn, cell: Cell | undefined): Decoded {
  if (cell === undefined || isBlank(cell)) return { value: undefined };
  if (col.type !== 'array') return decodeScalar(col.type, col.options, cell as Cell);
  if (col.itemType === 'json') return decodeScalar('json', undefined, cell as Cell);
  const parts = text(cell as Cell)
    .split(/[;；\r\n]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const out: unknown[] = [];
  for (const p of parts) {
    const d = decodeScalar(col.itemType ?? 'string', col.options, p);
    if (d.error) return d;
    out.push(d.value);
  }
  return { value: out };
}

// ---------- reading the file ----------

interface Sheet {
  format: 'xlsx' | 'csv';
  headerRow: number;
  headers: string[];
  rows: { row: number; cells: Cell[] }[];
}

const tooManyRows = () => new IoRefusal(413, 'tooManyRows', IMPORT_MSG.tooManyRows(RECORD_IMPORT_LIMITS.maxRows), { limit: RECORD_IMPORT_LIMITS.maxRows });

function checkFile(name: string, bytes: Uint8Array): 'xlsx' | 'csv' {
  const size = bytes.byteLength;
  if (size > RECORD_IMPORT_LIMITS.maxBytes) {
    throw new IoRefusal(413, 'fileTooLarge', IMPORT_MSG.fileTooLarge(RECORD_IMPORT_LIMITS.maxBytes, size), { limitMb: RECORD_IMPORT_LIMITS.maxBytes / 1048576, sizeMb: (size / 1048576).toFixed(1) });
  }
  if (size === 0) throw new IoRefusal(400, 'empty', REFUSAL.empty());
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (ext === 'xlsx' || ext === 'xlsm') {
    if (!zip) throw new IoRefusal(415, 'notXlsx', REFUSAL.notXlsx(name), { name });
    return 'xlsx';
  }
  // A zip or a binary file named .csv is not a CSV.
  if (ext === 'csv' && !zip && !bytes.subarray(0, 4096).includes(0)) return 'csv';
  if ((!ext || ext === 'blob') && zip) return 'xlsx';
  throw new IoRefusal(415, 'unsupportedType', IMPORT_MSG.unsupportedType(name || ext), { name: name || ext });
}

function readCsv(bytes: Uint8Array): Sheet {
  const content = decodeText(bytes).replace(/^\uFEFF/, '');
  let records;
  try {
    // Stops as soon as the limit is passed: a million-row file is never held in full.
    records = parseCsv(content, RECORD_IMPORT_LIMITS.maxRows + 1);
  } catch (e) {
    // The registers' parser names its own limit: say ours.
    if (e instanceof IoRefusal && e.key.endsWith('.tooManyRows')) throw tooManyRows();
    throw e;
  }
  const [header, ...rest] = records;
  if (rest.length > RECORD_IMPORT_LIMITS.maxRows) throw tooManyRows();
  if (!header || !rest.length) throw new IoRefusal(400, 'empty', REFUSAL.empty());
  return { format: 'csv', headerRow: header.row, headers: header.cells, rows: rest };
}

/** Reads an upload within the limits; refusals are `IoRefusal`s with the limit in the message. */
export async function readRecordFile(name: string, bytes: Uint8Array): Promise<Sheet> {
  const format = checkFile(name, bytes);
  const { maxRows, maxUnpackedBytes } = RECORD_IMPORT_LIMITS;
  const sheet = format === 'csv' ? readCsv(bytes) : await readXlsxSheet(name, bytes, { maxRows, maxUnpackedBytes, tooManyRows });
  assertStorableText(sheet);
  return sheet;
}

// ---------- the catalog item ----------

interface ImportItem {
  code: string;
  version: number;
  key: string;
  definition: FormDefinition;
  decisionDateField: string | null;
  category: string | null;
}

/** The current version of an item the viewer's department provides (`getFillForm`'s rule), fillers only. */
async function importableItem(db: Db, viewer: Viewer, code: string): Promise<ImportItem> {
  const form = await getFillForm(db, viewer, code);
  const item = (await listFillableItems(db, viewer)).find((r) => r.code === code && r.version === form.version);
  if (!viewer.roles.includes('filler') || !viewer.departmentCode || !item?.content.providingDepartments?.includes(viewer.departmentCode)) {
    throw new DomainError('FORBIDDEN', 'registers.errors.field', { zh: IMPORT_MSG.notProvider(code)['zh-CN'], en: IMPORT_MSG.notProvider(code).en });
  }
  if (!viewer.departmentId) throw new DomainError('FORBIDDEN', 'records.errors.noDepartment');
  const decisionDateField = form.dualPublicity && item.content.decisionDateField ? item.content.decisionDateField : null;
  const category = (item.content as { category?: string }).category ?? null;
  return { code: form.code, version: form.version, key: form.key, definition: form.definition, decisionDateField, category };
}

/** Headers, drop-down lists for code lists and a 说明 sheet; no data, not audited. */
export async function recordTemplate(db: Db, viewer: Viewer, code: string): Promise<DownloadFile> {
  const item = await importableItem(db, viewer, code);
  const columns = importColumns(item.definition);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`${item.code}@${item.version}`.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ key: c.key, width: c.type === 'json' || c.field?.widget === 'textarea' ? 40 : 22, style: { numFmt: c.type === 'number' || c.type === 'integer' || c.type === 'date' ? 'General' : '@' } }));
  const header = ws.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.eachCell((cell, i) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: columns[i - 1]?.required ? 'FFFDE9D9' : 'FFEFF3F8' } };
  });
  const lists = wb.addWorksheet('选项', { state: 'hidden' });
  const dv = (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  let listCol = 0;
  columns.forEach((c, i) => {
    const values = c.type === 'boolean' ? ['是', '否'] : c.type !== 'array' ? c.options?.map((o) => o.value) : undefined;
    if (!values?.length) return;
    listCol += 1;
    values.forEach((v, r) => (lists.getCell(r + 1, listCol).value = v));
    const L1 = colLetter(listCol);
    const col = colLetter(i + 1);
    dv.add(`${col}2:${col}${RECORD_IMPORT_LIMITS.maxRows + 1}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`'选项'!$${L1}$1:$${L1}$${values.length}`],
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: c.label['zh-CN'].slice(0, 32),
      error: `请从列表中选择：${values.join('、')}`.slice(0, 255),
    });
  });
  const guide = wb.addWorksheet('说明');
  guide.columns = [{ width: 36 }, { width: 10 }, { width: 14 }, { width: 60 }];
  guide.addRow([`${item.code}@${item.version} 导入说明 / Import guide`]).font = { bold: true, size: 14 };
  for (const [zh, en] of [
    ['第 1 行是表头，请勿改动列名；导入按括号中的字段键识别列。', 'Row 1 is the header: keep the column names; import finds columns by the key in parentheses.'],
    [`一次最多 ${fmt(RECORD_IMPORT_LIMITS.maxRows)} 行数据，文件不超过 ${RECORD_IMPORT_LIMITS.maxBytes / 1048576} MB；支持 .xlsx 和 .csv（UTF-8 或 GB18030）。`, `At most ${fmt(RECORD_IMPORT_LIMITS.maxRows)} data rows and ${RECORD_IMPORT_LIMITS.maxBytes / 1048576} MB per file; .xlsx and .csv (UTF-8 or GB18030).`],
    ['主体类型为“自然人”时主体代码填写居民身份证号，其他类型填写统一社会信用代码；代码中的空格、全角字符和小写字母会自动规范。', 'For 自然人 (natural person) the subject code is the resident ID number, otherwise the unified social credit code; spaces, full-width characters and lower case in codes are corrected automatically.'],
    ['标为“按主体填写”的列可以留空，系统按主体列填写；如填写，必须与主体列一致。', 'Columns marked "from the subject" may be left empty and are filled in from the subject columns; if filled in, they must match them.'],
    ['日期写作 YYYY-MM-DD（也接受 Excel 日期单元格）；是/否列填写“是”或“否”；多个值用“;”分隔。', 'Dates as YYYY-MM-DD (Excel date cells accepted); yes/no columns take 是 or 否; several values are separated by ";".'],
    ['先试运行查看逐行错误，下载带批注的错误报告修改后重新上传；导入的记录为“已提交”状态，等待审核。', 'Dry-run first to see errors per row; download the annotated report, fix and upload again. Imported records are submitted for review.'],
  ]) {
    guide.addRow([zh, '', '', en]).alignment = { wrapText: true, vertical: 'top' };
  }
  guide.addRow([]);
  guide.addRow(['列 Column', '必填 Required', '类型 Type', '可选值 Allowed values']).font = { bold: true };
  for (const c of columns) guide.addRow([c.header, c.bound ? '按主体填写 / from the subject' : c.required ? '是' : '否', c.type === 'array' ? `array<${c.itemType}>` : c.type, c.options?.map((o) => o.value).join('、') ?? '']).alignment = { wrapText: true, vertical: 'top' };
  const buf = await wb.xlsx.writeBuffer();
  return { fileName: `${item.code}-${item.version}-template.xlsx`, contentType: XLSX_TYPE, body: new Uint8Array(buf as ArrayBuffer), rows: 0 };
}

function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

// ---------- analysis ----------

interface ValidRow {
  subjectType: string;
  subjectCode: string;
  subjectName: string;
  data: Record<string, unknown>;
}

interface Analysis {
  item: ImportItem;
  sheet: Sheet;
  issues: RecordImportIssue[];
  /** Valid rows in file order (null where the row has an issue). */
  valid: (ValidRow | null)[];
  validCount: number;
  headerProblem: boolean;
}

const tick = () => new Promise<void>((r) => setImmediate(r));

function subjectMessage(e: { key: string; params?: Record<string, unknown> }): Localized {
  const p = (e.params ?? {}) as Record<string, string | number>;
  if (typeof p.zh === 'string' && typeof p.en === 'string') return { 'zh-CN': p.zh, en: p.en };
  return { 'zh-CN': translate('zh-CN', e.key, p), en: translate('en', e.key, p) };
}

async function analyse(item: ImportItem, sheet: Sheet, onProgress?: (p: ImportProgress) => void): Promise<Analysis> {
  const columns = importColumns(item.definition);
  const issues: RecordImportIssue[] = [];
  const at: (ImportColumn | null)[] = [];
  const seen = new Map<string, number>();
  sheet.headers.forEach((h, i) => {
    const c = matchHeader(columns, String(h ?? ''));
    if (c === 'errors' || (c === null && !String(h ?? '').trim())) return void at.push(null);
    if (c === null) {
      issues.push({ row: sheet.headerRow, column: String(h), message: IMPORT_MSG.unknownColumn(String(h)) });
      return void at.push(null);
    }
    if (seen.has(c.key)) {
      issues.push({ row: sheet.headerRow, column: String(h), message: IMPORT_MSG.duplicateColumn(String(h)) });
      return void at.push(null);
    }
    seen.set(c.key, i);
    at.push(c);
  });
  for (const c of columns) if (c.required && !seen.has(c.key)) issues.push({ row: sheet.headerRow, column: c.header, message: IMPORT_MSG.missingColumn(c.header) });
  const headerProblem = issues.length > 0;
  const headerName = (c: ImportColumn) => {
    const i = seen.get(c.key);
    return i === undefined ? c.header : String(sheet.headers[i]);
  };
  const byKey = new Map(columns.map((c) => [c.key, c]));

  const total = sheet.rows.length;
  const valid: (ValidRow | null)[] = new Array(total).fill(null);
  let validCount = 0;
  onProgress?.({ phase: 'validate', done: 0, total });
  for (let r = 0; r < total; r++) {
    const { row, cells } = sheet.rows[r]!;
    const rowIssues: RecordImportIssue[] = [];
    const subject = { subjectType: '', subjectCode: '', subjectName: '' } as Record<string, string>;
    const data: Record<string, unknown> = {};
    for (let i = 0; i < at.length; i++) {
      const c = at[i];
      if (!c) continue;
      const d = decode(c, cells[i]);
      if (d.error) rowIssues.push({ row, column: String(sheet.headers[i]), message: d.error });
      else if (c.subject) subject[c.key] = d.value === undefined ? '' : String(d.value);
      else if (d.value !== undefined) data[c.key] = d.value;
    }
    const input = { catalogCode: item.code, catalogVersion: item.version, subjectType: subject.subjectType!, subjectCode: subject.subjectCode!, subjectName: subject.subjectName!, data };
    // A subject type the cell decoder already refused is not reported twice.
    for (const e of checkSubject(input)) {
      const c = byKey.get(e.path)!;
      if (!rowIssues.some((x) => x.column === headerName(c))) rowIssues.push({ row, column: headerName(c), message: subjectMessage(e) });
    }
    // The subject columns are the subject: columns bound to it are filled from them or must agree.
    const prepared = prepare(item.definition, item.key, data, { subject: subjectOf(input) });
    for (const i of prepared.issues) {
      const top = i.path.split('.')[0] ?? '';
      const c = byKey.get(top);
      if (c && rowIssues.some((x) => x.column === headerName(c))) continue;
      rowIssues.push({ row, column: c ? headerName(c) : '', message: i.path && !c ? L(`${i.path}：${i.message['zh-CN']}`, `${i.path}: ${i.message.en}`) : i.message });
    }
    if (rowIssues.length) issues.push(...rowIssues);
    else {
      const s = subjectOf(input);
      valid[r] = { subjectType: s.type, subjectCode: s.code, subjectName: s.name, data: prepared.data };
      validCount += 1;
    }
    if ((r + 1) % 2_000 === 0) {
      onProgress?.({ phase: 'validate', done: r + 1, total });
      await tick();
    }
  }
  onProgress?.({ phase: 'validate', done: total, total });
  return { item, sheet, issues, valid, validCount: headerProblem ? 0 : validCount, headerProblem };
}

async function analyseUpload(db: Db, viewer: Viewer, input: RecordImportInput): Promise<Analysis> {
  if (!RECORD_IMPORT_MODES.includes(input.mode)) throw new IoRefusal(400, 'badMode', IMPORT_MSG.badMode());
  const item = await importableItem(db, viewer, input.itemCode);
  input.onProgress?.({ phase: 'parse', done: 0, total: input.bytes.byteLength });
  const sheet = await readRecordFile(input.fileName, input.bytes);
  input.onProgress?.({ phase: 'parse', done: input.bytes.byteLength, total: input.bytes.byteLength });
  await tick();
  return analyse(item, sheet, input.onProgress);
}

function reportOf(a: Analysis, mode: RecordImportMode, inserted: number, committed: boolean): RecordImportReport {
  const rows = a.sheet.rows.length;
  return {
    ok: a.issues.length === 0,
    mode,
    catalog: { code: a.item.code, version: a.item.version },
    rows,
    valid: a.validCount,
    inserted,
    skipped: rows - inserted,
    committed,
    errors: a.issues.slice(0, MAX_REPORTED_ERRORS),
    errorCount: a.issues.length,
  };
}

/** Dry run, or a commit of the valid rows / of all rows, in one transaction with one audit row. */
export async function importRecords(db: Db, actor: Actor, viewer: Viewer, input: RecordImportInput): Promise<RecordImportReport> {
  const a = await analyseUpload(db, viewer, input);
  const mode = input.mode;
  if (mode === 'dry-run' || a.headerProblem || a.validCount === 0 || (mode === 'commit-all' && a.issues.length > 0)) return reportOf(a, mode, 0, false);

  const departmentId = viewer.departmentId!;
  const createdBy = actor.id!;
  const field = a.item.decisionDateField;
  // Due dates: one calendar read per import, one computation per distinct decision date.
  const calendar = field ? await loadCalendar(db) : null;
  const dueOf = new Map<string, string>();
  const rowsHash = createHash('sha256');
  const total = a.validCount;
  let inserted = 0;

  await db.transaction(async (tx) => {
    const rows: GateRow[] = [];
    for (const v of a.valid) {
      if (!v) continue;
      let decisionDate: string | null = null;
      let dueDate: string | null = null;
      const d = field ? v.data[field] : undefined;
      if (calendar && typeof d === 'string') {
        decisionDate = d;
        dueDate = dueOf.get(d) ?? addWorkingDays(d, 7, calendar);
        dueOf.set(d, dueDate);
      }
      rowsHash.update(JSON.stringify([v.subjectType, v.subjectCode, v.subjectName, v.data, decisionDate, dueDate]) + '\n');
      rows.push({ subjectType: v.subjectType, subjectCode: v.subjectCode, subjectName: v.subjectName, data: v.data, decisionDate, dueDate, contributors: [createdBy] });
    }
    input.onProgress?.({ phase: 'write', done: 0, total });
    const outcome = await submitRecords(tx, actor, {
      departmentId,
      item: { code: a.item.code, version: a.item.version, category: a.item.category },
      rows,
      onWritten: (done) => input.onProgress?.({ phase: 'write', done, total }),
    });
    inserted = outcome.ids.length;
    const { instances, effects } = outcome.fold;
    await appendAudit(tx, actor, {
      action: 'record.import',
      objectType: 'catalog',
      objectId: a.item.code,
      after: {
        catalog: `${a.item.code}@${a.item.version}`,
        mode,
        fileName: input.fileName,
        rows: a.sheet.rows.length,
        inserted,
        skipped: a.sheet.rows.length - inserted,
        sha256: createHash('sha256').update(input.bytes).digest('hex'),
        rowsSha256: rowsHash.digest('hex'),
        // Each record's instance and its events (or the effect of a flow that decided at once).
        flow: outcome.flowCode
          ? { code: outcome.flowCode, flow: instances[0]?.flow ?? null, instances: instances.length, eventsSha256: createHash('sha256').update(canonicalize(instances) ?? '').digest('hex'), effects: effects.length, effectsSha256: createHash('sha256').update(canonicalize(effects) ?? '').digest('hex') }
          : null,
      },
    });
  });
  return reportOf(a, mode, inserted, true);
}

// ---------- the annotated workbook ----------


/** The uploaded rows as they were + an "错误 / Errors" column, faulty cells red, and a problem list. */
async function annotatedWorkbook(a: Analysis, locale: Locale, fileName: string): Promise<DownloadFile> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('导入报告 Report', { views: [{ state: 'frozen', ySplit: 1 }] });
  const headers = a.sheet.headers.map((h) => String(h ?? ''));
  const errIdx = headers.indexOf(ERRORS_HEADER);
  const missing = a.issues.filter((i) => i.row === a.sheet.headerRow && !headers.includes(i.column)).map((i) => i.column);
  const allHeaders = [...headers, ...missing];
  const errorsAt = errIdx >= 0 ? errIdx + 1 : allHeaders.length + 1;
  const header = ws.addRow(allHeaders.map(inertText));
  header.font = { bold: true };
  header.getCell(errorsAt).value = ERRORS_HEADER;
  header.getCell(errorsAt).font = { bold: true, ...RED_FONT };
  ws.getColumn(errorsAt).width = 60;
  const colIndex = (column: string) => allHeaders.indexOf(column) + 1;
  const byRow = new Map<number, RecordImportIssue[]>();
  for (const i of a.issues) {
    const list = byRow.get(i.row);
    if (list) list.push(i);
    else byRow.set(i.row, [i]);
  }
  for (const i of byRow.get(a.sheet.headerRow) ?? []) {
    const c = colIndex(i.column);
    if (c > 0) header.getCell(c).fill = RED;
  }
  for (const r of a.sheet.rows) {
    const cells = r.cells.map((c) => (c === undefined ? null : inertCell(c)));
    if (errIdx >= 0) cells[errIdx] = null;
    const row = ws.addRow(cells);
    const issues = byRow.get(r.row);
    if (issues) markRowIssues(row, issues, colIndex, errorsAt, locale);
  }
  addProblemsSheet(wb, a.issues);
  const buf = await wb.xlsx.writeBuffer();
  return { fileName: `${reportBaseName(fileName)}-report.xlsx`, contentType: XLSX_TYPE, body: new Uint8Array(buf as ArrayBuffer), rows: a.sheet.rows.length };
}

/** A dry run whose result is the annotated workbook. */
export async function recordImportReportFile(db: Db, viewer: Viewer, input: Omit<RecordImportInput, 'mode'> & { locale: Locale }): Promise<DownloadFile & { report: RecordImportReport }> {
  const a = await analyseUpload(db, viewer, { ...input, mode: 'dry-run' });
  return { ...(await annotatedWorkbook(a, input.locale, input.fileName)), report: reportOf(a, 'dry-run', 0, false) };
}
