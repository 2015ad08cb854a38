import { formatDuration, getDictionary, resultText, type Locale } from '@/modules/i18n';
import { listMemberBoxes, type Box, type Member } from '@/modules/members';
import { ACTIVE_STATUSES, describeBookedTiming, describeSwap, listPrebookingsForMember, type Prebooking, type PrebookingDependencies } from '@/modules/prebooking';
import { preflightsByPrebooking, toPreflightCard, type Preflight } from '@/modules/preflight';
import { cancellableUntil } from './cancel-window';
import type { DisplayStatus, PrebookingCard, PrebookingCards } from './schedule.schema';

/** The member's prebookings for "My prebookings": upcoming (class not started) and the latest past ones. */
export async function listPrebookingCards(deps: PrebookingDependencies, member: Member, locale: Locale, pastLimit = 30): Promise<PrebookingCards> {
  const [boxes, upcoming, past] = await Promise.all([
    listMemberBoxes(deps.db, member.id),
    listPrebookingsForMember(deps, member, 'upcoming'),
    listPrebookingsForMember(deps, member, 'past'),
  ]);
  const boxesById = new Map(boxes.map((box) => [box.boxId, box]));
  const preflights = await preflightsByPrebooking(deps.db, upcoming.filter((prebooking) => ACTIVE_STATUSES.includes(prebooking.status)).map((prebooking) => prebooking.id));
  const toCard = (prebooking: Prebooking) => toPrebookingCard(prebooking, boxesById.get(prebooking.boxId), locale, deps.config.fireCommitMs, preflights.get(prebooking.id));
  return { upcoming: upcoming.map(toCard), past: past.slice(0, pastLimit).map(toCard), serverNow: deps.clock.now() };
}

export function toPrebookingCard(prebooking: Prebooking, box: Box | undefined, locale: Locale, fireCommitMs: number, preflight?: Preflight): PrebookingCard {
  const timeZone = box?.timeZone ?? 'Europe/Madrid';
  return {
    id: prebooking.id,
    status: prebooking.status,
    displayStatus: displayStatus(prebooking),
    active: ACTIVE_STATUSES.includes(prebooking.status),
    classId: prebooking.classId,
    className: prebooking.className,
    classDay: prebooking.classDay,
    classStartTime: prebooking.classStartTime,
    classStartsAt: prebooking.classStartsAt,
    boxId: prebooking.boxId,
    boxName: box?.name ?? `Box ${prebooking.boxId}`,
    timeZone: box?.timeZone ?? 'Europe/Madrid',
    availableAt: prebooking.availableAt,
    cancellableUntil: cancellableUntil(prebooking, fireCommitMs),
    firedAt: prebooking.firedAt,
    fireOffsetMs: prebooking.fireOffsetMs,
    bookedOffsetMs: prebooking.bookedOffsetMs,
    bookedOnRetry: prebooking.bookedOnRetry,
    attemptCount: prebooking.attemptCount,
    resultCode: prebooking.resultCode,
    outcomeText: outcomeText(prebooking, locale),
    // Only a waiting prebooking's check is news: once it fired, the outcome says what happened.
    preflight: preflight && ACTIVE_STATUSES.includes(prebooking.status) ? toPreflightCard(preflight, locale, timeZone, prebooking.className) : null,
  };
}

function displayStatus(prebooking: Prebooking): DisplayStatus {
  return prebooking.status === 'completed' && prebooking.resultCode === 'waitlisted' ? 'waitlisted' : prebooking.status;
}

/**
 * "Booked 12 ms after opening." (the request that got the place, "on a retry" when it was one) or
 * why it failed (with when the first request was sent, if it was). A prebooking that replaces a
 * booking held at the same hour says what will happen, or what happened, to that booking.
 */
export function outcomeText(
  prebooking: Pick<Prebooking, 'status' | 'resultCode' | 'resultMessage' | 'fireOffsetMs' | 'bookedOffsetMs' | 'bookedOnRetry'> &
    Partial<Pick<Prebooking, 'bookedChoice' | 'bookedChoiceOffsetMs' | 'alternatives' | 'replacesBooking'>>,
  locale: Locale,
): string | null {
  const swap = describeSwap(prebooking.replacesBooking ?? null, locale);
  const withSwap = (text: string | null) => (swap ? (text ? `${text} ${swap}` : swap) : text);
  if (prebooking.status === 'cancelled') return outcomeWithoutSwap(prebooking, locale);
  // Kept: the note is the whole story (this class was never asked for).
  if (prebooking.status === 'failed' && prebooking.resultCode === 'replace_kept' && swap) return swap;
  // The stored English message of a swap already carries the note (the email and the API show it too).
  if (prebooking.status === 'failed' && locale === 'en' && prebooking.resultMessage && swap) return outcomeWithoutSwap(prebooking, locale);
  if (prebooking.status === 'failed' && swap) return withSwap(outcomeWithoutSwap({ ...prebooking, resultMessage: null }, locale));
  return withSwap(outcomeWithoutSwap(prebooking, locale));
}

function outcomeWithoutSwap(
  prebooking: Pick<Prebooking, 'status' | 'resultCode' | 'resultMessage' | 'fireOffsetMs' | 'bookedOffsetMs' | 'bookedOnRetry'> &
    Partial<Pick<Prebooking, 'bookedChoice' | 'bookedChoiceOffsetMs' | 'alternatives'>>,
  locale: Locale,
): string | null {
  const t = getDictionary(locale).prebookings;
  const reason = () => resultText(prebooking.resultCode, locale, prebooking.resultMessage);
  switch (prebooking.status) {
    case 'completed':
      if (prebooking.bookedChoice && prebooking.bookedChoice > 1) {
        const choice = prebooking.alternatives?.[prebooking.bookedChoice - 2];
        const offsetMs = prebooking.bookedChoiceOffsetMs ?? null;
        if (choice) return getDictionary(locale).choices.bookedChoice(prebooking.bookedChoice, `${choice.classStartTime} ${choice.className}`, offsetMs === null ? null : formatDuration(offsetMs, locale));
      }
      if (prebooking.resultCode === 'already_held') return t.heldAlready;
      return describeBookedTiming(prebooking, locale) ?? reason();
    case 'failed': {
      const why = reason();
      const offset = prebooking.fireOffsetMs === null ? null : formatDuration(prebooking.fireOffsetMs, locale);
      return offset && why ? `${why} ${t.firedAfter(offset)}` : why;
    }
    case 'cancelled':
      return reason();
    default:
      return null;
  }
}
