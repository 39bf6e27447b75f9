/**
 * The designer's contract with the server, through the real routers on a fresh database: the
 * content the "新建模型" dialog creates is accepted by the register and judged valid by
 * grading.validate; a broken total is reported at the path the tree shows it; a stale save
 * carries the version in the database, which the designer's conflict card shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '@/server/testing/db';
import { auditLog } from '@/server/db/schema';
import { contextFor, viewerByUsername } from '@/server/testing/context';
import { createCallerFactory } from '@/server/trpc/init';
import { appRouter } from '@/server/trpc/router';
import { seedDemo } from '@/server/seed';
import { indicatorAtPath } from '@/catalog/grading/tree';
import { forSave, GRADING_KIND, newModelContent } from './model-content';

let t: TestDatabase;
const createCaller = createCallerFactory(appRouter);

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
});
afterAll(async () => {
  await t.close();
});

async function refusal(p: Promise<unknown>): Promise<TRPCError> {
  try {
    await p;
  } catch (e) {
    return e as TRPCError;
  }
  throw new Error('expected a refusal');
}

describe('grading designer ↔ server', () => {
  it('creates a model from the dialog skeleton, validates it, reports a broken total at the tree, and refuses a stale save with the current version', async () => {
    const editor = createCaller(contextFor(t.db, await viewerByUsername(t.db, 'editor')));
    const content = forSave(newModelContent({ name: '测试食品模型', industry: '食品经营', totalPoints: 100, catalogCode: 'XZCF' }));
    const created = await editor.register.create({ kindCode: GRADING_KIND, code: 'GM-UI-TEST', content });
    expect((await editor.grading.validate({ content })).problems).toEqual([]);

    const broken = { ...content, definition: { ...content.definition, indicators: [{ ...content.definition.indicators[0]!, points: 60 }] } };
    const problems = (await editor.grading.validate({ content: broken })).problems;
    expect(problems.map((p) => p.code)).toContain('leafSum');
    // The tree shows the total's problem under the tree, not at any one indicator.
    const leafSum = problems.find((p) => p.code === 'leafSum')!;
    expect(leafSum.path).toBe('definition.indicators');
    expect(indicatorAtPath(broken.definition.indicators, leafSum.path)).toBeNull();
    expect(leafSum.message['zh-CN']).toContain('相差 -40 分');

    await editor.register.saveDraft({ versionId: created.versionId, revision: created.revision, content: { ...content, name: '第一次保存' } });
    const stale = await refusal(editor.register.saveDraft({ versionId: created.versionId, revision: created.revision, content: { ...content, name: '过期的保存' } }));
    expect(stale.code).toBe('CONFLICT');
    // What the designer's conflict card shows as "theirs" (sent to the browser as data.conflict).
    expect((stale.cause as unknown as { current: { revision: number; content: { name: string } } }).current).toMatchObject({ revision: created.revision + 1, content: { name: '第一次保存' } });
    const entry = await editor.register.entry({ kindCode: GRADING_KIND, code: 'GM-UI-TEST' });
    expect(entry.versions[0]!.content.name).toBe('第一次保存');
  });

  it('opening a published model starts nothing; the first saved change starts the draft with that change, in one audited action', async () => {
    const editor = createCaller(contextFor(t.db, await viewerByUsername(t.db, 'editor')));
    const code = 'GM-SCJG-2024';
    const audited = () => t.db.select().from(auditLog).where(and(eq(auditLog.objectId, `${GRADING_KIND}/${code}`), eq(auditLog.action, 'entry.start_draft')));
    // What the designer reads when it opens: the entry, nothing written.
    const opened = await editor.register.entry({ kindCode: GRADING_KIND, code });
    const published = opened.versions[0]!;
    expect(published.status).toBe('published');
    expect(await audited()).toEqual([]);

    // A change the register refuses starts no draft either.
    const broken = { ...published.content, name: '' };
    expect((await refusal(editor.register.startDraft({ kindCode: GRADING_KIND, code, content: broken }))).code).toBe('UNPROCESSABLE_CONTENT');
    expect((await editor.register.entry({ kindCode: GRADING_KIND, code })).versions.map((v) => v.status)).toEqual(['published']);

    const changed = { ...published.content, name: '市场监管信用评价模型（修订）' };
    const draft = await editor.register.startDraft({ kindCode: GRADING_KIND, code, content: changed });
    expect(draft).toMatchObject({ version: published.version + 1, revision: 1 });
    const after = await editor.register.entry({ kindCode: GRADING_KIND, code });
    expect(after.versions[0]).toMatchObject({ id: draft.versionId, status: 'draft', content: { name: '市场监管信用评价模型（修订）' } });
    const rows = await audited();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.before).toMatchObject({ version: published.version, content: { name: published.content.name } });
    expect(rows[0]!.after).toMatchObject({ version: draft.version, baseVersion: published.version, content: { name: '市场监管信用评价模型（修订）' } });
    // A second "first change" (another tab) does not start a second draft.
    expect((await refusal(editor.register.startDraft({ kindCode: GRADING_KIND, code, content: changed }))).code).toBe('CONFLICT');
  });

  it('refuses the designer’s calls to other roles', async () => {
    const filler = createCaller(contextFor(t.db, await viewerByUsername(t.db, 'filler')));
    const content = forSave(newModelContent({ name: '测试食品模型', industry: '食品经营', totalPoints: 100, catalogCode: 'XZCF' }));
    expect((await refusal(filler.grading.validate({ content }))).code).toBe('FORBIDDEN');
  });
});
