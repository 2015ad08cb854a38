/**
 * Goals on the real local stack with the real clock: the API, the immediate run against the
 * AimHarder simulator's timetable, QStash delivering the prebooking at the opening instant, the
 * outcome email arriving in MailDev, the daily schedule's fan-out, and edits cancelling QStash messages.
 */
import { Client } from '@upstash/qstash';
import { describe, expect, test } from 'vitest';
import { setUpQStashSchedules } from '../../dev/qstash-setup';
import { createPrebookingFor, createSimClass, getPrebooking, newSignedInMember, testDatabase, waitFor, waitForTerminal } from '../support/app-client';
import { getTestStack } from '../support/test-stack';
import { createGoalFor, emailsTo, goalFor, qstashMessageStatus, updateGoalFor, waitForEmails, type GoalJson } from './notifications-support';

const unique = (label: string) => `${label} ${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;

describe('a goal end to end', () => {
  test('prebooks the matching class at once, books it at the opening instant and emails the member once', async () => {
    const member = await newSignedInMember('goal-run');
    const name = unique('WOD goal');
    const simClass = await createSimClass({ opensInMs: 10_000, name });
    // A class at the same time with another name must not be chosen.
    await createSimClass({ opensInMs: 10_000, name: unique('OPEN BOX other') });

    const { goal, run } = await createGoalFor(member, goalFor(simClass, name));
    expect(run.created).toBe(1);
    expect(goal.prebookings).toHaveLength(1);
    const prebookingId = goal.prebookings[0]!.id;
    const { prebooking } = await getPrebooking(member, prebookingId);
    expect(prebooking.status).toBe('scheduled');
    expect(new Date(prebooking.availableAt).getTime()).toBe(simClass.opensAtMs);
    expect(goal.occurrences).toEqual([expect.objectContaining({ outcome: 'prebooked', classId: simClass.id, prebookingId })]);

    const done = await waitForTerminal(member, prebookingId, 90_000);
    expect(done).toMatchObject({ status: 'completed', resultCode: 'booked' });

    const [email] = await waitForEmails(member.email, 1);
    expect(email!.subject).toMatch(new RegExp(`^Booked: ${name}, `));
    expect(email!.text).toContain('Prebooker booked your class.');
    expect(email!.text).toMatch(/Prebooker got the place with a request sent \d+(\.\d)? ms after booking opened\./);
    expect(email!.headers['x-prebooker-prebooking-id']).toBe(prebookingId);

    // Running the goal again (as the daily schedule would) changes nothing.
    const again = await member.fetch(`/api/goals/${goal.id}`).then((response) => response.json() as Promise<{ goal: GoalJson }>);
    expect(again.goal.prebookings.map((item) => item.id)).toEqual([prebookingId]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await emailsTo(member.email)).toHaveLength(1);
  }, 120_000);

  test('editing the goal cancels the stale prebooking and its QStash message; pausing too; manual prebookings stay', async () => {
    const member = await newSignedInMember('goal-edit');
    const name = unique('WOD edit');
    const goalClass = await createSimClass({ opensInMs: 10 * 60_000, name });
    // Hours apart: a manual prebooking at the goal class's hour would stop the goal (same-hour overlap).
    const manualClass = await createSimClass({ opensInMs: 3 * 60 * 60_000, name: unique('WOD manual') });
    const manual = await createPrebookingFor(member, manualClass);

    const created = await createGoalFor(member, goalFor(goalClass, name));
    expect(created.run.created).toBe(1);
    const first = (await getPrebooking(member, created.goal.prebookings[0]!.id)).prebooking;
    expect(first.qstashMessageId).toMatch(/^msg_/);
    expect(await qstashMessageStatus(first.qstashMessageId!)).toBe(200);

    // Another start time: the 10-minute class no longer matches.
    const edited = await updateGoalFor(member, created.goal.id, { startTime: '05:00' });
    expect(edited.cancelled).toBe(1);
    const stale = await getPrebooking(member, first.id);
    expect(stale.prebooking).toMatchObject({ status: 'cancelled', resultCode: 'goal_changed' });
    expect(stale.events.map((event) => event.type)).toEqual(expect.arrayContaining(['cancelled', 'message_cancelled']));
    expect(await qstashMessageStatus(first.qstashMessageId!)).toBe(404);

    // Back to the right time: a new prebooking (the cancelled one stays cancelled), then pause.
    const back = await updateGoalFor(member, created.goal.id, { startTime: goalClass.time });
    expect(back.run.created).toBe(1);
    const second = back.goal.prebookings.find((item) => item.status === 'scheduled')!;
    expect(second.id).not.toBe(first.id);
    const secondMessage = (await getPrebooking(member, second.id)).prebooking.qstashMessageId!;
    const paused = await updateGoalFor(member, created.goal.id, { active: false });
    expect(paused.cancelled).toBe(1);
    expect((await getPrebooking(member, second.id)).prebooking).toMatchObject({ status: 'cancelled', resultCode: 'goal_paused' });
    expect(await qstashMessageStatus(secondMessage)).toBe(404);

    const untouched = await getPrebooking(member, manual.id);
    expect(untouched.prebooking.status).toBe('scheduled');
    expect(await qstashMessageStatus(untouched.prebooking.qstashMessageId!)).toBe(200);
    await member.fetch(`/api/prebookings/${manual.id}`, { method: 'DELETE' });
  });

  test('the daily schedule exists once (fixed id, Madrid time) and its run prebooks for active goals', async () => {
    const { urls, env } = getTestStack();
    await setUpQStashSchedules(env);
    await setUpQStashSchedules(env);
    const qstash = new Client({ baseUrl: urls.qstash, token: env.QSTASH_TOKEN, enableTelemetry: false });
    const schedules = (await qstash.schedules.list()).filter((schedule) => schedule.scheduleId === 'prebooker-goals-materialize');
    expect(schedules).toHaveLength(1);
    expect(schedules[0]!.cron).toBe('CRON_TZ=Europe/Madrid 5 0 * * *');
    expect(schedules[0]!.destination).toBe(`${urls.app}/api/qstash/goals-materialize`);

    // A goal saved paused makes nothing; switched on behind the API's back, only a run will act on it.
    const member = await newSignedInMember('goal-daily');
    const name = unique('WOD daily');
    const simClass = await createSimClass({ opensInMs: 10 * 60_000, name });
    const { goal, run } = await createGoalFor(member, goalFor(simClass, name, { active: false }));
    expect(run.created).toBe(0);
    await testDatabase().from('goals').update({ status: 'active' }).eq('id', goal.id);

    // What the schedule delivers: {reason} → one {goalId} message per active goal → the run.
    await qstash.publishJSON({ url: `${urls.app}/api/qstash/goals-materialize`, body: { reason: 'test' }, retries: 0 });
    const made = await waitFor(
      async () => {
        const response = await member.fetch(`/api/goals/${goal.id}`);
        const body = (await response.json()) as { goal: GoalJson };
        return body.goal.prebookings.find((item) => item.status === 'scheduled') ?? null;
      },
      20_000,
      'the scheduled run to prebook the class',
    );
    expect(made).toMatchObject({ classStartTime: simClass.time, className: name });
    await updateGoalFor(member, goal.id, { active: false });
  });
});
