import type { BookingOrigin } from '@/modules/bookings';
import type { PrebookingCard } from './schedule.schema';

/** What a failed prebooking's card offers, decided from the class as AimHarder shows it now. */
export type NextStep = 'join_waitlist' | 'book_now' | 'prebook_next' | 'dismiss';

/** A reservation as "My classes" shows it (from the synced view, plus Prebooker's timing when it made it). */
export interface BookingCard {
  key: string;
  boxId: number;
  boxName: string;
  timeZone: string;
  reservationId: string;
  classId: string | null;
  className: string;
  classDay: string;
  classStartTime: string;
  classStartsAt: string;
  state: 'booked' | 'waitlisted';
  waitlistPosition: number | null;
  waitlistLength: number | null;
  origin: BookingOrigin;
  cancelledAt: string | null;
  prebookingId: string | null;
  /** "Booked 3 ms after opening." when Prebooker made it at the instant. */
  timingText: string | null;
}

export type TimelineItem =
  | { kind: 'booking'; startsAt: string; booking: BookingCard }
  | { kind: 'prebooking'; startsAt: string; card: PrebookingCard; nextSteps: NextStep[] };

export interface MyClasses {
  upcoming: TimelineItem[];
  past: TimelineItem[];
  /** When AimHarder last answered for every box (null: not yet), whether a refresh is running, and the last failure. */
  fetchedAt: string | null;
  refreshing: boolean;
  syncError: string | null;
  serverNow: number;
}
