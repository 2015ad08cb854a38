'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MyClasses } from '../my-classes.schema';
import type { PrebookingCard } from '../schedule.schema';

/**
 * How soon to ask again: every second around an opening (so the member watching sees it flip to
 * booked), every 10 s while something is waiting, every 30 s otherwise.
 */
function nextPollDelay(cards: PrebookingCard[], now: number): number {
  const active = cards.filter((card) => card.active);
  if (active.some((card) => card.status === 'executing' || Math.abs(Date.parse(card.availableAt) - now) < 90_000)) return 1_000;
  if (active.length > 0) return 10_000;
  return 30_000;
}

const FEED_URL = '/api/me/classes';

/**
 * Polls "My classes": at once on opening (the server answered from the snapshot; this asks again
 * and so refreshes it from AimHarder), then as often as the prebookings need.
 */
export function useLiveClasses(initial: MyClasses) {
  const router = useRouter();
  const [classes, setClasses] = useState(initial);
  const [offline, setOffline] = useState(false);
  const ref = useRef(classes);
  useEffect(() => {
    ref.current = classes;
  }, [classes]);

  const refresh = useCallback(async () => {
    try {
      const response = await fetch(FEED_URL, { cache: 'no-store', headers: { accept: 'application/json' } });
      if (response.status === 401) {
        router.replace('/sign-in?next=/my-classes');
        return;
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      setClasses((await response.json()) as MyClasses);
      setOffline(false);
    } catch {
      setOffline(true);
    }
  }, [router]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const cards = (value: MyClasses) => [...value.upcoming, ...value.past].flatMap((item) => (item.kind === 'prebooking' ? [item.card] : []));
    const loop = async () => {
      if (document.visibilityState === 'visible') await refresh();
      if (stopped) return;
      // A refresh still running on the server: ask again soon to show its result.
      timer = setTimeout(loop, ref.current.refreshing ? 1_500 : nextPollDelay(cards(ref.current), Date.now()));
    };
    timer = setTimeout(loop, 0);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [initial, refresh]);

  return { classes, offline, refresh };
}

