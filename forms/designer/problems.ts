/**
 * The designer's verdict on a definition: the checker's problems (`formDefinitionProblems`, which
 * includes the JSON Schema subset check of ../subset and the compile check of `schemaProblem`),
 * each placed on the field it concerns (and the part of it: label, visibleIf …) so the field list
 * can badge it and the side panel can say it next to the right control. The rest is summarised.
 */
import type { Localized } from '../../catalog/types';
import { formDefinitionProblems, formModel, type FormDefinition } from '../definition';
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

export { patternProblem } from '../subset';

/** Schema keywords the side panel edits, so their problems are shown next to their inputs. */
const SCHEMA_ASPECTS = new Set(['pattern', 'enum', 'minimum', 'maximum', 'minLength', 'maxLength', 'format', 'multipleOf']);

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

/** Every problem of a definition, placed on its field. Empty when the definition can be saved. */
export function definitionProblemsByField(def: unknown): FieldProblem[] {
  const base = formDefinitionProblems(def);
  if (designProblem(def) !== null) {
    return base.map((p) => ({ field: '', aspect: '', message: p.message, path: p.path }));
  }
  const d = def as unknown as FormDefinition;
  const fieldPaths = new Set(formModel(d).byPath.keys());
  return base.map((p) => ({ ...place(p.path, fieldPaths), message: p.message, path: p.path }));
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
