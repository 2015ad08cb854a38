import { AppError } from '@/core/http/app-error';
import { logger } from '@/core/logging/logger';
import { FEED_MAX_AGE_MS, MAX_WAIT_MS, getMemberBookings, type MemberBooking } from '@/modules/bookings';
import { findMemberById, type Member } from '@/modules/members';
import { buildCalendar } from './build-calendar';
import type { CalendarDependencies } from './calendar-dependencies';
import { deleteFeed, findFeedByMember, findFeedMemberByHash, listCalendarEntries, replaceFeed, touchFeed, type CalendarFeedRow } from './calendar.repository';
import type { CalendarBooking, CalendarEntry, CalendarFeedInfo } from './calendar.schema';
import { calendarTokenContext, generateCalendarToken, hashCalendarToken } from './calendar-token';

const DAY_MS = 86_400_000;
/** The feed shows the last month and everything ahead (prebookings are at most days ahead). */
const PAST_DAYS = 30;
const FUTURE_DAYS = 90;

function feedInfo(deps: CalendarDependencies, memberId: string, row: CalendarFeedRow): CalendarFeedInfo {
  const token = deps.secretBox.open(row.tokenCiphertext, calendarTokenContext(memberId));
  const url = `${deps.appBaseUrl}/api/calendar/${token}.ics`;
  return { url, webcalUrl: url.replace(/^https?:\/\//, 'webcal://'), createdAt: row.createdAt, lastAccessedAt: row.lastAccessedAt };
}

/** The member's feed URL, or null when they have none (never created, or revoked). */
export async function getCalendarFeed(deps: CalendarDependencies, member: Member): Promise<CalendarFeedInfo | null> {
  const row = await findFeedByMember(deps.db, member.id);
  return row ? feedInfo(deps, member.id, row) : null;
}

/** Creates the member's private feed URL; if one exists it is replaced, so the old URL stops working. */
export async function rotateCalendarFeed(deps: CalendarDependencies, member: Member): Promise<CalendarFeedInfo> {
  const token = generateCalendarToken();
  const row = await replaceFeed(deps.db, member.id, hashCalendarToken(token), deps.secretBox.seal(token, calendarTokenContext(member.id)), new Date(deps.clock.now()));
  logger.info('calendar feed created', { memberId: member.id });
  return feedInfo(deps, member.id, row);
}

export async function revokeCalendarFeed(deps: CalendarDependencies, member: Member): Promise<{ revoked: boolean }> {
  const revoked = await deleteFeed(deps.db, member.id);
  logger.info('calendar feed revoked', { memberId: member.id, existed: revoked });
  return { revoked };
}

/** The iCal text for a feed token; an unknown or revoked token is 404 (nothing tells them apart). */
export async function renderCalendarFeed(deps: CalendarDependencies, token: string): Promise<string> {
  const memberId = await findFeedMemberByHash(deps.db, hashCalendarToken(token));
  const member = memberId ? await findMemberById(deps.db, memberId) : null;
  if (!member) throw new AppError({ code: 'not_found', message: 'No such calendar.' });
  const nowMs = deps.clock.now();
  // Every booking as AimHarder holds it, from a snapshot at most a minute old (or the last one, with
  // AimHarder down: the feed never waits on it more than about a second).
  const [prebooked, synced] = await Promise.all([
    listCalendarEntries(deps.db, member.id, new Date(nowMs - PAST_DAYS * DAY_MS), new Date(nowMs + FUTURE_DAYS * DAY_MS)),
    getMemberBookings(deps.bookings, member.id, { maxAgeMs: FEED_MAX_AGE_MS, waitMs: MAX_WAIT_MS, includeCancelled: true }),
  ]);
  const { entries, bookings } = mergeFeed(prebooked, synced.bookings);
  await touchFeed(deps.db, member.id, new Date(nowMs)).catch((error: unknown) => logger.warn('could not record the calendar access', { error: String(error) }));
  return buildCalendar({ memberName: member.displayName, locale: member.locale, entries, bookings, appBaseUrl: deps.appBaseUrl });
}

/**
 * Waiting prebookings as today; a reservation in the synced view replaces its prebooking's event
 * under the same UID (so a calendar app revises one event). A completed prebooking the synced view
 * has not seen (no snapshot yet) is still shown from our own record.
 */
export function mergeFeed(prebooked: CalendarEntry[], synced: MemberBooking[]): { entries: CalendarEntry[]; bookings: CalendarBooking[] } {
  const covered = new Set(synced.map((booking) => `${booking.boxId}:${booking.reservationId}`));
  const coveredPrebookings = new Set(synced.flatMap((booking) => (booking.prebookingId ? [booking.prebookingId] : [])));
  const entries = prebooked.filter(
    (entry) => entry.status !== 'completed' || (!coveredPrebookings.has(entry.id) && !(entry.reservationId && covered.has(`${entry.boxId}:${entry.reservationId}`))),
  );
  const bookings = synced.map(
    (booking): CalendarBooking => ({
      uid: booking.prebookingId ? `prebooking-${booking.prebookingId}@prebooker` : `booking-${booking.boxId}-${booking.reservationId}@prebooker`,
      className: booking.className,
      boxName: booking.boxName,
      classStartsAt: booking.classStartsAt,
      classEndsAt: null,
      state: booking.state,
      waitlistPosition: booking.waitlistPosition,
      waitlistLength: booking.waitlistLength,
      origin: booking.origin,
      cancelledAt: booking.cancelledAt,
      seenAt: booking.seenAt,
    }),
  );
  return { entries, bookings };
}
