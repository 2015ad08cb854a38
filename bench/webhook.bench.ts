/**
 * `npm run bench:webhook [-- --quick] [--runs 1000] [--rebuild] [--echo]`
 *
 * The cost of one execution when the opening instant has already passed (a late delivery, or a
 * retry): nothing to wait for, so everything between the delivery and the booking request is
 * overhead. Each run is one prebooking delivered to `POST /api/qstash/prebooking-execute`,
 * signed exactly as QStash signs (dev/qstash's signer, the stack's current signing key) and sent
 * by this process over one keep-alive connection, one run after the other.
 *
 * Measure: the delivery leaving this process (wall clock, sub-ms) → the booking request arriving
 * at the simulator (its own arrival stamp, same machine clock). That includes the HTTP hop into
 * Next, routing, signature verification, the claim, session and warm-up, and the request to
 * AimHarder — everything a real delivery pays once it reaches the app. The app's own view
 * (its `delivered` instant → its `fired` instant) is reported next to it. The very first delivery
 * after `next start` (route not yet loaded) is reported apart as the cold run.
 * Prebookings are created through the app as usual; their own QStash messages are cancelled so that
 * only this benchmark delivers them. `--quick`: 100 runs.
 * Last line: `webhook p50_ms=… p99_ms=… cold_ms=… target=met|missed`.
 */
import path from 'node:path';
import { appendBenchmarkSection, formatConsoleTable, formatMs, summarize, type MarkdownTable, type SampleSummary } from './lib/benchmark-report';
import { AppClient, SimControl, type SimRequest } from './lib/bench-client';
import { BenchDatabase, stackCpuMs, timelinePhases } from './lib/bench-resources';
import { SignedDeliverer, cancelQStashMessages } from './lib/bench-qstash';
import { LOAD_BENCH_DIST_DIR, benchCommand, machineLoad, numberFlag, parseBenchFlags, sleep, startBenchStack } from './lib/bench-stack';
import { writeHistogramPng } from './lib/histogram-png';
import { setUpPrebookings } from './lib/prebooking-setup';

const ROOT = path.resolve(import.meta.dirname, '..');
const flags = parseBenchFlags();
const RUNS = Math.round(numberFlag(flags, 'runs', flags.quick ? 100 : 1_000));
const LEAD_MS = 3_000;
const TARGET_P99_MS = 15;
const IDLE_WINDOW_MS = 5_000;
const EXECUTE_PATH = '/api/qstash/prebooking-execute';
const COMMAND = benchCommand('bench:webhook');

interface Run {
  prebookingId: string;
  simUserId: string;
  classId: string;
  sentAtMs: number;
  respondedAtMs: number;
  status: number;
  body: string;
}

function row(name: string, summary: SampleSummary): Array<string | number> {
  return [name, summary.n, formatMs(summary.min, 2), formatMs(summary.p50, 2), formatMs(summary.p95, 2), formatMs(summary.p99, 2), formatMs(summary.max, 2)];
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const loadBefore = machineLoad();
  const stack = await startBenchStack({
    flags,
    distDir: LOAD_BENCH_DIST_DIR,
    appEnv: { PREBOOKING_LEAD_MS: String(LEAD_MS), PREBOOKING_SAME_CLASS_SPACING_MS: '0' },
  });
  const sim = new SimControl(stack.urls.aimharder);
  const app = new AppClient(stack.urls.app);
  const db = new BenchDatabase(stack);
  const deliverer = new SignedDeliverer(stack);
  const url = `${stack.urls.app}${EXECUTE_PATH}`;
  let loadDuring = loadBefore;
  try {
    // One more than RUNS: the first delivery is the cold one.
    const setup = await setUpPrebookings(sim, app, { count: RUNS + 1, classes: Math.ceil((RUNS + 1) / 250), label: 'webhook', leadMs: LEAD_MS });
    const messageIds = setup.prebookings.flatMap((prebooking) => (prebooking.qstashMessageId ? [prebooking.qstashMessageId] : []));
    const cancelled = await cancelQStashMessages(stack, messageIds);
    if (cancelled < setup.prebookings.length) throw new Error(`only ${cancelled} of ${setup.prebookings.length} QStash messages were still pending; run again`);
    console.log(`[bench] cancelled their ${cancelled} QStash messages; waiting for the opening to pass…`);
    // What the services burn while nothing happens, so the per-execution CPU below can be net of it.
    await sleep(setup.openingMs - IDLE_WINDOW_MS - Date.now());
    const idleBefore = stackCpuMs(stack);
    const idleStarted = performance.now();
    await sleep(setup.openingMs + 500 - Date.now());
    const idleCpu = stackCpuMs(stack, idleBefore);
    const idleMs = performance.now() - idleStarted;

    loadDuring = machineLoad();
    const cpuBefore = stackCpuMs(stack);
    const runsStarted = performance.now();
    const runs: Run[] = [];
    for (const prebooking of setup.prebookings) {
      const result = await deliverer.deliver(url, { prebookingId: prebooking.id });
      runs.push({ prebookingId: prebooking.id, simUserId: prebooking.member.simUserId, classId: prebooking.simClass.id, ...result });
    }
    const cpu = stackCpuMs(stack, cpuBefore);
    const runsMs = performance.now() - runsStarted;
    const loadAfter = machineLoad();

    const arrivals = new Map<string, SimRequest>();
    for (const cls of setup.classes) {
      for (const request of await sim.bookRequests(cls.id)) if (!arrivals.has(`${request.userId}:${cls.id}`)) arrivals.set(`${request.userId}:${cls.id}`, request);
    }
    const instants = await db.instants(runs.map((run) => run.prebookingId));
    const events = await db.events(runs.map((run) => run.prebookingId));
    const outcomes = await db.outcomes(runs.map((run) => run.prebookingId));
    const appSide = new Map<string, number>();
    for (const id of instants.keys()) {
      const delivered = events.find((event) => event.prebookingId === id && event.type === 'delivered');
      const fired = events.find((event) => event.prebookingId === id && event.type === 'fired' && event.detail.attempt === 1);
      if (delivered && fired) appSide.set(id, new Date(String(fired.detail.firedAt)).getTime() - (instants.get(id)!.fireAtMs - Number(delivered.detail.msBeforeFire)));
    }

    const phases = timelinePhases(events, instants, LEAD_MS);
    const netCpu = Object.fromEntries(Object.entries(cpu).map(([name, value]) => [name, Math.max(0, value - ((idleCpu[name] ?? 0) * runsMs) / idleMs)]));
    const cpuTotal = Object.values(netCpu).reduce((sum, value) => sum + value, 0);
    const idleTotal = Object.values(idleCpu).reduce((sum, value) => sum + value, 0);
    const toBooking = (run: Run) => {
      const arrival = arrivals.get(`${run.simUserId}:${run.classId}`);
      return arrival ? arrival.arrivedAtMs - run.sentAtMs : Number.NaN;
    };
    const [cold, ...warm] = runs;
    const failures = runs.filter((run) => run.status !== 200 || !arrivals.has(`${run.simUserId}:${run.classId}`));
    const warmToBooking = warm.map(toBooking).filter(Number.isFinite);
    const summary = summarize(warmToBooking);
    const responses = summarize(warm.map((run) => run.respondedAtMs - run.sentAtMs));
    const appSummary = summarize(warm.flatMap((run) => (appSide.has(run.prebookingId) ? [appSide.get(run.prebookingId)!] : [])));
    const coldMs = cold ? toBooking(cold) : Number.NaN;
    const targetMet = summary.p99 <= TARGET_P99_MS && failures.length === 0;

    const tables: MarkdownTable[] = [
      {
        title: `One execution after the opening instant: ${RUNS.toLocaleString('en')} sequential deliveries over a warm connection`,
        headers: ['measure', 'n', 'min', 'p50', 'p95', 'p99', 'max'],
        rows: [
          row('delivery sent → booking request at the simulator (headline)', summary),
          row("app's own view: delivered → fired (app clock, ms resolution)", appSummary),
          row('delivery sent → webhook answered (booking done and recorded)', responses),
        ],
      },
      {
        title: "Inside the app (its timeline: delivered = claimed and recorded; session ready = AimHarder session checked and connection warmed)",
        headers: ['measure', 'n', 'min', 'p50', 'p95', 'p99', 'max'],
        rows: [row('delivered → session ready', summarize(phases.deliveredToSession)), row('session ready → fired', summarize(phases.sessionToFired))],
      },
      {
        title: `CPU time per execution, by service (all runs / number of runs, net of the services' idle use of ${formatMs((idleTotal * 1000) / idleMs, 0)} per second; 10 ms ticks summed over all runs)`,
        headers: [...Object.keys(netCpu), 'total'],
        rows: [[...Object.values(netCpu).map((value) => formatMs(value / runs.length, 1)), formatMs(cpuTotal / runs.length, 1)]],
      },
      {
        title: 'Cold first run and outcomes',
        headers: ['cold first run: sent → booking request', 'cold: sent → answered', 'failed runs', 'outcomes'],
        rows: [[formatMs(coldMs, 1), cold ? formatMs(cold.respondedAtMs - cold.sentAtMs, 1) : '—', failures.length, Object.entries(outcomes).map(([key, count]) => `${key} ${count}`).join(', ')]],
      },
    ];
    for (const table of tables) console.log(`\n${formatConsoleTable(table)}`);

    const chart = `bench/results/webhook${flags.quick ? '-quick' : ''}.png`;
    await writeHistogramPng(warmToBooking, path.join(ROOT, chart), {
      title: `Late execution: sent -> booking (n=${summary.n})`,
      xLabel: 'ms',
      yLabel: 'runs',
      min: 0,
      max: Math.max(summary.p99 * 1.5, TARGET_P99_MS * 1.2),
      markers: [
        { value: summary.p50, label: `p50 ${summary.p50.toFixed(1)} ms` },
        { value: summary.p99, label: `p99 ${summary.p99.toFixed(1)} ms` },
        { value: TARGET_P99_MS, label: `target ${TARGET_P99_MS} ms` },
      ],
    });

    const totalSeconds = (performance.now() - benchStarted) / 1000;
    await appendBenchmarkSection(
      {
        title: `Prebooker: cost of one execution after the opening${flags.quick ? ' (quick)' : ''}`,
        command: COMMAND,
        summary:
          '`next start` of a build with the local stand-ins. Each run: a prebooking created through the app (its QStash message cancelled), delivered by this process to ' +
          '`POST /api/qstash/prebooking-execute` with a real QStash signature (dev/qstash\'s signer, current signing key), after the opening instant, one at a time over one keep-alive connection. ' +
          'Headline: the delivery leaving this process → the booking request arriving at the simulator (both wall-clock stamps on this machine, sub-ms): routing, signature check, the claim (which also commits the fire) and the request itself. ' +
          `The app's view subtracts its \`delivered\` instant from its \`fired\` instant (ms resolution; excludes the HTTP hop, routing and signature check). The chart is capped at 1.5 × p99. Total ${totalSeconds.toFixed(0)} s.`,
        tables,
        notes: [
          `Target: p99 ≤ ${TARGET_P99_MS} ms from delivery to booking request, no failed run — ${targetMet ? 'met' : 'NOT met'} (p99 ${summary.p99.toFixed(1)} ms, ${failures.length} failed).`,
          'Between the delivery and the booking request a late execution makes: the signature check, one database call (`claim_prebooking`: the claim, the box, the member\'s sealed credentials and the commit to fire, in one statement), opening the stored AimHarder session, and the request itself; the timeline is written after the request. ' +
            `That one call through the Supabase API stand-in costs about 7 ms at best (its Node process spends ~5 ms of CPU per request; see the supabase-lite notes), and the app's own part (delivered → fired) is p50 ${formatMs(appSummary.p50, 0)} here, so the floor on this stack sits close to the ${TARGET_P99_MS} ms target and its tail above it.`,
          `Machine: ${loadBefore.note} before, ${loadDuring.note} as the runs started, ${loadAfter.note} after. Other people's tests share this machine.`,
        ],
        artifacts: [chart],
      },
      path.join(ROOT, 'BENCHMARKS.md'),
    );
    console.log(`\nappended to BENCHMARKS.md; chart ${chart} (${totalSeconds.toFixed(0)} s)`);
    console.log(`webhook p50_ms=${summary.p50.toFixed(2)} p99_ms=${summary.p99.toFixed(2)} cold_ms=${coldMs.toFixed(1)} target=${targetMet ? 'met' : 'missed'}`);
  } finally {
    deliverer.close();
    await db.close();
    await stack.shutdown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
