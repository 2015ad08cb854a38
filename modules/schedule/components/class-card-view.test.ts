import { describe, expect, test } from 'vitest';
import { getDictionary } from '@/modules/i18n';
import type { ScheduleClass } from '../schedule.schema';
import { cardIntent, isFeedbackCurrent, livePhase, placesText } from './class-card-view';

const en = getDictionary('en');
const es = getDictionary('es');
const NOW = Date.parse('2026-12-07T17:00:00Z');

const slot = (overrides: Partial<ScheduleClass> = {}): ScheduleClass => ({
  id: 'c1',
  day: '2026-12-08',
  startTime: '18:00',
  endTime: '19:00',
  name: 'WOD',
  coach: null,
  capacity: 14,
  bookedCount: 9,
  waitlistCount: 0,
  memberState: 'none',
  reservationId: null,
  startsAt: '2026-12-08T17:00:00Z',
  opensAt: '2026-12-07T17:00:30Z',
  phase: 'not_open',
  full: false,
  prebooking: null,
  failure: null,
  ...overrides,
});

const prebooking = (status: 'scheduled' | 'executing', cancellableUntil: string) => ({
  id: '00000000-0000-4000-8000-000000000001',
  status,
  availableAt: '2026-12-07T17:00:30Z',
  fireAt: '2026-12-07T17:00:30Z',
  cancellableUntil,
  attention: null,
});

describe('places, read one way', () => {
  test('"9/14 places" becomes places left of capacity', () => {
    expect(placesText(slot(), en)).toBe('5 of 14 places left');
    expect(placesText(slot(), es)).toBe('Quedan 5 de 14 plazas');
  });
  test('with the waitlist count when there is one, and "Full" when none is left', () => {
    expect(placesText(slot({ bookedCount: 14, waitlistCount: 3 }), en)).toBe('Full · 3 on the waitlist');
    expect(placesText(slot({ bookedCount: 14 }), en)).toBe('Full');
    expect(placesText(slot({ bookedCount: 13, waitlistCount: 1 }), en)).toBe('1 of 14 places left · 1 on the waitlist');
    expect(placesText(slot({ capacity: null, bookedCount: 4 }), en)).toBe('4 taken');
  });
});

describe('what the card offers', () => {
  test('a class whose opening is unknown offers Prebook (what the button really does), not Book', () => {
    expect(cardIntent(slot({ phase: 'unknown', opensAt: null }), 'unknown', NOW)).toBe('prebook');
  });
  test('an open class offers Book; a started one nothing', () => {
    expect(cardIntent(slot({ phase: 'open' }), 'open', NOW)).toBe('book');
    expect(cardIntent(slot({ phase: 'started' }), 'started', NOW)).toBeNull();
  });
  test('Cancel prebooking is offered until the commit window, and hidden inside it or while executing', () => {
    const early = slot({ prebooking: prebooking('scheduled', '2026-12-07T17:00:25Z') });
    expect(cardIntent(early, 'not_open', NOW)).toBe('cancelPrebooking');
    expect(cardIntent(early, 'not_open', Date.parse('2026-12-07T17:00:25Z'))).toBeNull();
    expect(cardIntent(slot({ prebooking: prebooking('executing', '2026-12-07T17:00:25Z') }), 'not_open', NOW)).toBeNull();
  });
  test('an opening that passes while the page is open makes the class open', () => {
    expect(livePhase(slot(), Date.parse('2026-12-07T17:00:31Z'))).toBe('open');
  });
});

describe('answers stay only while true', () => {
  test('"Prebooked. Prebooker will book it at…" goes once the class is booked', () => {
    const answer = { ok: true as const, message: 'Prebooked. Prebooker will book it at …', kind: 'prebooked' };
    expect(isFeedbackCurrent(answer, slot({ prebooking: prebooking('scheduled', '2026-12-07T17:00:25Z') }))).toBe(true);
    expect(isFeedbackCurrent(answer, slot({ memberState: 'booked', reservationId: 'r1' }))).toBe(false);
  });
});
