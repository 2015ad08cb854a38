/**
 * The prebooking API as a script or the web app uses it: validation, ownership, duplicates.
 */
import { describe, expect, test } from 'vitest';
import { createPrebookingFor, createSimClass, newSignedInMember, testDatabase } from '../support/app-client';
import { getTestStack } from '../support/test-stack';

describe('creating prebookings', () => {
  test('a duplicate request returns the existing prebooking and publishes nothing more', async () => {
    const member = await newSignedInMember('dup');
    const simClass = await createSimClass({ opensInMs: 600_000 });
    const first = await createPrebookingFor(member, simClass);
    const again = await member.fetch('/api/prebookings', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ boxId: 10122, day: simClass.day, classId: simClass.id }),
    });
    expect(again.status).toBe(200);
    const body = (await again.json()) as { created: boolean; prebooking: { id: string; qstashMessageId: string } };
    expect(body.created).toBe(false);
    expect(body.prebooking.id).toBe(first.id);
    expect(body.prebooking.qstashMessageId).toBe(first.qstashMessageId);
    const { count } = await testDatabase().from('prebookings').select('id', { count: 'exact', head: true }).eq('aimharder_class_id', simClass.id);
    expect(count).toBe(1);
  });

  test('bad input gets a 4xx with a message and stores nothing', async () => {
    const member = await newSignedInMember('bad');
    const cases: Array<[string, number]> = [
      ['not json', 400],
      [JSON.stringify({}), 400],
      [JSON.stringify({ boxId: 'abc', day: '2026-13-45', classId: 'x' }), 400],
      [JSON.stringify({ boxId: 10122, day: '2026-11-30', classId: '../../etc' }), 400],
      [JSON.stringify({ boxId: 10122, day: '2026-11-30', classId: '1', extra: true }), 400],
      [JSON.stringify({ boxId: 999999, day: '2026-11-30', classId: '123' }), 404],
      [JSON.stringify({ boxId: 10122, day: '2026-11-30', classId: 'nonexistent123' }), 404],
      ['x'.repeat(70_000), 413],
    ];
    for (const [body, status] of cases) {
      const response = await member.fetch('/api/prebookings', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(response.status, body.slice(0, 80)).toBe(status);
      const json = (await response.json()) as { error: { message: string } };
      expect(json.error.message.length).toBeGreaterThan(5);
    }
    const { count } = await testDatabase().from('prebookings').select('id', { count: 'exact', head: true }).eq('member_id', member.id);
    expect(count).toBe(0);
  });

  test('anonymous callers get 401', async () => {
    const { urls } = getTestStack();
    expect((await fetch(`${urls.app}/api/prebookings`)).status).toBe(401);
    expect((await fetch(`${urls.app}/api/prebookings`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await fetch(`${urls.app}/api/admin/prebookings`)).status).toBe(401);
  });
});

describe('privacy between members', () => {
  test('a member can neither read, list nor cancel another member’s prebooking', async () => {
    const owner = await newSignedInMember('owner');
    const other = await newSignedInMember('other');
    const simClass = await createSimClass({ opensInMs: 600_000 });
    const prebooking = await createPrebookingFor(owner, simClass);

    expect((await other.fetch(`/api/prebookings/${prebooking.id}`)).status).toBe(404);
    expect((await other.fetch(`/api/prebookings/${prebooking.id}`, { method: 'DELETE' })).status).toBe(404);
    const list = (await (await other.fetch('/api/prebookings')).json()) as { prebookings: Array<{ id: string }> };
    expect(list.prebookings.map((item) => item.id)).not.toContain(prebooking.id);
    expect((await other.fetch('/api/admin/prebookings')).status).toBe(403);

    const mine = (await (await owner.fetch('/api/prebookings')).json()) as { prebookings: Array<{ id: string; status: string }> };
    expect(mine.prebookings.find((item) => item.id === prebooking.id)?.status).toBe('scheduled');
  });

  test('the publishable (anon) key reads nothing from any table', async () => {
    const { urls, env } = getTestStack();
    for (const table of ['members', 'boxes', 'box_memberships', 'aimharder_credentials', 'sign_in_attempts', 'prebookings', 'prebooking_events']) {
      const response = await fetch(`${urls.supabase}/rest/v1/${table}?select=*`, {
        headers: { apikey: env.SUPABASE_PUBLISHABLE_KEY!, authorization: `Bearer ${env.SUPABASE_PUBLISHABLE_KEY}` },
      });
      const rows = response.ok ? ((await response.json()) as unknown[]) : [];
      expect(rows, table).toEqual([]);
    }
  });

  test('credentials are stored encrypted, never in clear', async () => {
    const member = await newSignedInMember('secret');
    const { data } = await testDatabase().from('aimharder_credentials').select().eq('member_id', member.id).single();
    const row = data as { password_ciphertext: string; session_ciphertext: string };
    expect(row.password_ciphertext).toMatch(/^v1\./);
    expect(row.password_ciphertext).not.toContain('secret');
    expect(row.session_ciphertext).toMatch(/^v1\./);
  });
});
