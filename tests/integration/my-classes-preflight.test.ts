/**
 * Pre-flight findings where the member looks (issue 17): "My classes" — the JSON the page polls
 * (`/api/me/classes`) and the page itself as the server renders it — carries each waiting
 * prebooking's last check, its finding in the member's words and its one-tap fix, in en and es.
 * The findings are staged in the simulator as AimHarder would show them (a changed password, a
 * class moved by the box); the fixes are the ones the email links lead to.
 */
import { describe, expect, test } from 'vitest';
import { createPrebookingFor, createSimClass, newSignedInMember, signIn, type SignedInMember } from '../support/app-client';
import { prebookingOfMovedClass, preflightAction, simControl, waitForPreflightEvent, type PreflightCardJson } from './preflight-support';

// Opens well inside the 15-minute pre-flight lead (checked at once), far enough out that nothing fires during the test.
const OPENS_IN_MS = 10 * 60_000;

interface MyClassesJson {
  upcoming: Array<{ kind: string; card?: { id: string; classStartTime: string; preflight: PreflightCardJson | null } }>;
}

async function myClassesCard(member: SignedInMember, id: string, locale: 'en' | 'es' = 'en') {
  const response = await member.fetch('/api/me/classes', { headers: { 'accept-language': locale } });
  expect(response.status).toBe(200);
  const { upcoming } = (await response.json()) as MyClassesJson;
  const card = upcoming.find((item) => item.kind === 'prebooking' && item.card?.id === id)?.card;
  if (!card) throw new Error(`prebooking ${id} is not among the upcoming items of My classes`);
  return card;
}

/** The "My classes" page as the server renders it, in the browser's language. */
async function myClassesPage(member: SignedInMember, locale: 'en' | 'es'): Promise<string> {
  const response = await member.fetch('/my-classes', { headers: { 'accept-language': locale, accept: 'text/html' } });
  expect(response.status).toBe(200);
  return (await response.text()).replaceAll('&#x27;', "'").replaceAll('&amp;', '&');
}

/** The part of the page that is this prebooking's card. */
function cardHtml(page: string, id: string): string {
  const start = page.indexOf(`data-prebooking-id="${id}"`);
  expect(start, `card ${id} on the page`).toBeGreaterThan(-1);
  return page.slice(start, page.indexOf('</article>', start));
}

describe('My classes shows pre-flight findings', { timeout: 90_000 }, () => {
  test('a changed AimHarder password: "Action needed" and "Sign in again" on the card, in en and es; signed in again, the card says when it was checked', async () => {
    const member = await newSignedInMember('my-classes-password');
    const simClass = await createSimClass({ opensInMs: OPENS_IN_MS });
    await simControl('PATCH', '/__sim/members', { email: member.email, password: 'a-changed-password' });
    const prebooking = await createPrebookingFor(member, simClass);
    await waitForPreflightEvent(member, prebooking.id);

    const card = await myClassesCard(member, prebooking.id);
    expect(card.preflight).toMatchObject({ state: 'action_needed', findings: [{ code: 'password_changed', severity: 'action' }] });
    expect(card.preflight!.fixes).toContain('sign_in');
    expect(card.preflight!.findings[0]!.text).toMatch(/^Action needed: AimHarder no longer accepts your password/);
    expect((await myClassesCard(member, prebooking.id, 'es')).preflight!.findings[0]!.text).toMatch(/^Acción necesaria: AimHarder ya no acepta tu contraseña/);

    const en = cardHtml(await myClassesPage(member, 'en'), prebooking.id);
    expect(en).toContain('data-preflight-state="action_needed"');
    expect(en).toContain('Action needed: AimHarder no longer accepts your password');
    expect(en).toMatch(/href="\/sign-in\?next=\/my-classes"[^>]*>Sign in again</);
    // Cancel is the card's own button, one tap as well.
    expect(en).toContain('Cancel prebooking');
    const es = cardHtml(await myClassesPage(member, 'es'), prebooking.id);
    expect(es).toContain('Acción necesaria: AimHarder ya no acepta tu contraseña');
    expect(es).toMatch(/href="\/sign-in\?next=\/my-classes"[^>]*>Volver a iniciar sesión</);

    // The schedule's card for that class says it too, and links to My classes where the fixes are.
    const schedule = await member.fetch(`/api/schedule?boxId=10122&day=${simClass.day}`);
    expect(schedule.status).toBe(200);
    const { classes } = (await schedule.json()) as { classes: Array<{ id: string; prebooking: { id: string; attention: string | null } | null }> };
    expect(classes.find((candidate) => candidate.id === simClass.id)?.prebooking).toMatchObject({ id: prebooking.id, attention: expect.stringMatching(/^Action needed: AimHarder no longer accepts your password/) });

    // The fix: sign in again with the new password; the next check finds nothing and says when it ran.
    const again = await signIn(member.email, 'a-changed-password');
    expect((await preflightAction(again, prebooking.id, 'recheck')).status).toBe(200);
    const cleared = await myClassesCard(again, prebooking.id);
    expect(cleared.preflight).toMatchObject({ state: 'ok', findings: [], fixes: [] });
    const clearedHtml = cardHtml(await myClassesPage(again, 'en'), prebooking.id);
    expect(clearedHtml).toContain('data-preflight-state="ok"');
    expect(clearedHtml).toMatch(/Checked [^<]+: all clear\./);
    expect(cardHtml(await myClassesPage(again, 'es'), prebooking.id)).toMatch(/Comprobado [^<]+: todo en orden\./);
    expect(clearedHtml).not.toContain('Sign in again');
    const scheduleAfter = (await (await again.fetch(`/api/schedule?boxId=10122&day=${simClass.day}`)).json()) as { classes: Array<{ id: string; prebooking: { attention: string | null } | null }> };
    expect(scheduleAfter.classes.find((candidate) => candidate.id === simClass.id)?.prebooking?.attention).toBeNull();
  });

  test('a class moved by the box: its new time and "Move to the new time" on the card; moved, the card shows the new time and no finding', async () => {
    const { member, simClass, prebooking, newTime } = await prebookingOfMovedClass('my-classes-moved', OPENS_IN_MS);

    const card = await myClassesCard(member, prebooking.id);
    expect(card.preflight).toMatchObject({ state: 'action_needed', findings: [{ code: 'class_moved' }] });
    expect(card.preflight!.fixes).toContain('move');
    const en = cardHtml(await myClassesPage(member, 'en'), prebooking.id);
    expect(en).toContain(`moved from ${simClass.time} to ${newTime}`);
    expect(en).toMatch(/<button[^>]*>Move to the new time</);
    const es = cardHtml(await myClassesPage(member, 'es'), prebooking.id);
    expect(es).toContain(`ha pasado de las ${simClass.time} a las ${newTime}`);
    expect(es).toMatch(/<button[^>]*>Mover a la nueva hora</);

    // The same fix the button runs (and the email leads to): the prebooking follows the class.
    expect((await preflightAction(member, prebooking.id, 'move')).status).toBe(200);
    const moved = await myClassesCard(member, prebooking.id);
    expect(moved.classStartTime).toBe(newTime);
    expect(moved.preflight).toMatchObject({ state: 'ok', findings: [] });
    expect(cardHtml(await myClassesPage(member, 'en'), prebooking.id)).not.toContain('Move to the new time');
  });
});
