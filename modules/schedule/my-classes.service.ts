import { setTimeout as delay } from 'node:timers/promises';
import { MAX_WAIT_MS, getMemberBookings, type BookingsDependencies, type MemberBooking } from '@/modules/bookings';
import type { AimHarderClassSlot } from '@/modules/aimharder';
import type { Locale } from '@/modules/i18n';
import { listMemberBoxes, type Box, type Member } from '@/modules/members';
import { ACTIVE_STATUSES, listPrebookingsForMember, type Prebooking, type PrebookingDependencies } from '@/modules/prebooking';
import { preflightsByPrebooking } from '@/modules/preflight';
import type { BookingCard, MyClasses, NextStep, TimelineItem } from './my-classes.schema';
import { toPrebookingCard } from './prebooking-cards.service';

/**
 * "My classes": one timeline of the member's classes however they were booked (the synced view of
 * AimHarder), their waiting prebookings and past outcomes. Answers from the stored snapshot at once
 * (`wait` 0) or after waiting up to ~1 s for a refresh; the page polls to show a fresher one.
 */
export async function getMyClasses(deps: PrebookingDependencies, member: Member, locale: Locale, options: { waitMs?: number } = {}): Promise<MyClasses> {
  const bookingsDeps: BookingsDependencies = deps;
  const [boxes, upcoming, past, synced] = await Promise.all([
    listMemberBoxes(deps.db, member.id),
    listPrebookingsForMember(deps, member, 'upcoming'),
    listPrebookingsForMember(deps, member, 'past'),
    getMemberBookings(bookingsDeps, member.id, { waitMs: options.waitMs ?? 0, includeCancelled: true }),
  ]);
  const nowMs = deps.clock.now();
  const boxesById = new Map(boxes.map((box) => [box.boxId, box]));
  const prebookings = [...upcoming, ...past.slice(0, 30)];
  const byPrebooking = new Map(synced.bookings.flatMap((booking) => (booking.prebookingId ? [[booking.prebookingId, booking] as const] : [])));
  const byReservation = new Map(synced.bookings.map((booking) => [`${booking.boxId}:${booking.reservationId}`, booking]));
  const shownBookings = new Set<MemberBooking>();

  const items: Array<{ item: TimelineItem; upcoming: boolean }> = [];
  const failedAhead = prebookings.filter((prebooking) => prebooking.status === 'failed' && !prebooking.dismissedAt && Date.parse(prebooking.classStartsAt) > nowMs);
  // The waiting prebookings' last pre-flight checks: a finding and its fix belong on the card the member looks at.
  const [liveSlots, preflights] = await Promise.all([
    readLiveSlots(deps, member.id, boxesById, failedAhead),
    preflightsByPrebooking(deps.db, upcoming.filter((prebooking) => ACTIVE_STATUSES.includes(prebooking.status)).map((prebooking) => prebooking.id)),
  ]);

  for (const prebooking of prebookings) {
    const card = toPrebookingCard(prebooking, boxesById.get(prebooking.boxId), locale, deps.config.fireCommitMs, preflights.get(prebooking.id));
    const booking =
      prebooking.status === 'completed'
        ? (byPrebooking.get(prebooking.id) ?? (prebooking.reservationId ? byReservation.get(`${prebooking.boxId}:${prebooking.reservationId}`) : undefined))
        : undefined;
    if (booking) {
      // One item per class: the reservation as AimHarder holds it, with Prebooker's timing.
      shownBookings.add(booking);
      items.push({ item: bookingItem(booking, card.outcomeText), upcoming: isUpcomingBooking(booking, nowMs) });
      continue;
    }
    if (prebooking.status === 'failed' && prebooking.dismissedAt) {
      items.push({ item: { kind: 'prebooking', startsAt: prebooking.classStartsAt, card, nextSteps: [] }, upcoming: false });
      continue;
    }
    const nextSteps = prebooking.status === 'failed' && Date.parse(prebooking.classStartsAt) > nowMs ? nextStepsFor(prebooking, liveSlots.get(slotKey(prebooking)), nowMs) : [];
    const isUpcoming = (card.active || prebooking.status === 'completed') && Date.parse(prebooking.classStartsAt) > nowMs;
    items.push({ item: { kind: 'prebooking', startsAt: prebooking.classStartsAt, card, nextSteps }, upcoming: isUpcoming });
  }
  for (const booking of synced.bookings) {
    if (shownBookings.has(booking)) continue;
    items.push({ item: bookingItem(booking, null), upcoming: isUpcomingBooking(booking, nowMs) });
  }

  const failed = synced.boxes.find((box) => box.lastError !== null);
  return {
    upcoming: items.filter((entry) => entry.upcoming).map((entry) => entry.item).sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
    past: items.filter((entry) => !entry.upcoming).map((entry) => entry.item).sort((a, b) => b.startsAt.localeCompare(a.startsAt)),
    fetchedAt: synced.fetchedAt,
    refreshing: synced.refreshing,
    syncError: failed?.lastError ?? null,
    serverNow: nowMs,
  };
}

function isUpcomingBooking(booking: MemberBooking, nowMs: number): boolean {
  return booking.cancelledAt === null && Date.parse(booking.classStartsAt) > nowMs;
}

function bookingItem(booking: MemberBooking, timingText: string | null): TimelineItem {
  const card: BookingCard = {
    key: `${booking.boxId}:${booking.reservationId}`,
    boxId: booking.boxId,
    boxName: booking.boxName,
    timeZone: booking.timeZone,
    reservationId: booking.reservationId,
    classId: booking.classId,
    className: booking.className,
    classDay: booking.classDay,
    classStartTime: booking.classStartTime,
    classStartsAt: booking.classStartsAt,
    state: booking.state,
    waitlistPosition: booking.waitlistPosition,
    waitlistLength: booking.waitlistLength,
    origin: booking.origin,
    cancelledAt: booking.cancelledAt,
    prebookingId: booking.prebookingId,
    timingText,
  };
  return { kind: 'booking', startsAt: booking.classStartsAt, booking: card };
}

const slotKey = (prebooking: Pick<Prebooking, 'boxId' | 'classDay' | 'classId'>) => `${prebooking.boxId}:${prebooking.classDay}:${prebooking.classId}`;

/**
 * The failed classes as AimHarder lists them now (one class list per box and day, at most a few,
 * within the page's ~1 s budget): what decides between "book now" and "join the waiting list".
 */
async function readLiveSlots(deps: PrebookingDependencies, memberId: string, boxes: Map<number, Box>, failed: Prebooking[]): Promise<Map<string, AimHarderClassSlot>> {
  const slots = new Map<string, AimHarderClassSlot>();
  const days = [...new Set(failed.map((prebooking) => `${prebooking.boxId}|${prebooking.classDay}`))].slice(0, 3);
  if (days.length === 0) return slots;
  const read = (async () => {
    const aimharder = await deps.aimharderFor(memberId);
    await Promise.all(
      days.map(async (key) => {
        const [boxId, day] = key.split('|') as [string, string];
        const box = boxes.get(Number(boxId));
        if (!box) return;
        for (const slot of await aimharder.listClasses({ boxId: box.boxId, subdomain: box.subdomain }, day)) slots.set(`${box.boxId}:${day}:${slot.id}`, slot);
      }),
    );
  })().catch((error: unknown) => deps.logger.warn('could not read the failed classes from AimHarder', { memberId, error: String(error) }));
  await Promise.race([read, delay(MAX_WAIT_MS, undefined, { ref: false })]);
  return slots;
}

/**
 * Book now when places have appeared; join the waiting list when the class is full and its list
 * was not what refused us; always the next class with the same name, and dismiss.
 */
export function nextStepsFor(prebooking: Pick<Prebooking, 'resultCode' | 'waitlistIfFull'>, slot: AimHarderClassSlot | undefined, _nowMs: number): NextStep[] {
  const steps: NextStep[] = [];
  if (slot && slot.memberState === 'none') {
    const full = slot.capacity !== null && slot.capacity > 0 && slot.bookedCount >= slot.capacity;
    // A full class whose waiting list already refused us (we asked for it at the instant) has none to offer.
    const waitlistRefused = prebooking.resultCode === 'full' && prebooking.waitlistIfFull;
    if (!full) steps.push('book_now');
    else if (!waitlistRefused) steps.push('join_waitlist');
  }
  steps.push('prebook_next', 'dismiss');
  return steps;
}
