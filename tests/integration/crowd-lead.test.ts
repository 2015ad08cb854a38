/**
 * The crowd lead: each other active prebooking firing within a second of this one delivers it
 * `crowdLeadMs` earlier (up to `crowdLeadMaxMs`), so a crowded instant is executed spread out ahead
 * of it. Real prebookings in the real test database, moved to an instant of their own; the
 * publisher records what would go to QStash.
 */
import { afterAll, expect, test } from 'vitest';
import type { PublishDelayedJsonInput, QStashPublisher } from '../../core/qstash/qstash-publisher';
import { systemClock } from '../../core/time/clock';
import type { PrebookingDependencies } from '../../modules/prebooking';
import { publishPrebookingMessage } from '../../modules/prebooking/publish-prebooking';
import { createPrebookingFor, createSimClass, newSignedInMember, testDatabase, type PrebookingJson, type SignedInMember } from '../support/app-client';
import { getTestStack } from '../support/test-stack';

const staged: Array<{ member: SignedInMember; prebooking: PrebookingJson }> = [];

afterAll(async () => {
  for (const { member, prebooking } of staged) await member.fetch(`/api/prebookings/${prebooking.id}`, { method: 'DELETE' });
});

function capturingDependencies(crowdLeadMs: number, crowdLeadMaxMs: number): { deps: PrebookingDependencies; published: PublishDelayedJsonInput[] } {
  const published: PublishDelayedJsonInput[] = [];
  const publisher: QStashPublisher = {
    async publishDelayedJson(input) {
      published.push(input);
      return { messageId: `msg_crowd_${published.length}`, deduplicated: false };
    },
    async cancelMessage() {
      return true;
    },
    async ensureSchedule() {},
  };
  const deps = {
    db: testDatabase(),
    clock: systemClock,
    publisher,
    config: { appBaseUrl: getTestStack().urls.app, leadMs: 3_000, crowdLeadMs, crowdLeadMaxMs, qstashRetries: 3 },
  } as unknown as PrebookingDependencies;
  return { deps, published };
}

test('each other prebooking firing in the same second delivers it 25 ms earlier, up to the cap; ended ones do not count', async () => {
  for (let index = 0; index < 4; index += 1) {
    const member = await newSignedInMember(`crowd${index}`);
    const prebooking = await createPrebookingFor(member, await createSimClass({ opensInMs: 50 * 60_000, name: `Crowd ${index}` }));
    staged.push({ member, prebooking });
  }
  // An instant nobody else uses: four prebookings within one second of it (ms apart, as spacing makes them).
  const instantMs = Date.UTC(2031, 0, 6, 6, 0, 0) + Math.floor(Math.random() * 50_000) * 1_000;
  for (const [index, { prebooking }] of staged.entries()) {
    const at = new Date(instantMs + index * 3).toISOString();
    const { error } = await testDatabase().from('prebookings').update({ available_at: at, fire_at: at }).eq('id', prebooking.id);
    expect(error).toBeNull();
  }
  const first = { id: staged[0]!.prebooking.id, fireAt: new Date(instantMs).toISOString() };

  const { deps, published } = capturingDependencies(25, 60);
  await publishPrebookingMessage(deps, first);
  // Three others: 75 ms, capped at 60.
  expect(published[0]!.notBeforeMs).toBe(instantMs - 3_000 - 60);

  const uncapped = capturingDependencies(25, 25_000);
  await publishPrebookingMessage(uncapped.deps, first);
  expect(uncapped.published[0]!.notBeforeMs).toBe(instantMs - 3_000 - 75);

  // A cancelled prebooking is no longer part of the crowd.
  await staged[3]!.member.fetch(`/api/prebookings/${staged[3]!.prebooking.id}`, { method: 'DELETE' });
  await publishPrebookingMessage(uncapped.deps, first);
  expect(uncapped.published[1]!.notBeforeMs).toBe(instantMs - 3_000 - 50);

  // Without a crowd lead, the plain lead.
  const plain = capturingDependencies(0, 25_000);
  await publishPrebookingMessage(plain.deps, first);
  expect(plain.published[0]!.notBeforeMs).toBe(instantMs - 3_000);
});
