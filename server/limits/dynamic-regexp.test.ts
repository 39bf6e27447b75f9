/**
 * A pattern that comes from data (a register kind's code rule, a form field's pattern) must run
 * on the linear-time engine (forms/safe-regex): `new RegExp` on it lets a definition author
 * freeze the whole server with a backtracking pattern such as ^(a+)+$.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, refusal, viewerByUsername } from '../testing/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { seedDemo, seedPublishedEntry } from '../seed';
import { entry } from '../db/schema';
import { actorOf, type Viewer } from '../auth/viewer';
import { importRegister } from '../registers/io';
import { errorResponse } from '../registers/io/http';
import type { DomainError } from '../errors';
import { translate } from '../i18n';
import { kindDefinitionProblems } from '../../catalog/kind-definition';
import type { KindDefinition } from '../../catalog/types';

const ROOT = join(__dirname, '..', '..');

/**
 * `RegExp(` calls whose pattern is not a literal, and why each one is safe. Compiling a pattern
 * only parses it (linear); the danger is matching with the backtracking engine.
 */
const ALLOWED = new Map<string, string>([]);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx)$/.test(name) && !/\.(test|spec)\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

/** Every `RegExp(` (with or without `new`) whose first argument is not a string or regex literal. */
function dynamicRegExps(files = ['server', 'catalog', 'forms', 'app'].flatMap((dir) => sourceFiles(join(ROOT, dir))), read = (f: string) => readFileSync(f, 'utf8')): { file: string; line: number; text: string }[] {
  const hits: { file: string; line: number; text: string }[] = [];
  {
    for (const file of files) {
      const lines = read(file).split('\n');
      lines.forEach((text, i) => {
        for (const m of text.matchAll(/\bRegExp\s*\(\s*(.)/g)) {
          const first = m[1]!;
          if (first === "'" || first === '"' || first === '/') continue;
          // A template literal without substitutions is a literal too.
          if (first === '`' && !/^`[^`$]*`/.test(text.slice(m.index! + m[0].length - 1))) {
            hits.push({ file: relative(ROOT, file), line: i + 1, text: text.trim() });
            continue;
          }
          if (first === '`') continue;
          hits.push({ file: relative(ROOT, file), line: i + 1, text: text.trim() });
        }
      });
    }
  }
  return hits;
}

describe('no pattern from data reaches the backtracking engine', () => {
  it('has no RegExp(…) on a non-literal pattern in server/, catalog/, forms/ or app/ (outside the reviewed list)', () => {
    const found = dynamicRegExps().filter((h) => ALLOWED.get(h.file) !== h.text);
    expect(found, 'compile patterns from data with safeRegExp (forms/safe-regex.ts)').toEqual([]);
  });

  it('the scan itself finds a dynamic RegExp', () => {
    // Guard against a scan that silently finds nothing: a planted call is found, literals are not.
    const planted = join(ROOT, 'forms', 'planted.ts');
    const source = "const a = new RegExp(pattern, 'u');\nconst b = RegExp(`^${code}$`);\nconst c = new RegExp('^a+$');\nconst d = RegExp(`^x`);";
    expect(dynamicRegExps([planted], () => source).map((h) => h.line)).toEqual([1, 2]);
  });
});

const EVIL_KIND = {
  name: { 'zh-CN': '回溯测试清单', en: 'Backtracking test register' },
  codePattern: '^(a+)+$',
  schema: { type: 'object', properties: { name: { type: 'string', minLength: 1 } }, required: ['name'], additionalProperties: false },
  ui: { order: ['name'], titleField: 'name', fields: { name: { label: { 'zh-CN': '名称', en: 'Name' }, widget: 'text' } } },
};

let t: TestDatabase;
let editor: Viewer;
const createCaller = createCallerFactory(appRouter);
// 30 a's and a b: 2^30 backtracking steps for ^(a+)+$ on the JS engine (the server froze ~17 s).
const EVIL_CODE = `${'a'.repeat(30)}b`;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  await seedPublishedEntry(t.db, 'register-kind', 'evil-pattern', EVIL_KIND);
  // A kind stored before the engine check existed, with a rule the linear-time engine cannot run.
  await seedPublishedEntry(t.db, 'register-kind', 'backref-pattern', { ...EVIL_KIND, codePattern: '^(a)\\1$' });
  editor = await viewerByUsername(t.db, 'editor');
});
afterAll(async () => {
  await t?.close();
});

describe('a register kind whose code rule backtracks', () => {
  it('register.create refuses a non-matching code at once, naming the rule, and accepts a matching one', async () => {
    const caller = createCaller(contextFor(t.db, editor, 'zh-CN'));
    const err = await refusal(caller.register.create({ kindCode: 'evil-pattern', code: EVIL_CODE, content: { name: '甲' } }));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.cause?.message).toContain('registers.errors.codePattern');
    expect(await t.db.select().from(entry).where(eq(entry.code, EVIL_CODE))).toHaveLength(0);
    await caller.register.create({ kindCode: 'evil-pattern', code: 'a'.repeat(40), content: { name: '乙' } });
    expect(await t.db.select().from(entry).where(eq(entry.code, 'a'.repeat(40)))).toHaveLength(1);
  });

  it('the register import reports the code row by row without hanging', async () => {
    const csv = new TextEncoder().encode(`编码 (code),名称 (name)\n${EVIL_CODE},甲\n${'a'.repeat(31)}b,乙\n`);
    const report = await importRegister(t.db, actorOf(editor), { kindCode: 'evil-pattern', fileName: 'evil.csv', bytes: csv, mode: 'dry-run' });
    expect(report.ok).toBe(false);
    expect(report.errors.map((e) => e.row)).toEqual([2, 3]);
    expect(report.errors[0]!.message.en).toContain('does not match this register');
  });

  it('a stored rule the safe engine cannot run is a clear definition problem, not a server error', async () => {
    const caller = createCaller(contextFor(t.db, editor, 'en'));
    const err = await refusal(caller.register.create({ kindCode: 'backref-pattern', code: 'aa', content: { name: '甲' } }));
    expect(err.code).toBe('UNPROCESSABLE_CONTENT');
    const cause = err.cause as DomainError;
    expect(translate('en', cause.key, cause.params)).toBe('The entry code rule ^(a)\\1$ of register kind backref-pattern cannot be used (it needs syntax such as backreferences or lookaround); an administrator must correct the kind definition.');
    expect(translate('zh-CN', cause.key, cause.params)).toContain('请管理员修改该清单类型的定义');
    const csv = new TextEncoder().encode('编码 (code),名称 (name)\naa,甲\n');
    const viaImport = await importRegister(t.db, actorOf(editor), { kindCode: 'backref-pattern', fileName: 'x.csv', bytes: csv, mode: 'dry-run' }).catch((e: unknown) => e);
    const res = errorResponse(viaImport, 'zh-CN');
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: string }).error).toContain('backref-pattern');
  });

  it('a kind definition with such a rule is refused when it is written', () => {
    const problems = (codePattern: string) => kindDefinitionProblems({ ...EVIL_KIND, codePattern } as unknown as Omit<KindDefinition, 'code'>);
    expect(problems('^(a)\\1$')).toEqual([expect.objectContaining({ path: 'codePattern', message: expect.objectContaining({ 'zh-CN': expect.stringContaining('不支持的语法') }) })]);
    expect(problems('(?<=x)a')[0]?.message.en).toContain('lookbehind');
    expect(problems('(a')[0]?.message.en).toBe('The code pattern is not a valid regular expression.');
    expect(problems('^(a+)+$')).toEqual([]);
  });
});
