/**
 * Bad text in any string input of any procedure is a 400 with a message, never a 500: every
 * procedure of the router is called (as a user holding every role) with a NUL byte, an unpaired
 * surrogate and a very long string in each string position of an otherwise valid input, one
 * position at a time. The inputs are generated from the procedures' own zod schemas, so a new
 * procedure or field is covered without touching this file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, viewerByUsername } from '../testing/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { seedDemo } from '../seed';
import { ROLES } from '../auth/roles';
import type { Viewer } from '../auth/viewer';
import { translate } from '../i18n';
import type { DomainError } from '../errors';
import { findBadText } from './text';
import { SCJG_MODEL } from '../seed/grading';

type Schema = z.core.$ZodType;
type Def = { type: string; [k: string]: unknown };
const defOf = (s: Schema) => (s as unknown as { _zod: { def: Def } })._zod.def;
const parses = (s: Schema, v: unknown) => (s as unknown as z.ZodType).safeParse(v).success;

const STRING_CANDIDATES = ['x', 'abc', '2024-01-01', '00000000-0000-4000-8000-000000000001', 'XZCF', 'SM-001', 'a@b.cn', 'a'.repeat(64)];

/** A value the schema accepts, with every optional field present (so each can carry bad text). */
function sample(s: Schema): unknown {
  const d = defOf(s);
  switch (d.type) {
    case 'string':
      return STRING_CANDIDATES.find((c) => parses(s, c)) ?? 'x';
    case 'number':
      return [1, 0, 10, 2024].find((c) => parses(s, c)) ?? 1;
    case 'boolean':
      return false;
    case 'date':
      return new Date('2024-01-01T00:00:00Z');
    case 'enum':
      return Object.values(d.entries as Record<string, unknown>)[0];
    case 'literal':
      return (d.values as unknown[])[0];
    case 'object':
      return Object.fromEntries(Object.entries(d.shape as Record<string, Schema>).map(([k, v]) => [k, sample(v)]));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return sample(d.innerType as Schema);
    case 'array':
      return [sample(d.element as Schema)];
    case 'record':
      return {};
    case 'union':
      return sample((d.options as Schema[])[0]!);
    case 'pipe':
      return sample(d.in as Schema);
    case 'unknown':
    case 'any':
      return 'x';
    default:
      throw new Error(`bad-input test: no sample for zod type ${d.type}; teach sample() this type`);
  }
}

/** Values of the schema with exactly one string position (or record key) rewritten by `bad`. */
function variants(s: Schema, bad: (v: string) => string, path = ''): { path: string; value: unknown }[] {
  const d = defOf(s);
  switch (d.type) {
    case 'string':
      return [{ path, value: bad(sample(s) as string) }];
    case 'object': {
      const base = sample(s) as Record<string, unknown>;
      return Object.entries(d.shape as Record<string, Schema>).flatMap(([k, v]) => variants(v, bad, path ? `${path}.${k}` : k).map((x) => ({ path: x.path, value: { ...base, [k]: x.value } })));
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return variants(d.innerType as Schema, bad, path);
    case 'array':
      return variants(d.element as Schema, bad, `${path}.0`).map((x) => ({ path: x.path, value: [x.value] }));
    case 'record': {
      const value = d.valueType as Schema;
      return [
        { path: `${path}.<key>`, value: { [bad('k')]: sample(value) } },
        ...variants(value, bad, `${path}.k`).map((x) => ({ path: x.path, value: { k: x.value } })),
        // Bad text deep inside free-form data (a form's data, a definition's content).
        { path: `${path}.k.0.deep`, value: { k: [{ deep: bad('x') }] } },
      ];
    }
    case 'union':
      return (d.options as Schema[]).flatMap((o) => variants(o, bad, path));
    case 'pipe':
      return variants(d.in as Schema, bad, path);
    case 'unknown':
    case 'any':
      return [{ path, value: bad('x') }];
    default:
      return [];
  }
}

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { inputs: Schema[] } }>);
const createCaller = createCallerFactory(appRouter);

let t: TestDatabase;
let everyone: Viewer;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  // A real user (rows reference it) holding every role, in a department.
  everyone = { ...(await viewerByUsername(t.db, 'filler')), roles: [...ROLES] };
});
afterAll(async () => {
  await t?.close();
});

async function outcome(path: string, input: unknown): Promise<{ code: string; message: string; cause?: unknown; result?: unknown }> {
  const caller = createCaller(contextFor(t.db, everyone, 'en')) as unknown as Record<string, unknown>;
  const fn = path.split('.').reduce<unknown>((acc, key) => (acc as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
  try {
    return { code: 'OK', message: '', result: await fn(input) };
  } catch (e) {
    if (e instanceof TRPCError) return { code: e.code, message: e.cause instanceof Error ? e.cause.message : e.message, cause: e.cause };
    return { code: 'THROWN', message: (e as Error).message };
  }
}

const KINDS = [
  { name: 'a NUL byte', bad: (v: string) => `${v.slice(0, 1)}\u0000${v.slice(1)}`, refused: true },
  { name: 'an unpaired surrogate', bad: (v: string) => `${v}\uD800`, refused: true },
  { name: 'a 100,000-character string', bad: (v: string) => v.padEnd(100_000, 'y'), refused: false },
] as const;

describe('no input gives a 500', () => {
  const withInput = procedures.filter(([, p]) => p._def.inputs.length > 0);

  it('walks the router and generates valid base inputs', () => {
    expect(withInput.length).toBeGreaterThan(40);
    // Base inputs pass the procedures' own schemas, so bad text in them reaches the services.
    const invalid = withInput.filter(([, p]) => !p._def.inputs.every((s) => parses(s, sample(s)))).map(([path]) => path);
    expect(invalid).toEqual([]);
  });

  for (const [path, proc] of withInput) {
    it(`${path}: NUL, unpaired surrogates and huge strings in every string input are refused or handled, never a server error`, { timeout: 120_000 }, async () => {
      const problems: string[] = [];
      for (const kind of KINDS) {
        for (const schema of proc._def.inputs) {
          for (const v of variants(schema, kind.bad)) {
            const got = await outcome(path, v.value);
            if (got.code === 'INTERNAL_SERVER_ERROR' || got.code === 'THROWN') problems.push(`${kind.name} at ${v.path || '(input)'}: ${got.code} ${got.message.slice(0, 200)}`);
            else if (kind.refused && got.code !== 'BAD_REQUEST') problems.push(`${kind.name} at ${v.path || '(input)'}: expected BAD_REQUEST, got ${got.code}`);
          }
        }
      }
      expect(problems).toEqual([]);
    });
  }
});

describe('grading.previewLeaf with a malformed draft', () => {
  type Node = Record<string, unknown> & { children?: Node[] };
  /** The seeded model with the `penalties` leaf (illegal → penalties) changed by `edit`. */
  const draft = (edit: (leaf: Node, def: Record<string, unknown>) => void) => {
    const c = structuredClone(SCJG_MODEL) as unknown as { definition: Record<string, unknown> & { indicators: Node[] } };
    edit(c.definition.indicators[0]!.children![0]!, c.definition);
    return c;
  };
  const rule = (leaf: Node) => leaf.rule as Record<string, unknown>;
  const CASES: [string, (leaf: Node, def: Record<string, unknown>) => void][] = [
    ['points table is a string', (l) => (rule(l).points = 'lots')],
    ['points table of an unknown kind', (l) => (rule(l).points = { kind: 'random' })],
    ['ranges that are not numbers', (l) => (rule(l).points = { kind: 'ranges', ranges: [{ from: 'a', to: {}, points: [] }] })],
    ['unknown source', (l) => (rule(l).source = 'gossip')],
    ['aggregation sum without an item', (l) => (rule(l).aggregation = 'sum')],
    ['item that is not a data item key', (l) => Object.assign(rule(l), { aggregation: 'sum', item: "x'); drop table record; --" })],
    ['filter with an unknown operator', (l) => (rule(l).filters = [{ item: 'CF_CFLB', op: 'like', value: '%' }])],
    ['filters that are not a list', (l) => (rule(l).filters = 'CF_CFLB = 罚款')],
    ['window of -3 months', (l) => (rule(l).windowMonths = -3)],
    ['rule that is a string', (l) => (l.rule = 'count penalties')],
    ['rule that is a list', (l) => (l.rule = [1, 2])],
    ['period missing', (_l, d) => delete d.period],
    ['period of an unknown kind', (_l, d) => (d.period = { kind: 'hourly', anchor: '01-01', publicationLagDays: 0 })],
    ['indicators holding null', (_l, d) => (d.indicators = [null, ...(d.indicators as unknown[])])],
    ['children that are a string', (_l, d) => ((d.indicators as Node[])[1]!.children = 'none' as never)],
    ['subject types missing', (_l, d) => delete d.subjectTypes],
  ];

  it('the unchanged draft previews (the cases below are refusals of what they change)', async () => {
    const got = await outcome('grading.previewLeaf', { content: draft(() => {}), indicatorId: 'penalties', subjectCode: '91440300MA5FXXXX0X' });
    expect(got.code).toBe('OK');
  });

  for (const [name, edit] of CASES) {
    it(`validate and what-if judge ${name} without a 500`, async () => {
      const v = await outcome('grading.validate', { content: draft(edit) });
      expect(v.code, v.message).toBe('OK');
      expect((v.result as { problems: unknown[] }).problems.length).toBeGreaterThan(0);
      const w = await outcome('grading.whatIf', { code: 'GM-SCJG-2024', content: draft(edit) });
      expect(['UNPROCESSABLE_CONTENT', 'NOT_FOUND'], `${w.code}: ${w.message}`).toContain(w.code);
    });
    it(`refuses ${name} with a message, not a 500`, async () => {
      const got = await outcome('grading.previewLeaf', { content: draft(edit), indicatorId: 'penalties', subjectCode: '91440300MA5FXXXX0X' });
      expect(['UNPROCESSABLE_CONTENT', 'NOT_FOUND'], `${got.code}: ${got.message}`).toContain(got.code);
      const cause = got.cause as DomainError;
      expect(translate('zh-CN', cause.key, cause.params)).not.toMatch(/^grading\.|^limits\./);
    });
  }
});

describe('problem lists stay bounded', () => {
  it('content with 20,000 unknown keys gets at most 200 field errors, not one per key', async () => {
    const content = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, 1]));
    const got = await outcome('register.create', { kindCode: 'sanction-measure', code: 'SM-998', content });
    expect(got.code).toBe('UNPROCESSABLE_CONTENT');
    const cause = got.cause as DomainError;
    expect(cause.fieldErrors.length).toBeGreaterThan(0);
    expect(cause.fieldErrors.length).toBeLessThanOrEqual(200);
  });
});

describe('the refusal says what and where', () => {
  it('names the field and the character, in the caller’s language', async () => {
    const got = await outcome('record.list', { q: '某某\u0000公司', page: 1, pageSize: 20 });
    expect(got.code).toBe('BAD_REQUEST');
    const cause = got.cause as DomainError;
    expect(translate('zh-CN', cause.key, cause.params)).toBe('输入中含有无法保存的字符（空字符 NUL），位置：q。请删除后重试。');
    expect(cause.fieldErrors).toEqual([{ path: 'q', key: 'limits.badTextField', params: { kind: 'nul' } }]);
    expect(translate('en', cause.fieldErrors[0]!.key, cause.fieldErrors[0]!.params)).toBe('Holds a character that cannot be stored (a NUL character); remove it.');
  });

  it('finds bad text in keys and deep values, and leaves good text (surrogate pairs, CJK, emoji) alone', () => {
    expect(findBadText({ a: [{ b: 'ok' }, { c: 'x\u0000' }] })).toEqual({ path: 'a.1.c', reason: 'nul' });
    expect(findBadText({ ['k\uDC00']: 1 })).toEqual({ path: 'k?', reason: 'surrogate' });
    expect(findBadText({ a: '信用😀𠀀', b: ['\uD83D\uDE00'], d: new Date() })).toBeNull();
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findBadText(deep)?.reason).toBe('nul');
  });
});
