import { describe, expect, test, vi, beforeEach } from 'vitest';
import { AppError } from '@/core/http/app-error';
import { createSecretBox } from '@/core/crypto/secret-box';
import { createManualClock } from '@/core/time/clock';
import type { Database } from '@/core/database/admin-client';
import type { NotificationDependencies } from '../notification-dependencies';
import { sendPreflightWarningPush, type PreflightWarningPush } from './send-preflight-warning-push';
import type { PushSender, PushSendResult } from './web-push-sender';

/** The warnings channel with an in-memory device table and a scripted push service. */
const store = vi.hoisted(() => ({
  preference: 'all' as 'all' | 'failures' | 'none',
  rows: [] as Array<{ id: string; memberId: string; endpointHash: string; endpointCiphertext: string; keysCiphertext: string; deviceLabel: string; createdAt: string; lastSentAt: string | null }>,
  deleted: [] as string[],
}));

vi.mock('./push-subscriptions.repository', () => ({
  findPushPreference: async () => store.preference,
  listMemberSubscriptions: async () => store.rows,
  deleteSubscription: async (_db: unknown, id: string) => void store.deleted.push(id),
  touchSubscriptionSent: async () => undefined,
}));

const box = createSecretBox(Buffer.alloc(32, 7).toString('base64'));
const MEMBER = 'member-1';

function addDevice(id: string, endpoint: string): void {
  store.rows.push({
    id,
    memberId: MEMBER,
    endpointHash: id.padEnd(64, '0'),
    endpointCiphertext: box.seal(endpoint, `push-endpoint:${MEMBER}`),
    keysCiphertext: box.seal(JSON.stringify({ p256dh: 'p', auth: 'a' }), `push-keys:${MEMBER}`),
    deviceLabel: id,
    createdAt: new Date(0).toISOString(),
    lastSentAt: null,
  });
}

function deps(replies: Record<string, PushSendResult>, sent: Array<{ endpoint: string; payload: unknown; ttl: number }>): NotificationDependencies {
  return {
    db: {} as Database,
    clock: createManualClock(Date.parse('2027-03-29T15:00:00Z')),
    logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    push: {
      secretBox: box,
      vapidPublicKey: 'k',
      qstashRetries: 5,
      maxDevices: 10,
      sender: {
        configured: true,
        send: async (target, payload, options) => {
          sent.push({ endpoint: target.endpoint, payload: JSON.parse(payload), ttl: options.ttlSeconds });
          return replies[target.id] ?? { kind: 'accepted', status: 201 };
        },
      } satisfies PushSender,
    },
  } as unknown as NotificationDependencies;
}

const warning: PreflightWarningPush = {
  memberId: MEMBER,
  prebookingId: 'pb-1',
  warningKey: 'credentials_rejected',
  locale: 'es',
  title: 'Tu prerreserva puede fallar',
  body: 'AimHarder ya no acepta tu contraseña guardada.',
  action: { title: 'Volver a iniciar sesión', url: '/sign-in' },
  relevantUntilMs: Date.parse('2027-03-29T16:00:00Z'),
};

beforeEach(() => {
  store.preference = 'all';
  store.rows = [];
  store.deleted = [];
});

describe('pre-flight warning pushes', () => {
  test('go to every device with the caller’s words, its action, and a TTL up to the opening', async () => {
    addDevice('phone', 'https://fcm.googleapis.com/fcm/send/a');
    addDevice('laptop', 'https://updates.push.services.mozilla.com/wpush/v2/b');
    const sent: Array<{ endpoint: string; payload: unknown; ttl: number }> = [];
    const result = await sendPreflightWarningPush(deps({}, sent), warning);
    expect(result.kind).toBe('sent');
    expect(sent.map((entry) => entry.endpoint).sort()).toEqual(['https://fcm.googleapis.com/fcm/send/a', 'https://updates.push.services.mozilla.com/wpush/v2/b']);
    expect(sent[0]!.payload).toMatchObject({
      title: warning.title,
      body: warning.body,
      lang: 'es',
      tag: 'warning-pb-1-credentials_rejected',
      actions: [{ action: 'open', title: 'Volver a iniciar sesión', url: '/sign-in' }],
    });
    expect(sent[0]!.ttl).toBe(3600);
  });

  test('are sent under "failures only" but not under "none"', async () => {
    addDevice('phone', 'https://fcm.googleapis.com/fcm/send/a');
    const sent: Array<{ endpoint: string; payload: unknown; ttl: number }> = [];
    store.preference = 'failures';
    expect((await sendPreflightWarningPush(deps({}, sent), warning)).kind).toBe('sent');
    store.preference = 'none';
    expect(await sendPreflightWarningPush(deps({}, sent), warning)).toEqual({ kind: 'skipped', detail: 'member wants no pushes' });
    expect(sent).toHaveLength(1);
  });

  test('a gone device is removed; a push service that is down makes the caller retry', async () => {
    addDevice('gone', 'https://fcm.googleapis.com/fcm/send/gone');
    addDevice('down', 'https://fcm.googleapis.com/fcm/send/down');
    const replies: Record<string, PushSendResult> = { gone: { kind: 'gone', status: 410 }, down: { kind: 'unavailable', status: 503, detail: 'push service answered 503' } };
    const error = await sendPreflightWarningPush(deps(replies, []), warning).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(503);
    expect(store.deleted).toEqual(['gone']);
  });
});
