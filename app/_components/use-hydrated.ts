'use client';
import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/**
 * False in the server's HTML and until React has taken over the page, true after. Forms disable
 * their controls until then: a choice made in the server-rendered HTML reaches no handler and
 * would be lost without a word when the page comes alive.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
