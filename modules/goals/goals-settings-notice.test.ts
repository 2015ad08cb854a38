import { describe, expect, test } from 'vitest';
import { calendarNoticeOf, readSettingsNotices } from './goals-settings-notice';

describe('readSettingsNotices', () => {
  test('reads the words the settings actions send back', () => {
    expect(readSettingsNotices({ emails: 'saved', calendar: 'replaced' })).toEqual({ emails: 'saved', calendar: 'replaced' });
    expect(readSettingsNotices({ emails: 'error', calendar: 'error' })).toEqual({ emails: 'error', calendar: 'error' });
  });

  test('says nothing for anything else typed into the address', () => {
    expect(readSettingsNotices({})).toEqual({ emails: null, calendar: null });
    expect(readSettingsNotices({ emails: 'Saved.', calendar: '<script>' })).toEqual({ emails: null, calendar: null });
    expect(readSettingsNotices({ emails: ['saved', 'saved'], calendar: 'constructor' })).toEqual({ emails: null, calendar: null });
  });
});

test('each calendar intent has its own answer', () => {
  expect([calendarNoticeOf('create'), calendarNoticeOf('replace'), calendarNoticeOf('revoke')]).toEqual(['created', 'replaced', 'revoked']);
});
