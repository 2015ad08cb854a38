import { AppError } from '@/core/http/app-error';
import { localizeError, type Locale } from '@/modules/i18n';
import type { Member } from '@/modules/members';
import { bookClass } from '@/modules/schedule';
import type { GoalsDependencies } from './goals-dependencies';
import type { OpenClassOffer } from './materialize-goal.service';

/** What "book if open" did with one already-open class of a goal. */
export interface OpenClassBooking {
  day: string;
  /** The class that was booked, or the last one tried. */
  classId: string;
  className: string;
  startTime: string;
  /** 1 = the goal's class, 2 = its first fallback, … */
  choice: number;
  ok: boolean;
  /** booked or waitlisted when ok. */
  kind: string | null;
  /** AimHarder's refusal (full, no_credit…) when not ok. */
  reason: string | null;
  /** AimHarder's answer in the member's language, as the schedule's Book button says it. */
  message: string;
}

/**
 * "Book if open": the goal's classes whose booking already opened are booked now, through the
 * same path as the schedule's Book button (so the booking is remembered like any other). A full
 * class falls through to the goal's fallbacks of that day, in order, as a prebooking would.
 */
export async function bookOpenClasses(deps: GoalsDependencies, member: Member, offers: OpenClassOffer[], locale: Locale): Promise<OpenClassBooking[]> {
  const results: OpenClassBooking[] = [];
  for (const offer of offers) {
    const choices = [{ classId: offer.classId, className: offer.className, startTime: offer.startTime }, ...offer.alternatives];
    let last: OpenClassBooking | null = null;
    for (const [index, choice] of choices.entries()) {
      last = { day: offer.day, ...choice, choice: index + 1, ...(await attempt(deps, member, offer, choice.classId, locale)) };
      if (last.reason !== 'full') break;
    }
    results.push(last!);
    deps.logger.info('goal booked an open class', { memberId: member.id, day: offer.day, classId: last!.classId, choice: last!.choice, ok: last!.ok, reason: last!.reason ?? last!.kind });
  }
  return results;
}

async function attempt(deps: GoalsDependencies, member: Member, offer: OpenClassOffer, classId: string, locale: Locale): Promise<Pick<OpenClassBooking, 'ok' | 'kind' | 'reason' | 'message'>> {
  try {
    const result = await bookClass(deps.prebooking, member, { boxId: offer.boxId, day: offer.day, classId, waitlist: offer.waitlist }, locale);
    return result.ok ? { ok: true, kind: result.kind ?? 'booked', reason: null, message: result.message } : { ok: false, kind: null, reason: result.reason ?? 'refused', message: result.message };
  } catch (error) {
    // The goal is saved either way; the member can still press Book now.
    deps.logger.warn('goal could not book an open class', { memberId: member.id, day: offer.day, classId, error: String(error) });
    const known = error instanceof AppError ? { code: error.code, reason: error.reason, message: error.message } : { code: 'internal' };
    return { ok: false, kind: null, reason: known.reason ?? known.code, message: localizeError(known, locale) };
  }
}
