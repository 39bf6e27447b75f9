import { defaultShouldDehydrateQuery, MutationCache, QueryClient } from '@tanstack/react-query';
import superjson from 'superjson';

/** Mutations that only compute (what-if, previews, parsing a file): nothing a query shows changes. */
const COMPUTE_ONLY = new Set(['grading.whatIf', 'grading.previewLeaf', 'grading.validate', 'flowDesign.importBpmn']);

/**
 * After every successful change, what is shown is what is stored: cached answers that no page
 * shows right now are dropped, so the page opened next (the entry page after its editor saved, with
 * its version diff) fetches afresh instead of showing the copy from before the save; answers on
 * screen are marked stale, and each page refreshes its own after its save, so an editor never has
 * its form replaced under it.
 */
export function forgetAfterChange(client: QueryClient, mutationKey: readonly unknown[] | undefined): void {
  const path = Array.isArray(mutationKey?.[0]) ? (mutationKey[0] as string[]).join('.') : undefined;
  if (path && COMPUTE_ONLY.has(path)) return;
  client.removeQueries({ predicate: (q) => q.getObserversCount() === 0 });
  void client.invalidateQueries({ refetchType: 'none' });
}

export function makeQueryClient() {
  const client: QueryClient = new QueryClient({
    mutationCache: new MutationCache({ onSuccess: (_data, _variables, _context, mutation) => forgetAfterChange(client, mutation.options.mutationKey) }),
    defaultOptions: {
      queries: { staleTime: 30_000, retry: false },
      dehydrate: {
        serializeData: superjson.serialize,
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === 'pending',
      },
      hydrate: { deserializeData: superjson.deserialize },
    },
  });
  return client;
}
