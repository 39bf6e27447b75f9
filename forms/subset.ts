/**
 * The JSON Schema subset of a form definition: what a form's data rules may contain, and the
 * checker that refuses everything else at save (register drafts, the designer, imports), in
 * zh-CN and en.
 *
 * Why a subset: a form is judged by the same function in the browser and on the server
 * (./effective#prepare), drawn by the renderer and read by imports, the diff and masking, which
 * all walk `properties` / `items`. Keywords those walkers do not understand (`$ref`, `$anchor`,
 * `$dynamicRef`, `oneOf`, `if`/`then` …) would change what a record means without the form
 * showing it, or fail when compiled for every record. So only what is listed here is accepted,
 * and a definition that uses anything else is refused before it is stored, with the keyword
 * named. The designer's help (messages `formHelp`) and the README document this same list;
 * `subset.test.ts` keeps them in step.
 *
 * Pure TS: runs in the browser and on the server.
 */
import type { Localized } from '../catalog/types';
import { isPlainObject } from './conditions';
import { UnsafePatternError, safeRegExp } from './safe-regex';

export const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** Keywords that every node may carry: they describe, they do not decide. */
const DESCRIPTIVE = ['title', 'description', '$comment'] as const;

/**
 * What each kind of node may contain. `root` is the form, `group` a nested object, `rows` a
 * repeating group (a list), `row` the object each row is, the others fields of that type.
 */
export const SUBSET_KEYWORDS = {
  root: ['$schema', '$id', 'type', 'properties', 'required', 'additionalProperties', ...DESCRIPTIVE],
  group: ['type', 'properties', 'required', 'additionalProperties', ...DESCRIPTIVE],
  rows: ['type', 'items', 'minItems', 'maxItems', 'x-messages', ...DESCRIPTIVE],
  row: ['type', 'properties', 'required', 'additionalProperties', ...DESCRIPTIVE],
  string: ['type', 'enum', 'minLength', 'maxLength', 'pattern', 'format', 'x-messages', ...DESCRIPTIVE],
  number: ['type', 'enum', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'format', 'x-messages', ...DESCRIPTIVE],
  integer: ['type', 'enum', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'format', 'x-messages', ...DESCRIPTIVE],
  boolean: ['type', 'x-messages', ...DESCRIPTIVE],
} as const satisfies Record<string, readonly string[]>;
export type SubsetNode = keyof typeof SUBSET_KEYWORDS;

/** Every keyword of the subset, once, in the order the help lists them. */
export const ALL_SUBSET_KEYWORDS: readonly string[] = [...new Set(Object.values(SUBSET_KEYWORDS).flat())];

/** Formats by field type: the standard `date` and `email`, and the domain formats (./formats). */
export const SUBSET_FORMATS = {
  string: ['date', 'uscc', 'resident-id', 'phone', 'email'],
  number: ['money-wan'],
  integer: ['money-wan'],
} as const;
export const ALL_SUBSET_FORMATS: readonly string[] = [...new Set(Object.values(SUBSET_FORMATS).flat())];

/** Field types a field may declare (`type`), with the node kind each one is. */
const FIELD_TYPES: Record<string, SubsetNode> = { string: 'string', number: 'number', integer: 'integer', boolean: 'boolean', object: 'group', array: 'rows' };

/** Keys of a field's UI entry (`ui.fields.<path>`), as forms/definition's FormFieldUi declares them. */
export const UI_FIELD_KEYS = ['label', 'help', 'placeholder', 'widget', 'section', 'visibleIf', 'requiredIf', 'personal', 'mask', 'options', 'order', 'subject'] as const;

/**
 * Field names that every JavaScript object already answers to (toString, valueOf,
 * hasOwnProperty …) or that reach its prototype (__proto__, constructor, prototype). Data is
 * judged by own properties only, but a form whose field is called `toString` invites every
 * later reader of the record to get it wrong, so such names are refused at save.
 */
export const RESERVED_FIELD_KEYS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

export interface SubsetProblem {
  path: string;
  message: Localized;
}

const L = (zh: string, en: string): Localized => ({ 'zh-CN': zh, en });
const list = (xs: readonly string[], lang: 'zh' | 'en') => xs.map((x) => (lang === 'zh' ? `「${x}」` : `"${x}"`)).join(lang === 'zh' ? '、' : ', ');

const PATTERN_REASONS: Record<string, Localized> = {
  backreference: L('不能使用反向引用（如 \\1）', 'backreferences (such as \\1) are not allowed'),
  lookaround: L('不能使用前瞻或后顾断言（如 (?=…)）', 'lookahead and lookbehind (such as (?=…)) are not allowed'),
  unsupported: L('使用了线性时间引擎不支持的语法', 'it uses syntax the linear-time engine does not run'),
  flags: L('使用了不支持的标志', 'it uses an unsupported flag'),
};

/**
 * Why a definition's pattern cannot be used, in both languages; null when it can. Patterns run
 * on a linear-time engine (./safe-regex), so constructs that need backtracking are refused.
 */
export function patternProblem(pattern: string): Localized | null {
  try {
    // Ajv compiles schema patterns with the "u" flag.
    safeRegExp(pattern, 'u');
    return null;
  } catch (e) {
    if (!(e instanceof UnsafePatternError)) throw e;
    if (e.reason === 'invalid') return L(`正则表达式 /${pattern}/ 无效，请修正。`, e.message);
    const why = PATTERN_REASONS[e.reason] ?? PATTERN_REASONS.unsupported!;
    return L(`正则表达式 /${pattern}/ 不安全：${why['zh-CN']}。定义中的正则按线性时间执行，请改写。`, e.message);
  }
}

/** Why `key` cannot name a field; null when it can. The designer's rename says the same. */
export function fieldKeyProblem(key: string): Localized | null {
  if (RESERVED_FIELD_KEYS.has(key)) {
    return L(
      `字段名「${key}」是系统保留的名称（每个对象都自带的属性），不能用作字段名，请改名（例如加上前缀：“f_${key}”）。`,
      `Field name "${key}" is reserved (every object already has a property of that name); rename the field (e.g. with a prefix: "f_${key}").`,
    );
  }
  if (key === '' || /^\d+$/.test(key) || key.startsWith('$') || key.includes('.') || /\s/.test(key)) {
    return L(`字段名「${key}」无效：不能为空、纯数字、以“$”开头，不能含“.”或空白。请改名。`, `Field name "${key}" is not allowed: it must not be empty, all digits, start with "$", or contain "." or spaces. Rename it.`);
  }
  return null;
}

const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

type Add = (path: string, zh: string, en: string) => void;
/** How a field is named in messages (its label, with its key), by dotted path; '' is the form. */
export type NameOf = (path: string) => Localized;

const byPath: NameOf = (path) => (path ? L(path, path) : L('表单', 'the form'));

/** The node kind of a field schema, or a problem. */
function nodeOf(s: Record<string, unknown>): SubsetNode | 'untyped' | 'bad-type' {
  if (s.type === undefined) return isPlainObject(s.properties) ? 'group' : 'untyped';
  if (typeof s.type !== 'string') return 'bad-type';
  return Object.hasOwn(FIELD_TYPES, s.type) ? FIELD_TYPES[s.type]! : 'bad-type';
}

function outsideSubset(kw: string, path: string, who: Localized, add: Add): void {
  add(
    path,
    `${who['zh-CN']}使用了表单不支持的 JSON Schema 关键字「${kw}」。表单定义只支持设计器“帮助”中列出的写法，请删除它或改用支持的写法。`,
    `${who.en} uses the JSON Schema keyword "${kw}", which forms do not support. Form definitions support only what the designer's help lists; remove it or use a supported keyword.`,
  );
}

/** Checks the keywords of one node (not its children). */
function checkNode(s: Record<string, unknown>, node: SubsetNode, at: string, name: string, add: Add, nameOf: NameOf): void {
  const allowed: readonly string[] = SUBSET_KEYWORDS[node];
  const { 'zh-CN': zn, en } = nameOf(name);
  const who = name ? L(`字段「${zn}」`, `Field ${en}`) : L('表单', 'The form');
  for (const kw of Object.keys(s)) {
    if (allowed.includes(kw)) continue;
    const p = `${at}.${kw}`;
    if (ALL_SUBSET_KEYWORDS.includes(kw)) {
      add(p, `${who['zh-CN']}不能使用「${kw}」：这类字段只能使用 ${list(allowed, 'zh')}。`, `${who.en} cannot use "${kw}": this kind of field may only use ${list(allowed, 'en')}.`);
    } else outsideSubset(kw, p, who, add);
  }
  const has = (k: string) => Object.hasOwn(s, k) && allowed.includes(k);
  for (const k of DESCRIPTIVE) {
    if (has(k) && typeof s[k] !== 'string') add(`${at}.${k}`, `${who['zh-CN']}的「${k}」应为文字。`, `The "${k}" of ${en} must be text.`);
  }
  if (has('$schema') && s.$schema !== SCHEMA_DIALECT) add(`${at}.$schema`, `「$schema」只能是 ${SCHEMA_DIALECT}（JSON Schema 2020-12），或不写。`, `"$schema" may only be ${SCHEMA_DIALECT} (JSON Schema 2020-12), or left out.`);
  if (has('$id') && typeof s.$id !== 'string') add(`${at}.$id`, '「$id」应为文字。', '"$id" must be text.');
  if (has('additionalProperties') && typeof s.additionalProperties !== 'boolean') {
    add(`${at}.additionalProperties`, `${who['zh-CN']}的「additionalProperties」只能是 true 或 false。`, `The "additionalProperties" of ${en} may only be true or false.`);
  }
  if (has('required')) {
    const r = s.required;
    if (!Array.isArray(r) || r.some((x) => typeof x !== 'string') || new Set(r).size !== r.length) {
      add(`${at}.required`, `${who['zh-CN']}的「required」应为不重复的字段名列表。`, `The "required" of ${en} must be a list of field names, each once.`);
    }
  }
  for (const [lo, hi] of [['minLength', 'maxLength'], ['minItems', 'maxItems']] as const) {
    for (const k of [lo, hi]) if (has(k) && !isCount(s[k])) add(`${at}.${k}`, `字段「${zn}」的「${k}」应为不小于 0 的整数。`, `The "${k}" of ${en} must be a whole number, 0 or more.`);
    if (isCount(s[lo]) && isCount(s[hi]) && (s[lo] as number) > (s[hi] as number)) {
      add(`${at}.${hi}`, `字段「${zn}」的下限（${lo}）大于上限（${hi}），任何值都无法通过。`, `The lower limit (${lo}) of ${en} is above its upper limit (${hi}); no value could pass.`);
    }
  }
  for (const k of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const) {
    if (has(k) && !isFiniteNumber(s[k])) add(`${at}.${k}`, `字段「${zn}」的「${k}」应为数字。`, `The "${k}" of ${en} must be a number.`);
  }
  if (isFiniteNumber(s.minimum) && isFiniteNumber(s.maximum) && s.minimum > s.maximum) {
    add(`${at}.maximum`, `字段「${zn}」的最小值大于最大值，任何值都无法通过。`, `The minimum of ${en} is above its maximum; no value could pass.`);
  }
  if (has('multipleOf') && !(isFiniteNumber(s.multipleOf) && s.multipleOf > 0)) {
    add(`${at}.multipleOf`, `字段「${zn}」的「multipleOf」应为大于 0 的数字（如 0.01 表示最多两位小数）。`, `The "multipleOf" of ${en} must be a number above 0 (e.g. 0.01 for at most two decimals).`);
  }
  if (has('pattern')) {
    if (typeof s.pattern !== 'string') add(`${at}.pattern`, `字段「${zn}」的「pattern」应为正则表达式文字。`, `The "pattern" of ${en} must be a regular expression as text.`);
    else {
      const m = patternProblem(s.pattern);
      if (m) add(`${at}.pattern`, m['zh-CN'], m.en);
    }
  }
  if (has('format')) {
    const formats: readonly string[] = node === 'string' || node === 'number' || node === 'integer' ? SUBSET_FORMATS[node] : [];
    if (typeof s.format !== 'string' || !formats.includes(s.format)) {
      add(
        `${at}.format`,
        `字段「${zn}」的格式「${String(s.format)}」不受支持；${node === 'string' ? '文字' : '数值'}字段可用的格式：${list(formats, 'zh')}。`,
        `Field ${en} uses format "${String(s.format)}", which is not supported; ${node === 'string' ? 'text' : 'number'} fields may use ${list(formats, 'en')}.`,
      );
    }
  }
  if (has('enum')) {
    const e = s.enum;
    const want = node === 'string' ? 'string' : 'number';
    const ok = Array.isArray(e) && e.length > 0 && e.every((v) => typeof v === want && (node !== 'integer' || Number.isInteger(v)));
    if (!ok) {
      add(
        `${at}.enum`,
        `字段「${zn}」的可选值（enum）应为${want === 'string' ? '文字' : node === 'integer' ? '整数' : '数字'}列表，至少一项。`,
        `The allowed values (enum) of ${en} must be a list of at least one ${want === 'string' ? 'text' : node === 'integer' ? 'whole number' : 'number'}.`,
      );
    } else {
      const twice = [...new Set((e as unknown[]).filter((v, i) => (e as unknown[]).indexOf(v) !== i).map(String))];
      if (twice.length) add(`${at}.enum`, `字段「${zn}」的代码「${twice.join('、')}」重复。`, `Code ${twice.join(', ')} appears twice in ${en}.`);
    }
  }
  if (has('x-messages')) {
    const m = s['x-messages'];
    const good = isPlainObject(m) && Object.values(m).every((v) => isPlainObject(v) && typeof v['zh-CN'] === 'string' && v['zh-CN'].trim() !== '' && typeof v.en === 'string' && v.en.trim() !== '');
    if (!good) add(`${at}.x-messages`, `字段「${zn}」的「x-messages」应为 { 规则: { "zh-CN": 中文提示, "en": 英文提示 } }。`, `The "x-messages" of ${en} must be { rule: { "zh-CN": message, "en": message } }.`);
  }
}

function checkObject(obj: Record<string, unknown>, node: 'root' | 'group' | 'row', at: string, name: string, add: Add, nameOf: NameOf): void {
  checkNode(obj, node, at, name, add, nameOf);
  const { 'zh-CN': zn, en } = nameOf(name);
  if (node !== 'root' && obj.type !== undefined && obj.type !== 'object') add(`${at}.type`, `「${zn}」的每一行应为对象（type: "object"）。`, `Each row of ${en} must be an object (type: "object").`);
  const props = obj.properties;
  if (!isPlainObject(props)) return; // the structure check names it
  for (const [key, s] of Object.entries(props)) {
    if (!isPlainObject(s)) continue; // the structure check names it
    const p = `${at}.properties.${key}`;
    const fieldName = name ? `${name}.${key}` : key;
    const fn = nameOf(fieldName);
    const kind = nodeOf(s);
    if (kind === 'untyped') {
      add(`${p}`, `字段「${fn['zh-CN']}」需要写明类型（type）：string、number、integer、boolean、object 或 array。`, `Field ${fn.en} needs a type: string, number, integer, boolean, object or array.`);
      for (const kw of Object.keys(s)) if (!ALL_SUBSET_KEYWORDS.includes(kw)) outsideSubset(kw, `${p}.${kw}`, L(`字段「${fn['zh-CN']}」`, `Field ${fn.en}`), add);
      continue;
    }
    if (kind === 'bad-type') {
      add(`${p}.type`, `字段「${fn['zh-CN']}」的类型「${JSON.stringify(s.type)}」不受支持：只能写一个类型，string、number、integer、boolean、object 或 array。`, `Field ${fn.en} has type ${JSON.stringify(s.type)}, which is not supported: give one type, string, number, integer, boolean, object or array.`);
      continue;
    }
    if (kind === 'group') checkObject(s, 'group', p, fieldName, add, nameOf);
    else if (kind === 'rows') {
      checkNode(s, 'rows', p, fieldName, add, nameOf);
      if (isPlainObject(s.items) && isPlainObject(s.items.properties)) checkObject(s.items, 'row', `${p}.items`, fieldName, add, nameOf);
    } else checkNode(s, kind, p, fieldName, add, nameOf);
  }
}

/**
 * Everything in a form's JSON Schema that is outside the subset, each at its path with a
 * sentence in zh-CN and en. Structural problems (a property that is not an object, a list that
 * is not a repeating group, field names) are the definition checker's (./definition).
 */
export function schemaSubsetProblems(schema: Record<string, unknown>, nameOf: NameOf = byPath): SubsetProblem[] {
  const out: SubsetProblem[] = [];
  checkObject(schema, 'root', 'schema', '', (path, zh, en) => out.push({ path, message: L(zh, en) }), nameOf);
  return out;
}
