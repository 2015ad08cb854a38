'use client';

import { useSyncExternalStore } from 'react';

// One shared ticking clock for every countdown on the page.
const listeners = new Set<() => void>();
let current = typeof window === 'undefined' ? 0 : Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    current = Date.now();
    timer = setInterval(() => {
      current = Date.now();
      for (const notify of listeners) notify();
    }, 250);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/**
 * The browser's clock, re-read four times a second; null while rendering on the server and
 * hydrating, so countdowns never mismatch the server's HTML.
 */
export function useNow(): number | null {
  return useSyncExternalStore(
    subscribe,
    () => current,
    () => null,
  );
}
