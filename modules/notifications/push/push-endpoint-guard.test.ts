import { describe, expect, test } from 'vitest';
import { isPublicAddress, publicOnlyLookup, pushEndpointProblem } from './push-endpoint-guard';

describe('the push endpoint SSRF guard', () => {
  test('accepts the real push services', () => {
    for (const endpoint of [
      'https://fcm.googleapis.com/fcm/send/abc:APA91b',
      'https://updates.push.services.mozilla.com/wpush/v2/gAAAA',
      'https://web.push.apple.com/QGm8y',
      'https://wns2-par02p.notify.windows.com/w/?token=BQYAAA',
    ]) {
      expect(pushEndpointProblem(endpoint), endpoint).toBeNull();
    }
  });

  test.each([
    ['http://fcm.googleapis.com/fcm/send/x', 'must be an https URL'],
    ['https://127.0.0.1/push', 'must not point at a private or local address'],
    ['https://10.1.2.3/push', 'must not point at a private or local address'],
    ['https://169.254.169.254/latest/meta-data', 'must not point at a private or local address'],
    ['https://[::1]/push', 'must not point at a private or local address'],
    ['https://[::ffff:10.0.0.1]/push', 'must not point at a private or local address'],
    ['https://[fd00::1]/push', 'must not point at a private or local address'],
    ['https://localhost/push', 'must be a public push service host'],
    ['https://metadata.google.internal/computeMetadata', 'must be a public push service host'],
    ['https://intranet/push', 'must be a public push service host'],
    ['https://user:pass@fcm.googleapis.com/x', 'must not carry credentials'],
    ['not a url', 'must be an absolute URL'],
  ])('refuses %s', (endpoint, problem) => {
    expect(pushEndpointProblem(endpoint)).toBe(problem);
  });

  test('the local stand-in is let through only by its exact origin', () => {
    expect(pushEndpointProblem('https://127.0.0.1:8070/push/abc', 'https://127.0.0.1:8070')).toBeNull();
    expect(pushEndpointProblem('https://127.0.0.1:8071/push/abc', 'https://127.0.0.1:8070')).toBe('must not point at a private or local address');
    expect(pushEndpointProblem('http://127.0.0.1:8070/push/abc', 'https://127.0.0.1:8070')).toBe('must be an https URL');
  });

  test('classifies addresses', () => {
    expect(isPublicAddress('142.250.184.10')).toBe(true);
    expect(isPublicAddress('2a00:1450:4003:80e::200a')).toBe(true);
    for (const address of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', '::ffff:192.168.0.1', 'not-an-ip']) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });

  test('a name that resolves to a private address is refused when connecting (DNS rebinding)', async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => publicOnlyLookup('localhost', {}, (failure) => resolve(failure)));
    expect(error?.code).toBe('EPUSHPRIVATE');
  });
});
