// Submitting a grading model checks it against the registers in force (semantic-context.ts):
// a rule naming a data item the catalog item does not have is refused at submit, with the
// precise message on the field, and nothing goes to review. Saving the draft stays possible.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { contextFor, viewerByUsername } from '../testing/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { seedDemo } from '../seed';
import { seedGradingDemo, SCJG_MODEL } from '../seed/grading';
import { changeRequest } from '../db/schema';
import { todayCN } from './dates';

let t: TestDatabase;
const createCaller = createCallerFactory(appRouter);

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  await seedGradingDemo(t.db);
});
afterAll(async () => {
  await t.close();
});

describe('semantic checks at submit', () => {
  it('refuses a grading model whose rule names a data item the catalog item lacks; accepts it once fixed', async () => {
    const editor = createCaller(contextFor(t.db, await viewerByUsername(t.db, 'editor')));
    const bad = JSON.parse(JSON.stringify(SCJG_MODEL)) as typeof SCJG_MODEL;
    const leaf = bad.definition.indicators[0]!.children![1]!.rule!;
    const goodItem = leaf.item;
    leaf.item = 'CF_NOT_THERE';
    const draft = await editor.register.create({ kindCode: 'grading-model', code: 'GM-SUBMIT-CHECK', content: bad as never });
    const err = await editor.register.submit({ versionId: draft.versionId, revision: draft.revision, effectiveDate: todayCN() }).then(
      () => null,
      (e: TRPCError) => e,
    );
    expect(err?.code).toBe('UNPROCESSABLE_CONTENT');
    expect(err?.message).toContain('CF_NOT_THERE');
    expect(await t.db.select().from(changeRequest).where(eq(changeRequest.versionId, draft.versionId))).toHaveLength(0);

    leaf.item = goodItem;
    const saved = await editor.register.saveDraft({ versionId: draft.versionId, revision: draft.revision, content: bad as never });
    const cr = await editor.register.submit({ versionId: draft.versionId, revision: saved.revision, effectiveDate: todayCN() });
    expect(cr.id).toBeTruthy();
  });
});
