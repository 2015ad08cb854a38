/**
 * Web push of outcomes on the real stack: prebookings that really execute against the simulator,
 * one notify-outcome QStash message per channel, `web-push` sending to dev/push (https, VAPID,
 * aes128gcm), and the payloads decrypted with the keys the test's "browser" made. All classes open
 * in the same minute, so the file waits for one opening only.
 */
import { Client } from '@upstash/qstash';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatDuration } from '@/modules/i18n';
import type { TestPushSubscriber } from '../../dev/push/test-push-subscriber';
import { createPrebookingFor, createSimClass, newSignedInMember, testDatabase, waitFor, waitForTerminal, type PrebookingJson, type SignedInMember } from '../support/app-client';
import { getTestStack } from '../support/test-stack';
import { waitForDelivered, waitForEmails } from './notifications-support';
import { devicesOf, pushControl, subscribeDevice, waitForPushes } from './push-support';

type Device = TestPushSubscriber & { deviceId: string };
interface Case {
  member: SignedInMember;
  prebooking: PrebookingJson;
  className: string;
  devices: Device[];
}
interface PushJson {
  title: string;
  body: string;
  tag: string;
  lang: string;
  url: string;
  actions: Array<{ action: string; title: string; url: string }>;
  prebookingId: string;
}

const control = pushControl();
const tag = Date.now().toString(36);
const cases: Record<'twoDevices' | 'gone' | 'flaky' | 'failuresOnly' | 'spanishFailure', Case> = {} as never;

async function setPushPreference(member: SignedInMember, pushOutcomes: 'all' | 'failures' | 'none'): Promise<void> {
  const response = await member.fetch('/api/me/notifications', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pushOutcomes }) });
  expect(response.status).toBe(200);
  expect(((await response.json()) as { pushOutcomes: string }).pushOutcomes).toBe(pushOutcomes);
}

async function pushDelivery(prebookingId: string): Promise<{ status: string; skip_reason: string | null; attempts: number } | null> {
  const { data } = await testDatabase().from('notification_deliveries').select('status, skip_reason, attempts').eq('prebooking_id', prebookingId).eq('channel', 'push').maybeSingle();
  return data as { status: string; skip_reason: string | null; attempts: number } | null;
}

beforeAll(async () => {
  const make = async (key: keyof typeof cases, member: SignedInMember, devices: Device[]) => {
    const className = `WOD push-${key}-${tag}`;
    const simClass = await createSimClass({ opensInMs: 9_000, name: className });
    cases[key] = { member, className, devices, prebooking: await createPrebookingFor(member, simClass) };
  };
  const two = await newSignedInMember('push-two');
  await make('twoDevices', two, [await subscribeDevice(two, 'Chrome on Android'), await subscribeDevice(two, 'Firefox on Linux')]);
  const gone = await newSignedInMember('push-gone');
  const goneDevice = await subscribeDevice(gone);
  await control.scriptReplies(goneDevice.id, [410]);
  await make('gone', gone, [goneDevice]);
  const flaky = await newSignedInMember('push-flaky');
  const flakyDevice = await subscribeDevice(flaky, 'Flaky');
  const steadyDevice = await subscribeDevice(flaky, 'Steady');
  await control.scriptReplies(flakyDevice.id, [503]);
  await make('flaky', flaky, [flakyDevice, steadyDevice]);
  const failuresOnly = await newSignedInMember('push-failures');
  await setPushPreference(failuresOnly, 'failures');
  await make('failuresOnly', failuresOnly, [await subscribeDevice(failuresOnly)]);
  const spanish = await newSignedInMember('push-es', { noCredit: true });
  await testDatabase().from('members').update({ locale: 'es' }).eq('id', spanish.id);
  await make('spanishFailure', spanish, [await subscribeDevice(spanish)]);
  for (const entry of Object.values(cases)) await waitForTerminal(entry.member, entry.prebooking.id, 90_000);
}, 150_000);

afterAll(async () => {
  await control.close();
});

describe('outcome pushes', () => {
  test('a booking pushes once to each device, with the email’s title and timing, and an action opening the card', async () => {
    const { member, prebooking, className, devices } = cases.twoDevices;
    const done = await waitForTerminal(member, prebooking.id);
    expect(done.status).toBe('completed');
    for (const device of devices) {
      const pushes = await waitForPushes(control, device.id, 1);
      expect(pushes).toHaveLength(1);
      expect(pushes[0]).toMatchObject({ status: 201, urgency: 'high', contentEncoding: 'aes128gcm', vapid: { subject: 'mailto:admin@prebooker.local', publicKey: getTestStack().env.VAPID_PUBLIC_KEY } });
      expect(pushes[0]!.ttl).toBeGreaterThan(0);
      const payload = device.decrypt(pushes[0]!) as PushJson;
      expect(payload.title).toMatch(new RegExp(`^Booked: ${className}, \\w{3} \\d{1,2} \\w{3} \\d{2}:\\d{2}$`));
      const booked = done as typeof done & { bookedOffsetMs: number; bookedOnRetry: boolean };
      expect(booked.bookedOnRetry).toBe(false);
      expect(payload.body).toBe(`Prebooker got the place with a request sent ${formatDuration(booked.bookedOffsetMs, 'en')} after booking opened.`);
      expect(payload.actions).toEqual([{ action: 'open', title: 'See prebooking', url: `/my-classes#prebooking-${prebooking.id}` }]);
      expect(payload).toMatchObject({ lang: 'en', prebookingId: prebooking.id, tag: `prebooking-${prebooking.id}` });
    }
    expect(await pushDelivery(prebooking.id)).toMatchObject({ status: 'sent', attempts: 1 });
    // The email channel is unaffected: its own message, its own single email.
    expect(await waitForEmails(member.email, 1)).toHaveLength(1);
    const listed = await devicesOf(member);
    expect(listed.map((device) => device.lastSentAt !== null)).toEqual([true, true]);
  });

  test('a duplicate outcome (QStash redelivering the push message) does not push twice', async () => {
    const { urls, env } = getTestStack();
    const { prebooking, devices } = cases.twoDevices;
    await waitForPushes(control, devices[0]!.id, 1);
    const qstash = new Client({ baseUrl: urls.qstash, token: env.QSTASH_TOKEN, enableTelemetry: false });
    const { messageId } = await qstash.publishJSON({ url: `${urls.app}/api/qstash/notify-outcome`, body: { prebookingId: prebooking.id, outcome: 'booked', channel: 'push' }, retries: 0 });
    await waitForDelivered(messageId);
    for (const device of devices) expect(await control.messages(device.id)).toHaveLength(1);
  });

  test('a 410 from the push service removes that device', async () => {
    const { member, prebooking, devices } = cases.gone;
    const pushes = await waitForPushes(control, devices[0]!.id, 1);
    expect(pushes.map((push) => push.status)).toEqual([410]);
    await waitFor(async () => (await devicesOf(member)).length === 0, 15_000, 'the gone device to be removed');
    expect(await waitFor(() => pushDelivery(prebooking.id), 15_000, 'the push delivery')).toMatchObject({ status: 'sent' });
    const { count } = await testDatabase().from('push_subscriptions').select('id', { count: 'exact', head: true }).eq('member_id', member.id);
    expect(count).toBe(0);
  });

  test('a push service answering 503 is retried through QStash; the device that already got it is not pushed again; the prebooking is untouched', async () => {
    const { member, prebooking, devices } = cases.flaky;
    const [flaky, steady] = devices as [Device, Device];
    const flakyPushes = await waitForPushes(control, flaky.id, 2, 30_000);
    expect(flakyPushes.map((push) => push.status)).toEqual([503, 201]);
    expect((await control.messages(steady.id)).map((push) => push.status)).toEqual([201]);
    expect((flaky.decrypt(flakyPushes[1]!) as PushJson).prebookingId).toBe(prebooking.id);
    expect(await waitFor(async () => ((await pushDelivery(prebooking.id))?.status === 'sent' ? pushDelivery(prebooking.id) : null), 15_000, 'the push to be sent')).toMatchObject({ attempts: 2 });
    const after = await waitForTerminal(member, prebooking.id);
    expect(after.status).toBe('completed');
  });

  test('"failures only": a booking pushes nothing, and the reason is recorded', async () => {
    const { member, prebooking, devices } = cases.failuresOnly;
    expect((await waitForTerminal(member, prebooking.id)).status).toBe('completed');
    expect(await waitFor(() => pushDelivery(prebooking.id), 15_000, 'the skipped push')).toMatchObject({ status: 'skipped', skip_reason: 'preference:failures' });
    expect(await control.messages(devices[0]!.id)).toHaveLength(0);
  });

  test('a failure is pushed in the member’s language, with its reason and its next step', async () => {
    const { member, prebooking, className, devices } = cases.spanishFailure;
    const done = await waitForTerminal(member, prebooking.id);
    expect(done.status).toBe('failed');
    // This member has no credit: the pre-flight may push its "Acción necesaria" warning first (a
    // full CI run got it before the outcome's push). The outcome's push is the one that is not that.
    const payload = await waitFor(
      async () => {
        const pushes = (await control.messages(devices[0]!.id)).map((push) => devices[0]!.decrypt(push) as PushJson);
        return pushes.find((json) => !json.title.startsWith('Acción necesaria:')) ?? null;
      },
      20_000,
      'the failure push',
    );
    expect(payload.title).toMatch(new RegExp(`^No reservada: ${className}, `));
    expect(payload.lang).toBe('es');
    expect(payload.body.length).toBeGreaterThan(5);
    expect(payload.body).not.toContain('ms después');
    expect(payload.actions).toHaveLength(1);
    expect(['Ver qué pasó', 'Volver a iniciar sesión']).toContain(payload.actions[0]!.title);
  });
});

describe('push devices', () => {
  test('bad subscriptions are refused with a 400 naming the field, and nothing is stored', async () => {
    const member = await newSignedInMember('push-bad');
    const good = (await import('../../dev/push/test-push-subscriber')).createTestPushSubscriber(getTestStack().urls.push!);
    const post = (body: unknown) => member.fetch('/api/me/push-subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const cases: Array<[unknown, string]> = [
      [{ endpoint: good.endpoint.replace('https:', 'http:'), keys: good.keys }, 'endpoint'],
      [{ endpoint: 'https://10.0.0.7/push/abc', keys: good.keys }, 'endpoint'],
      [{ endpoint: 'https://169.254.169.254/latest', keys: good.keys }, 'endpoint'],
      [{ endpoint: 'https://localhost:8443/push/abc', keys: good.keys }, 'endpoint'],
      [{ endpoint: good.endpoint, keys: { ...good.keys, p256dh: 'AAAA' } }, 'keys.p256dh'],
      [{ endpoint: good.endpoint, keys: { ...good.keys, auth: Buffer.alloc(8).toString('base64url') } }, 'keys.auth'],
      [{ endpoint: good.endpoint }, 'keys'],
    ];
    for (const [body, field] of cases) {
      const response = await post(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const json = (await response.json()) as { error: { code: string; message: string; fields?: Record<string, string[]> } };
      expect(json.error.code).toBe('validation');
      expect(Object.keys(json.error.fields ?? {}).some((key) => key === field || key.startsWith(`${field}.`)), `${field} in ${JSON.stringify(json.error)}`).toBe(true);
    }
    expect(await devicesOf(member)).toEqual([]);
  });

  test('a member has a bounded number of devices; the same device again does not count twice', async () => {
    const member = await newSignedInMember('push-many');
    const first = await subscribeDevice(member);
    const again = await member.fetch('/api/me/push-subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ endpoint: first.endpoint, keys: first.keys }) });
    expect(again.status).toBe(201);
    for (let index = 1; index < 10; index += 1) await subscribeDevice(member);
    expect(await devicesOf(member)).toHaveLength(10);
    const eleventh = (await import('../../dev/push/test-push-subscriber')).createTestPushSubscriber(getTestStack().urls.push!);
    const refused = await member.fetch('/api/me/push-subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ endpoint: eleventh.endpoint, keys: eleventh.keys }) });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/10 devices/);
  });

  test('a member sees and removes their own devices only; secrets are sealed at rest', async () => {
    const owner = await newSignedInMember('push-owner');
    const other = await newSignedInMember('push-other');
    const device = await subscribeDevice(owner, 'Safari on iOS');
    expect((await devicesOf(owner)).map((entry) => entry.label)).toEqual(['Safari on iOS']);
    expect(await devicesOf(other)).toEqual([]);
    expect((await other.fetch(`/api/me/push-subscriptions/${device.deviceId}`, { method: 'DELETE' })).status).toBe(404);
    expect((await other.fetch('/api/me/push-subscriptions/not-a-uuid', { method: 'DELETE' })).status).toBe(400);
    const { data } = await testDatabase().from('push_subscriptions').select('endpoint_ciphertext, keys_ciphertext').eq('id', device.deviceId).single();
    const row = data as { endpoint_ciphertext: string; keys_ciphertext: string };
    expect(row.endpoint_ciphertext).toMatch(/^v1\./);
    expect(row.endpoint_ciphertext).not.toContain(device.id);
    expect(row.keys_ciphertext).not.toContain(device.keys.auth);
    expect((await owner.fetch(`/api/me/push-subscriptions/${device.deviceId}`, { method: 'DELETE' })).status).toBe(204);
    expect(await devicesOf(owner)).toEqual([]);
  });

  test('push preferences are validated', async () => {
    const response = await cases.twoDevices.member.fetch('/api/me/notifications', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pushOutcomes: 'loud' }) });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; fields: Record<string, string[]> } };
    expect(body.error.code).toBe('validation');
    expect(body.error.fields.pushOutcomes).toBeDefined();
  });
});
