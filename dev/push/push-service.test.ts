import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import webpush, { WebPushError } from 'web-push';
import { createPushControlClient, type PushControlClient } from './push-control-client';
import { startPushService, type RunningPushService } from './push-service';
import { ensurePushTls } from './push-tls';
import { createTestPushSubscriber } from './test-push-subscriber';

/**
 * dev/push against the real `web-push` package (the one the app sends with): what it accepts,
 * what it refuses like a real push service, and the scripted replies.
 */
const vapid = webpush.generateVAPIDKeys();
const vapidDetails = { subject: 'mailto:test@prebooker.local', publicKey: vapid.publicKey, privateKey: vapid.privateKey };
let service: RunningPushService;
let control: PushControlClient;
let agent: https.Agent;
let tlsDir: string;

beforeAll(async () => {
  tlsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'push-tls-'));
  const tls = await ensurePushTls(tlsDir);
  service = await startPushService({ port: 0, host: '127.0.0.1', cert: tls.cert, key: tls.key, enableControlApi: true });
  control = createPushControlClient(service.url, tls.cert);
  agent = new https.Agent({ ca: tls.cert });
});

afterAll(async () => {
  await control?.close();
  await service?.stop();
  fs.rmSync(tlsDir, { recursive: true, force: true });
});

describe('dev/push', () => {
  test('accepts an encrypted, VAPID-signed push with 201 and records it; the subscriber decrypts it', async () => {
    const subscriber = createTestPushSubscriber(service.url);
    const sent = await webpush.sendNotification({ endpoint: subscriber.endpoint, keys: subscriber.keys }, JSON.stringify({ title: 'Booked', body: '3 ms' }), {
      vapidDetails,
      TTL: 3600,
      urgency: 'high',
      topic: 'abc123',
      agent,
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.headers.location).toMatch(new RegExp(`^${service.url}/message/`));
    const [push] = await control.messages(subscriber.id);
    expect(push).toMatchObject({ status: 201, ttl: 3600, urgency: 'high', topic: 'abc123', contentEncoding: 'aes128gcm', vapid: { subject: 'mailto:test@prebooker.local', publicKey: vapid.publicKey } });
    expect(subscriber.decrypt(push!)).toEqual({ title: 'Booked', body: '3 ms' });
  });

  test('refuses what real push services refuse: no VAPID (401), VAPID for another audience (403), a payload over 4 KB (413)', async () => {
    const subscriber = createTestPushSubscriber(service.url);
    const subscription = { endpoint: subscriber.endpoint, keys: subscriber.keys };
    const status = (promise: Promise<unknown>) => promise.then(() => 201, (error: unknown) => (error instanceof WebPushError ? error.statusCode : -1));
    expect(await status(webpush.sendNotification(subscription, 'x', { TTL: 60, agent }))).toBe(401);
    const foreign = webpush.getVapidHeaders('https://fcm.googleapis.com', vapidDetails.subject, vapid.publicKey, vapid.privateKey, 'aes128gcm');
    expect(await status(webpush.sendNotification(subscription, 'x', { TTL: 60, agent, headers: { Authorization: foreign.Authorization } }))).toBe(403);
    // web-push itself refuses payloads over 4078 bytes; send one straight to see the service's 413.
    const big = await new Promise<number>((resolve, reject) => {
      const headers = webpush.getVapidHeaders(service.url, vapidDetails.subject, vapid.publicKey, vapid.privateKey, 'aes128gcm');
      const request = https.request(subscriber.endpoint, { method: 'POST', agent, headers: { ...headers, TTL: '60', 'content-encoding': 'aes128gcm' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end(Buffer.alloc(5000));
    });
    expect(big).toBe(413);
    expect((await control.messages(subscriber.id)).map((push) => push.status)).toEqual([401, 403, 413]);
  });

  test('answers what the control API scripts for a subscription, in order, then 201 again', async () => {
    const subscriber = createTestPushSubscriber(service.url);
    await control.scriptReplies(subscriber.id, [503, 410]);
    const statuses: number[] = [];
    for (let index = 0; index < 3; index += 1) {
      statuses.push(
        await webpush.sendNotification({ endpoint: subscriber.endpoint, keys: subscriber.keys }, 'hi', { vapidDetails, TTL: 60, agent }).then(
          (response) => response.statusCode,
          (error: WebPushError) => error.statusCode,
        ),
      );
    }
    expect(statuses).toEqual([503, 410, 201]);
  });

  test('the control API validates its input', async () => {
    await expect(control.scriptReplies('short', [410])).rejects.toThrow(/400/);
    await expect(control.scriptReplies('abcdefgh12345678', [302])).rejects.toThrow(/statuses must be a list/);
  });
});
