import { describe, expect, test } from 'vitest';
import { assertJsonContentType, crossOriginRefusal } from './same-origin';

const post = (headers: Record<string, string>, method = 'POST') => new Request('https://prebooker.example.com/api/prebookings', { method, headers });

describe('crossOriginRefusal', () => {
  test('refuses a state-changing request from another origin, sibling subdomains included', () => {
    for (const origin of ['https://evil.example', 'https://blog.prebooker.example.com', 'https://prebooker.example.com:8443', 'null']) {
      expect(crossOriginRefusal(post({ origin, host: 'prebooker.example.com' }))?.status, origin).toBe(403);
    }
    expect(crossOriginRefusal(post({ origin: 'https://evil.example' }, 'DELETE'))?.code).toBe('forbidden');
  });

  test('lets through this origin, no Origin at all, and reads', () => {
    expect(crossOriginRefusal(post({ origin: 'https://prebooker.example.com', host: 'prebooker.example.com' }))).toBeNull();
    expect(crossOriginRefusal(post({ origin: 'https://app.example', 'x-forwarded-host': 'app.example', host: 'internal:3000' }))).toBeNull();
    expect(crossOriginRefusal(post({ origin: 'https://app.example' }), 'https://app.example')).toBeNull();
    expect(crossOriginRefusal(post({}))).toBeNull();
    expect(crossOriginRefusal(post({ origin: 'https://evil.example' }, 'GET'))).toBeNull();
  });
});

test('only a body labelled JSON is read as JSON', () => {
  for (const type of ['application/json', 'application/json; charset=utf-8', 'application/merge-patch+json']) {
    expect(() => assertJsonContentType(post({ 'content-type': type })), type).not.toThrow();
  }
  for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    expect(() => assertJsonContentType(post({ 'content-type': type })), type).toThrow(expect.objectContaining({ code: 'unsupported_media_type' }));
  }
  expect(() => assertJsonContentType(post({}))).toThrow(expect.objectContaining({ code: 'unsupported_media_type' }));
});
