import { describe, expect, test } from 'vitest';
import { WebPushError } from 'web-push';
import { classifyPushError } from './web-push-sender';

describe('how a failed send is classified', () => {
  test('404/410 gone, 429/5xx and network trouble retried, other refusals final', () => {
    const webPushError = (status: number) => new WebPushError('Received unexpected response code', status, {}, '', 'https://fcm.googleapis.com/x');
    expect(classifyPushError(webPushError(410)).kind).toBe('gone');
    expect(classifyPushError(webPushError(404)).kind).toBe('gone');
    expect(classifyPushError(webPushError(503)).kind).toBe('unavailable');
    expect(classifyPushError(webPushError(429)).kind).toBe('unavailable');
    expect(classifyPushError(webPushError(413)).kind).toBe('rejected');
    expect(classifyPushError(webPushError(403)).kind).toBe('rejected');
    expect(classifyPushError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).kind).toBe('unavailable');
    expect(classifyPushError(new Error('Socket timeout')).kind).toBe('unavailable');
    expect(classifyPushError(Object.assign(new Error('resolves to a non-public address'), { code: 'EPUSHPRIVATE' })).kind).toBe('rejected');
    expect(classifyPushError(new Error('Invalid key')).kind).toBe('rejected');
  });
});
