/**
 * Goals with fallback classes (issue 17) and "book if open" (issue 19) on the real local stack:
 * the goal's run prebooks the first choice with the fallbacks as its alternatives, and a full first
 * choice books the fallback at the instant; a goal saved while its class is already open books it
 * at once when the member asked for that, and otherwise offers "Book now".
 */
import { describe, expect, test } from 'vitest';
import { bookRequests, createSimClass, getPrebooking, newSignedInMember, simRequests, testDatabase, waitForTerminal, type SimClass } from '../support/app-client';
import { simControl } from './preflight-support';
import { createGoalFor, goalFor, type SaveGoalJson } from './notifications-support';

const unique = (label: string) => `${label} ${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;

/** As second-choice.test.ts makes a first choice full: opened early and taken by another member. */
async function fillNow(simClass: SimClass): Promise<void> {
  await simControl('PATCH', '/__sim/settings', { openClassNow: simClass.id });
  const rival = await newSignedInMember('goal-rival');
  await simControl('POST', '/__sim/bookings', { classId: simClass.id, email: rival.email });
}

interface BookedNowJson {
  day: string;
  classId: string;
  choice: number;
  ok: boolean;
  kind: string | null;
  reason: string | null;
  message: string;
}
type SaveJson = SaveGoalJson & { bookedNow: BookedNowJson[]; run: SaveGoalJson['run'] & { openNow: Array<{ classId: string; day: string; alternatives: Array<{ classId: string }> }> } };

describe('a goal with a fallback class', { timeout: 150_000 }, () => {
  test('prebooks its class with the fallback as alternative, says which fallback the day lacks, and books the fallback when the first choice is full', async () => {
    const member = await newSignedInMember('goal-fallback');
    const firstName = unique('GOALALT first');
    const first = await createSimClass({ opensInMs: 30_000, capacity: 1, name: firstName });
    const fallbackName = unique('GOALALT fallback');
    const fallback = await createSimClass({ opensInMs: 30_000, capacity: 5, name: fallbackName });
    expect(fallback.opensAtMs).toBe(first.opensAtMs);
    // Full before the goal runs, so the goal's instant surely finds it full.
    await fillNow(first);

    const { goal, run } = await createGoalFor(
      member,
      goalFor(first, firstName, {
        alternatives: [
          { startTime: fallback.time, className: fallbackName },
          { startTime: fallback.time, className: 'NO SUCH CLASS' },
        ],
      }),
    );
    expect(run.created).toBe(1);
    const prebookingId = goal.prebookings[0]!.id;
    const { prebooking } = await getPrebooking(member, prebookingId);
    expect((prebooking as unknown as { alternatives: unknown[] }).alternatives).toEqual([
      expect.objectContaining({ classId: fallback.id, className: fallbackName, availableAt: new Date(fallback.opensAtMs).toISOString() }),
    ]);
    const occurrence = goal.occurrences.find((item) => item.prebookingId === prebookingId)!;
    expect(occurrence.outcome).toBe('prebooked');
    expect(occurrence.detail).toContain(`else ${fallbackName} at ${fallback.time}`);
    expect(occurrence.detail).toContain(`Fallback left out: there is no ${fallback.time} NO SUCH CLASS that day.`);

    const done = await waitForTerminal(member, prebookingId, Math.max(first.opensAtMs - Date.now(), 0) + 25_000);
    expect(done).toMatchObject({ status: 'completed', resultCode: 'booked' });
    expect(((await getPrebooking(member, prebookingId)).prebooking as unknown as { bookedChoice: number }).bookedChoice).toBe(2);
    const fallbackBooks = bookRequests(await simRequests(fallback.id));
    expect(fallbackBooks).toHaveLength(1);
    expect(fallbackBooks[0]!.result).toMatchObject({ bookState: 1 });
  });

  test('bad fallbacks are a 400 with a message per entry, and nothing is stored', async () => {
    const member = await newSignedInMember('goal-fallback-bad');
    const response = await member.fetch('/api/goals', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        boxId: 10122,
        weekdays: [1],
        startTime: '18:00',
        className: 'WOD',
        alternatives: [
          { startTime: '7pm', className: 'WOD' },
          { startTime: '19:00', className: '' },
          { startTime: '20:00', className: 'WOD' },
          { startTime: '20:00', className: 'wod' },
          { startTime: '18:00', className: 'WOD' },
        ],
      }),
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; fields: Record<string, string[]> } };
    expect(error.code).toBe('validation');
    expect(Object.keys(error.fields)).toEqual(expect.arrayContaining(['alternatives.0.startTime', 'alternatives.1.className', 'alternatives.3', 'alternatives.4']));
    const { data } = await testDatabase().from('goals').select('id').eq('member_id', member.id);
    expect(data).toEqual([]);

    // A patch naming only the fallbacks is checked against the stored class.
    const created = await createGoalFor(member, { weekdays: [2], startTime: '06:00', className: 'FALLBACK PATCH', active: false });
    const patched = await member.fetch(`/api/goals/${created.goal.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ alternatives: [{ startTime: '06:00', className: 'fallback patch' }] }),
    });
    expect(patched.status).toBe(400);
    expect(Object.keys(((await patched.json()) as { error: { fields: Record<string, string[]> } }).error.fields)).toEqual(['alternatives.0']);
    const { data: stored } = await testDatabase().from('goals').select('alternatives').eq('id', created.goal.id).single();
    expect(stored).toEqual({ alternatives: [] });
  });
});

describe('a goal whose class is already open when it is saved', { timeout: 60_000 }, () => {
  test('with "book if open" books it at once and says so', async () => {
    const member = await newSignedInMember('goal-book-if-open');
    const name = unique('GOAL OPEN BOOK');
    const open = await createSimClass({ opensInMs: -1, name });
    const saved = (await createGoalFor(member, goalFor(open, name, { bookIfOpen: true }))) as SaveJson;
    expect(saved.bookedNow).toEqual([expect.objectContaining({ day: open.day, classId: open.id, choice: 1, ok: true, kind: 'booked' })]);
    expect(saved.bookedNow[0]!.message).toBeTruthy();
    expect(saved.run.openNow).toEqual([]);
    const books = bookRequests(await simRequests(open.id));
    expect(books).toHaveLength(1);
    expect(books[0]!.result).toMatchObject({ bookState: 1 });
    const { data } = await testDatabase().from('goals').select('book_if_open').eq('id', saved.goal.id).single();
    expect(data).toEqual({ book_if_open: true });
  });

  test('with "book if open", a full class falls through to the fallback and says which', async () => {
    const member = await newSignedInMember('goal-book-if-open-full');
    const name = unique('GOAL OPEN FULL');
    const full = await createSimClass({ opensInMs: -1, capacity: 1, name });
    const rival = await newSignedInMember('goal-open-rival');
    await simControl('POST', '/__sim/bookings', { classId: full.id, email: rival.email });
    const fallbackName = unique('GOAL OPEN FALLBACK');
    const fallback = await createSimClass({ opensInMs: -1, name: fallbackName });
    expect(fallback.time).toBe(full.time);

    const saved = (await createGoalFor(member, goalFor(full, name, { bookIfOpen: true, alternatives: [{ startTime: fallback.time, className: fallbackName }] }))) as SaveJson;
    expect(saved.bookedNow).toEqual([expect.objectContaining({ classId: fallback.id, choice: 2, ok: true, kind: 'booked' })]);
    expect(bookRequests(await simRequests(full.id)).filter((request) => request.userId !== undefined && (request as { via?: string }).via !== 'control')).toHaveLength(1);
    expect(bookRequests(await simRequests(fallback.id))).toHaveLength(1);
  });

  test('without the option books nothing and offers "Book now", which books it through the schedule’s path', async () => {
    const member = await newSignedInMember('goal-offer-open');
    const name = unique('GOAL OPEN OFFER');
    const open = await createSimClass({ opensInMs: -1, name });
    const saved = (await createGoalFor(member, goalFor(open, name))) as SaveJson;
    expect(saved.bookedNow).toEqual([]);
    expect(saved.run.openNow).toEqual([expect.objectContaining({ day: open.day, classId: open.id })]);
    expect(bookRequests(await simRequests(open.id))).toEqual([]);

    const offer = saved.run.openNow[0]!;
    const booked = await member.fetch('/api/bookings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ boxId: 10122, day: offer.day, classId: offer.classId, waitlist: false }) });
    expect(await booked.json()).toMatchObject({ ok: true, kind: 'booked' });
  });
});
