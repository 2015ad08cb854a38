'use client';

import { useSyncExternalStore } from 'react';

const noop = () => () => {};

/**
 * False in the server's HTML and while hydrating, true once the page's JavaScript runs: what only
 * works with JavaScript (live updates, client-side dismissals) is promised only then.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
}
