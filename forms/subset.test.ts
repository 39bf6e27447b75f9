import { describe, expect, it } from 'vitest';
import zh from '../messages/zh-CN.json';
import en from '../messages/en.json';
import reference from '../server/seed/data/reference-forms.json';
import { formDefinitionProblems, type FormDefinition } from './definition';
import { prepare } from './effective';
import { validateWith } from './ajv';
import { ALL_SUBSET_FORMATS, ALL_SUBSET_KEYWORDS, RESERVED_FIELD_KEYS, UI_FIELD_KEYS } from './subset';
import { xkDefinition } from './testing/xk-form';

const L = (zh: string, en = zh) => ({ 'zh-CN': zh, en });

/** A valid form with one text field whose schema each test replaces. */
function withField(schema: Record<string, unknown>, extra: Record<string, unknown> = {}): FormDefinition {
  return { schema: { type: 'object', properties: { name: schema }, ...extra } as never, ui: { fields: { name: { label: L('名称', 'Name') } } } };
}

/** Ajv speaks English; a Chinese sentence must not quote it. */
const AJV_ENGLISH = /strict mode|unknown keyword|must |should |schema is invalid|can't resolve|reference/i;

function expectRefusedInBothLanguages(def: unknown, path: string) {
  const problems = formDefinitionProblems(def);
  expect(problems.map((p) => p.path)).toContain(path);
  for (const p of problems) {
    expect(p.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    expect(p.message['zh-CN']).not.toMatch(AJV_ENGLISH);
    expect(p.message.en).toMatch(/[A-Za-z]/);
  }
}

describe('the form definition subset', () => {
  it('accepts every seeded definition as it is', () => {
    for (const key of ['XK', 'CF', 'CN'] as const) expect(formDefinitionProblems(reference[key])).toEqual([]);
    expect(formDefinitionProblems(xkDefinition())).toEqual([]);
  });

  it.each([
    ['$anchor', { type: 'string', $anchor: 'x' }],
    ['$dynamicRef', { type: 'string', $dynamicRef: '#x' }],
    ['$dynamicAnchor', { type: 'string', $dynamicAnchor: 'x' }],
    ['$ref', { $ref: '#/$defs/x', type: 'string' }],
    ['oneOf', { type: 'string', oneOf: [{ maxLength: 2 }, { minLength: 5 }] }],
    ['if', { type: 'string', if: { const: 'a' }, then: { maxLength: 1 } }],
    ['const', { type: 'string', const: 'a' }],
    ['default', { type: 'string', default: 'a' }],
    ['contentEncoding', { type: 'string', contentEncoding: 'base64' }],
    ['foo', { type: 'string', foo: 1 }],
  ])('refuses %s at save with the keyword named, in zh-CN and en', (kw, schema) => {
    expectRefusedInBothLanguages(withField(schema), `schema.properties.name.${kw}`);
    const zhText = formDefinitionProblems(withField(schema)).find((p) => p.path.endsWith(kw))!.message['zh-CN'];
    expect(zhText).toContain(`「${kw}」`);
  });

  it('refuses keywords outside the subset at the root ($defs, $anchor, allOf) and a foreign $schema', () => {
    expectRefusedInBothLanguages(withField({ type: 'string' }, { $defs: { x: { type: 'string' } } }), 'schema.$defs');
    expectRefusedInBothLanguages(withField({ type: 'string' }, { $dynamicAnchor: 'root' }), 'schema.$dynamicAnchor');
    expectRefusedInBothLanguages(withField({ type: 'string' }, { allOf: [{ required: ['name'] }] }), 'schema.allOf');
    expectRefusedInBothLanguages(withField({ type: 'string' }, { $schema: 'http://json-schema.org/draft-07/schema#' }), 'schema.$schema');
    expect(formDefinitionProblems(withField({ type: 'string' }, { $schema: 'https://json-schema.org/draft/2020-12/schema' }))).toEqual([]);
  });

  it('refuses a keyword of the subset used on the wrong kind of field (maxLength on a number, minimum on text)', () => {
    expectRefusedInBothLanguages(withField({ type: 'number', maxLength: 3 }), 'schema.properties.name.maxLength');
    expectRefusedInBothLanguages(withField({ type: 'string', minimum: 3 }), 'schema.properties.name.minimum');
  });

  it('refuses bad values of allowed keywords: formats, limits, enums, multipleOf, x-messages, untyped fields, union types', () => {
    expectRefusedInBothLanguages(withField({ type: 'string', format: 'uri' }), 'schema.properties.name.format');
    expectRefusedInBothLanguages(withField({ type: 'number', format: 'uscc' }), 'schema.properties.name.format');
    expectRefusedInBothLanguages(withField({ type: 'string', maxLength: -1 }), 'schema.properties.name.maxLength');
    expectRefusedInBothLanguages(withField({ type: 'string', minLength: 5, maxLength: 2 }), 'schema.properties.name.maxLength');
    expectRefusedInBothLanguages(withField({ type: 'number', minimum: 5, maximum: 2 }), 'schema.properties.name.maximum');
    expectRefusedInBothLanguages(withField({ type: 'string', enum: [] }), 'schema.properties.name.enum');
    expectRefusedInBothLanguages(withField({ type: 'string', enum: ['a', 1] }), 'schema.properties.name.enum');
    expectRefusedInBothLanguages(withField({ type: 'number', multipleOf: 0 }), 'schema.properties.name.multipleOf');
    expectRefusedInBothLanguages(withField({ type: 'string', 'x-messages': { format: 'wrong' } }), 'schema.properties.name.x-messages');
    expectRefusedInBothLanguages(withField({ title: 'x' }), 'schema.properties.name');
    expectRefusedInBothLanguages(withField({ type: ['string', 'number'] }), 'schema.properties.name.type');
    expectRefusedInBothLanguages(withField({ type: 'string', pattern: '(a)\\1' }), 'schema.properties.name.pattern');
  });

  it('refuses UI settings it does not know', () => {
    const def = withField({ type: 'string' });
    (def.ui!.fields!.name as Record<string, unknown>).colour = 'red';
    expectRefusedInBothLanguages(def, 'ui.fields.name.colour');
  });

  it('accepts the whole subset used together', () => {
    const def: FormDefinition = {
      schema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        title: '示例',
        properties: {
          text: { type: 'string', title: 't', description: 'd', $comment: 'c', minLength: 1, maxLength: 9, pattern: '^[A-Z]+$', 'x-messages': { pattern: L('只能大写', 'Capitals only') } },
          code: { type: 'string', enum: ['01', '02'] },
          uscc: { type: 'string', format: 'uscc' },
          when: { type: 'string', format: 'date' },
          amount: { type: 'number', format: 'money-wan', minimum: 0, exclusiveMaximum: 1e9, multipleOf: 0.01 },
          count: { type: 'integer', enum: [1, 2, 3] },
          yes: { type: 'boolean' },
          group: { type: 'object', properties: { inner: { type: 'string' } }, required: ['inner'], additionalProperties: false },
          rows: { type: 'array', minItems: 1, maxItems: 5, items: { type: 'object', properties: { x: { type: 'number', exclusiveMinimum: 0 } } } },
        },
        required: ['text'],
        additionalProperties: false,
      },
    };
    expect(formDefinitionProblems(def)).toEqual([]);
  });

  it('is documented: every keyword, format and UI setting has a help text in zh-CN and en', () => {
    const zhHelp = zh.formHelp as unknown as { keywords: Record<string, string>; formats: Record<string, string>; ui: Record<string, string> };
    const enHelp = en.formHelp as unknown as typeof zhHelp;
    for (const kw of ALL_SUBSET_KEYWORDS) {
      expect(zhHelp.keywords[kw], kw).toMatch(/[\u4e00-\u9fff]/);
      expect(enHelp.keywords[kw], kw).toBeTruthy();
    }
    for (const f of ALL_SUBSET_FORMATS) expect([zhHelp.formats[f], enHelp.formats[f]], f).not.toContain(undefined);
    for (const k of UI_FIELD_KEYS) expect([zhHelp.ui[k], enHelp.ui[k]], k).not.toContain(undefined);
  });
});

describe('definitions outside the subset never break records', () => {
  it('a stored definition that does not compile gives an issue on the whole record, not an exception', () => {
    const def = withField({ type: 'string', $anchor: 'x' });
    const r = prepare(def, 'subset:stored-anchor@1', { name: 'x' });
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]!.path).toBe('');
    expect(r.issues[0]!.message['zh-CN']).toContain('无法使用');
  });
});

describe('forged values never break prepare', () => {
  it('a leaf given an object nested 100,000 levels deep is a type error, not a stack overflow', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const r = prepare(withField({ type: 'string' }), 'subset:deep@1', { name: deep });
    expect(r.issues.map((i) => [i.path, i.keyword])).toEqual([['name', 'type']]);
  });
});

describe('field names every object already has', () => {
  it.each(['toString', 'valueOf', 'hasOwnProperty', '__proto__', 'constructor', 'isPrototypeOf', 'prototype'])('refuses %s at save with a clear message', (key) => {
    const def = { schema: { type: 'object', properties: JSON.parse(`{"${key}": {"type": "string"}}`) } };
    const problems = formDefinitionProblems(def);
    expect(problems.map((p) => p.path)).toContain(`schema.properties.${key}`);
    const m = problems.find((p) => p.path === `schema.properties.${key}`)!.message;
    expect(m['zh-CN']).toContain('保留');
    expect(m.en).toContain('reserved');
    expect(RESERVED_FIELD_KEYS.has(key)).toBe(true);
  });

  it('validates own properties only: a required toString is missing from {} and a given one is judged as given', () => {
    const schema = { type: 'object', properties: { toString: { type: 'string' }, valueOf: { type: 'string' } }, required: ['toString'] };
    expect(validateWith('subset:own@1', schema, {}).map((i) => [i.path, i.keyword])).toEqual([['toString', 'required']]);
    expect(validateWith('subset:own@1', schema, { toString: 'x' })).toEqual([]);
    expect(validateWith('subset:own@1', schema, { toString: 'x', valueOf: 'y' })).toEqual([]);
  });
});
