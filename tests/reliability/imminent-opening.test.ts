/**
 * A prebooking whose class opens within the delivery lead (here ~2.5 s away, lead 3 s) gets its
 * QStash message delivered at once, possibly before the create request has finished. The row must
 * already be claimable then: a delivery that found it still `pending` was answered 200 and dropped,
 * and the class fired only after the next sweep, minutes late.
 */
import { expect, test } from 'vitest';
import { bookRequests, createPrebookingFor, createSimClass, getPrebooking, newSignedInMember, simRequests, waitForTerminal } from '../support/app-client';
import { warmRoutes } from './reliability-support';

const MEMBERS = 4;

/** The simulator opens classes on whole minutes: wait until the next one is this close. */
async function untilMinuteIsWithin(ms: number): Promise<void> {
  const toNextMinute = 60_000 - (Date.now() % 60_000);
  if (toNextMinute > ms) await new Promise((resolve) => setTimeout(resolve, toNextMinute - ms));
}

test('prebookings for classes opening in a moment book at the instant, none is dropped', async () => {
  await warmRoutes();
  const members = await Promise.all(Array.from({ length: MEMBERS }, (_unused, index) => newSignedInMember(`imminent-${index}`)));
  // About 2 s before a whole minute, inside the 3 s lead: each message is due the moment it is published.
  await untilMinuteIsWithin(2_200);
  const classes = await Promise.all(members.map((_member, index) => createSimClass({ opensInMs: 1_000, name: `Imminent ${index}` })));
  const created = await Promise.all(members.map((member, index) => createPrebookingFor(member, classes[index]!)));
  for (const prebooking of created) expect(new Date(prebooking.fireAt).getTime() - Date.now()).toBeLessThan(3_000);

  for (const [index, prebooking] of created.entries()) {
    const member = members[index]!;
    // Well inside the sweep interval (5 min): only the message delivered at creation can book it.
    const done = await waitForTerminal(member, prebooking.id, 20_000);
    expect(done, `prebooking ${index}`).toMatchObject({ status: 'completed', resultCode: 'booked' });
    const { events } = await getPrebooking(member, prebooking.id);
    expect(events.map((event) => event.type), `prebooking ${index}`).not.toContain('delivery_ignored');
    expect(done.qstashMessageId, `prebooking ${index}`).toMatch(/^msg_/);
    // Booked from the first delivery, not early: one request, at or after the opening.
    const books = bookRequests(await simRequests(classes[index]!.id));
    expect(books).toHaveLength(1);
    expect(done.fireOffsetMs!).toBeGreaterThanOrEqual(0);
  }
}, 120_000);
