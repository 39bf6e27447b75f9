/**
 * Spreadsheet columns of a register, derived from its kind definition, and the cell codec per
 * widget. Export encodes content into cells with `encodeCell`; import decodes cells with
 * `decodeCell`, which is lenient about what people type (labels for enum values, 是/否 or
 * true/false, Excel dates, full-width separators) and precise about what it refuses.
 */
import type { FieldUi, Localized, RowColumn, Widget } from '../../../catalog/types';
import type { LoadedKind } from '../kinds';
import { isIsoDate } from '../dates';
import { MSG } from './messages';

/** A cell as read from a sheet (exceljs values are normalized to these). */
export type Cell = string | number | boolean | Date | null;

export type ColumnRole = 'code' | 'field' | 'meta';

export interface IoColumn {
  key: string;
  role: ColumnRole;
  /** Header text: zh-CN label with the key in parentheses, e.g. `措施内容 (text)`. */
  header: string;
  label: Localized;
  widget: Widget;
  ui?: FieldUi;
  /** A required column: the code and the schema's required fields. */
  required: boolean;
  /** Allowed stored values (select / checkboxes), with their labels. */
  options?: { value: string; label: Localized }[];
}

export const CODE_LABEL: Localized = { 'zh-CN': '编码', en: 'Code' };
/** Read-only columns an export adds after the fields; import recognizes and ignores them. */
export const META_COLUMNS: { key: string; label: Localized }[] = [
  { key: 'version', label: { 'zh-CN': '版本', en: 'Version' } },
  { key: 'status', label: { 'zh-CN': '状态', en: 'Status' } },
  { key: 'validFrom', label: { 'zh-CN': '生效日期', en: 'Valid from' } },
  { key: 'validTo', label: { 'zh-CN': '失效日期', en: 'Valid to' } },
];
/** The column the annotated report appends; ignored when the fixed file comes back. */
export const ERRORS_HEADER = '错误 / Errors';

export const headerOf = (label: Localized, key: string) => `${label['zh-CN']} (${key})`;

type PropSchema = Record<string, unknown>;

/** The widget of a field: from ui, else inferred from its schema. */
export function widgetOf(ui: FieldUi | undefined, schema: PropSchema | undefined): Widget {
  if (ui?.widget) return ui.widget;
  const type = schema?.type;
  if (type === 'string') return schema?.format === 'date' ? 'date' : Array.isArray(schema?.enum) ? 'select' : 'text';
  if (type === 'integer') return 'integer';
  if (type === 'number') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'array') {
    const items = schema?.items as PropSchema | undefined;
    if (items?.type === 'string') return Array.isArray(items.enum) ? 'checkboxes' : 'tags';
  }
  return 'json';
}

function optionsOf(ui: FieldUi | undefined, schema: PropSchema | undefined, widget: Widget): IoColumn['options'] {
  if (widget !== 'select' && widget !== 'checkboxes') return undefined;
  const source = widget === 'select' ? schema : (schema?.items as PropSchema | undefined);
  const values = Array.isArray(source?.enum) ? (source!.enum as unknown[]).map(String) : Object.keys(ui?.options ?? {});
  if (!values.length) return undefined;
  return values.map((value) => ({ value, label: ui?.options?.[value] ?? { 'zh-CN': value, en: value } }));
}

/** Code first, then `ui.order`, then any schema field the order leaves out (so nothing is lost). */
export function columnsOf(kind: LoadedKind, withMeta = false): IoColumn[] {
  const props = (kind.schema.properties ?? {}) as Record<string, PropSchema>;
  const required = new Set(kind.schema.required ?? []);
  const keys = [...kind.ui.order.filter((k) => k in props), ...Object.keys(props).filter((k) => !kind.ui.order.includes(k))];
  const cols: IoColumn[] = [{ key: 'code', role: 'code', header: headerOf(CODE_LABEL, 'code'), label: CODE_LABEL, widget: 'text', required: true }];
  for (const key of [...new Set(keys)]) {
    const ui = kind.ui.fields[key];
    const label = ui?.label ?? { 'zh-CN': key, en: key };
    const widget = widgetOf(ui, props[key]);
    cols.push({ key, role: 'field', header: headerOf(label, key), label, widget, ui, required: required.has(key), options: optionsOf(ui, props[key], widget) });
  }
  // A kind may have its own field called e.g. `status`: the field wins, the meta column is left out.
  if (withMeta) for (const m of META_COLUMNS.filter((x) => !(x.key in props))) cols.push({ key: m.key, role: 'meta', header: headerOf(m.label, m.key), label: m.label, widget: 'text', required: false });
  return cols;
}

// ---------- encode (export) ----------

const LIST_JOIN = '；';

function refToText(ref: unknown, refKind: string | undefined): string {
  if (!ref || typeof ref !== 'object') return '';
  const r = ref as { kind?: string; code?: string; version?: number | null };
  if (!r.code) return '';
  const kind = r.kind && r.kind !== refKind ? `${r.kind}:` : '';
  return `${kind}${r.code}${r.version != null ? `@${r.version}` : ''}`;
}

/** The cell for a stored value (null = empty cell). */
export function encodeCell(col: IoColumn, value: unknown): string | number | null {
  if (value === undefined || value === null) return null;
  switch (col.widget) {
    case 'integer':
    case 'number':
      return typeof value === 'number' ? value : String(value);
    case 'boolean':
      return value === true ? '是' : value === false ? '否' : String(value);
    case 'checkboxes':
    case 'tags':
    case 'grades':
    case 'departments':
      return Array.isArray(value) ? value.map(String).join(LIST_JOIN) : String(value);
    case 'legal-basis':
      if (!Array.isArray(value)) return JSON.stringify(value);
      return value
        .map((b: { name?: string; number?: string; article?: string }) => {
          const parts = [b?.name ?? '', b?.number ?? '', b?.article ?? ''];
          while (parts.length > 1 && !parts[parts.length - 1]) parts.pop();
          return parts.join('|');
        })
        .join('\n');
    case 'rows':
      return encodeRows(col.ui?.columns ?? [], value);
    case 'reference':
      return refToText(value, col.ui?.refKind) || null;
    case 'references':
      return Array.isArray(value) ? value.map((r) => refToText(r, col.ui?.refKind)).filter(Boolean).join(LIST_JOIN) : null;
    case 'form-definition':
    case 'docx-template':
    case 'json':
      return JSON.stringify(value);
    default:
      return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

// ---------- decode (import) ----------

export type Decoded = { value: unknown; error?: undefined } | { value?: undefined; error: Localized };

export function isBlank(cell: Cell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

function cellText(cell: Cell): string {
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell);
}

const TRUE = new Set(['是', 'true', 'yes', 'y', '1', '对', '√', 't']);
const FALSE = new Set(['否', 'false', 'no', 'n', '0', '错', '×', 'f']);

/** Excel serial day number (1900 system) to YYYY-MM-DD. */
function serialToDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  const d = new Date(Math.round((serial - 25569) * 86400000));
  return d.toISOString().slice(0, 10);
}

export function decodeDate(cell: Cell): Decoded {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return { error: MSG.badDate(cell) };
    // exceljs reads date cells as UTC midnight of the written day; keep the calendar day.
    return { value: cell.toISOString().slice(0, 10) };
  }
  if (typeof cell === 'number') {
    const d = serialToDate(cell);
    return d ? { value: d } : { error: MSG.badDate(cell) };
  }
  const s = String(cell).trim();
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s);
  if (m) {
    const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
    if (isIsoDate(iso)) return { value: iso };
  }
  if (/^\d+(\.\d+)?$/.test(s)) {
    const d = serialToDate(Number(s));
    if (d && Number(s) > 10000) return { value: d };
  }
  return { error: MSG.badDate(s) };
}

function decodeNumber(cell: Cell, integer: boolean): Decoded {
  let v: number;
  if (typeof cell === 'number') v = cell;
  else {
    const s = cellText(cell).trim().replace(/^\+/, '');
    const plain = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s) ? s.replace(/,/g, '') : s;
    v = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(plain) ? Number(plain) : Number.NaN;
  }
  if (!Number.isFinite(v)) return { error: MSG.badNumber(cell) };
  if (integer && !Number.isInteger(v)) return { error: MSG.notInteger(cell) };
  return { value: v };
}

function decodeBoolean(cell: Cell): Decoded {
  if (typeof cell === 'boolean') return { value: cell };
  const s = cellText(cell).trim().toLowerCase();
  if (TRUE.has(s)) return { value: true };
  if (FALSE.has(s)) return { value: false };
  return { error: MSG.badBoolean(cell) };
}

function splitList(text: string, alsoCommas: boolean): string[] {
  return text
    .split(alsoCommas ? /[;；\r\n,，、]+/ : /[;；\r\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A stored enum value from a value or one of its labels (zh-CN or en, case-insensitive). */
function optionValue(col: IoColumn, text: string): string | null {
  const opts = col.options;
  if (!opts) return text;
  const exact = opts.find((o) => o.value === text);
  if (exact) return exact.value;
  const lower = text.toLowerCase();
  const byLabel = opts.find((o) => o.value.toLowerCase() === lower || o.label['zh-CN'] === text || o.label.en.toLowerCase() === lower);
  return byLabel ? byLabel.value : null;
}

function allowed(col: IoColumn): string[] {
  return (col.options ?? []).map((o) => o.value);
}

function decodeRef(text: string, refKind: string | undefined): Decoded {
  const m = /^(?:([a-z][a-z0-9-]*)\s*[:：]\s*)?([^\s@:：]+)\s*(?:@\s*(\d+))?$/.exec(text.trim());
  if (!m) return { error: MSG.badReference(text) };
  const kind = m[1] ?? refKind;
  if (!kind) return { error: MSG.referenceKindMissing(text) };
  const ref: { kind: string; code: string; version?: number } = { kind, code: m[2]! };
  if (m[3]) ref.version = Number(m[3]);
  return { value: ref };
}

const ROW_SEPARATOR = /[|｜]/;
const ROW_UNSAFE = /[|｜\r\n]/;

/**
 * Rows as one line each, cells in column order separated by |, e.g. `严重|是|36|60` (empty cells
 * stay as empty places, lists joined with ；). Rows a line cannot carry faithfully (a | or line
 * break inside a value, a part no column names, a list cell holding ；) are written as JSON
 * instead, which the import also reads, so every value round-trips.
 */
function encodeRows(columns: readonly RowColumn[], value: unknown): string {
  const keys = new Set(columns.map((c) => c.key));
  const plain =
    columns.length > 0 &&
    Array.isArray(value) &&
    value.every(
      (r) =>
        r !== null &&
        typeof r === 'object' &&
        !Array.isArray(r) &&
        Object.keys(r).length > 0 &&
        Object.keys(r).every((k) => keys.has(k)) &&
        columns.every((c) => {
          const v = (r as Record<string, unknown>)[c.key];
          if (v === undefined) return true;
          if (c.widget === 'tags') return Array.isArray(v) && v.every((x) => typeof x === 'string' && x.trim() === x && x !== '' && !ROW_UNSAFE.test(x) && !/[;；]/.test(x));
          if (c.widget === 'boolean') return typeof v === 'boolean';
          if (c.widget === 'integer') return typeof v === 'number' && Number.isInteger(v);
          return typeof v === 'string' && v.trim() === v && v !== '' && !ROW_UNSAFE.test(v);
        }),
    );
  if (!plain) return JSON.stringify(value);
  return (value as Record<string, unknown>[])
    .map((r) => {
      const cells = columns.map((c) => {
        const v = r[c.key];
        if (v === undefined) return '';
        if (c.widget === 'boolean') return v ? '是' : '否';
        if (c.widget === 'tags') return (v as string[]).join(LIST_JOIN);
        return String(v);
      });
      while (cells.length > 1 && cells[cells.length - 1] === '') cells.pop();
      return cells.join('|');
    })
    .join('\n');
}

function decodeRows(columns: readonly RowColumn[], text: string): Decoded {
  if (text.trim().startsWith('[')) {
    try {
      return { value: JSON.parse(text) as unknown };
    } catch (e) {
      return { error: MSG.badJson((e as Error).message) };
    }
  }
  const rows: Record<string, unknown>[] = [];
  let n = 0;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (!line.trim()) continue;
    n += 1;
    const parts = line.split(ROW_SEPARATOR).map((p) => p.trim());
    if (parts.length > columns.length) return { error: MSG.badRow(n, line, columns.map((c) => c.label)) };
    const row: Record<string, unknown> = {};
    for (const [i, part] of parts.entries()) {
      const c = columns[i]!;
      if (part === '') continue;
      const d = c.widget === 'integer' ? decodeNumber(part, true) : c.widget === 'boolean' ? decodeBoolean(part) : { value: c.widget === 'tags' ? splitList(part, false) : part };
      if (d.error) return { error: MSG.badRowCell(n, c.label, d.error) };
      row[c.key] = d.value;
    }
    rows.push(row);
  }
  return { value: rows };
}

function decodeLegalBasis(text: string): Decoded {
  const items: { name: string; number?: string; article?: string }[] = [];
  const lines = text.split(/\r\n|\r|\n/).map((l) => l.trim());
  let n = 0;
  for (const line of lines) {
    if (!line) continue;
    n += 1;
    const parts = line.split(/[|｜]/).map((p) => p.trim());
    if (parts.length > 3 || !parts[0]) return { error: MSG.badLegalBasis(n, line) };
    const item: { name: string; number?: string; article?: string } = { name: parts[0] };
    if (parts[1]) item.number = parts[1];
    if (parts[2]) item.article = parts[2];
    items.push(item);
  }
  return { value: items };
}

/** Decodes one cell for a field column; `{ value: undefined }` means the cell is empty. */
export function decodeCell(col: IoColumn, cell: Cell | undefined): Decoded {
  if (cell === undefined || isBlank(cell)) return { value: undefined };
  const c = cell as Cell;
  switch (col.widget) {
    case 'integer':
      return decodeNumber(c, true);
    case 'number':
      return decodeNumber(c, false);
    case 'boolean':
      return decodeBoolean(c);
    case 'date':
      return decodeDate(c);
    case 'select': {
      const text = cellText(c).trim();
      const v = optionValue(col, text);
      return v === null ? { error: MSG.badOption(text, allowed(col)) } : { value: v };
    }
    case 'checkboxes': {
      const out: string[] = [];
      for (const part of splitList(cellText(c), true)) {
        const v = optionValue(col, part);
        if (v === null) return { error: MSG.badOption(part, allowed(col)) };
        out.push(v);
      }
      return { value: out };
    }
    case 'departments':
      return { value: splitList(cellText(c), true) };
    case 'tags':
    case 'grades':
      return { value: splitList(cellText(c), false) };
    case 'legal-basis':
      return decodeLegalBasis(cellText(c));
    case 'rows':
      return decodeRows(col.ui?.columns ?? [], cellText(c));
    case 'reference':
      return decodeRef(cellText(c), col.ui?.refKind);
    case 'references': {
      const out: unknown[] = [];
      for (const part of splitList(cellText(c), false)) {
        const d = decodeRef(part, col.ui?.refKind);
        if (d.error) return d;
        out.push(d.value);
      }
      return { value: out };
    }
    case 'form-definition':
    case 'docx-template':
    case 'json': {
      try {
        return { value: JSON.parse(cellText(c)) as unknown };
      } catch (e) {
        return { error: MSG.badJson((e as Error).message) };
      }
    }
    case 'text':
    case 'data-item':
      return { value: cellText(c).trim() };
    default:
      // textarea, rich-text: kept as written (line breaks and indentation matter in templates)
      return { value: cellText(c) };
  }
}

// ---------- headers ----------

const normalizeHeader = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The column a header names: `label (key)`, the bare key, or the exact zh-CN / en label. */
export function matchHeader(columns: IoColumn[], header: string): IoColumn | 'errors' | null {
  const h = normalizeHeader(header);
  if (!h) return null;
  // The report's Errors header may carry the header row's own problems after it.
  if (h.startsWith(ERRORS_HEADER) || /^错误\s*\/\s*errors\b/i.test(h)) return 'errors';
  const paren = /[(（]\s*([A-Za-z_$][\w$-]*)\s*[)）]$/.exec(h);
  if (paren) {
    const byKey = columns.find((c) => c.key === paren[1]);
    if (byKey) return byKey;
  }
  return (
    columns.find((c) => c.key === h) ??
    columns.find((c) => c.label['zh-CN'] === h) ??
    columns.find((c) => c.label.en.toLowerCase() === h.toLowerCase()) ??
    null
  );
}
