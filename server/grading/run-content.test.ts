import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { evaluationRun } from '../db/schema';
import { runContents } from './run-content';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

async function run(name: string) {
  const [r] = await t.db.insert(evaluationRun).values({ modelCode: 'GM-X', modelVersion: 1, content: { name, definition: { bands: [] } }, periodStart: '2025-01-01', periodEnd: '2025-12-31', status: 'done' }).returning({ id: evaluationRun.id });
  return r!.id;
}

describe('run contents', () => {
  it('reads a run’s frozen content once per process; a new run is read when first asked for', async () => {
    const a = await run('模型甲');
    expect((await runContents(t.db, [a])).get(a)?.name).toBe('模型甲');
    // Contents are frozen at the run's start: the process does not read them again.
    await t.db.update(evaluationRun).set({ content: sql`jsonb_set(content, '{name}', '"改过"')` }).where(eq(evaluationRun.id, a));
    expect((await runContents(t.db, [a])).get(a)?.name).toBe('模型甲');
    const b = await run('模型乙');
    const both = await runContents(t.db, [a, b, b]);
    expect([both.get(a)?.name, both.get(b)?.name]).toEqual(['模型甲', '模型乙']);
    expect((await runContents(t.db, ['00000000-0000-4000-8000-000000000000'])).size).toBe(0);
  });
});
