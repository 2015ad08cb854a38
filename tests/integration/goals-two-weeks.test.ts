/**
 * A "Monday 18:00 WOD" goal over three simulated weeks of March–April 2027 (a skip date, the DST
 * change of Sunday 28 March, Easter Monday's holiday timetable), run by the goals service itself
 * against the real test database with a manual clock. The timetable is a stand-in that mirrors
 * the simulator's demo box (the simulator only generates days around today), and the publisher
 * records what would go to QStash. The real-clock path (QStash, AimHarder, email) is covered by
 * goals-execution.test.ts and notifications-outcome-email.test.ts.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { createManualClock, type ManualClock } from '../../core/time/clock';
import type { PublishDelayedJsonInput, QStashPublisher } from '../../core/qstash/qstash-publisher';
import type { AimHarderClient } from '../../modules/aimharder';
import { createGoal, materializeGoal, updateGoal, type GoalsDependencies, type TimetableClass } from '../../modules/goals';
import { findMemberById, type Member } from '../../modules/members';
import { createPrebooking, type PrebookingDependencies } from '../../modules/prebooking';
import { newSignedInMember, testDatabase } from '../support/app-client';
import { getTestStack } from '../support/test-stack';
import { createDirectDatabase } from '../../core/database/direct-database';

const MADRID = 'Europe/Madrid';
const HOUR = 3_600_000;

/** Wall-clock time in Madrid → instant (independent of the code under test). */
function madrid(day: string, time: string): number {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(year, month - 1, date, hour, minute);
  let guess = wall;
  for (let pass = 0; pass < 2; pass += 1) {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone: MADRID, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
        .formatToParts(new Date(guess))
        .map((part) => [part.type, Number(part.value)]),
    ) as Record<string, number>;
    guess = wall - (Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!) - guess);
  }
  return guess;
}

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

/** The demo box's weekday timetable with the simulator's id scheme; Easter Monday runs a holiday timetable. */
function demoTimetable(day: string): TimetableClass[] {
  const dayIndex = Math.round((Date.parse(`${day}T00:00:00Z`) - Date.UTC(2020, 0, 1)) / 86_400_000);
  const id = (time: string) => String(10122 * 100_000_000 + dayIndex * 1440 + Number(time.slice(0, 2)) * 60 + Number(time.slice(3)));
  const slot = (time: string, name: string): TimetableClass => ({ id: id(time), name, startTime: time, memberState: 'none' });
  if (day === '2027-04-05') return [slot('09:00', 'WOD'), slot('10:00', 'OPEN BOX')];
  const dow = weekday(day);
  if (dow === 0) return [slot('09:00', 'WOD'), slot('10:00', 'WOD'), slot('11:00', 'OPEN BOX')];
  if (dow === 6) return [slot('09:00', 'WOD'), slot('10:00', 'WOD'), slot('11:00', 'OPEN BOX'), slot('12:00', 'WEIGHTLIFTING')];
  return [slot('07:00', 'WOD'), slot('09:00', 'WOD'), slot('12:00', 'OPEN BOX'), slot('17:00', 'WEIGHTLIFTING'), slot('18:00', 'WOD'), slot('19:00', 'WOD'), slot('20:00', 'OPEN BOX')];
}

interface Harness {
  clock: ManualClock;
  deps: GoalsDependencies;
  published: PublishDelayedJsonInput[];
  cancelledMessages: string[];
  timetableCalls: string[];
}

function harness(startMs: number): Harness {
  const { urls } = getTestStack();
  const db = testDatabase();
  const clock = createManualClock(startMs);
  const published: PublishDelayedJsonInput[] = [];
  const cancelledMessages: string[] = [];
  const timetableCalls: string[] = [];
  const publisher: QStashPublisher = {
    async publishDelayedJson(input) {
      published.push(input);
      return { messageId: `msg_sim_${published.length}`, deduplicated: false };
    },
    async cancelMessage(messageId) {
      cancelledMessages.push(messageId);
      return true;
    },
    async ensureSchedule() {},
  };
  const logger = { debug() {}, info() {}, warn() {}, error() {} };
  const prebooking: PrebookingDependencies = {
    db,
    // Nothing here executes a prebooking; connects only if something does.
    directDb: createDirectDatabase(getTestStack().env.DATABASE_URL!),
    clock,
    publisher,
    // Only manual prebookings (createPrebooking) ask AimHarder; they see the same timetable.
    aimharderFor: async () =>
      ({
        listClasses: async (_box: unknown, day: string) => demoTimetable(day).map((slot) => ({ ...slot, reservationId: null })),
      }) as unknown as AimHarderClient,
    config: {
      appBaseUrl: urls.app,
      leadMs: 3_000,
      crowdLeadMs: 0,
      crowdLeadMaxMs: 0,
      tooEarlyRetryWindowMs: 3_000,
      tooEarlyRetryIntervalMs: 50,
      sameClassSpacingMs: 3,
      preflightLeadMs: 0,
      qstashRetries: 3,
      leaseMs: 45_000,
      fireCommitMs: 250,
      fireHoldMs: 1_500,
      scheduling: 'direct',
      sweepIntervalMinutes: 5,
      maxWaitMs: 15_000,
    },
    logger,
    onPrebookingEnded: async () => {},
  };
  const deps: GoalsDependencies = {
    db,
    clock,
    logger,
    publisher,
    prebooking,
    timetable: {
      async listClasses(_memberId, _box, day) {
        timetableCalls.push(day);
        return demoTimetable(day);
      },
    },
    config: { appBaseUrl: urls.app, horizonMs: 48 * HOUR, qstashRetries: 3, fanOutSpacingMs: 0 },
  };
  return { clock, deps, published, cancelledMessages, timetableCalls };
}

interface Row {
  id: string;
  class_day: string;
  class_start_time: string;
  class_starts_at: string;
  available_at: string;
  fire_at: string;
  status: string;
  result_code: string | null;
  source: string;
  goal_id: string | null;
  qstash_schedule_id: string | null;
}

async function prebookingsOf(memberId: string): Promise<Row[]> {
  const { data, error } = await testDatabase().from('prebookings').select().eq('member_id', memberId).order('class_starts_at').order('created_at');
  if (error) throw new Error(error.message);
  return (data as Row[]).map((row) => ({
    ...row,
    class_day: row.class_day.slice(0, 10),
    class_starts_at: new Date(row.class_starts_at).toISOString(),
    available_at: new Date(row.available_at).toISOString(),
    fire_at: new Date(row.fire_at).toISOString(),
  }));
}

/** What an execution would leave once the opening has passed (the real one is tested elsewhere). */
async function markBooked(id: string): Promise<void> {
  const { error } = await testDatabase().from('prebookings').update({ status: 'completed', result_code: 'booked', aimharder_reservation_id: `r-${id.slice(0, 8)}` }).eq('id', id);
  if (error) throw new Error(error.message);
}

describe('a Monday 18:00 WOD goal over simulated weeks', () => {
  let member: Member;
  let h: Harness;
  let goalId: string;

  beforeAll(async () => {
    const signedIn = await newSignedInMember('goal-weeks');
    member = (await findMemberById(testDatabase(), signedIn.id))!;
    // Tuesday 16 March 2027, 09:00 in Madrid: the member sets the goal up, with Monday 22 March off.
    h = harness(madrid('2027-03-16', '09:00'));
  });

  test('creating the goal runs it at once; nothing opens within the horizon yet', async () => {
    const result = await createGoal(h.deps, member, {
      boxId: 10122,
      weekdays: [1],
      startTime: '18:00',
      className: 'wod',
      classNameMatch: 'exact',
      waitlistIfFull: false,
      active: true,
      skips: [{ from: '2027-03-22', note: 'Holiday' }],
      alternatives: [],
      bookIfOpen: false,
    });
    goalId = result.goal.id;
    expect(result.run).toMatchObject({ evaluated: 0, created: 0 });
    expect(await prebookingsOf(member.id)).toEqual([]);
  });

  test('daily runs (00:05 and 12:00) create exactly one prebooking per matching Monday, across the DST change', async () => {
    for (let offset = 1; offset <= 22; offset += 1) {
      const day = addDays('2027-03-16', offset); // Wed 17 March … Wed 7 April
      for (const time of ['00:05', '12:00']) {
        h.clock.set(madrid(day, time));
        await materializeGoal(h.deps, goalId);
      }
      // Once a class has opened, its prebooking has executed (booked) before the next day's run.
      for (const row of await prebookingsOf(member.id)) {
        if (row.status === 'scheduled' && Date.parse(row.available_at) < madrid(addDays(day, 1), '00:00')) await markBooked(row.id);
      }
    }

    const rows = await prebookingsOf(member.id);
    expect(rows.map((row) => [row.class_day, row.class_start_time, row.class_starts_at, row.available_at, row.source, row.goal_id])).toEqual([
      // 22 March is a skip date: nothing. 29 March: opens Thursday 25 at 18:00 CET, class at 18:00 CEST.
      ['2027-03-29', '18:00', '2027-03-29T16:00:00.000Z', '2027-03-25T17:00:00.000Z', 'goal', goalId],
      // 5 April (Easter Monday) has no 18:00 WOD: nothing. 12 April: wholly in CEST.
      ['2027-04-12', '18:00', '2027-04-12T16:00:00.000Z', '2027-04-08T16:00:00.000Z', 'goal', goalId],
    ]);
    expect(rows[0]!.status).toBe('completed');
    expect(rows[1]!.status).toBe('scheduled');
    expect(rows.every((row) => row.fire_at === row.available_at)).toBe(true);

    // One QStash message per prebooking, due the lead time before the opening instant.
    expect(h.published.map((message) => [message.body, message.notBeforeMs])).toEqual([
      [{ prebookingId: rows[0]!.id }, Date.parse('2027-03-25T17:00:00.000Z') - 3_000],
      [{ prebookingId: rows[1]!.id }, Date.parse('2027-04-08T16:00:00.000Z') - 3_000],
    ]);

    // The skip date never asked AimHarder; every other candidate Monday did, on its runs only.
    expect(h.timetableCalls).not.toContain('2027-03-22');
    expect([...new Set(h.timetableCalls)].sort()).toEqual(['2027-03-29', '2027-04-05', '2027-04-12']);

    const { data } = await testDatabase().from('goal_occurrences').select('class_day, outcome, detail, prebooking_id').eq('goal_id', goalId).order('class_day');
    const occurrences = (data as Array<{ class_day: string; outcome: string; detail: string; prebooking_id: string | null }>).map((row) => [row.class_day.slice(0, 10), row.outcome, row.detail]);
    expect(occurrences).toEqual([
      ['2027-03-22', 'skipped', 'Skipped: Holiday.'],
      ['2027-03-29', 'prebooked', 'Prebooked WOD at 18:00.'],
      ['2027-04-05', 'no_matching_class', 'The timetable has no class at 18:00 on 2027-04-05.'],
      ['2027-04-12', 'prebooked', 'Prebooked WOD at 18:00.'],
    ]);
  });

  test('editing the goal cancels the stale prebooking and its QStash message; a manual prebooking is untouched', async () => {
    h.clock.set(madrid('2027-04-07', '13:00'));
    const manual = await createPrebooking(h.deps.prebooking, member, { boxId: 10122, day: '2027-04-12', classId: demoTimetable('2027-04-12')[1]!.id, waitlistIfFull: false });
    expect(manual.kind).toBe('prebooked');

    const stale = (await prebookingsOf(member.id)).find((row) => row.status === 'scheduled' && row.goal_id === goalId)!;
    const result = await updateGoal(h.deps, member, goalId, { startTime: '19:00' });
    expect(result.cancelled).toBe(1);
    expect(h.cancelledMessages).toEqual([stale.qstash_schedule_id]);

    const rows = await prebookingsOf(member.id);
    expect(rows.find((row) => row.id === stale.id)).toMatchObject({ status: 'cancelled', result_code: 'goal_changed' });
    // The 19:00 class that now matches is prebooked right away; the manual 09:00 one is still waiting.
    expect(rows.filter((row) => row.status === 'scheduled').map((row) => [row.class_day, row.class_start_time, row.source, row.available_at])).toEqual([
      ['2027-04-12', '09:00', 'manual', '2027-04-08T07:00:00.000Z'],
      ['2027-04-12', '19:00', 'goal', '2027-04-08T17:00:00.000Z'],
    ]);

    // Pausing cancels the goal's prebooking too, and only that one.
    const paused = await updateGoal(h.deps, member, goalId, { active: false });
    expect(paused.cancelled).toBe(1);
    const after = await prebookingsOf(member.id);
    expect(after.filter((row) => row.status === 'scheduled').map((row) => row.source)).toEqual(['manual']);
    expect(after.filter((row) => row.result_code === 'goal_paused')).toHaveLength(1);
  });

  test('a prebooking the member cancelled is not made again when the goal is resumed', async () => {
    h.clock.set(madrid('2027-04-07', '14:00'));
    const resumed = await updateGoal(h.deps, member, goalId, { active: true });
    expect(resumed.run.created).toBe(1);
    const mine = (await prebookingsOf(member.id)).find((row) => row.status === 'scheduled' && row.goal_id === goalId)!;
    await testDatabase().from('prebookings').update({ status: 'cancelled', result_code: 'cancelled_by_member' }).eq('id', mine.id);

    h.clock.set(madrid('2027-04-08', '00:05'));
    const run = await materializeGoal(h.deps, goalId);
    expect(run.created).toBe(0);
    expect(run.occurrences.find((occurrence) => occurrence.classDay === '2027-04-12')?.outcome).toBe('member_cancelled');
  });

  test('three runs at the same instant create one prebooking, not three', async () => {
    // Wednesday 14 April: Monday 19 April's 19:00 WOD opens on Thursday 15 at 19:00 CEST.
    h.clock.set(madrid('2027-04-14', '00:05'));
    const publishedBefore = h.published.length;
    const runs = await Promise.all([materializeGoal(h.deps, goalId), materializeGoal(h.deps, goalId), materializeGoal(h.deps, goalId)]);
    expect(runs.reduce((sum, run) => sum + run.created, 0)).toBe(1);
    const forDay = (await prebookingsOf(member.id)).filter((row) => row.class_day === '2027-04-19');
    expect(forDay.map((row) => [row.status, row.class_start_time, row.available_at])).toEqual([['scheduled', '19:00', '2027-04-15T17:00:00.000Z']]);
    expect(h.published.length - publishedBefore).toBe(1);
  });
});

describe('a Monday 18:00 WOD goal with fallback classes', () => {
  test('its prebooking carries the fallbacks that exist and open in time; the run record names the others; changing the list remakes it', async () => {
    const signedIn = await newSignedInMember('goal-fallbacks');
    const member = (await findMemberById(testDatabase(), signedIn.id))!;
    // Wednesday 7 April 2027: Monday 12 April's 18:00 classes open on Thursday 8 at 18:00 CEST.
    const h = harness(madrid('2027-04-07', '13:00'));
    const competitors: TimetableClass = { id: String(10122 * 100_000_000 + 99), name: 'WOD Competitors', startTime: '18:00', memberState: 'none' };
    h.deps.timetable = { listClasses: async (_memberId, _box, day) => [...demoTimetable(day), ...(day === '2027-04-12' ? [competitors] : [])] };

    const created = await createGoal(h.deps, member, {
      boxId: 10122,
      weekdays: [1],
      startTime: '18:00',
      className: 'WOD',
      classNameMatch: 'exact',
      waitlistIfFull: false,
      active: true,
      skips: [],
      // The demo box opens each class 4 days before it starts: the 19:00 opens an hour after the 18:00.
      alternatives: [
        { startTime: '19:00', className: 'WOD' },
        { startTime: '18:00', className: 'wod competitors' },
        { startTime: '21:00', className: 'WOD' },
      ],
      bookIfOpen: false,
    });
    expect(created.run.created).toBe(1);
    const [prebooking] = created.goal.prebookings;
    expect(prebooking).toMatchObject({ classDay: '2027-04-12', classStartTime: '18:00', alternatives: [{ classStartTime: '18:00', className: 'WOD Competitors' }] });
    const { data } = await testDatabase().from('prebookings').select('alternatives').eq('id', prebooking!.id).single();
    expect((data as { alternatives: unknown }).alternatives).toEqual([
      { classId: competitors.id, classDay: '2027-04-12', classStartTime: '18:00', classStartsAt: '2027-04-12T16:00:00.000Z', className: 'WOD Competitors', availableAt: '2027-04-08T16:00:00.000Z' },
    ]);
    expect(created.goal.occurrences.find((occurrence) => occurrence.classDay === '2027-04-12')?.detail).toBe(
      'Prebooked WOD at 18:00, else WOD Competitors at 18:00. Fallback left out: there is no 21:00 WOD that day; WOD at 19:00 opens more than 10 minutes after the first choice.',
    );

    // A prebooking cannot gain or lose a fallback: a new list cancels it and makes it again.
    const edited = await updateGoal(h.deps, member, created.goal.id, { alternatives: [] });
    expect(edited.cancelled).toBe(1);
    expect(edited.run.created).toBe(1);
    const remade = edited.goal.prebookings.find((item) => item.status === 'scheduled')!;
    expect(remade.id).not.toBe(prebooking!.id);
    expect(remade.alternatives).toEqual([]);
    // Saving it again unchanged keeps it.
    expect((await updateGoal(h.deps, member, created.goal.id, { alternatives: [] })).cancelled).toBe(0);
  });
});
