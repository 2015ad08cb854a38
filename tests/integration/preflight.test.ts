/**
 * Pre-flight checks on the real local stack: the check is published through dev/qstash when a
 * prebooking is created (it opens within PREFLIGHT_LEAD_MINUTES, so at once), delivered signed to
 * its own route, signs in to the simulator and reads the class's day. Each finding is staged in the
 * simulator as it would happen in AimHarder, then its stored state, its email (MailDev) and its
 * one-tap fix are checked. The pre-flight never books and never cancels.
 */
import { describe, expect, test } from 'vitest';
import { bookRequests, configureSim, createPrebookingFor, createSimClass, getPrebooking, newSignedInMember, signIn, simRequests, testDatabase, waitFor, waitForTerminal, type SignedInMember } from '../support/app-client';
import { getTestStack } from '../support/test-stack';
import { signQStashBody } from '../support/qstash-signing';
import { deliverSigned } from '../reliability/reliability-support';
import { emailsTo, waitForEmails } from './notifications-support';
import { hourMinute, minuteOfDay, prebookingOfMovedClass, preflightAction, prebookingCard, simControl, waitForPreflightEvent } from './preflight-support';

const PREFLIGHT_PATH = '/api/qstash/prebooking-preflight';
// Opens well inside the 15-minute pre-flight lead, far enough out that nothing fires during the test.
const OPENS_IN_MS = 10 * 60_000;

async function cancel(member: SignedInMember, id: string): Promise<string> {
  const response = await member.fetch(`/api/prebookings/${id}`, { method: 'DELETE' });
  expect(response.status).toBe(200);
  return ((await response.json()) as { prebooking: { status: string } }).prebooking.status;
}

const actionEmails = async (email: string) => (await emailsTo(email)).filter((mail) => mail.subject.startsWith('Action needed'));

describe('pre-flight check', { timeout: 90_000 }, () => {
  test('runs by itself through QStash for a prebooking created inside the lead, records "checked" with its time, and a second delivery for the same instant does nothing', async () => {
    const member = await newSignedInMember('preflight-ok');
    const simClass = await createSimClass({ opensInMs: OPENS_IN_MS });
    const prebooking = await createPrebookingFor(member, simClass);
    const detail = await waitForPreflightEvent(member, prebooking.id);
    expect(detail).toMatchObject({ trigger: 'qstash', state: 'ok', findings: [], sessionRefreshed: true });

    const card = await prebookingCard(member, prebooking.id);
    expect(card.preflight).toMatchObject({ state: 'ok', findings: [], fixes: [] });
    expect(card.preflight!.summary).toMatch(/^Checked .*: all clear\.$/);
    const es = await prebookingCard(member, prebooking.id, 'es');
    expect(es.preflight!.summary).toMatch(/^Comprobado .*: todo en orden\.$/);

    // QStash delivering the same check again (at-least-once) changes nothing.
    const again = await deliverSigned(PREFLIGHT_PATH, { prebookingId: prebooking.id, fireAt: prebooking.fireAt });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'duplicate' });
    // A message for an instant the prebooking no longer has is stale.
    const stale = await deliverSigned(PREFLIGHT_PATH, { prebookingId: prebooking.id, fireAt: new Date(Date.parse(prebooking.fireAt) + 60_000).toISOString() });
    expect(await stale.json()).toMatchObject({ status: 'stale' });
    const { events, prebooking: after } = await getPrebooking(member, prebooking.id);
    expect(events.filter((event) => event.type === 'preflight_checked')).toHaveLength(1);
    // Never books, never cancels.
    expect(after.status).toBe('scheduled');
    expect(bookRequests(await simRequests(simClass.id))).toHaveLength(0);
    expect(await actionEmails(member.email)).toHaveLength(0);
    await cancel(member, prebooking.id);
  });

  test('refuses forged, tampered and malformed deliveries and changes nothing', async () => {
    const member = await newSignedInMember('preflight-forged');
    const prebooking = await createPrebookingFor(member, await createSimClass({ opensInMs: OPENS_IN_MS }));
    await waitForPreflightEvent(member, prebooking.id);
    const { urls } = getTestStack();
    const body = JSON.stringify({ prebookingId: prebooking.id, fireAt: prebooking.fireAt });
    const forged = await fetch(`${urls.app}${PREFLIGHT_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'upstash-signature': await signQStashBody({ key: 'not-the-signing-key', url: `${urls.app}${PREFLIGHT_PATH}`, body }) },
      body,
    });
    expect(forged.status).toBe(401);
    const unsigned = await fetch(`${urls.app}${PREFLIGHT_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unsigned.status).toBe(401);
    const malformed = await deliverSigned(PREFLIGHT_PATH, { prebookingId: 'nope' });
    expect(malformed.status).toBe(489);
    expect(malformed.headers.get('upstash-nonretryable-error')).toBe('true');
    const { events } = await getPrebooking(member, prebooking.id);
    expect(events.filter((event) => event.type.startsWith('preflight'))).toHaveLength(1);
    await cancel(member, prebooking.id);
  });

  test('password changed in AimHarder: "Action needed", an email in the member’s words, and signing in again clears it', async () => {
    const member = await newSignedInMember('preflight-password');
    const simClass = await createSimClass({ opensInMs: OPENS_IN_MS });
    // The member changes their password in the AimHarder app; Prebooker still holds the old one.
    await simControl('PATCH', '/__sim/members', { email: member.email, password: 'a-brand-new-password' });
    const prebooking = await createPrebookingFor(member, simClass);
    const detail = await waitForPreflightEvent(member, prebooking.id);
    expect(detail).toMatchObject({ state: 'action_needed', findings: [{ code: 'password_changed', severity: 'action' }] });

    const card = await prebookingCard(member, prebooking.id);
    expect(card.status).toBe('scheduled');
    expect(card.preflight!.findings[0]!.text).toMatch(/^Action needed: AimHarder no longer accepts your password/);
    expect(card.preflight!.fixes).toEqual(['sign_in', 'cancel', 'recheck']);
    const [email] = await waitForEmails(member.email, 1);
    expect(email!.subject).toMatch(/^Action needed: WOD test/);
    expect(email!.text).toContain('AimHarder no longer accepts your password');
    expect(email!.text).toContain('/my-classes');

    // Checking again without signing in again finds the same, and sends no second email.
    expect((await preflightAction(member, prebooking.id, 'recheck')).status).toBe(200);
    // The fix: sign in again with the new password, then check again.
    await signIn(member.email, 'a-brand-new-password');
    const fixed = await preflightAction(member, prebooking.id, 'recheck');
    expect(fixed.status).toBe(200);
    expect(((await fixed.json()) as { preflight: { state: string } }).preflight.state).toBe('ok');
    expect((await prebookingCard(member, prebooking.id)).preflight!.state).toBe('ok');
    expect(await actionEmails(member.email)).toHaveLength(1);
    await cancel(member, prebooking.id);
  });

  test('class moved by the box: found with its new time, and "move" re-arms the prebooking for the new opening', async () => {
    const { member, simClass, prebooking, newTime, shiftMinutes } = await prebookingOfMovedClass('preflight-moved', OPENS_IN_MS);
    const card = await prebookingCard(member, prebooking.id);
    expect(card.preflight).toMatchObject({ state: 'action_needed', fixes: ['move', 'cancel', 'recheck'] });
    expect(card.preflight!.findings[0]!.text).toBe(`Action needed: WOD test moved from ${simClass.time} to ${newTime}. Move this prebooking to ${newTime}, or cancel it.`);
    const [email] = await waitForEmails(member.email, 1);
    expect(email!.text).toContain(`moved from ${simClass.time} to ${newTime}`);

    const moved = await preflightAction(member, prebooking.id, 'move');
    expect(moved.status).toBe(200);
    expect(((await moved.json()) as { preflight: { state: string } }).preflight.state).toBe('ok');
    const { prebooking: after, events } = await getPrebooking(member, prebooking.id);
    expect(after.status).toBe('scheduled');
    expect(Date.parse(after.availableAt) - Date.parse(prebooking.availableAt)).toBe(shiftMinutes * 60_000);
    expect(after.qstashMessageId).not.toBe(prebooking.qstashMessageId);
    expect(events.find((event) => event.type === 'retimed')?.detail).toMatchObject({ reason: 'class_moved', by: 'member' });
    expect((await prebookingCard(member, prebooking.id)).classStartTime).toBe(newTime);
    // "Move" with nothing to move is a clear 409.
    expect((await preflightAction(member, prebooking.id, 'move')).status).toBe(409);
    await cancel(member, prebooking.id);
  });

  test('"move" while AimHarder cannot be reached right after: the move holds and says so, and the check for the new instant still runs by itself', async () => {
    const { member, prebooking, newTime } = await prebookingOfMovedClass('preflight-moved-outage', OPENS_IN_MS);

    await configureSim({ errorRate: 1, faultEndpoints: 'all' });
    let moved: Response;
    try {
      moved = await preflightAction(member, prebooking.id, 'move');
    } finally {
      await configureSim({ errorRate: 0, faultEndpoints: 'all' });
    }
    // Moved (a 503 "try again" would be untrue: moving again finds nothing to move).
    expect(moved.status).toBe(200);
    expect(((await moved.json()) as { preflight: { state: string; findings: unknown[] } }).preflight).toMatchObject({ state: 'ok', findings: [] });
    const { prebooking: after, events } = await getPrebooking(member, prebooking.id);
    expect((await prebookingCard(member, prebooking.id)).classStartTime).toBe(newTime);
    expect(events.some((event) => event.type === 'preflight_retry')).toBe(true);
    const checksBefore = events.filter((event) => event.type === 'preflight_checked').length;

    // QStash's check of the new instant (whether its retry or this delivery comes first) checks for real.
    await deliverSigned(PREFLIGHT_PATH, { prebookingId: prebooking.id, fireAt: after.fireAt });
    const detail = await waitForPreflightEvent(member, prebooking.id, checksBefore + 1);
    expect(detail).toMatchObject({ trigger: 'qstash', state: 'ok', findings: [] });
    await cancel(member, prebooking.id);
  });

  test('class moved earlier, its booking already open: "move" fires at once, books it, and the card no longer asks to move', async (context) => {
    const member = await newSignedInMember('preflight-moved-open');
    // Opens in two minutes; the box then moves the class five minutes earlier, so its booking opened three minutes ago.
    const simClass = await createSimClass({ opensInMs: 2 * 60_000 });
    // A class in the first five minutes of the day has no earlier time that day (only when the run starts 23:53–23:58 in Madrid).
    if (minuteOfDay(simClass.time) < 5) context.skip();
    const prebooking = await createPrebookingFor(member, simClass);
    await waitForPreflightEvent(member, prebooking.id);
    const newTime = hourMinute(minuteOfDay(simClass.time) - 5);
    await simControl('PATCH', `/__sim/classes/${simClass.id}`, { time: newTime });
    expect((await preflightAction(member, prebooking.id, 'recheck')).status).toBe(200);
    expect((await prebookingCard(member, prebooking.id)).preflight).toMatchObject({ state: 'action_needed', findings: [{ code: 'class_moved' }] });

    const moved = await preflightAction(member, prebooking.id, 'move');
    expect(moved.status).toBe(200);
    // Within a minute of its fire instant the check does not run again; what it found is fixed.
    expect(((await moved.json()) as { preflight: { state: string; findings: unknown[] } }).preflight).toMatchObject({ state: 'ok', findings: [] });
    const card = await prebookingCard(member, prebooking.id);
    expect(card.classStartTime).toBe(newTime);
    expect(card.preflight).toMatchObject({ state: 'ok', findings: [], fixes: [] });
    const done = await waitForTerminal(member, prebooking.id, 60_000);
    expect(done).toMatchObject({ status: 'completed', resultCode: 'booked' });
    expect(bookRequests(await simRequests(simClass.id)).length).toBeGreaterThan(0);
  });

  test('overlap: a booking at the same hour AimHarder would refuse is found, and cancel is one tap', async (context) => {
    const member = await newSignedInMember('preflight-overlap');
    const other = await createSimClass({ opensInMs: -30_000, name: 'OPEN BOX test' });
    // Two minutes out (not ten): the two classes fall on different days only for a run started in the
    // last ~2.5 minutes before midnight in Madrid, where no class open already shares the later one's day.
    const simClass = await createSimClass({ opensInMs: 2 * 60_000 });
    if (simClass.day !== other.day) context.skip();
    const prebooking = await createPrebookingFor(member, simClass);
    await waitForPreflightEvent(member, prebooking.id);
    // Afterwards the member books a class one minute earlier that day in the AimHarder app (creation refuses a known overlap).
    await simControl('POST', '/__sim/bookings', { classId: other.id, email: member.email });
    // The check the member asked for, as it answers: the n-th check on the timeline need not be it
    // (a second automatic delivery of the first check, e.g. the sweep's, may land before it).
    const recheck = await preflightAction(member, prebooking.id, 'recheck');
    expect(recheck.status).toBe(200);
    expect(((await recheck.json()) as { preflight: unknown }).preflight).toMatchObject({ state: 'action_needed', findings: [{ code: 'overlap' }] });
    const card = await prebookingCard(member, prebooking.id);
    expect(card.preflight!.findings[0]!.text).toContain(`you already hold OPEN BOX test at ${other.time}`);
    const [email] = await waitForEmails(member.email, 1);
    expect(email!.text).toContain('OPEN BOX test');
    expect(await cancel(member, prebooking.id)).toBe('cancelled');
  });

  test('already booked in AimHarder by hand: found, emailed, and cancel is one tap', async () => {
    const member = await newSignedInMember('preflight-held');
    const simClass = await createSimClass({ opensInMs: OPENS_IN_MS });
    const prebooking = await createPrebookingFor(member, simClass);
    await waitForPreflightEvent(member, prebooking.id);
    // Booking opened early for this class and the member booked it in the app.
    await simControl('PATCH', '/__sim/settings', { openClassNow: simClass.id });
    await simControl('POST', '/__sim/bookings', { classId: simClass.id, email: member.email });
    expect((await preflightAction(member, prebooking.id, 'recheck')).status).toBe(200);
    const card = await prebookingCard(member, prebooking.id);
    expect(card.preflight).toMatchObject({ state: 'action_needed', findings: [{ code: 'already_booked', severity: 'action' }] });
    expect(card.preflight!.findings[0]!.text).toBe('Action needed: you already hold this class in AimHarder. You can cancel this prebooking.');
    await waitForEmails(member.email, 1);
    expect(card.status).toBe('scheduled');
    expect(await cancel(member, prebooking.id)).toBe('cancelled');
  });

  test('the box’s opening rule changed: the pre-flight re-arms the QStash message for the new instant by itself and says so', async () => {
    const boxId = 20_000 + Math.floor(Math.random() * 70_000);
    const subdomain = `preflight${boxId}`;
    await simControl('POST', '/__sim/boxes', { boxId, subdomain, name: 'Preflight Rule Box', rule: { kind: 'rolling_days', days: 4 } });
    const member = await newSignedInMember('preflight-rule', { boxes: [subdomain] });
    const created = (await simControl('POST', '/__sim/classes', { box: subdomain, opensInMs: OPENS_IN_MS, name: 'WOD rule' })) as { id: string; day: string };
    const day = created.day.replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3');
    const response = await member.fetch('/api/prebookings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ boxId, day, classId: created.id }) });
    expect(response.status).toBe(201);
    const prebooking = ((await response.json()) as { prebooking: { id: string; availableAt: string; qstashMessageId: string } }).prebooking;
    await waitForPreflightEvent(member, prebooking.id);

    // The box now opens 95 h ahead instead of 4 days (as an admin sets it, or another member's too-early answer teaches it).
    const { error } = await testDatabase().from('boxes').update({ booking_window_rule: { kind: 'rolling_hours', hours: 95 }, booking_window_source: 'configured' }).eq('aimharder_box_id', boxId);
    expect(error).toBeNull();
    expect((await preflightAction(member, prebooking.id, 'recheck')).status).toBe(200);

    const { prebooking: after, events } = await getPrebooking(member, prebooking.id);
    expect(Date.parse(after.availableAt) - Date.parse(prebooking.availableAt)).toBe(60 * 60_000);
    expect(after.status).toBe('scheduled');
    expect(after.qstashMessageId).not.toBe(prebooking.qstashMessageId);
    expect(events.find((event) => event.type === 'retimed')?.detail).toMatchObject({ reason: 'rule_changed', by: 'preflight' });
    const card = await prebookingCard(member, prebooking.id);
    expect(card.preflight).toMatchObject({ state: 'fixed', fixes: [] });
    expect(card.preflight!.findings[0]!.text).toMatch(/^Fixed: the box changed when booking opens; Prebooker now books at /);
    // Fixed by itself: nothing for the member to act on, so no email.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await actionEmails(member.email)).toHaveLength(0);
    await cancel(member, prebooking.id);
  });

  test('bad input to the fixes is a 400 with a message; someone else’s prebooking is 404', async () => {
    const member = await newSignedInMember('preflight-input');
    const prebooking = await createPrebookingFor(member, await createSimClass({ opensInMs: OPENS_IN_MS }));
    const bad = await member.fetch(`/api/prebookings/${prebooking.id}/preflight`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'explode' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toBeTruthy();
    const stranger = await newSignedInMember('preflight-stranger');
    expect((await preflightAction(stranger, prebooking.id, 'recheck')).status).toBe(404);
    await waitFor(async () => (await getPrebooking(member, prebooking.id)).events.some((event) => event.type === 'preflight_checked'), 20_000, 'the automatic check');
    await cancel(member, prebooking.id);
  });
});
