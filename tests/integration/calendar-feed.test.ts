/**
 * The private iCal feed over HTTP: created, fetched without a cookie by a calendar app, valid
 * RFC 5545 with the booked class and the waiting prebooking, rotated and revoked; wrong tokens 404.
 */
import { describe, expect, test } from 'vitest';
import { createPrebookingFor, createSimClass, newSignedInMember, waitForTerminal } from '../support/app-client';
import { getTestStack } from '../support/test-stack';
import { icalDateTime, validateICal } from './notifications-support';

interface FeedJson {
  feed: { url: string; webcalUrl: string; createdAt: string } | null;
}

describe('the calendar feed', () => {
  test('lists the booked class and the waiting prebooking, and validates', async () => {
    const { urls } = getTestStack();
    const member = await newSignedInMember('calendar');
    const created = await member.fetch('/api/me/calendar', { method: 'POST' });
    expect(created.status).toBe(201);
    const { feed } = (await created.json()) as FeedJson;
    expect(feed!.url).toMatch(new RegExp(`^${urls.app}/api/calendar/[A-Za-z0-9_-]{43}\\.ics$`));
    expect(feed!.webcalUrl).toBe(feed!.url.replace(/^http:/, 'webcal:'));
    expect(((await (await member.fetch('/api/me/calendar')).json()) as FeedJson).feed!.url).toBe(feed!.url);

    const bookedClass = await createSimClass({ opensInMs: 6_000, name: 'WOD calendar booked' });
    // Three hours later: a class at the same hour would be refused at creation (AimHarder allows one per hour).
    const waitingClass = await createSimClass({ opensInMs: 3 * 60 * 60_000, name: 'WOD calendar waiting' });
    const booked = await createPrebookingFor(member, bookedClass);
    const waiting = await createPrebookingFor(member, waitingClass);
    expect((await waitForTerminal(member, booked.id, 90_000)).status).toBe('completed');

    // A calendar app: no cookie, just the URL.
    const response = await fetch(feed!.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('cache-control')).toContain('private');
    const events = validateICal(await response.text());
    const bookedEvent = events.find((event) => event.UID === `prebooking-${booked.id}@prebooker`);
    expect(bookedEvent).toMatchObject({ STATUS: 'CONFIRMED', DTSTART: icalDateTime(bookedClass.startsAt) });
    expect(bookedEvent!.SUMMARY).toBe('WOD calendar booked · Prebooker Demo Box');
    const waitingEvent = events.find((event) => event.UID === `prebooking-${waiting.id}@prebooker`);
    expect(waitingEvent).toMatchObject({ STATUS: 'TENTATIVE', DTSTART: icalDateTime(waitingClass.startsAt) });
    expect(waitingEvent!.SUMMARY).toMatch(/^Prebooked: WOD calendar waiting/);

    // A cancelled prebooking leaves the feed.
    await member.fetch(`/api/prebookings/${waiting.id}`, { method: 'DELETE' });
    const afterCancel = validateICal(await (await fetch(feed!.url)).text());
    expect(afterCancel.map((event) => event.UID)).toEqual([`prebooking-${booked.id}@prebooker`]);
  }, 120_000);

  test('a wrong, malformed or revoked token is 404; replacing the URL revokes the old one', async () => {
    const { urls } = getTestStack();
    const member = await newSignedInMember('calendar-revoke');
    const first = ((await (await member.fetch('/api/me/calendar', { method: 'POST' })).json()) as FeedJson).feed!;
    expect((await fetch(first.url)).status).toBe(200);
    // Without .ics as well.
    expect((await fetch(first.url.replace(/\.ics$/, ''))).status).toBe(200);

    const wrong = `${urls.app}/api/calendar/${'A'.repeat(43)}.ics`;
    const wrongResponse = await fetch(wrong);
    expect(wrongResponse.status).toBe(404);
    expect(((await wrongResponse.json()) as { error: { code: string } }).error.code).toBe('not_found');
    expect((await fetch(`${urls.app}/api/calendar/short.ics`)).status).toBe(404);
    expect((await fetch(first.url.replace(/.\.ics$/, (last) => (last[0] === 'A' ? 'B.ics' : 'A.ics')))).status).toBe(404);

    const second = ((await (await member.fetch('/api/me/calendar', { method: 'POST' })).json()) as FeedJson).feed!;
    expect(second.url).not.toBe(first.url);
    expect((await fetch(first.url)).status).toBe(404);
    expect((await fetch(second.url)).status).toBe(200);

    const revoked = await member.fetch('/api/me/calendar', { method: 'DELETE' });
    expect(await revoked.json()).toEqual({ revoked: true });
    expect((await fetch(second.url)).status).toBe(404);
    expect(((await (await member.fetch('/api/me/calendar')).json()) as FeedJson).feed).toBeNull();
  });

  test('the feed settings need a session', async () => {
    const { urls } = getTestStack();
    expect((await fetch(`${urls.app}/api/me/calendar`, { method: 'POST' })).status).toBe(401);
  });
});
