import { describe, expect, it } from 'vitest';
import { deriveFingerprint } from './aimharder-fingerprint';

describe('deriveFingerprint', () => {
  it('is 50 lowercase hex characters, stable per member and different between members', () => {
    const fingerprint = deriveFingerprint('ana@example.com');
    expect(fingerprint).toMatch(/^[0-9a-f]{50}$/);
    expect(deriveFingerprint(' Ana@Example.com ')).toBe(fingerprint);
    expect(deriveFingerprint('bea@example.com')).not.toBe(fingerprint);
  });
});
