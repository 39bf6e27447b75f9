/**
 * The designer's verdict on a definition: the checker's problems (`formDefinitionProblems`, which
 * includes the meta-schema and compile check of `schemaProblem`) plus the few the designer adds,
 * each placed on the field it concerns (and the part of it: label, visibleIf …) so the field list
 * can badge it and the side panel can say it next to the right control. The rest is summarised.
 */
import type { Localized } from '../../catalog/types';
import { formDefinitionProblems, formModel, type DefinitionProblem, type FormDefinition } from '../definition';
import { UnsafePatternError, safeRegExp } from '../safe-regex';
import { designProblem } from './model';

export interface FieldProblem {
  /** Field path (`items.amount`), or '' for the form as a whole. */
  field: string;
  /** What part of the field: 'label', 'visibleIf', 'pattern', 'schema' … ('' when the whole field). */
  aspect: string;
  message: Localized;
  /** The checker's own path, for the JSON tab. */
  path: string;
}

const REASONS: Record<string, Localized> = {
  backreference: { 'zh-CN': '不能使用反向引用（如 \\1）', en: 'backreferences (such as \\1) are not allowed' },
  lookaround: { 'zh-CN': '不能使用前瞻或后顾断言（如 (?=…)）', en: 'lookahead and lookbehind (such as (?=…)) are not allowed' },
  unsupported: { 'zh-CN': '使用了线性时间引擎不支持的语法', en: 'it uses syntax the linear-time engine does not run' },
  flags: { 'zh-CN': '使用了不支持的标志', en: 'it uses an unsupported flag' },
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
    if (e.reason === 'invalid') return { 'zh-CN': `正则表达式 /${pattern}/ 无效，请修正。`, en: e.message };
    const why = REASONS[e.reason] ?? REASONS.unsupported!;
    return { 'zh-CN': `正则表达式 /${pattern}/ 不安全：${why['zh-CN']}。定义中的正则按线性时间执行，请改写。`, en: e.message };
  }
}

/** Schema keywords the side panel edits, so their problems are shown next to their inputs. */
const SCHEMA_ASPECTS = new Set(['pattern', 'enum', 'minimum', 'maximum', 'minLength', 'maxLength']);

/** The field path and aspect a checker path points at. */
function place(path: string, fieldPaths: Set<string>): { field: string; aspect: string } {
  const parts = path.split('.');
  if (parts[0] === 'ui' && parts[1] === 'fields' && parts.length > 2) {
    // ui.fields keys are dotted paths themselves: take the longest prefix that is a field.
    for (let n = parts.length; n > 2; n--) {
      const candidate = parts.slice(2, n).join('.');
      if (fieldPaths.has(candidate)) return { field: candidate, aspect: parts[n] ?? '' };
    }
    return { field: '', aspect: 'ui' };
  }
  if (parts[0] === 'schema') {
    const keys: string[] = [];
    let i = 1;
    while (parts[i] === 'properties' && parts[i + 1] !== undefined) {
      keys.push(parts[i + 1]!);
      i += 2;
      if (parts[i] === 'items' && parts[i + 1] === 'properties') i += 1;
    }
    if (!keys.length) return { field: '', aspect: 'schema' };
    const next = parts[i];
    return { field: keys.join('.'), aspect: next === undefined ? '' : SCHEMA_ASPECTS.has(next) ? next : 'schema' };
  }
  return { field: '', aspect: parts[1] === 'sections' ? 'sections' : parts[0] ?? '' };
}

/** Problems the checker leaves to Ajv's compile message, said per field here. */
function designerProblems(def: FormDefinition): DefinitionProblem[] {
  const out: DefinitionProblem[] = [];
  for (const f of formModel(def).all) {
    const at = `schema.properties.${f.path.split('.').join('.properties.')}`;
    if (typeof f.schema.pattern === 'string') {
      const m = patternProblem(f.schema.pattern);
      if (m) out.push({ path: `${at}.pattern`, message: m });
    }
    if (Array.isArray(f.schema.enum)) {
      const seen = new Set<string>();
      for (const v of f.schema.enum) {
        const code = String(v);
        if (seen.has(code)) out.push({ path: `${at}.enum`, message: { 'zh-CN': `字段「${f.label['zh-CN']}」的代码「${code}」重复。`, en: `Code ${code} appears twice in ${f.label.en}.` } });
        seen.add(code);
      }
    }
    for (const [lo, hi] of [['minimum', 'maximum'], ['minLength', 'maxLength']] as const) {
      const a = f.schema[lo];
      const b = f.schema[hi];
      if (typeof a === 'number' && typeof b === 'number' && a > b)
        out.push({ path: `${at}.${hi}`, message: { 'zh-CN': `字段「${f.label['zh-CN']}」的下限大于上限。`, en: `The lower limit of ${f.label.en} is above its upper limit.` } });
    }
  }
  return out;
}

/** Every problem of a definition, placed on its field. Empty when the definition can be saved. */
export function definitionProblemsByField(def: unknown): FieldProblem[] {
  const base = formDefinitionProblems(def);
  if (designProblem(def) !== null) {
    return base.map((p) => ({ field: '', aspect: '', message: p.message, path: p.path }));
  }
  const d = def as unknown as FormDefinition;
  const fieldPaths = new Set(formModel(d).byPath.keys());
  const all = [...base, ...designerProblems(d).filter((p) => !base.some((b) => b.path === p.path))];
  return all.map((p) => ({ ...place(p.path, fieldPaths), message: p.message, path: p.path }));
}

/** Problems grouped by field path ('' = the form as a whole). */
export function groupByField(problems: FieldProblem[]): Map<string, FieldProblem[]> {
  const out = new Map<string, FieldProblem[]>();
  for (const p of problems) out.set(p.field, [...(out.get(p.field) ?? []), p]);
  return out;
}

/**
 * A short hash of a definition, for the preview's validator cache key (`designer@<hash>`): every
 * edit is a new definition, and the shared cache must not hand back the validator of an earlier one.
 */
export function definitionHash(def: unknown): string {
  const s = JSON.stringify(def) ?? '';
  // cyrb53: two 32-bit lanes, enough to tell the versions of one editing session apart.
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
