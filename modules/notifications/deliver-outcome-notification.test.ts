import { beforeEach, describe, expect, test, vi } from 'vitest';
import { AppError } from '@/core/http/app-error';
import { createManualClock } from '@/core/time/clock';
import type { QStashPublisher } from '@/core/qstash/qstash-publisher';
import type { Database } from '@/core/database/admin-client';
import type { NotificationDependencies } from './notification-dependencies';
import type { EmailPreference, NotifiablePrebooking, NotificationDelivery } from './notifications.schema';
import type { Mailer, OutgoingEmail } from './smtp-mailer';

/**
 * The claim rules with an in-memory stand-in for the two tables (same semantics as the SQL: a
 * unique key per prebooking + outcome, and compare-and-set on the claim token). The real tables
 * are exercised by tests/integration/notifications*.test.ts.
 */
const store = vi.hoisted(() => ({
  prebookings: new Map<string, NotifiablePrebooking>(),
  deliveries: new Map<string, NotificationDelivery>(),
  preference: 'all' as EmailPreference,
  sequence: 0,
  pushDevices: 0,
}));

vi.mock('./push/push-subscriptions.repository', () => ({ countMemberSubscriptions: async () => store.pushDevices }));

vi.mock('./notifications.repository', () => {
  const keyOf = (prebookingId: string, outcome: string) => `${prebookingId}/${outcome}`;
  return {
    findNotifiablePrebooking: async (_db: unknown, id: string) => store.prebookings.get(id) ?? null,
    findEmailPreference: async () => store.preference,
    findDelivery: async (_db: unknown, key: { prebookingId: string; outcome: string }) => {
      const row = store.deliveries.get(keyOf(key.prebookingId, key.outcome));
      return row ? { ...row } : null;
    },
    insertClaimedDelivery: async (_db: unknown, key: { prebookingId: string; memberId: string; outcome: 'booked' }, token: string, now: Date) => {
      if (store.deliveries.has(keyOf(key.prebookingId, key.outcome))) return null;
      store.sequence += 1;
      const row: NotificationDelivery = {
        id: `d${store.sequence}`,
        ...key,
        status: 'sending',
        claimToken: token,
        claimedAt: now.toISOString(),
        attempts: 1,
        sentAt: null,
        skipReason: null,
        lastError: null,
      };
      store.deliveries.set(keyOf(key.prebookingId, key.outcome), row);
      return { ...row };
    },
    takeOverDelivery: async (_db: unknown, current: NotificationDelivery, token: string, now: Date) => {
      const row = store.deliveries.get(keyOf(current.prebookingId, current.outcome));
      if (!row || row.status !== current.status || row.claimToken !== current.claimToken) return null;
      Object.assign(row, { status: 'sending', claimToken: token, claimedAt: now.toISOString(), attempts: current.attempts + 1 });
      return { ...row };
    },
    markDeliverySent: async (_db: unknown, id: string, token: string) => {
      const row = [...store.deliveries.values()].find((candidate) => candidate.id === id && candidate.claimToken === token);
      if (row) Object.assign(row, { status: 'sent', lastError: null });
    },
    markDeliveryFailed: async (_db: unknown, id: string, token: string, error: string) => {
      const row = [...store.deliveries.values()].find((candidate) => candidate.id === id && candidate.claimToken === token && candidate.status === 'sending');
      if (row) Object.assign(row, { status: 'failed', lastError: error });
    },
    recordSkippedDelivery: async (_db: unknown, key: { prebookingId: string; memberId: string; outcome: 'booked' }, reason: string) => {
      if (store.deliveries.has(keyOf(key.prebookingId, key.outcome))) return;
      store.sequence += 1;
      store.deliveries.set(keyOf(key.prebookingId, key.outcome), {
        id: `d${store.sequence}`,
        ...key,
        status: 'skipped',
        claimToken: null,
        claimedAt: null,
        attempts: 0,
        sentAt: null,
        skipReason: reason,
        lastError: null,
      });
    },
  };
});

vi.mock('@/modules/members', () => ({
  findMemberById: async (_db: unknown, id: string) =>
    id === 'member-1' ? { id, email: 'ana@test.local', displayName: 'Ana', locale: 'es', role: 'member', aimharderUserId: '1', sessionVersion: 0, createdAt: '', updatedAt: '' } : null,
}));

const { deliverOutcomeNotification } = await import('./deliver-outcome-notification.service');
const { enqueueOutcomeNotification } = await import('./enqueue-outcome-notification.service');

const PREBOOKING_ID = '00000000-0000-4000-8000-000000000001';

function fakeMailer(behaviour: { failTimes?: number; delayMs?: number } = {}): Mailer & { sent: OutgoingEmail[]; attempts: number } {
  let failures = behaviour.failTimes ?? 0;
  const mailer = {
    configured: true,
    sent: [] as OutgoingEmail[],
    attempts: 0,
    async send(email: OutgoingEmail) {
      mailer.attempts += 1;
      if (behaviour.delayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
      if (failures > 0) {
        failures -= 1;
        throw new Error('421 SMTP server unavailable');
      }
      mailer.sent.push(email);
      return { messageId: email.messageId, response: '250 ok' };
    },
  };
  return mailer;
}

const silentLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

function deps(mailer: Mailer, publisher?: QStashPublisher): NotificationDependencies {
  return {
    db: {} as Database,
    clock: createManualClock(Date.parse('2027-03-25T17:00:05Z')),
    publisher: publisher ?? ({} as QStashPublisher),
    mailer,
    push: {} as NotificationDependencies['push'],
    logger: silentLogger,
    config: { appBaseUrl: 'http://127.0.0.1:3000', linkBaseUrl: 'http://localhost:3000', qstashRetries: 5, sendLeaseMs: 60_000, enqueueTimeoutMs: 50 },
  };
}

beforeEach(() => {
  store.prebookings.clear();
  store.deliveries.clear();
  store.preference = 'all';
  store.pushDevices = 0;
  store.prebookings.set(PREBOOKING_ID, {
    id: PREBOOKING_ID,
    memberId: 'member-1',
    boxName: 'Prebooker Demo Box',
    boxTimeZone: 'Europe/Madrid',
    className: 'WOD',
    classDay: '2027-03-29',
    classStartTime: '18:00',
    availableAt: '2027-03-25T17:00:00.000Z',
    firedAt: '2027-03-25T17:00:00.007Z',
    bookedAt: '2027-03-25T17:00:00.007Z',
    bookedOnRetry: false,
    status: 'completed',
    resultCode: 'booked',
    resultMessage: 'Booked.',
    replacesBooking: null,
  });
});

describe('sending an outcome email at most once', () => {
  test('sends once, in the member’s language, and a redelivery sends nothing more', async () => {
    const mailer = fakeMailer();
    expect(await deliverOutcomeNotification(deps(mailer), { prebookingId: PREBOOKING_ID, outcome: 'booked' })).toMatchObject({ kind: 'sent' });
    expect(await deliverOutcomeNotification(deps(mailer), { prebookingId: PREBOOKING_ID, outcome: 'booked' })).toMatchObject({ kind: 'duplicate' });
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]!.to).toBe('ana@test.local');
    expect(mailer.sent[0]!.subject).toMatch(/^Reservada: WOD/);
    expect(mailer.sent[0]!.text).toContain('7 ms después de la apertura');
    expect(mailer.sent[0]!.messageId).toBe(`<notify-${PREBOOKING_ID}-booked@prebooker>`);
  });

  test('its links point at the host members open the app at, not where QStash delivers', async () => {
    const mailer = fakeMailer();
    await deliverOutcomeNotification(deps(mailer), { prebookingId: PREBOOKING_ID, outcome: 'booked' });
    expect(mailer.sent[0]!.text).toContain('http://localhost:3000/my-classes');
    expect(mailer.sent[0]!.text).not.toContain('127.0.0.1');
  });

  test('two deliveries at the same time send one email; the loser asks QStash to come back', async () => {
    const mailer = fakeMailer({ delayMs: 20 });
    const results = await Promise.all([
      deliverOutcomeNotification(deps(mailer), { prebookingId: PREBOOKING_ID, outcome: 'booked' }),
      deliverOutcomeNotification(deps(mailer), { prebookingId: PREBOOKING_ID, outcome: 'booked' }),
    ]);
    expect(results.map((result) => result.kind).sort()).toEqual(['busy', 'sent']);
    expect(mailer.sent).toHaveLength(1);
  });

  test('an SMTP failure is a retryable error and the retry sends it', async () => {
    const mailer = fakeMailer({ failTimes: 1 });
    const first = deliverOutcomeNotification(deps(mailer), { prebookingId: PREBOOKING_ID, outcome: 'booked' });
    await expect(first).rejects.toBeInstanceOf(AppError);
    await expect(first).rejects.toMatchObject({ code: 'unavailable', status: 503 });
    expect([...store.deliveries.values()][0]).toMatchObject({ status: 'failed', lastError: expect.stringContaining('421') });

    expect(await deliverOutcomeNotification(deps(mailer), { prebookingId: PREBOOKING_ID, outcome: 'booked' })).toMatchObject({ kind: 'sent' });
    expect(mailer.attempts).toBe(2);
    expect(mailer.sent).toHaveLength(1);
    expect([...store.deliveries.values()][0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  test('a sender that died mid-send loses its claim once the lease has run out', async () => {
    const mailer = fakeMailer();
    const stuck = deps(mailer);
    store.deliveries.set(`${PREBOOKING_ID}/booked`, {
      id: 'd-stuck',
      prebookingId: PREBOOKING_ID,
      memberId: 'member-1',
      outcome: 'booked',
      status: 'sending',
      claimToken: 'old-token',
      claimedAt: new Date(stuck.clock.now() - 10_000).toISOString(),
      attempts: 1,
      sentAt: null,
      skipReason: null,
      lastError: null,
    });
    expect(await deliverOutcomeNotification(stuck, { prebookingId: PREBOOKING_ID, outcome: 'booked' })).toMatchObject({ kind: 'busy' });
    (stuck.clock as ReturnType<typeof createManualClock>).advance(60_000);
    expect(await deliverOutcomeNotification(stuck, { prebookingId: PREBOOKING_ID, outcome: 'booked' })).toMatchObject({ kind: 'sent' });
    expect(mailer.sent).toHaveLength(1);
  });

  test('"failures only" skips a booking email, and records why', async () => {
    store.preference = 'failures';
    const mailer = fakeMailer();
    expect(await deliverOutcomeNotification(deps(mailer), { prebookingId: PREBOOKING_ID, outcome: 'booked' })).toMatchObject({ kind: 'skipped' });
    expect(mailer.sent).toHaveLength(0);
    expect([...store.deliveries.values()][0]).toMatchObject({ status: 'skipped', skipReason: 'preference:failures' });
  });

  test('without SMTP nothing is sent and nothing fails', async () => {
    const mailer = { ...fakeMailer(), configured: false };
    expect(await deliverOutcomeNotification(deps(mailer), { prebookingId: PREBOOKING_ID, outcome: 'booked' })).toMatchObject({ kind: 'skipped', detail: 'SMTP_URL is not set' });
  });

  test('a cancelled prebooking gets no email', async () => {
    store.prebookings.set(PREBOOKING_ID, { ...store.prebookings.get(PREBOOKING_ID)!, status: 'cancelled', resultCode: 'cancelled_by_member' });
    const mailer = fakeMailer();
    expect(await deliverOutcomeNotification(deps(mailer), { prebookingId: PREBOOKING_ID, outcome: 'booked' })).toMatchObject({ kind: 'skipped' });
    expect(mailer.attempts).toBe(0);
  });
});

describe('queuing the notification from the booking path', () => {
  test('publishes one message with a per-outcome deduplication id', async () => {
    const published: unknown[] = [];
    const publisher = {
      publishDelayedJson: async (input: unknown) => {
        published.push(input);
        return { messageId: 'msg_1', deduplicated: false };
      },
    } as unknown as QStashPublisher;
    await enqueueOutcomeNotification(deps(fakeMailer(), publisher), PREBOOKING_ID);
    expect(published).toEqual([
      expect.objectContaining({
        destinationUrl: 'http://127.0.0.1:3000/api/qstash/notify-outcome',
        body: { prebookingId: PREBOOKING_ID, outcome: 'booked', channel: 'email' },
        deduplicationId: `notify-${PREBOOKING_ID}-booked`,
        retries: 5,
      }),
    ]);
  });

  test('a member with a push device gets a second message, for the push channel, with its own deduplication id', async () => {
    store.pushDevices = 2;
    const published: Array<{ body: { channel: string }; deduplicationId: string; retries: number }> = [];
    const publisher = {
      publishDelayedJson: async (input: (typeof published)[number]) => {
        published.push(input);
        return { messageId: `msg_${published.length}`, deduplicated: false };
      },
    } as unknown as QStashPublisher;
    const withPush = { ...deps(fakeMailer(), publisher), push: { qstashRetries: 7 } as NotificationDependencies['push'] };
    await enqueueOutcomeNotification(withPush, PREBOOKING_ID);
    expect(published.map((message) => [message.body.channel, message.deduplicationId, message.retries]).sort()).toEqual([
      ['email', `notify-${PREBOOKING_ID}-booked`, 5],
      ['push', `notify-${PREBOOKING_ID}-booked-push`, 7],
    ]);
  });

  test('never throws and never waits longer than its timeout, even if QStash hangs', async () => {
    const publisher = { publishDelayedJson: () => new Promise(() => {}) } as unknown as QStashPublisher;
    const started = Date.now();
    await expect(enqueueOutcomeNotification(deps(fakeMailer(), publisher), PREBOOKING_ID)).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1_000);
    const failing = { publishDelayedJson: () => Promise.reject(new Error('QStash down')) } as unknown as QStashPublisher;
    await expect(enqueueOutcomeNotification(deps(fakeMailer(), failing), PREBOOKING_ID)).resolves.toBeUndefined();
  });
});
