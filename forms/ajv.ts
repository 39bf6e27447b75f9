/**
 * The one Ajv instance (JSON Schema draft 2020-12) shared by every definition in a process —
 * browser and server run this same module. Validators are compiled once and cached by key
 * (`<id>@<version>`), never per validation. Errors come back as field paths with messages in
 * zh-CN and en (ajv-i18n), or the schema's own `x-messages` where it gives one.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import localize from 'ajv-i18n';
import { registerDomainFormats, describeFormatFailure, isDomainFormat } from './formats';
import { ajvRegExpOption } from './safe-regex';
import { isMultipleOf } from './decimal';

export interface FieldIssue {
  /** dot path of the field, e.g. "legalBasis" or "legalBasis.0.name"; "" for the whole object */
  path: string;
  keyword: string;
  message: { 'zh-CN': string; en: string };
}

let ajv: Ajv2020 | null = null;

export function getAjv(): Ajv2020 {
  if (!ajv) {
    // Patterns in definitions are untrusted: they run on RE2 (linear time), never on backtracking RegExp.
    // ownProperties: a field named toString or valueOf is judged by the record's own keys, never
    // by what every object inherits (which made `required` pass and the type check fail).
    ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, messages: false, verbose: true, ownProperties: true, code: { regExp: ajvRegExpOption as never } });
    addFormats(ajv);
    // Ajv divides binary floats (0.07 is not a multiple of 0.01 there); amounts are decimals.
    ajv.removeKeyword('multipleOf');
    ajv.addKeyword({ keyword: 'multipleOf', type: 'number', schemaType: 'number', errors: true, validate: multipleOf });
    registerDomainFormats(ajv);
    // Our annotations: custom messages per keyword, and UI hints that travel inside schemas.
    ajv.addKeyword({ keyword: 'x-messages', schemaType: 'object' });
    ajv.addKeyword({ keyword: 'x-ui', schemaType: 'object' });
  }
  return ajv;
}

function multipleOf(this: unknown, divisor: number, data: number): boolean {
  if (isMultipleOf(data, divisor)) return true;
  // The params ajv-i18n words its message with ("must be a multiple of 0.01").
  // Ajv fills in where (instancePath, schemaPath) for errors of a validate keyword.
  multipleOf.errors = [{ keyword: 'multipleOf', params: { multipleOf: divisor } }];
  return false;
}
multipleOf.errors = undefined as Partial<ErrorObject>[] | undefined;

const cache = new Map<string, ValidateFunction>();

export class SchemaCompileError extends Error {}

/** Compiles (once per key) or throws SchemaCompileError with Ajv's reason. */
export function compileCached(key: string, schema: object): ValidateFunction {
  const hit = cache.get(key);
  if (hit) return hit;
  let fn: ValidateFunction;
  try {
    fn = getAjv().compile(stripId(schema));
  } catch (e) {
    throw new SchemaCompileError((e as Error).message);
  }
  cache.set(key, fn);
  return fn;
}

/** Checks that a schema compiles, without caching it. Returns the reason when it does not. */
export function schemaProblem(schema: unknown): string | null {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return 'schema must be a JSON object';
  try {
    getAjv().compile(stripId(schema as object));
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

function stripId(schema: object): object {
  // Ajv refuses to compile two schemas with one $id; our cache key is the identity instead.
  if ('$id' in schema) {
    const { $id: _id, ...rest } = schema as Record<string, unknown>;
    return rest;
  }
  return schema;
}

export function compiledCount(): number {
  return cache.size;
}

function toPath(e: ErrorObject): string {
  const base = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (e.keyword === 'required') base.push(String((e.params as { missingProperty: string }).missingProperty));
  if (e.keyword === 'additionalProperties') base.push(String((e.params as { additionalProperty: string }).additionalProperty));
  return base.join('.');
}

/** The schema node of the failing field, to read its `x-messages`. */
function fieldSchema(root: Record<string, unknown>, path: string): Record<string, unknown> | null {
  let node: Record<string, unknown> | undefined = root;
  for (const part of path.split('.').filter(Boolean)) {
    if (!node) return null;
    const props = node.properties as Record<string, Record<string, unknown>> | undefined;
    if (props && Object.hasOwn(props, part)) node = props[part];
    else if (/^\d+$/.test(part) && node.items && typeof node.items === 'object') node = node.items as Record<string, unknown>;
    else return null;
  }
  return node ?? null;
}

/**
 * Issues reported for one value, at most. Ajv (allErrors) lists one error per offending property,
 * so 4 MB of JSON holds ~350,000 of them; localising each one took seconds and a response of
 * megabytes. Nobody fixes the 201st problem before the first 200.
 */
export const MAX_ISSUES = 200;

export function issuesOf(allErrors: ErrorObject[] | null | undefined, rootSchema: object): FieldIssue[] {
  if (!allErrors?.length) return [];
  const errors = allErrors.slice(0, MAX_ISSUES);
  const zh = errors.map((e) => ({ ...e }));
  const en = errors.map((e) => ({ ...e }));
  localize.zh(zh);
  localize.en(en);
  const seen = new Set<string>();
  const out: FieldIssue[] = [];
  errors.forEach((e, i) => {
    const path = toPath(e);
    const key = `${path}|${e.keyword}`;
    if (seen.has(key)) return;
    seen.add(key);
    const node = fieldSchema(rootSchema as Record<string, unknown>, path);
    const custom = (node?.['x-messages'] as Record<string, { 'zh-CN': string; en: string }> | undefined)?.[e.keyword];
    // Domain formats say precisely what is wrong (e.g. which check character was expected).
    const formatted =
      e.keyword === 'format' && isDomainFormat(String((e.params as { format: string }).format))
        ? describeFormatFailure((e.params as { format: never }).format, String(e.data ?? ''), String(node?.title ?? path))
        : null;
    out.push({ path, keyword: e.keyword, message: custom ?? formatted ?? { 'zh-CN': zh[i]?.message ?? e.keyword, en: en[i]?.message ?? e.keyword } });
  });
  return out;
}

/** Validates with the cached validator; returns field issues (empty when valid). */
export function validateWith(key: string, schema: object, data: unknown): FieldIssue[] {
  const fn = compileCached(key, schema);
  if (fn(data)) return [];
  return issuesOf(fn.errors, schema);
}
