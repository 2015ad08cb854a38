/** Helpers for the web push tests: dev/push's control API and test subscribers registered with the app. */
import { createPushControlClient, type PushControlClient } from '../../dev/push/push-control-client';
import type { RecordedPush } from '../../dev/push/push-service';
import { createTestPushSubscriber, type TestPushSubscriber } from '../../dev/push/test-push-subscriber';
import { getTestStack } from '../support/test-stack';
import { waitFor, type SignedInMember } from '../support/app-client';

export function pushControl(): PushControlClient {
  const { urls, pushCertificate } = getTestStack();
  if (!urls.push || !pushCertificate) throw new Error('the test stack has no dev/push (urls.push missing)');
  return createPushControlClient(urls.push, pushCertificate);
}

export interface PushDeviceJson {
  id: string;
  label: string;
  createdAt: string;
  lastSentAt: string | null;
  endpointHash: string;
}

/** A browser-like subscriber on dev/push, registered for the member through the public API. */
export async function subscribeDevice(member: SignedInMember, label = 'Test device'): Promise<TestPushSubscriber & { deviceId: string }> {
  const subscriber = createTestPushSubscriber(getTestStack().urls.push!);
  const response = await member.fetch('/api/me/push-subscriptions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ endpoint: subscriber.endpoint, expirationTime: null, keys: subscriber.keys, deviceLabel: label }),
  });
  if (response.status !== 201) throw new Error(`device not saved: ${response.status} ${await response.text()}`);
  const { device } = (await response.json()) as { device: PushDeviceJson };
  return Object.assign(subscriber, { deviceId: device.id });
}

export async function devicesOf(member: SignedInMember): Promise<PushDeviceJson[]> {
  const response = await member.fetch('/api/me/push-subscriptions');
  if (!response.ok) throw new Error(`devices: ${response.status}`);
  return ((await response.json()) as { devices: PushDeviceJson[] }).devices;
}

export async function waitForPushes(control: PushControlClient, subscriptionId: string, count: number, timeoutMs = 20_000): Promise<RecordedPush[]> {
  return waitFor(
    async () => {
      const pushes = await control.messages(subscriptionId);
      return pushes.length >= count ? pushes : null;
    },
    timeoutMs,
    `${count} push(es) to ${subscriptionId}`,
  );
}
