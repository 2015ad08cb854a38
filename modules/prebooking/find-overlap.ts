/**
 * AimHarder refuses a second reservation whose time overlaps one the member already holds in the
 * same box ("No puedes hacer más de una reserva a la misma hora", NOPUEDESRESERVAMISMAHORA). A
 * prebooking that would meet that refusal at the opening instant is refused at creation instead.
 */
export interface TimedClass {
  day: string;
  /** HH:mm, box-local. */
  startTime: string;
  /** HH:mm; null when unknown (an hour is assumed, a WOD's usual length). */
  endTime: string | null;
}

export type OverlapConflict =
  | { kind: 'booking'; className: string; day: string; startTime: string; endTime: string | null; state: 'booked' | 'waitlisted'; reservationId: string | null; classId: string }
  | { kind: 'prebooking'; className: string; day: string; startTime: string; endTime: string | null; prebookingId: string; classId: string };

const minutes = (time: string) => {
  const [hours, mins] = time.split(':').map(Number) as [number, number];
  return hours * 60 + mins;
};

function span(item: TimedClass): [number, number] {
  const start = minutes(item.startTime);
  let end = item.endTime ? minutes(item.endTime) : start + 60;
  if (end <= start) end += 24 * 60;
  return [start, end];
}

export function overlaps(a: TimedClass, b: TimedClass): boolean {
  if (a.day !== b.day) return false;
  const [aStart, aEnd] = span(a);
  const [bStart, bEnd] = span(b);
  return aStart < bEnd && bStart < aEnd;
}

export interface OverlapCandidates {
  /** The day's classes as AimHarder lists them for the member (memberState, reservationId). */
  slots: Array<TimedClass & { id: string; name: string; memberState: 'none' | 'booked' | 'waitlisted'; reservationId: string | null }>;
  /** The member's active prebookings in the same box. */
  prebookings: Array<{ id: string; classId: string; classDay: string; classStartTime: string; className: string }>;
}

/** The first booking or active prebooking the target class would collide with, or null. */
export function findOverlap(target: TimedClass & { id: string }, candidates: OverlapCandidates): OverlapConflict | null {
  for (const slot of candidates.slots) {
    if (slot.id === target.id || slot.memberState === 'none') continue;
    if (overlaps(target, slot)) {
      return { kind: 'booking', className: slot.name, day: slot.day, startTime: slot.startTime, endTime: slot.endTime, state: slot.memberState, reservationId: slot.reservationId, classId: slot.id };
    }
  }
  const slotsById = new Map(candidates.slots.map((slot) => [slot.id, slot]));
  for (const prebooking of candidates.prebookings) {
    if (prebooking.classId === target.id && prebooking.classDay === target.day) continue;
    const known = slotsById.get(prebooking.classId);
    const other: TimedClass = { day: prebooking.classDay, startTime: prebooking.classStartTime, endTime: known?.endTime ?? null };
    if (overlaps(target, other)) {
      return {
        kind: 'prebooking',
        className: prebooking.className,
        day: prebooking.classDay,
        startTime: prebooking.classStartTime,
        endTime: other.endTime,
        prebookingId: prebooking.id,
        classId: prebooking.classId,
      };
    }
  }
  return null;
}
