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
}

export interface CalendarFeedInfo {
  /** The private URL to subscribe to (https), and the same for phones' calendar apps (webcal). */
  url: string;
  webcalUrl: string;
  createdAt: string;
  lastAccessedAt: string | null;
}
