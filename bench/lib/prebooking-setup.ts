import { createClassesOpeningTogether, type AppClient, type AppMember, type SimClass, type SimControl } from './bench-client';
import { mapLimit } from './bench-stack';

export interface PrebookingSetupOptions {
  /** Prebookings (one member each). */
  count: number;
  /** Classes they spread over, round-robin; all open at the same instant. */
  classes: number;
  /** Names members and classes, e.g. "burst". */
  label: string;
  /** The app's PREBOOKING_LEAD_MS: every prebooking must exist before its message is due. */
  leadMs: number;
  /** Requests in flight while setting up (sign-ins, prebooking creations). */
  concurrency?: number;
  /** Prebooking creations expected per second, to pick an opening minute far enough away. */
  expectedCreationsPerSecond?: number;
  /** Called as soon as each prebooking exists (e.g. to cancel its QStash message before it can be due). */
  onCreated?: (prebooking: PreparedPrebooking) => Promise<void>;
}

export interface PreparedPrebooking {
  id: string;
  member: AppMember;
  simClass: SimClass;
  qstashMessageId: string | null;
}

export interface PrebookingSetup {
  prebookings: PreparedPrebooking[];
  classes: SimClass[];
  /** The common opening instant (epoch ms; the simulator's clock runs without skew here). */
  openingMs: number;
  membersMs: number;
  creationMs: number;
  /** How long before the first message was due the last prebooking was created (negative: late). */
  slackMs: number;
}

/**
 * `count` members of the demo box (simulator member + Prebooker sign-in, as a member does it),
 * then `classes` classes opening on the same whole minute, then one prebooking per member through
 * the app's API (which checks the class with AimHarder and publishes its QStash message). The
 * minute is picked after the sign-ins, from the sign-in rate, so the wait for it stays short.
 */
export async function setUpPrebookings(sim: SimControl, app: AppClient, options: PrebookingSetupOptions): Promise<PrebookingSetup> {
  const concurrency = options.concurrency ?? 8;
  const started = performance.now();
  const members = await mapLimit(
    Array.from({ length: options.count }, (_, index) => index),
    concurrency,
    (index) => app.newMember(sim, options.label, index),
  );
  const membersMs = performance.now() - started;
  // A creation costs about what a sign-in does (a few queries and AimHarder calls); plan for 80 % of that rate.
  const perSecond = options.expectedCreationsPerSecond ?? (options.count / (membersMs / 1000)) * 0.8;
  const creationEstimateMs = (options.count / perSecond) * 1000;
  const perClass = Math.ceil(options.count / options.classes);
  const classes = await createClassesOpeningTogether(sim, options.classes, {
    opensInMs: options.leadMs + 2_000 + creationEstimateMs,
    capacity: perClass,
    name: (index) => `${options.label}-${index}`,
  });
  const openingMs = classes[0]!.opensAtMs;
  console.log(
    `[bench] ${members.length} members signed in (${(membersMs / 1000).toFixed(1)} s); ${classes.length} classes open at ` +
      `${new Date(openingMs).toISOString()}, in ${((openingMs - Date.now()) / 1000).toFixed(1)} s; creating ${options.count} prebookings…`,
  );
  const creationStarted = performance.now();
  const prebookings = await mapLimit(members, concurrency, async (member, index) => {
    const simClass = classes[index % classes.length]!;
    const created = await app.createPrebooking(member, simClass);
    const prepared = { id: created.id, member, simClass, qstashMessageId: created.qstashMessageId };
    await options.onCreated?.(prepared);
    return prepared;
  });
  const creationMs = performance.now() - creationStarted;
  const slackMs = openingMs - options.leadMs - Date.now();
  console.log(`[bench] ${prebookings.length} prebookings created in ${(creationMs / 1000).toFixed(1)} s; ${(slackMs / 1000).toFixed(1)} s before the first message is due`);
  return { prebookings, classes, openingMs, membersMs, creationMs, slackMs };
}
