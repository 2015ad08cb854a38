/**
 * Outcome emails on the real stack: prebookings that really execute against the simulator, the
 * notify-outcome QStash message, and the emails MailDev catches. All four classes open in the
 * same minute, so the file waits for one opening only.
 */
import { Client } from '@upstash/qstash';
import { beforeAll, describe, expect, test } from 'vitest';
import { createPrebookingFor, createSimClass, newSignedInMember, testDatabase, waitFor, waitForTerminal, type PrebookingJson, type SignedInMember } from '../support/app-client';
import { getTestStack } from '../support/test-stack';
import { emailsTo, waitForDelivered, waitForEmails } from './notifications-support';

interface Case {
  member: SignedInMember;
  prebooking: PrebookingJson;
  className: string;
}

async function setPreference(member: SignedInMember, emailOutcomes: 'all' | 'failures' | 'none'): Promise<void> {
  const response = await member.fetch('/api/me/notifications', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ emailOutcomes }) });
  expect(response.status).toBe(200);
  expect(((await response.json()) as { emailOutcomes: string }).emailOutcomes).toBe(emailOutcomes);
}

async function delivery(prebookingId: string): Promise<{ status: string; skip_reason: string | null; attempts: number; outcome: string } | null> {
  const { data } = await testDatabase().from('notification_deliveries').select('status, skip_reason, attempts, outcome').eq('prebooking_id', prebookingId).eq('channel', 'email').maybeSingle();
  return data as { status: string; skip_reason: string | null; attempts: number; outcome: string } | null;
}

const tag = Date.now().toString(36);
const cases: Record<'all' | 'failuresOnly' | 'spanishFailure' | 'none', Case> = {} as never;

beforeAll(async () => {
  const make = async (key: keyof typeof cases, member: SignedInMember) => {
    const className = `WOD mail-${key}-${tag}`;
    const simClass = await createSimClass({ opensInMs: 8_000, name: className });
    cases[key] = { member, className, prebooking: await createPrebookingFor(member, simClass) };
  };
  const all = await newSignedInMember('mail-all');
  const failuresOnly = await newSignedInMember('mail-failures');
  await setPreference(failuresOnly, 'failures');
  const spanish = await newSignedInMember('mail-es', { noCredit: true });
  await testDatabase().from('members').update({ locale: 'es' }).eq('id', spanish.id);
  const none = await newSignedInMember('mail-none', { noCredit: true });
  await setPreference(none, 'none');
  await make('all', all);
  await make('failuresOnly', failuresOnly);
  await make('spanishFailure', spanish);
  await make('none', none);
  for (const entry of Object.values(cases)) await waitForTerminal(entry.member, entry.prebooking.id, 90_000);
}, 150_000);

describe('outcome emails', () => {
  test('a booking sends one email with the class, the outcome and the fire offset', async () => {
    const { member, prebooking, className } = cases.all;
    const done = await waitForTerminal(member, prebooking.id);
    expect(done.status).toBe('completed');
    const emails = await waitForEmails(member.email, 1);
    expect(emails).toHaveLength(1);
    expect(emails[0]!.subject).toMatch(new RegExp(`^Booked: ${className}, \\w{3} \\d{1,2} \\w{3} \\d{2}:\\d{2}$`));
    expect(emails[0]!.text).toContain(`Class: ${className}`);
    expect(emails[0]!.text).toMatch(/Prebooker got the place with a request sent \d+(\.\d)? ms after booking opened\./);
    expect(emails[0]!.headers['x-prebooker-outcome']).toBe('booked');
    expect(await delivery(prebooking.id)).toMatchObject({ status: 'sent', attempts: 1, outcome: 'booked' });
  });

  test('QStash redelivering the notification does not send it again', async () => {
    const { urls, env } = getTestStack();
    const { member, prebooking } = cases.all;
    await waitForEmails(member.email, 1);
    const qstash = new Client({ baseUrl: urls.qstash, token: env.QSTASH_TOKEN, enableTelemetry: false });
    const { messageId } = await qstash.publishJSON({ url: `${urls.app}/api/qstash/notify-outcome`, body: { prebookingId: prebooking.id, outcome: 'booked' }, retries: 0 });
    await waitForDelivered(messageId);
    expect(await emailsTo(member.email)).toHaveLength(1);
    expect(await delivery(prebooking.id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  test('"failures only": a booking sends nothing, and the reason is recorded', async () => {
    const { member, prebooking } = cases.failuresOnly;
    expect((await waitForTerminal(member, prebooking.id)).status).toBe('completed');
    const row = await waitFor(() => delivery(prebooking.id), 15_000, 'the skipped delivery');
    expect(row).toMatchObject({ status: 'skipped', skip_reason: 'preference:failures' });
    expect(await emailsTo(member.email)).toHaveLength(0);
  });

  test('a failure is emailed in the member’s language, with the reason; the prebooking stays as it ended', async () => {
    const { member, prebooking, className } = cases.spanishFailure;
    const done = await waitForTerminal(member, prebooking.id);
    expect(done.status).toBe('failed');
    // This member has no credit: the pre-flight may email its "Acción necesaria" warning too (a full
    // CI run got both). The outcome's email is the one that is not that warning, and there is one.
    const outcome = await waitFor(
      async () => {
        const emails = await emailsTo(member.email);
        const others = emails.filter((email) => !email.subject.startsWith('Acción necesaria:'));
        return others.length > 0 ? others : null;
      },
      20_000,
      'the failure email',
    );
    expect(outcome).toHaveLength(1);
    const [email] = outcome;
    expect(email!.subject).toMatch(new RegExp(`^No reservada: ${className}, `));
    expect(email!.text).toContain('Prebooker no ha podido reservar tu clase.');
    expect(email!.text).toMatch(/Motivo: \S+/);
    expect(email!.text).not.toContain('ms después');
    const after = await waitForTerminal(member, prebooking.id);
    expect([after.status, after.resultCode]).toEqual([done.status, done.resultCode]);
  });

  test('"none": nothing at all', async () => {
    const { member, prebooking } = cases.none;
    expect((await waitForTerminal(member, prebooking.id)).status).toBe('failed');
    const row = await waitFor(() => delivery(prebooking.id), 15_000, 'the skipped delivery');
    expect(row).toMatchObject({ status: 'skipped', skip_reason: 'preference:none' });
    expect(await emailsTo(member.email)).toHaveLength(0);
  });

  test('preferences are validated', async () => {
    const response = await cases.all.member.fetch('/api/me/notifications', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ emailOutcomes: 'sometimes' }) });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; fields: Record<string, string[]> } };
    expect(body.error.code).toBe('validation');
    expect(body.error.fields.emailOutcomes).toBeDefined();
  });
});
