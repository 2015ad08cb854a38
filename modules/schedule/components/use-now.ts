'use client';

import { useMemo, useSyncExternalStore } from 'react';

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

/**
 * What a component shows of the clock (a countdown's text, a phase), re-rendering it only when
 * that changes: re-rendering every card four times a second kept the main thread busy, so a tap
 * on Book waited behind a tick. `view` must return plain data (it is compared as JSON); it gets
 * null on the server and while hydrating, as `useNow` does.
 */
export function useClockView<T>(view: (now: number | null) => T): T {
  const key = useSyncExternalStore(
    subscribe,
    () => JSON.stringify(view(current)),
    () => JSON.stringify(view(null)),
  );
  return useMemo(() => JSON.parse(key) as T, [key]);
}
