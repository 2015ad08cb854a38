import type { ScheduleClass } from './schedule.schema';

/** How much later than the first choice a second choice may open (the server checks the same). */
export const ALTERNATIVE_WINDOW_MS = 10 * 60_000;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The second choices worth offering for a class: the other classes of that day whose booking opens
 * at the same instant or up to ten minutes later and that the member does not hold — the same
 * class name first, then the rest, each group nearest in time first.
 */
export function naturalAlternatives(slot: ScheduleClass, dayClasses: ScheduleClass[]): ScheduleClass[] {
  if (!slot.opensAt) return [];
  const opensAtMs = Date.parse(slot.opensAt);
  const sameName = (candidate: ScheduleClass) => candidate.name.trim().toLowerCase() === slot.name.trim().toLowerCase();
  const distance = (candidate: ScheduleClass) => Math.abs(minutes(candidate.startTime) - minutes(slot.startTime));
  return dayClasses
    .filter((candidate) => candidate.id !== slot.id && candidate.memberState === 'none' && candidate.phase === 'not_open' && candidate.opensAt !== null && !candidate.prebooking)
    .filter((candidate) => {
      const deltaMs = Date.parse(candidate.opensAt!) - opensAtMs;
      return deltaMs >= 0 && deltaMs <= ALTERNATIVE_WINDOW_MS;
    })
    .sort((a, b) => Number(sameName(b)) - Number(sameName(a)) || distance(a) - distance(b) || a.startTime.localeCompare(b.startTime));
}
