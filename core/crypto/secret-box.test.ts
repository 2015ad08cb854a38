import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { createSecretBox } from './secret-box';

const box = createSecretBox(randomBytes(32).toString('base64'));

describe('secret box (AES-256-GCM)', () => {
  test('round-trips and never contains the plaintext', () => {
    const sealed = box.seal('hunter2-password', 'aimharder-password:m1');
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('hunter2');
    expect(box.open(sealed, 'aimharder-password:m1')).toBe('hunter2-password');
  });

  test('the same plaintext seals differently each time (random IV)', () => {
    expect(box.seal('same', 'ctx')).not.toBe(box.seal('same', 'ctx'));
  });

  test('a ciphertext moved to another member or purpose does not open', () => {
    const sealed = box.seal('secret', 'aimharder-password:m1');
    expect(() => box.open(sealed, 'aimharder-password:m2')).toThrow();
    expect(() => box.open(sealed, 'aimharder-session:m1')).toThrow();
  });

  test('tampering is detected', () => {
    const [version, iv, tag, ciphertext] = box.seal('secret', 'ctx').split('.');
    const flipped = Buffer.from(ciphertext!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.open([version, iv, tag, flipped.toString('base64url')].join('.'), 'ctx')).toThrow();
  });

  test('an envelope whose tag is cut short is refused (16-byte tags only)', () => {
    const [version, iv, tag, ciphertext] = box.seal('secret', 'ctx').split('.');
    const full = Buffer.from(tag!, 'base64url');
    for (const length of [4, 8, 12, 15]) {
      const cut = full.subarray(0, length).toString('base64url');
      expect(() => box.open([version, iv, cut, ciphertext].join('.'), 'ctx'), `${length}-byte tag`).toThrow();
    }
  });

  test('a wrong key or a malformed envelope is refused', () => {
    const other = createSecretBox(randomBytes(32).toString('base64'));
    expect(() => other.open(box.seal('secret', 'ctx'), 'ctx')).toThrow();
    expect(() => box.open('v2.a.b.c', 'ctx')).toThrow(/Unrecognised/);
    expect(() => createSecretBox('c2hvcnQ=')).toThrow(/32 bytes/);
  });
});
