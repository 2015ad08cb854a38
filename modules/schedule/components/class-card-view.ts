import type { ClientDictionary } from '@/modules/i18n';
import { isFiring } from '../cancel-window';
import type { ActionResult, ClassPhase, ScheduleClass } from '../schedule.schema';

/** The phase now, in the browser: a class whose opening passed while the page was open is open. */
export function livePhase(slot: ScheduleClass, now: number | null): ClassPhase {
  if (now === null) return slot.phase;
  if (Date.parse(slot.startsAt) <= now) return 'started';
  if (slot.phase === 'not_open' && slot.opensAt && Date.parse(slot.opensAt) <= now) return 'open';
  return slot.phase;
}

/** Places in one reading: "5 of 14 places left", or "Full · 3 on the waitlist" ("9/14" read both ways). */
export function placesText(slot: Pick<ScheduleClass, 'capacity' | 'bookedCount' | 'waitlistCount'>, t: ClientDictionary): string {
  if (slot.capacity === null || slot.capacity <= 0) {
    const taken = t.classCard.placesTaken(slot.bookedCount);
    return slot.waitlistCount > 0 ? `${taken} · ${t.schedule.waitlist(slot.waitlistCount)}` : taken;
  }
  const left = Math.max(0, slot.capacity - slot.bookedCount);
  if (left === 0) return slot.waitlistCount > 0 ? t.classCard.fullWithWaitlist(slot.waitlistCount) : t.schedule.full;
  const places = t.classCard.placesLeft(left, slot.capacity);
  return slot.waitlistCount > 0 ? `${places} · ${t.schedule.waitlist(slot.waitlistCount)}` : places;
}

export type CardIntent = 'book' | 'prebook' | 'cancel' | 'cancelPrebooking';

/**
 * What the card offers, one thing at a time: the action its button will really do (a class whose
 * opening is unknown says "Prebook": that is what it does when booking is not open), and nothing
 * that cannot work (no Cancel prebooking once the booking request may be committed).
 */
export function cardIntent(slot: ScheduleClass, phase: ClassPhase, now: number | null): CardIntent | null {
  if (phase === 'started') return null;
  if (slot.memberState === 'booked' || slot.memberState === 'waitlisted') return 'cancel';
  if (slot.prebooking) return isFiring(slot.prebooking, now) ? null : 'cancelPrebooking';
  if (phase === 'open') return 'book';
  return 'prebook';
}

/** An answer stays on the card only while it is still true: "Prebooked…" goes once the class is booked. */
export function isFeedbackCurrent(feedback: ActionResult, slot: ScheduleClass): boolean {
  if (feedback.ok && feedback.kind === 'prebooked') return slot.memberState === 'none' && slot.prebooking !== null;
  return true;
}
