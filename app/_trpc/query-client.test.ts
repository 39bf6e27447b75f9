/**
 * After a save, no page shows a cached answer from before it: queries nobody shows are dropped
 * (the entry page opened after its editor saved fetches its diff afresh), queries on screen are
 * marked stale; compute-only mutations (what-if, previews) forget nothing.
 */
import { QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { makeQueryClient } from './query-client';

const diffKey = [['register', 'diffVersions'], { input: { kindCode: 'sanction-measure', code: 'SM-1', from: 1, to: 2 }, type: 'query' }];
const entryKey = [['register', 'entry'], { input: { kindCode: 'sanction-measure', code: 'SM-1' }, type: 'query' }];

async function mutate(client: ReturnType<typeof makeQueryClient>, path: string[]) {
  await client.getMutationCache().build(client, { mutationKey: [path], mutationFn: async () => ({ ok: true }) }).execute(undefined);
}

describe('query cache after a change', () => {
  it('a save drops the answers no page shows and marks the shown ones stale', async () => {
    const client = makeQueryClient();
    client.setQueryData(diffKey, ['「实施期限」由 1年 改为 2年']);
    client.setQueryData(entryKey, { versions: [] });
    const onScreen = new QueryObserver(client, { queryKey: entryKey, queryFn: async () => ({ versions: [] }), staleTime: 30_000 });
    const unsubscribe = onScreen.subscribe(() => {});
    expect(client.getQueryState(entryKey)?.isInvalidated).toBe(false);

    await mutate(client, ['register', 'saveDraft']);
    expect(client.getQueryData(diffKey)).toBeUndefined();
    expect(client.getQueryState(entryKey)?.isInvalidated).toBe(true);
    unsubscribe();
  });

  it('a what-if or a preview forgets nothing', async () => {
    const client = makeQueryClient();
    client.setQueryData(diffKey, ['x']);
    await mutate(client, ['grading', 'whatIf']);
    await mutate(client, ['grading', 'previewLeaf']);
    expect(client.getQueryData(diffKey)).toEqual(['x']);
  });
});
