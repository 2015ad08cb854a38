/**
 * The JSON routes refuse what a page on another site (a sibling subdomain is same-site, so
 * SameSite=Lax still sends the member's cookie) can make a browser send: a state-changing request
 * with a foreign Origin, or a body that is not labelled JSON (a form's text/plain needs no CORS
 * preflight). Refused requests change nothing.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { createSimClass, newSignedInMember, type SignedInMember } from '../support/app-client';
import { getTestStack } from '../support/test-stack';
import { diffSnapshots, snapshotState } from './security-support';

describe('cross-site requests to the JSON routes', () => {
  const { urls } = getTestStack();
  let member: SignedInMember;
  let prebookingBody: string;

  beforeAll(async () => {
    member = await newSignedInMember('cross-origin');
    const simClass = await createSimClass({ opensInMs: 45 * 60_000 });
    prebookingBody = JSON.stringify({ boxId: 10122, day: simClass.day, classId: simClass.id });
  }, 60_000);

  test('a foreign Origin is refused with 403 on every state-changing method, and nothing changes', async () => {
    const before = await snapshotState();
    const attempts: Array<[string, string, string | undefined]> = [
      ['POST', '/api/prebookings', prebookingBody],
      ['POST', '/api/me/calendar', undefined],
      ['PUT', '/api/me/notifications', JSON.stringify({ emailOutcomes: 'none' })],
      ['POST', '/api/auth/sign-out', JSON.stringify({ forget: true })],
    ];
    for (const origin of ['https://evil.example', 'http://sibling.127.0.0.1.nip.io', 'null']) {
      for (const [method, path, body] of attempts) {
        const response = await member.fetch(path, { method, headers: { 'content-type': 'application/json', origin }, body });
        const json = (await response.json()) as { error?: { code: string; reason?: string } };
        expect({ status: response.status, code: json.error?.code }, `${method} ${path} from ${origin}`).toEqual({ status: 403, code: 'forbidden' });
      }
    }
    expect(diffSnapshots(before, await snapshotState())).toEqual([]);
  });

  test('a body not labelled JSON is refused with 415, and nothing changes', async () => {
    const before = await snapshotState();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const response = await member.fetch('/api/prebookings', { method: 'POST', headers: { 'content-type': type }, body: prebookingBody });
      expect(response.status, type).toBe(415);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
    }
    expect(diffSnapshots(before, await snapshotState())).toEqual([]);
  });

  test('this origin, and callers with no Origin (scripts), are served', async () => {
    const sameOrigin = await member.fetch('/api/me/notifications', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', origin: new URL(urls.app).origin },
      body: JSON.stringify({ emailOutcomes: 'failures' }),
    });
    expect(sameOrigin.status).toBe(200);
    const noOrigin = await member.fetch('/api/prebookings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: prebookingBody });
    expect(noOrigin.status).toBe(201);
  });
});
