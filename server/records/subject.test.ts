/**
 * The subject of a record through every server path (issue #12 "codes as people type them",
 * issue #18 "the subject is asked twice"): the code is stored normalised, the body's subject
 * fields are filled from the header, and a body that disagrees with the header is refused —
 * on submit, on a draft (stored with the header's values) and through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, viewerByUsername, refusal } from '../testing/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { seedDemo } from '../seed';
import { record } from '../db/schema';
import type { Viewer } from '../auth/viewer';

let t: TestDatabase;
let filler: Viewer;
const createCaller = createCallerFactory(appRouter);
const CODE = '91350100M000100Y43';

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  filler = await viewerByUsername(t.db, 'filler');
});
afterAll(async () => {
  await t.close();
});

const licence = (extra: Record<string, unknown> = {}) => ({
  XK_XKWS: '准予行政许可决定书',
  XK_WSH: '汴市监许〔2024〕12号',
  XK_XKLB: '普通',
  XK_XKZS: '食品经营许可证',
  XK_NR: '预包装食品销售',
  XK_JDRQ: '2024-09-27',
  XK_XKJGDM: '11110000000013127H',
  ...extra,
});

async function submitLicence(subject: { subjectType?: string; subjectCode: string; subjectName: string }, data: Record<string, unknown>, kind: 'submit' | 'saveDraft' = 'submit', locale: 'zh-CN' | 'en' = 'zh-CN') {
  const c = createCaller(contextFor(t.db, filler, locale));
  const form = await c.record.form({ code: 'XZXK' });
  return c.record[kind]({ catalogCode: 'XZXK', catalogVersion: form.version, subjectType: subject.subjectType ?? '法人及非法人组织', ...subject, data });
}

describe('the subject code as people type it', () => {
  it.each([
    ['lower case', '91350100m000100y43'],
    ['a trailing space', `${CODE} `],
    ['full width', '９１３５０１００Ｍ０００１００Ｙ４３'],
    ['spaces from Word', '\u00a09135 0100 M000 100Y 43\u200b'],
  ])('a code typed with %s is accepted and stored upper case, in the header and in the body', async (_what, typed) => {
    const saved = await submitLicence({ subjectCode: typed, subjectName: ' 福州某某科技有限公司 ' }, licence({ XK_XKJGDM: '11110000000013127h ' }));
    expect(saved.subjectCode).toBe(CODE);
    expect(saved.subjectName).toBe('福州某某科技有限公司');
    expect(saved.data).toMatchObject({ XK_XDR_SHXYM: CODE, XK_XDR_MC: '福州某某科技有限公司', XK_XDR_LB: '法人及非法人组织', XK_XKJGDM: '11110000000013127H' });
  });

  it('a resident ID with a lower-case x is stored with X, in the header and in the ID field of the body', async () => {
    const saved = await submitLicence({ subjectType: '自然人', subjectCode: ' 11010519491231002x', subjectName: '李四' }, licence());
    expect(saved.subjectCode).toBe('11010519491231002X');
    expect(saved.data).toMatchObject({ XK_XDR_ZJHM: '11010519491231002X', XK_XDR_LB: '自然人' });
    expect(saved.data).not.toHaveProperty('XK_XDR_SHXYM');
  });

  it('still refuses a wrong check character, saying which one is right', async () => {
    const err = await refusal(submitLicence({ subjectCode: '91350100m000100y4x', subjectName: '某公司' }, licence()));
    const fieldErrors = (err.cause as unknown as { fieldErrors: { path: string; params: { zh: string } }[] }).fieldErrors;
    expect(fieldErrors.map((f) => f.path)).toEqual(['subjectCode']);
    expect(fieldErrors[0]!.params.zh).toContain('第18位应为“3”');
  });
});

describe('header and body never disagree', () => {
  it('refuses a body whose 行政相对人代码_1 is not the header’s code (…Y43 vs …Y4X), and whose name is another subject’s', async () => {
    const before = (await t.db.select().from(record)).length;
    const err = await refusal(submitLicence({ subjectCode: CODE, subjectName: '福州某某科技有限公司' }, licence({ XK_XDR_SHXYM: '91350100M000100Y4X', XK_XDR_MC: '另一家公司' })));
    expect(err.code).toBe('UNPROCESSABLE_CONTENT');
    const fieldErrors = (err.cause as unknown as { fieldErrors: { path: string; params: { zh: string; en: string } }[] }).fieldErrors;
    expect(fieldErrors.map((f) => f.path).sort()).toEqual(['data.XK_XDR_MC', 'data.XK_XDR_SHXYM']);
    expect(fieldErrors.find((f) => f.path === 'data.XK_XDR_SHXYM')!.params.zh).toContain('应与主体代码一致（91350100M000100Y43）');
    expect((await t.db.select().from(record)).length).toBe(before);
  });

  it('refuses a subject type in the body that is not the header’s', async () => {
    const err = await refusal(submitLicence({ subjectCode: CODE, subjectName: '福州某某科技有限公司' }, licence({ XK_XDR_LB: '自然人' }), 'submit', 'en'));
    const fieldErrors = (err.cause as unknown as { fieldErrors: { path: string; params: { en: string } }[] }).fieldErrors;
    expect(fieldErrors.map((f) => f.path)).toEqual(['data.XK_XDR_LB']);
    expect(fieldErrors[0]!.params.en).toContain('must match the subject type');
  });

  it('a draft is stored with the header’s values, never the body’s other ones', async () => {
    const draft = await submitLicence({ subjectCode: CODE, subjectName: '福州某某科技有限公司' }, licence({ XK_XDR_SHXYM: '91350100M000100Y4X' }), 'saveDraft');
    const [row] = await t.db.select().from(record).where(eq(record.id, draft.id));
    expect(row!.status).toBe('draft');
    expect(row!.data).toMatchObject({ XK_XDR_SHXYM: CODE, XK_XDR_MC: '福州某某科技有限公司' });
  });

  it('an individual business without a code (placeholder) is accepted; the USCC field stays empty', async () => {
    const saved = await submitLicence({ subjectType: '个体工商户', subjectCode: '00000000000000000x', subjectName: '某某小吃店' }, licence({ XK_XDR_GSZC: '410200600012345' }));
    expect(saved.subjectCode).toBe('00000000000000000X');
    expect(saved.data).not.toHaveProperty('XK_XDR_SHXYM');
    expect(saved.data).toMatchObject({ XK_XDR_LB: '个体工商户', XK_XDR_MC: '某某小吃店' });
  });
});

describe('finding subjects by a code typed another way', () => {
  it('the records list finds a code searched in lower case or full width', async () => {
    const c = createCaller(contextFor(t.db, filler));
    for (const q of ['91350100m000100y43', '９１３５０１００Ｍ０００１００Ｙ４３']) {
      const found = await c.record.list({ q, page: 1, pageSize: 50 });
      expect(found.rows.length, q).toBeGreaterThan(0);
      expect(found.rows.every((r) => r.subjectCode === CODE)).toBe(true);
    }
  });
});
