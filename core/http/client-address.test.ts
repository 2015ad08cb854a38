import { expect, test } from 'vitest';
import { clientAddress } from './client-address';

const request = (headers: Record<string, string>) => new Request('http://prebooker.test/api/auth/sign-in', { headers });

test('on Vercel the platform header decides, whatever X-Forwarded-For the caller sent', () => {
  const vercel = { VERCEL: '1' };
  // Vercel appends the real client to the caller's own X-Forwarded-For; its own header is authoritative.
  expect(clientAddress(request({ 'x-forwarded-for': '6.6.6.6, 198.51.100.4', 'x-vercel-forwarded-for': '198.51.100.4' }), vercel)).toBe('198.51.100.4');
  expect(clientAddress(request({ 'x-forwarded-for': '6.6.6.6', 'x-real-ip': '198.51.100.9' }), vercel)).toBe('198.51.100.9');
  expect(clientAddress(request({ 'x-forwarded-for': '6.6.6.6' }), vercel)).toBe('unknown');
});

test('elsewhere the nearest hop’s entry counts, not the first one a caller can write', () => {
  expect(clientAddress(request({ 'x-forwarded-for': '6.6.6.6, 7.7.7.7, 203.0.113.5' }), {})).toBe('203.0.113.5');
  expect(clientAddress(request({ 'x-forwarded-for': '::ffff:127.0.0.1' }), {})).toBe('::ffff:127.0.0.1');
  expect(clientAddress(request({}), {})).toBe('local');
});
