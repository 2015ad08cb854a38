/**
 * `npm run bench:precision [-- --quick] [--n 30] [--classes 2] [--rebuild] [--echo]`
 *
 * The headline: how close to the opening instant the booking request reaches AimHarder, measured
 * by the simulator (its own clock; `offsetMs` = arrival on the box clock − the class's opening).
 * The whole local stack runs as in production (`next start` of a build, dev/qstash delivering
 * signed messages with a uniform 0–2000 ms delivery jitter, the simulator with rivals).
 *
 * Rounds (each on a whole minute, because AimHarder classes open on whole minutes):
 *   main       `--classes` classes booked by Prebooker and as many booked by the naive strategy, at
 *              the same instant, N members each (capacity N, N rivals from 50 ms to 2 s)
 *   skew +500  the simulator's clock 500 ms ahead of ours (Prebooker only)
 *   skew −500  the simulator's clock 500 ms behind ours (Prebooker only)
 * `--quick`: N=10, one class per strategy, main round only.
 *
 * Prebooker runs with PREBOOKING_SAME_CLASS_SPACING_MS=0 so that every member of a class fires at
 * the opening itself (the default 3 ms per queue position is deliberate ordering, not error).
 * Last line: `precision p99_ms=… naive_p99_ms=… early_unretried=… booked=won/total`.
 */
import path from 'node:path';
import { appendBenchmarkSection, describeCounts, formatConsoleTable, formatMs, summarize, type MarkdownTable, type SampleSummary } from './lib/benchmark-report';
import { AppClient, SimControl, createClassesOpeningTogether, type AppMember, type SimRequest } from './lib/bench-client';
import { benchCommand, machineLoad, mapLimit, numberFlag, parseBenchFlags, sleep, startBenchStack } from './lib/bench-stack';
import { writeHistogramPng } from './lib/histogram-png';
import { NaiveBot } from './lib/naive-bot';

const ROOT = path.resolve(import.meta.dirname, '..');
const flags = parseBenchFlags();
const N = Math.round(numberFlag(flags, 'n', flags.quick ? 10 : 30));
const CLASSES = Math.round(numberFlag(flags, 'classes', flags.quick ? 1 : 2));
const JITTER_MS: [number, number] = [0, 2000];
const LEAD_MS = 3_000;
const SKEW_MS = 500;
const COMMAND = benchCommand('bench:precision');

interface RoundSpec {
  key: string;
  label: string;
  skewMs: number;
  prebookerClasses: number;
  naiveClasses: number;
}

interface StrategyResult {
  strategy: 'prebooker' | 'naive';
  round: RoundSpec;
  /** Per member: offset of its first booking request (simulator clock), ms. */
  firstOffsets: number[];
  /** Per member: offset of its first request at or after the opening (the one that could book). */
  acceptedOffsets: number[];
  members: number;
  notSent: number;
  requests: number;
  early: number;
  earlyUnretried: number;
  won: number;
  outcomes: Record<string, number>;
  /** Prebooker only: first `fired` instant on the app's own clock − opening, from its timeline. */
  appFireOffsets: number[];
}

const rivalOffsets = (count: number) =>
  Array.from({ length: count }, (_, index) => Math.round(50 + (count === 1 ? 0 : (index * 1950) / (count - 1))));

function analyse(strategy: StrategyResult['strategy'], round: RoundSpec, members: Array<{ simUserId: string }>, requests: SimRequest[], heldBy: Set<string>): Omit<StrategyResult, 'outcomes' | 'appFireOffsets'> {
  const ours = new Set(members.map((member) => member.simUserId));
  const mine = requests.filter((request) => request.userId !== undefined && ours.has(request.userId)).sort((a, b) => a.seq - b.seq);
  const byMember = new Map<string, SimRequest[]>();
  for (const request of mine) byMember.set(request.userId!, [...(byMember.get(request.userId!) ?? []), request]);
  const firstOffsets: number[] = [];
  const acceptedOffsets: number[] = [];
  let early = 0;
  let earlyUnretried = 0;
  for (const list of byMember.values()) {
    firstOffsets.push(list[0]!.offsetMs ?? Number.NaN);
    const accepted = list.find((request) => (request.offsetMs ?? -1) >= 0);
    if (accepted) acceptedOffsets.push(accepted.offsetMs!);
    list.forEach((request, index) => {
      if ((request.offsetMs ?? 0) >= 0) return;
      early += 1;
      if (!list.slice(index + 1).some((later) => (later.offsetMs ?? -1) >= 0)) earlyUnretried += 1;
    });
  }
  return {
    strategy,
    round,
    firstOffsets,
    acceptedOffsets,
    members: members.length,
    notSent: members.length - byMember.size,
    requests: mine.length,
    early,
    earlyUnretried,
    won: members.filter((member) => heldBy.has(member.simUserId)).length,
  };
}

async function runRound(sim: SimControl, app: AppClient, naive: NaiveBot, spec: RoundSpec): Promise<StrategyResult[]> {
  const prebookerMembers = await mapLimit(
    Array.from({ length: spec.prebookerClasses * N }, (_, index) => index),
    4,
    (index) => app.newMember(sim, `p${spec.key}`, index),
  );
  const naiveMembers = await mapLimit(
    Array.from({ length: spec.naiveClasses * N }, (_, index) => index),
    4,
    () => naive.addMember(sim, spec.key),
  );
  await sim.configure({ clockSkewMs: spec.skewMs });

  // Enough time to create every prebooking and still be delivered `lead` before the opening.
  const prepMs = 4_000 + LEAD_MS + 60 * prebookerMembers.length;
  const classOptions = { opensInMs: prepMs, skewMs: spec.skewMs, capacity: N, rivals: { offsetsMs: rivalOffsets(N) } };
  const prebookerClasses = await createClassesOpeningTogether(sim, spec.prebookerClasses, { ...classOptions, name: (index) => `P-${spec.key}-${index}` });
  const openingBoxMs = prebookerClasses[0]!.opensAtMs;
  const naiveClasses = await createClassesOpeningTogether(sim, spec.naiveClasses, { ...classOptions, openingBoxMs, name: (index) => `N-${spec.key}-${index}` });
  const all = [...prebookerClasses, ...naiveClasses];
  const openingMs = openingBoxMs - spec.skewMs;
  console.log(`[${spec.label}] ${all.length} classes open at ${new Date(openingBoxMs).toISOString()} (box clock), in ${((openingMs - Date.now()) / 1000).toFixed(1)} s`);

  const prebookings = await mapLimit(prebookerMembers, 4, (member, index) => app.createPrebooking(member, prebookerClasses[Math.floor(index / N)]!));
  for (const [index, member] of naiveMembers.entries()) await naive.schedule(member.index, naiveClasses[Math.floor(index / N)]!, openingMs);
  const slack = openingMs - LEAD_MS - Date.now();
  if (slack < 0) console.warn(`[${spec.label}] set-up finished ${(-slack / 1000).toFixed(1)} s after the first deliveries were due; figures may be affected`);

  // Rivals book up to 2 s after the opening, naive deliveries up to 2 s after it too.
  await sleep(openingMs + Math.max(...rivalOffsets(N)) + JITTER_MS[1] + 1_500 - Date.now());
  const outcomes: Record<string, number> = {};
  const appFireOffsets: number[] = [];
  await waitForTerminal(app, prebookerMembers, prebookings.map((p) => p.id), outcomes, appFireOffsets);
  const naiveDeadline = Date.now() + 10_000;
  const naiveDone = () => naive.bookings.filter((booking) => naiveClasses.some((cls) => cls.id === booking.classId)).length;
  while (naiveDone() < naiveMembers.length && Date.now() < naiveDeadline) await sleep(200);

  const results: StrategyResult[] = [];
  for (const [strategy, classes, members] of [
    ['prebooker', prebookerClasses, prebookerMembers],
    ['naive', naiveClasses, naiveMembers],
  ] as const) {
    if (classes.length === 0) continue;
    const requests: SimRequest[] = [];
    const heldBy = new Set<string>();
    for (const cls of classes) {
      requests.push(...(await sim.bookRequests(cls.id)));
      for (const booking of (await sim.classState(cls.id)).bookings) if (booking.source === 'member') heldBy.add(booking.userId);
    }
    const naiveOutcomes: Record<string, number> = {};
    for (const booking of naive.bookings.filter((b) => classes.some((cls) => cls.id === b.classId))) naiveOutcomes[booking.outcome] = (naiveOutcomes[booking.outcome] ?? 0) + 1;
    results.push({
      ...analyse(strategy, spec, members as Array<{ simUserId: string }>, requests, heldBy),
      outcomes: strategy === 'prebooker' ? outcomes : naiveOutcomes,
      appFireOffsets: strategy === 'prebooker' ? appFireOffsets : [],
    });
  }
  await sim.configure({ clockSkewMs: 0 });
  return results;
}

/**
 * Waits for every prebooking to end; records its outcome and, from its timeline, the instant
 * Prebooker's own clock says it sent the first request (`fired`, relative to the opening).
 */
async function waitForTerminal(app: AppClient, members: AppMember[], ids: string[], outcomes: Record<string, number>, appFireOffsets: number[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  const pending = new Map(ids.map((id, index) => [id, members[index]!]));
  while (pending.size > 0 && Date.now() < deadline) {
    await mapLimit([...pending], 4, async ([id, member]) => {
      const { prebooking, events } = await app.prebookingDetail(member, id);
      if (['completed', 'failed', 'cancelled'].includes(prebooking.status)) {
        pending.delete(id);
        const key = `${prebooking.status}${prebooking.resultCode ? `:${prebooking.resultCode}` : ''}`;
        outcomes[key] = (outcomes[key] ?? 0) + 1;
        const fired = events.find((event) => event.type === 'fired' && event.detail.attempt === 1);
        if (fired && typeof fired.detail.offsetMs === 'number') appFireOffsets.push(fired.detail.offsetMs);
      }
    });
    if (pending.size > 0) await sleep(500);
  }
  if (pending.size > 0) outcomes['still active after 30 s'] = pending.size;
}

const ms = (value: number) => formatMs(value);

function row(result: StrategyResult, summary: SampleSummary): Array<string | number> {
  return [
    result.strategy === 'prebooker' ? 'Prebooker (lead + wait + fire)' : 'naive (book on delivery)',
    result.round.label,
    `${summary.n}/${result.members}`,
    ms(summary.min),
    ms(summary.p50),
    ms(summary.p95),
    ms(summary.p99),
    ms(summary.max),
    result.early,
    result.earlyUnretried,
    `${result.won}/${result.members}`,
  ];
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const loadBefore = machineLoad();
  const stack = await startBenchStack({
    flags,
    appEnv: { PREBOOKING_SAME_CLASS_SPACING_MS: '0', PREBOOKING_LEAD_MS: String(LEAD_MS) },
    qstashArgs: ['--delivery-jitter-ms', `${JITTER_MS[0]}-${JITTER_MS[1]}`],
  });
  const sim = new SimControl(stack.urls.aimharder);
  const app = new AppClient(stack.urls.app);
  const naive = new NaiveBot(stack.env, stack.urls.qstash);
  await naive.start();
  const rounds: RoundSpec[] = [
    { key: 'main', label: 'no skew', skewMs: 0, prebookerClasses: CLASSES, naiveClasses: CLASSES },
    ...(flags.quick
      ? []
      : [
          { key: 'ahead', label: `box clock +${SKEW_MS} ms`, skewMs: SKEW_MS, prebookerClasses: 1, naiveClasses: 0 },
          { key: 'behind', label: `box clock −${SKEW_MS} ms`, skewMs: -SKEW_MS, prebookerClasses: 1, naiveClasses: 0 },
        ]),
  ];
  const results: StrategyResult[] = [];
  let loadDuring = loadBefore;
  try {
    for (const round of rounds) {
      results.push(...(await runRound(sim, app, naive, round)));
      if (round.key === 'main') loadDuring = machineLoad();
    }
  } finally {
    await naive.stop();
    await stack.shutdown();
  }

  const main = results.find((result) => result.strategy === 'prebooker' && result.round.key === 'main')!;
  const naiveMain = results.find((result) => result.strategy === 'naive' && result.round.key === 'main')!;
  const mainSummary = summarize(main.firstOffsets);
  const naiveSummary = summarize(naiveMain.firstOffsets);
  const prebookerRuns = results.filter((result) => result.strategy === 'prebooker');
  const earlyUnretried = prebookerRuns.reduce((sum, result) => sum + result.earlyUnretried, 0);

  const tables: MarkdownTable[] = [
    {
      title: 'Booking request arrival − opening instant (simulator clock), first request of each member',
      headers: ['strategy', 'round', 'sent', 'min', 'p50', 'p95', 'p99', 'max', 'early requests', 'early, not retried', 'got a place'],
      rows: results.map((result) => row(result, summarize(result.firstOffsets))),
    },
    {
      title: 'First request at or after the opening (the one that can book); Prebooker’s own fire instant; final states',
      headers: ['strategy', 'round', 'n', 'p50', 'p99', 'max', 'fired on app clock p50 / p99', 'requests sent', 'outcomes'],
      rows: results.map((result) => {
        const summary = summarize(result.acceptedOffsets);
        const fired = summarize(result.appFireOffsets);
        return [
          result.strategy,
          result.round.label,
          summary.n,
          ms(summary.p50),
          ms(summary.p99),
          ms(summary.max),
          fired.n > 0 ? `${ms(fired.p50)} / ${ms(fired.p99)}` : '—',
          result.requests,
          describeCounts(result.outcomes),
        ];
      }),
    },
    {
      title: 'Naive ÷ Prebooker (no skew)',
      headers: ['p50 ratio', 'p99 ratio', 'places won: Prebooker', 'places won: naive'],
      rows: [[`${(naiveSummary.p50 / Math.max(mainSummary.p50, 0.1)).toFixed(0)}×`, `${(naiveSummary.p99 / Math.max(mainSummary.p99, 0.1)).toFixed(0)}×`, `${main.won}/${main.members}`, `${naiveMain.won}/${naiveMain.members}`]],
    },
  ];
  for (const table of tables) console.log(`\n${formatConsoleTable(table)}`);

  const charts = ['bench/results/precision-prebooker.png', 'bench/results/precision-naive.png'];
  await writeHistogramPng(main.firstOffsets, path.join(ROOT, charts[0]!), {
    title: `Prebooker: request arrival - opening (n=${mainSummary.n})`,
    xLabel: 'offset on the simulator clock (ms)',
    yLabel: 'requests',
    min: Math.min(0, mainSummary.min),
    markers: [
      { value: mainSummary.p50, label: `p50 ${mainSummary.p50.toFixed(1)} ms` },
      { value: mainSummary.p99, label: `p99 ${mainSummary.p99.toFixed(1)} ms` },
    ],
  });
  await writeHistogramPng(naiveMain.firstOffsets, path.join(ROOT, charts[1]!), {
    title: `Naive: request arrival - opening (n=${naiveSummary.n})`,
    xLabel: 'offset on the simulator clock (ms)',
    yLabel: 'requests',
    min: 0,
    binWidth: 100,
    markers: [
      { value: naiveSummary.p50, label: `p50 ${naiveSummary.p50.toFixed(0)} ms` },
      { value: naiveSummary.p99, label: `p99 ${naiveSummary.p99.toFixed(0)} ms` },
    ],
  });

  const totalSeconds = (performance.now() - benchStarted) / 1000;
  await appendBenchmarkSection(
    {
      title: `Prebooker: firing precision${flags.quick ? ' (quick)' : ''}`,
      command: COMMAND,
      summary:
        `Local stack as in production: \`next start\` of a build, dev/qstash with a uniform ${JITTER_MS[0]}–${JITTER_MS[1]} ms delivery jitter, the AimHarder simulator. ` +
        `Each class: capacity ${N}, ${N} of our members, ${N} simulator rivals booking from 50 ms to 2 s after the opening. ` +
        `Prebooker: lead ${LEAD_MS} ms, wait on the monotonic clock, fire (same-class spacing 0 so every member fires at the opening). ` +
        `Naive: a webhook in the benchmark process, QStash message with notBefore = the opening second, books on delivery with a session opened in advance (real \`modules/aimharder\` client). ` +
        `Offsets are the simulator's own timestamps (arrival on the box clock − opening). Total ${totalSeconds.toFixed(0)} s.`,
      tables,
      notes: [
        `Target: Prebooker p99 ≤ 30 ms after opening and 0 early requests that are not retried — ${mainSummary.p99 <= 30 && earlyUnretried === 0 ? 'met' : 'NOT met'} (p99 ${mainSummary.p99.toFixed(1)} ms, ${earlyUnretried} early not retried).`,
        `Box clock ahead (+${SKEW_MS} ms): Prebooker fires at its own opening instant, which is ${SKEW_MS} ms late on the box clock; nothing in the request path measures AimHarder's clock.`,
        `Box clock behind (−${SKEW_MS} ms): the first request is answered "too early" and retried every 50 ms until it books.`,
        `Machine: ${loadBefore.note} before, ${loadDuring.note} after the main round.`,
      ],
      artifacts: charts,
    },
    path.join(ROOT, 'BENCHMARKS.md'),
  );
  console.log(`\nappended to BENCHMARKS.md; charts ${charts.join(', ')} (${totalSeconds.toFixed(0)} s)`);
  console.log(`precision p99_ms=${mainSummary.p99.toFixed(1)} naive_p99_ms=${naiveSummary.p99.toFixed(1)} early_unretried=${earlyUnretried} booked=${main.won}/${main.members}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
