/**
 * Second choices on the real local stack: the first choice is full at the opening (filled by
 * another member through the simulator), and Prebooker books the next alternative in the same
 * execution — or, for an alternative whose booking opens later, at that alternative's own instant.
 * Alternatives are validated per entry before anything is stored.
 */
import { describe, expect, test } from 'vitest';
import { bookRequests, createSimClass, getPrebooking, newSignedInMember, simRequests, testDatabase, waitForTerminal, type SignedInMember, type SimClass } from '../support/app-client';
import { prebookingCard, simControl } from './preflight-support';

async function prebookWithAlternatives(member: SignedInMember, first: SimClass, alternatives: Array<{ classId: string; day?: string }>): Promise<Response> {
  return member.fetch('/api/prebookings', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ boxId: 10122, day: first.day, classId: first.id, alternatives }),
  });
}

/** The first choice fills before the member's request: opened early and taken by another member. */
async function fillNow(simClass: SimClass): Promise<void> {
  await simControl('PATCH', '/__sim/settings', { openClassNow: simClass.id });
  const rival = await newSignedInMember('rival');
  await simControl('POST', '/__sim/bookings', { classId: simClass.id, email: rival.email });
}

describe('second choices', { timeout: 150_000 }, () => {
  test('a full first choice books the second choice in the same execution, milliseconds later, and says so', async () => {
    const member = await newSignedInMember('second-choice');
    const first = await createSimClass({ opensInMs: 8_000, capacity: 1, name: 'WOD first' });
    const second = await createSimClass({ opensInMs: 8_000, capacity: 5, name: 'WOD second' });
    expect(second.opensAtMs).toBe(first.opensAtMs);
    const created = await prebookWithAlternatives(member, first, [{ classId: second.id }]);
    expect(created.status).toBe(201);
    const prebooking = ((await created.json()) as { prebooking: { id: string; alternatives: unknown[] } }).prebooking;
    expect(prebooking.alternatives).toMatchObject([{ classId: second.id, className: 'WOD second', availableAt: new Date(second.opensAtMs).toISOString() }]);
    await fillNow(first);

    const done = await waitForTerminal(member, prebooking.id, Math.max(first.opensAtMs - Date.now(), 0) + 20_000);
    expect(done).toMatchObject({ status: 'completed', resultCode: 'booked' });
    const { prebooking: row, events } = await getPrebooking(member, prebooking.id);
    expect((row as unknown as { bookedChoice: number }).bookedChoice).toBe(2);
    const firstBooks = bookRequests(await simRequests(first.id)).filter((request) => request.userId !== undefined && (request as { via?: string }).via !== 'control');
    const secondBooks = bookRequests(await simRequests(second.id));
    expect(firstBooks).toHaveLength(1);
    expect(firstBooks[0]!.result).toMatchObject({ bookState: -1 });
    expect(secondBooks).toHaveLength(1);
    expect(secondBooks[0]!.result).toMatchObject({ bookState: 1 });
    // Sent after the first choice's answer, never before its own opening.
    expect(secondBooks[0]!.offsetMs).toBeGreaterThanOrEqual(0);
    expect(secondBooks[0]!.arrivedAtMs).toBeGreaterThanOrEqual(firstBooks[0]!.arrivedAtMs);
    const fired = events.filter((event) => event.type === 'fired');
    expect(fired.map((event) => event.detail.choice ?? 1)).toEqual([1, 2]);

    const card = await prebookingCard(member, prebooking.id);
    expect((card as unknown as { outcomeText: string }).outcomeText).toMatch(/^Booked your 2nd choice, \d{2}:\d{2} WOD second, [\d.,]+ ms after opening\.$/);
  });

  test('an alternative whose booking opens a minute later gets its own precise fire within the same prebooking', async () => {
    const member = await newSignedInMember('later-choice');
    const first = await createSimClass({ opensInMs: 8_000, capacity: 1, name: 'WOD early' });
    // A second under the next minute: the simulator rounds an opening up to the whole minute.
    const later = await createSimClass({ opensInMs: first.opensAtMs - Date.now() + 59_000, capacity: 5, name: 'WOD later' });
    expect(later.opensAtMs - first.opensAtMs).toBe(60_000);
    const created = await prebookWithAlternatives(member, first, [{ classId: later.id }]);
    expect(created.status).toBe(201);
    const prebooking = ((await created.json()) as { prebooking: { id: string } }).prebooking;
    await fillNow(first);

    const done = await waitForTerminal(member, prebooking.id, Math.max(later.opensAtMs - Date.now(), 0) + 25_000);
    expect(done).toMatchObject({ status: 'completed', resultCode: 'booked' });
    const { prebooking: row, events } = await getPrebooking(member, prebooking.id);
    expect((row as unknown as { bookedChoice: number }).bookedChoice).toBe(2);
    expect(events.find((event) => event.type === 'next_choice_armed')?.detail).toMatchObject({ choice: 2, availableAt: new Date(later.opensAtMs).toISOString() });
    const laterBooks = bookRequests(await simRequests(later.id));
    expect(laterBooks).toHaveLength(1);
    expect(laterBooks[0]!.result).toMatchObject({ bookState: 1 });
    expect(laterBooks[0]!.offsetMs).toBeGreaterThanOrEqual(0);
    // Its own fire: the request for the later class was the first of that delivery, held and released at its opening.
    const laterFire = events.find((event) => event.type === 'fired' && event.detail.choice === 2);
    expect(laterFire?.detail.attempt).toBe(1);
  });

  test('bad alternatives are a 400 with a message per entry, and nothing is stored', async () => {
    const member = await newSignedInMember('bad-alternatives');
    const first = await createSimClass({ opensInMs: 20 * 60_000, name: 'WOD input' });
    const far = await createSimClass({ opensInMs: 60 * 60_000, name: 'WOD far' });
    const started = await createSimClass({ opensInMs: -5 * 24 * 3_600_000, name: 'WOD past' });
    const cases: Array<[Array<{ classId: string; day?: string }>, string[]]> = [
      [[{ classId: first.id }], ['alternatives.0.classId']],
      [[{ classId: far.id }, { classId: far.id }], ['alternatives.1.classId']],
      [Array.from({ length: 6 }, (_, index) => ({ classId: `9${index}` })), ['alternatives']],
      [[{ classId: 'no-such-class' }], ['alternatives.0']],
      [[{ classId: far.id }], ['alternatives.0']],
      [[{ classId: started.id, day: started.day }], ['alternatives.0']],
    ];
    for (const [alternatives, keys] of cases) {
      const response = await prebookWithAlternatives(member, first, alternatives);
      expect(response.status, JSON.stringify(alternatives)).toBe(400);
      const body = (await response.json()) as { error: { message: string; fields?: Record<string, string[]> } };
      expect(body.error.message).toBeTruthy();
      for (const key of keys) expect(Object.keys(body.error.fields ?? {}), JSON.stringify(body)).toContain(key);
    }
    const { data } = await testDatabase().from('prebookings').select('id').eq('member_id', member.id);
    expect(data).toEqual([]);
  });
});
