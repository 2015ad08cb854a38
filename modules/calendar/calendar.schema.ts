import { z } from 'zod';

/** 32 random bytes, base64url: what goes into the feed URL (an optional `.ics` suffix is allowed). */
export const calendarTokenParamSchema = z
  .string()
  .transform((value) => value.replace(/\.ics$/i, ''))
  .pipe(z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not a calendar token'));

/** A prebooking as the feed shows it (the module reads the rows itself). */
export interface CalendarEntry {
  id: string;
  className: string;
  boxName: string;
  boxTimeZone: string;
  classStartsAt: string;
  availableAt: string;
  status: 'pending' | 'scheduled' | 'executing' | 'completed';
  resultCode: string | null;
  updatedAt: string;
  boxId: number;
  reservationId: string | null;
}

/** A reservation from the synced view (any origin), as the feed shows it. */
export interface CalendarBooking {
  /** Stable per reservation; a prebooking's booking keeps the prebooking's event (one event, revised). */
  uid: string;
  className: string;
  boxName: string;
  classStartsAt: string;
  /** Null when AimHarder did not say: an hour is assumed. */
  classEndsAt: string | null;
  state: 'booked' | 'waitlisted';
  waitlistPosition: number | null;
  waitlistLength: number | null;
  origin: 'prebooker_instant' | 'prebooker_button' | 'elsewhere';
  cancelledAt: string | null;
  seenAt: string;
}

export interface CalendarFeedInfo {
  /** The private URL to subscribe to (https), and the same for phones' calendar apps (webcal). */
  url: string;
  webcalUrl: string;
  createdAt: string;
  lastAccessedAt: string | null;
}
