import { swapText } from '@/modules/i18n';
import { describe, expect, test } from 'vitest';
import { classifyOutcome, notificationDeduplicationId, wantsEmail } from './notification-outcome';
import { composeOutcomeEmail, type OutcomeEmailInput } from './outcome-email';

const base: OutcomeEmailInput = {
  locale: 'en',
  memberName: 'Ana',
  outcome: 'booked',
  className: 'WOD',
  boxName: 'Prebooker Demo Box',
  classDay: '2027-03-29',
  classStartTime: '18:00',
  resultCode: 'booked',
  resultMessage: 'Booked.',
  bookedOffsetMs: 12.4,
  bookedOnRetry: false,
  appBaseUrl: 'https://prebooker.example.com',
};

describe('outcomes and preferences', () => {
  test('only ended prebookings are told about; cancellations are not', () => {
    expect(classifyOutcome('completed', 'booked')).toBe('booked');
    expect(classifyOutcome('completed', 'already_held')).toBe('booked');
    expect(classifyOutcome('completed', 'waitlisted')).toBe('waitlisted');
    expect(classifyOutcome('failed', 'full')).toBe('failed');
    expect(classifyOutcome('cancelled', 'cancelled_by_member')).toBeNull();
    expect(classifyOutcome('scheduled', null)).toBeNull();
  });

  test('all / failures only / none', () => {
    expect(['booked', 'waitlisted', 'failed'].map((outcome) => wantsEmail('all', outcome as 'booked'))).toEqual([true, true, true]);
    expect(['booked', 'waitlisted', 'failed'].map((outcome) => wantsEmail('failures', outcome as 'booked'))).toEqual([false, false, true]);
    expect(['booked', 'waitlisted', 'failed'].map((outcome) => wantsEmail('none', outcome as 'booked'))).toEqual([false, false, false]);
  });

  test('the QStash deduplication id is per prebooking and outcome, and QStash-safe', () => {
    const id = notificationDeduplicationId('8a1f2c3d-0000-4000-8000-000000000001', 'failed');
    expect(id).toBe('notify-8a1f2c3d-0000-4000-8000-000000000001-failed');
    expect(id).not.toMatch(/[:\s]/);
  });
});

describe('the outcome email', () => {
  test('a booking in English: class, outcome and how precisely it fired', () => {
    const email = composeOutcomeEmail(base);
    expect(email.subject).toBe('Booked: WOD, Mon 29 Mar 18:00');
    expect(email.text).toContain('Prebooker booked your class.');
    expect(email.text).toContain('Class: WOD');
    expect(email.text).toContain('Monday 29 March, 18:00 (box time)');
    expect(email.text).toContain('Prebooker got the place with a request sent 12 ms after booking opened.');
    expect(email.html).toContain('<strong>Prebooker booked your class.</strong>');
  });

  test('a failure in Spanish gives the reason in Spanish', () => {
    const email = composeOutcomeEmail({ ...base, locale: 'es', outcome: 'failed', resultCode: 'class_started', resultMessage: 'The class started before it could be booked.', bookedOffsetMs: null });
    expect(email.subject).toBe('No reservada: WOD, lun, 29 mar 18:00');
    expect(email.text).toContain('Hola Ana,');
    expect(email.text).toContain('Prebooker no ha podido reservar tu clase.');
    expect(email.text).toContain('Motivo: La clase empezó antes de poder reservarla.');
    expect(email.text).toContain('lunes, 29 de marzo, 18:00 (hora del box)');
    expect(email.text).not.toContain('ms después');
  });

  test('an unknown failure code falls back to the stored reason', () => {
    const email = composeOutcomeEmail({ ...base, outcome: 'failed', resultCode: 'no_credit', resultMessage: 'You have no classes left in your plan.' });
    expect(email.text).toContain('Why: You have no classes left in your plan.');
  });

  test('waiting list, in Spanish, with the offset', () => {
    const email = composeOutcomeEmail({ ...base, locale: 'es', outcome: 'waitlisted', bookedOffsetMs: 3 });
    expect(email.subject.startsWith('En lista de espera: WOD')).toBe(true);
    expect(email.text).toContain('Prebooker consiguió la plaza con una petición enviada 3 ms después de la apertura.');
  });

  test('a booking that came on a retry minutes late says so, in both languages (never the first fire’s 1 ms)', () => {
    const late = { ...base, bookedOffsetMs: 242_000, bookedOnRetry: true };
    expect(composeOutcomeEmail(late).text).toContain('The place came on a retry, 4 min 2 s after booking opened.');
    expect(composeOutcomeEmail({ ...late, locale: 'es' }).text).toContain('La plaza llegó con un reintento, 4 min 2 s después de la apertura.');
    expect(composeOutcomeEmail(late).text).not.toMatch(/\b1 ms\b/);
  });

  test('a place found already held (no request of ours got it) states no offset', () => {
    const email = composeOutcomeEmail({ ...base, bookedOffsetMs: null });
    expect(email.text).not.toMatch(/ms after/);
  });

  test('names are escaped in the HTML part', () => {
    const email = composeOutcomeEmail({ ...base, className: 'WOD <b>&</b>' });
    expect(email.html).toContain('WOD &lt;b&gt;&amp;&lt;/b&gt;');
    expect(email.html).not.toContain('<b>&</b>');
  });

  test('a prebooking that replaced a held booking says what became of it, once, in the member’s language', () => {
    const cancelled = swapText({ classStartTime: '18:00', className: 'WOD', swap: 'cancelled' }, 'es');
    const booked = composeOutcomeEmail({ ...base, locale: 'es', outcome: 'booked', resultCode: 'booked', resultMessage: 'Booked.', bookedOffsetMs: 5, swapNote: cancelled });
    expect(booked.text).toContain(`5 ms después de la apertura. ${cancelled}`);
    const rebooked = swapText({ classStartTime: '18:00', className: 'WOD', swap: 'rebooked' }, 'en');
    const failed = composeOutcomeEmail({ ...base, outcome: 'failed', resultCode: 'full', resultMessage: `The class is full. ${rebooked}`, bookedOffsetMs: null, swapNote: rebooked });
    expect(failed.text.split(rebooked)).toHaveLength(2);
    const failedEs = composeOutcomeEmail({ ...base, locale: 'es', outcome: 'failed', resultCode: 'full', resultMessage: `The class is full. ${rebooked}`, bookedOffsetMs: null, swapNote: swapText({ classStartTime: '18:00', className: 'WOD', swap: 'rebooked' }, 'es') });
    expect(failedEs.text).toContain('La clase estaba llena. Tu 18:00 WOD se canceló en la apertura');
    expect(failedEs.text).not.toContain('The class is full');
  });
});
