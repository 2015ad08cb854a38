/**
 * Every QStash receiver refuses what QStash did not sign for it, and changes nothing.
 */
import { describe, expect, test } from 'vitest';
import { createPrebookingFor, createSimClass, getPrebooking, newSignedInMember } from '../support/app-client';
import { signQStashBody } from '../support/qstash-signing';
import { getTestStack } from '../support/test-stack';
import { waitForPreflightEvent } from './preflight-support';

const ROUTES = ['/api/qstash/prebooking-execute', '/api/qstash/prebooking-failed', '/api/qstash/prebooking-sweep', '/api/qstash/prebooking-preflight'];

describe('QStash signature verification', async () => {
  const { urls, env } = getTestStack();
  const current = env.QSTASH_CURRENT_SIGNING_KEY!;
  const next = env.QSTASH_NEXT_SIGNING_KEY!;

  test('forged, expired, tampered, wrong-URL, wrong-issuer and missing signatures get 401 and change nothing', async () => {
    const member = await newSignedInMember('sig');
    const simClass = await createSimClass({ opensInMs: 600_000 });
    const prebooking = await createPrebookingFor(member, simClass);
    // Opening within the pre-flight lead, the prebooking is checked at once: let that settle first,
    // so the only events that could follow are ones a forged delivery caused.
    await waitForPreflightEvent(member, prebooking.id);
    const body = JSON.stringify({ prebookingId: prebooking.id });
    const before = await getPrebooking(member, prebooking.id);

    for (const route of ROUTES) {
      const url = `${urls.app}${route}`;
      const now = Math.floor(Date.now() / 1000);
      const variants: Array<[string, Record<string, string>, string]> = [
        ['missing header', {}, body],
        ['garbage', { 'upstash-signature': 'not-a-jwt' }, body],
        ['forged key', { 'upstash-signature': await signQStashBody({ key: 'sig_forgedForgedForgedForged123', url, body }) }, body],
        ['expired', { 'upstash-signature': await signQStashBody({ key: current, url, body, issuedAtSeconds: now - 3_600 }) }, body],
        ['not yet valid', { 'upstash-signature': await signQStashBody({ key: current, url, body, issuedAtSeconds: now + 3_600 }) }, body],
        ['tampered body', { 'upstash-signature': await signQStashBody({ key: current, url, body }) }, body.replace(/.$/, ' }')],
        ['body hash of another body', { 'upstash-signature': await signQStashBody({ key: current, url, body, bodyHashOf: '{}' }) }, body],
        ['wrong URL', { 'upstash-signature': await signQStashBody({ key: current, url: `${urls.app}/api/qstash/other`, body }) }, body],
        ['another route', { 'upstash-signature': await signQStashBody({ key: current, url: `${urls.app}${ROUTES.find((r) => r !== route)}`, body }) }, body],
        ['wrong issuer', { 'upstash-signature': await signQStashBody({ key: current, url, body, issuer: 'Mallory' }) }, body],
      ];
      for (const [name, headers, sentBody] of variants) {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: sentBody });
        expect(response.status, `${route}: ${name}`).toBe(401);
        const json = (await response.json()) as { error: { code: string } };
        expect(json.error.code).toBe('invalid_signature');
      }
    }
    const after = await getPrebooking(member, prebooking.id);
    expect(after.prebooking).toEqual(before.prebooking);
    expect(after.events).toHaveLength(before.events.length);
  });

  test('a delivery signed with the next key (rotation) is accepted; a signed but invalid payload is 489 non-retryable', async () => {
    const url = `${urls.app}/api/qstash/prebooking-execute`;
    const unknownId = JSON.stringify({ prebookingId: '00000000-0000-4000-8000-000000000000' });
    const accepted = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'upstash-signature': await signQStashBody({ key: next, url, body: unknownId }) },
      body: unknownId,
    });
    expect(accepted.status).toBe(200);

    const invalid = JSON.stringify({ prebookingId: 'nope' });
    const rejected = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'upstash-signature': await signQStashBody({ key: current, url, body: invalid }) },
      body: invalid,
    });
    expect(rejected.status).toBe(489);
    expect(rejected.headers.get('upstash-nonretryable-error')).toBe('true');
  });
});
