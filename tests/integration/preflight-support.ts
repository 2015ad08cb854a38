/**
 * Helpers for the pre-flight and second-choice tests: the member's prebooking cards (where the
 * pre-flight state is shown), the one-tap fixes over the API, and simulator changes a member or a
 * box makes in AimHarder meanwhile (a new password, a moved class, a booking made in the app).
 */
import { getTestStack } from '../support/test-stack';
import { createPrebookingFor, createSimClass, getPrebooking, newSignedInMember, waitFor, type SignedInMember } from '../support/app-client';

export interface PreflightCardJson {
  state: 'ok' | 'action_needed' | 'fixed';
  checkedAt: string;
  summary: string | null;
  findings: Array<{ code: string; severity: 'action' | 'fixed'; text: string }>;
  fixes: string[];
}

interface CardJson {
  id: string;
  status: string;
  classStartTime: string;
  availableAt: string;
  preflight: PreflightCardJson | null;
}

export async function prebookingCard(member: SignedInMember, id: string, locale: 'en' | 'es' = 'en'): Promise<CardJson> {
  const response = await member.fetch('/api/me/prebookings', { headers: { 'accept-language': locale } });
  if (!response.ok) throw new Error(`GET /api/me/prebookings: ${response.status}`);
  const cards = (await response.json()) as { upcoming: CardJson[]; past: CardJson[] };
  const card = [...cards.upcoming, ...cards.past].find((candidate) => candidate.id === id);
  if (!card) throw new Error(`no card for prebooking ${id}`);
  return card;
}

/** Waits for the `n`-th pre-flight_checked event of the prebooking's timeline and returns it. */
export async function waitForPreflightEvent(member: SignedInMember, id: string, n = 1, timeoutMs = 20_000): Promise<Record<string, unknown>> {
  return waitFor(
    async () => {
      const { events } = await getPrebooking(member, id);
      const checked = events.filter((event) => event.type === 'preflight_checked');
      return checked.length >= n ? checked[n - 1]!.detail : null;
    },
    timeoutMs,
    `pre-flight check #${n} of ${id}`,
  );
}

export async function preflightAction(member: SignedInMember, id: string, action: 'recheck' | 'move'): Promise<Response> {
  return member.fetch(`/api/prebookings/${id}/preflight`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action }) });
}

export async function simControl(method: string, path: string, body: unknown): Promise<unknown> {
  const { urls } = getTestStack();
  const response = await fetch(`${urls.aimharder}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`simulator ${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/**
 * A new time for a class the box moves while its opening (~10 minutes away) stays ahead: an hour
 * later, or, for a class too late in the day for that, 5 minutes earlier. (An hour earlier would
 * put the new opening in the past: a different case, with its own test.)
 */
export function movedStillAhead(time: string): { newTime: string; shiftMinutes: number } {
  const shiftMinutes = minuteOfDay(time) + 60 < 24 * 60 ? 60 : -5;
  return { newTime: hourMinute(minuteOfDay(time) + shiftMinutes), shiftMinutes };
}

export const minuteOfDay = (time: string): number => {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return hour * 60 + minute;
};

export const hourMinute = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * A member's prebooking whose first pre-flight has run, then the box moves its class to a time
 * whose opening is still ahead (movedStillAhead) and the member checks again: the check finds it.
 */
export async function prebookingOfMovedClass(memberPrefix: string, opensInMs: number) {
  const member = await newSignedInMember(memberPrefix);
  const simClass = await createSimClass({ opensInMs });
  const prebooking = await createPrebookingFor(member, simClass);
  await waitForPreflightEvent(member, prebooking.id);
  const { newTime, shiftMinutes } = movedStillAhead(simClass.time);
  await simControl('PATCH', `/__sim/classes/${simClass.id}`, { time: newTime });
  const recheck = await preflightAction(member, prebooking.id, 'recheck');
  if (recheck.status !== 200) throw new Error(`recheck after the move: ${recheck.status} ${await recheck.text()}`);
  return { member, simClass, prebooking, newTime, shiftMinutes };
}
