import type { BookingOutcome } from '../../modules/aimharder';
import { DEMO_BOX } from './bench-client';
import { preciseNow, sleep } from './bench-stack';
import { NaiveBot, type NaiveMember } from './naive-bot';

/**
 * kappys1's strategy, the public Next.js + QStash AimHarder bot (reference: aimharder-api.md, the
 * bots table): QStash `notBefore` = opening − 5 s, floored to the second; on delivery it loads the
 * session (here: the one opened in advance, as its database holds it), `setTimeout`s to the opening
 * + 30 ms on its own clock, and sends one booking request per member, staggered 50 ms per member
 * of the same class in creation order (FIFO). It does not retry "too early". Same webhook plumbing
 * (signature-checked, real `modules/aimharder` client) as the naive bot.
 */
const FIRE_AFTER_OPENING_MS = 30;
const STAGGER_MS = 50;
const NOT_BEFORE_LEAD_MS = 5_000;

export class Kappys1Bot extends NaiveBot {
  private readonly queued = new Map<string, number>();

  /** One message per booking; its FIFO position among this class's bookings sets its stagger. */
  override async schedule(memberIndex: number, simClass: { id: string; day: string }, openingMs: number): Promise<void> {
    const position = this.queued.get(simClass.id) ?? 0;
    this.queued.set(simClass.id, position + 1);
    await this.qstash.publishJSON({
      url: `${this.baseUrl}/book`,
      body: { memberIndex, classId: simClass.id, day: simClass.day, openingMs, position },
      notBefore: Math.floor((openingMs - NOT_BEFORE_LEAD_MS) / 1000),
      retries: 0,
    });
  }

  protected override async bookOnDelivery(member: NaiveMember, payload: { classId: string; day: string } & Record<string, unknown>): Promise<BookingOutcome['kind']> {
    const fireAt = Number(payload.openingMs) + FIRE_AFTER_OPENING_MS + STAGGER_MS * Number(payload.position);
    // setTimeout on its own clock, as kappys1 does (no spin, no box clock).
    await sleep(fireAt - preciseNow());
    return (await member.aimharder.book({ boxId: DEMO_BOX.boxId, subdomain: DEMO_BOX.subdomain }, payload.day, payload.classId)).kind;
  }
}
