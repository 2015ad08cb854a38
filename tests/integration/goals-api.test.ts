/** The goals API's boundaries: validation, ownership, sessions, skip dates and the admin view. */
import { describe, expect, test } from 'vitest';
import { newSignedInMember, signIn, testDatabase } from '../support/app-client';
import { getTestStack } from '../support/test-stack';
import { createGoalFor, type GoalJson } from './notifications-support';

describe('the goals API', () => {
  test('rejects invalid goals naming each bad field', async () => {
    const member = await newSignedInMember('goal-invalid');
    const response = await member.fetch('/api/goals', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ boxId: 10122, weekdays: [0, 8], startTime: '25:00', className: '', skips: [{ from: '2027-04-10', to: '2027-04-01' }] }),
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; fields: Record<string, string[]> } };
    expect(error.code).toBe('validation');
    expect(Object.keys(error.fields)).toEqual(expect.arrayContaining(['weekdays.0', 'weekdays.1', 'startTime', 'className', 'skips.0.to']));
  });

  test('a skip date or time that is no real one is refused with 400 in the member’s language, and nothing is saved', async () => {
    const member = await newSignedInMember('goal-bad-day');
    const post = (language: string) =>
      member.fetch('/api/goals', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': language },
        body: JSON.stringify({ boxId: 10122, weekdays: [1], startTime: '6 pm', className: 'WOD', skips: [{ from: '31/02/2027' }, { from: '2027-04-10', to: '2027-04-01' }] }),
      });
    const spanish = await post('es-ES,es;q=0.9');
    expect(spanish.status).toBe(400);
    expect(((await spanish.json()) as { error: { fields: Record<string, string[]> } }).error.fields).toMatchObject({
      startTime: ['debe ser una hora como 18:00'],
      'skips.0.from': ['debe ser una fecha como 2026-11-30'],
      'skips.1.to': ['no puede terminar antes de empezar'],
    });
    const english = await post('en-US');
    expect(english.status).toBe(400);
    expect(((await english.json()) as { error: { fields: Record<string, string[]> } }).error.fields).toMatchObject({ 'skips.0.from': ['must be a date like 2026-11-30'] });
    const { data } = await testDatabase().from('goals').select('id').eq('member_id', member.id);
    expect(data).toEqual([]);
  });

  test('a second copy of a goal is refused with 409, naming the goal it duplicates, and nothing is saved', async () => {
    const member = await newSignedInMember('goal-duplicate');
    const goal = { boxId: 10122, weekdays: [2, 4], startTime: '07:00', className: 'DUPLICATE WOD' };
    const post = (body: unknown) => member.fetch('/api/goals', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post(goal)).status).toBe(201);
    const again = await post({ ...goal, weekdays: [4], className: 'duplicate wod' });
    expect(again.status).toBe(409);
    const { error } = (await again.json()) as { error: { reason: string; message: string } };
    expect(error.reason).toBe('duplicate_goal');
    expect(error.message).toContain('“Tue, Thu · 07:00 · DUPLICATE WOD”');
    const { data } = await testDatabase().from('goals').select('id').eq('member_id', member.id);
    expect(data).toHaveLength(1);
    // Another time is another goal.
    expect((await post({ ...goal, startTime: '08:00' })).status).toBe(201);
  });

  test('a box the member does not belong to is refused', async () => {
    const member = await newSignedInMember('goal-box');
    const response = await member.fetch('/api/goals', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ boxId: 10387, weekdays: [1], startTime: '18:00', className: 'CROSSTRAINING' }),
    });
    expect(response.status).toBe(404);
  });

  test('stores skip dates and weekdays, lists them, and keeps them private to their member', async () => {
    const owner = await newSignedInMember('goal-owner');
    const other = await newSignedInMember('goal-other');
    const { goal } = await createGoalFor(owner, {
      weekdays: [3, 1, 1],
      startTime: '07:00',
      className: 'WOD',
      skips: [{ from: '2027-08-01', to: '2027-08-31', note: 'Summer' }, { from: '2027-12-25' }],
    });
    expect(goal.weekdays).toEqual([1, 3]);
    const listed = (await (await owner.fetch('/api/goals')).json()) as { goals: Array<GoalJson & { skips: unknown }>; boxes: Array<{ boxId: number }> };
    expect(listed.goals.map((item) => item.id)).toEqual([goal.id]);
    expect(listed.goals[0]!.skips).toEqual([
      { from: '2027-08-01', to: '2027-08-31', note: 'Summer' },
      { from: '2027-12-25', to: '2027-12-25', note: null },
    ]);
    expect(listed.boxes.map((box) => box.boxId)).toContain(10122);

    for (const [method, body] of [['GET', undefined], ['PATCH', JSON.stringify({ active: false })], ['DELETE', undefined]] as const) {
      const response = await other.fetch(`/api/goals/${goal.id}`, { method, headers: { 'content-type': 'application/json' }, body });
      expect(response.status).toBe(404);
    }
    expect(((await (await other.fetch('/api/goals')).json()) as { goals: unknown[] }).goals).toEqual([]);

    // Editing only the skips replaces them (and nothing else).
    const patched = await owner.fetch(`/api/goals/${goal.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ skips: [] }) });
    const after = ((await patched.json()) as { goal: GoalJson & { skips: unknown[] } }).goal;
    expect(after.skips).toEqual([]);
    expect(after.weekdays).toEqual([1, 3]);

    // Whether a 07:00 WOD falls inside the booking window depends on today's date: deleting the
    // goal cancels exactly the live prebookings it made, whatever their number.
    const { data: live } = await testDatabase().from('prebookings').select('id').eq('goal_id', goal.id).in('status', ['pending', 'scheduled']);
    const deleted = await owner.fetch(`/api/goals/${goal.id}`, { method: 'DELETE' });
    expect(await deleted.json()).toEqual({ deleted: true, cancelled: live?.length ?? -1 });
    const { data: afterDelete } = await testDatabase().from('prebookings').select('status').eq('goal_id', goal.id).in('status', ['pending', 'scheduled']);
    expect(afterDelete).toEqual([]);
    expect((await owner.fetch(`/api/goals/${goal.id}`)).status).toBe(404);
  });

  test('needs a session; admins see goals per member', async () => {
    const { urls } = getTestStack();
    expect((await fetch(`${urls.app}/api/goals`)).status).toBe(401);

    const member = await newSignedInMember('goal-admin-view');
    const { goal } = await createGoalFor(member, { weekdays: [5], startTime: '19:00', className: 'WOD', active: false });
    expect((await member.fetch(`/api/admin/goals?memberId=${member.id}`)).status).toBe(403);

    const admin = await signIn('admin@prebooker.local', 'admin-password');
    const response = await admin.fetch(`/api/admin/goals?memberId=${member.id}`);
    expect(response.status).toBe(200);
    const { goals } = (await response.json()) as { goals: Array<GoalJson & { member: { id: string; email: string } }> };
    expect(goals.map((item) => [item.id, item.member.email, item.active])).toEqual([[goal.id, member.email, false]]);
    expect((await admin.fetch('/api/admin/goals?memberId=nope')).status).toBe(400);
  });
});
