import { describe, expect, test } from 'vitest';
import { resultText } from '@/modules/i18n';
import { adminResultText } from './admin-result-text';

describe('result texts for an admin', () => {
  test('speak about the member, never to "you"', () => {
    const stored = 'You already have a booking at that time.';
    expect(resultText('already_booked_same_hour', 'en', stored)).toMatch(/^You /);
    expect(adminResultText('already_booked_same_hour', 'en', stored)).toBe('The member already has a booking at that time.');
    expect(adminResultText('already_booked_same_hour', 'es', stored)).toBe('El miembro ya tiene una reserva a esa hora.');
  });
  test('texts with no "you" in them read the same for both', () => {
    expect(adminResultText('class_started', 'en', null)).toBe(resultText('class_started', 'en', null));
    expect(adminResultText(null, 'en', null)).toBeNull();
  });
});
