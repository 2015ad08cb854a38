/**
 * `npm run bench:burst [-- --quick] [--n 1000] [--classes 50] [--rebuild] [--echo]`
 *
 * Many prebookings opening in the same second: `--n` members (default 1,000) spread over
 * `--classes` classes (default 50) that all open on the same whole minute, each prebooking with
 * its own QStash message, the whole local stack as in production (`next start` of a build,
 * dev/qstash delivering signed messages with a uniform 0–2000 ms delivery jitter, the AimHarder
 * simulator). Production timing: lead 3 s, same-class spacing 3 ms per queue position.
 *
 * Measured on the simulator's clock: when each member's booking request arrived (offset from the
 * opening), so "all sent after" is the last first-request − opening. Also errors, double bookings
 * (requests per member and class, booked answers, reservations held), delivery arrival before the
 * fire instant (from the app's timeline), database size and rows, peak memory of each service.
 * `--quick`: 100 prebookings over 5 classes.
 * Last line: `burst all_sent_ms=… p99_ms=… errors=… double_bookings=… target=met|missed`.
 */
import os from 'node:os';
import path from 'node:path';
import { appendBenchmarkSection, describeCounts, formatConsoleTable, formatMb, formatMs, summarize, type MarkdownTable } from './lib/benchmark-report';
import { AppClient, SimControl, type SimRequest } from './lib/bench-client';
import { BenchDatabase, MemoryPeaks, stackCpuMs, timelinePhases } from './lib/bench-resources';
import { qstashDeadLetters } from './lib/bench-qstash';
import { LOAD_BENCH_DIST_DIR, benchCommand, machineLoad, numberFlag, parseBenchFlags, sleep, startBenchStack } from './lib/bench-stack';
import { writeHistogramPng } from './lib/histogram-png';
import { setUpPrebookings, type PreparedPrebooking } from './lib/prebooking-setup';

const ROOT = path.resolve(import.meta.dirname, '..');
const flags = parseBenchFlags();
const N = Math.round(numberFlag(flags, 'n', flags.quick ? 100 : 1_000));
const CLASSES = Math.round(numberFlag(flags, 'classes', flags.quick ? 5 : 50));
const JITTER_MS: [number, number] = [0, 2000];
const LEAD_MS = 3_000;
/** The app's defaults (PREBOOKING_CROWD_LEAD_MS / _MAX_MS): each other prebooking of the second adds this much lead. */
const CROWD_LEAD_MS = 25;
const CROWD_LEAD_MAX_MS = 25_000;
/** The earliest delivery of the burst: the last prebooking created sees N − 1 others. */
const LONGEST_LEAD_MS = LEAD_MS + Math.min((N - 1) * CROWD_LEAD_MS, CROWD_LEAD_MAX_MS);
const SPACING_MS = 3;
const TARGET_ALL_SENT_MS = 1_000;
const COMMAND = benchCommand('bench:burst');

interface MemberRequests {
  prebooking: PreparedPrebooking;
  requests: SimRequest[];
}

const triple = (summary: { p50: number; p99: number; max: number }) => `${formatMs(summary.p50, 0)} / ${formatMs(summary.p99, 0)} / ${formatMs(summary.max, 0)}`;

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const loadBefore = machineLoad();
  const stack = await startBenchStack({
    flags,
    distDir: LOAD_BENCH_DIST_DIR,
    appEnv: {
      PREBOOKING_LEAD_MS: String(LEAD_MS),
      PREBOOKING_CROWD_LEAD_MS: String(CROWD_LEAD_MS),
      PREBOOKING_CROWD_LEAD_MAX_MS: String(CROWD_LEAD_MAX_MS),
      PREBOOKING_SAME_CLASS_SPACING_MS: String(SPACING_MS),
    },
    qstashArgs: ['--delivery-jitter-ms', `${JITTER_MS[0]}-${JITTER_MS[1]}`],
  });
  const sim = new SimControl(stack.urls.aimharder);
  const app = new AppClient(stack.urls.app);
  const db = new BenchDatabase(stack);
  const memory = new MemoryPeaks(stack);
  let loadAtBurst = loadBefore;
  try {
    const setup = await setUpPrebookings(sim, app, { count: N, classes: CLASSES, label: 'burst', leadMs: LONGEST_LEAD_MS });
    const ids = setup.prebookings.map((prebooking) => prebooking.id);
    const idle = memory.sample();
    const footprintBefore = await db.footprint();

    // Quiet until the deliveries start; then sample memory (cheap /proc reads) through the burst.
    await sleep(setup.openingMs - LONGEST_LEAD_MS - 1_000 - Date.now());
    loadAtBurst = machineLoad();
    const cpuBefore = stackCpuMs(stack);
    memory.start(250);
    await sleep(setup.openingMs + JITTER_MS[1] + 2_000 - Date.now());
    const deadline = Date.now() + 90_000;
    let active = await db.activeCount(ids);
    while (active > 0 && Date.now() < deadline) {
      await sleep(500);
      active = await db.activeCount(ids);
    }
    const endedAfterMs = Date.now() - setup.openingMs;
    const cpu = stackCpuMs(stack, cpuBefore);
    memory.stop();
    memory.sample();

    // The simulator's view: every /api/book request of our members, per class.
    const byMember = new Map<string, MemberRequests>(setup.prebookings.map((prebooking) => [`${prebooking.member.simUserId}:${prebooking.simClass.id}`, { prebooking, requests: [] }]));
    const heldPerMemberClass = new Map<string, number>();
    let allBookRequests = 0;
    for (const cls of setup.classes) {
      for (const request of await sim.bookRequests(cls.id)) {
        allBookRequests += 1;
        byMember.get(`${request.userId}:${cls.id}`)?.requests.push(request);
      }
      for (const booking of (await sim.classState(cls.id)).bookings) {
        const key = `${booking.userId}:${cls.id}`;
        heldPerMemberClass.set(key, (heldPerMemberClass.get(key) ?? 0) + 1);
      }
    }
    const instants = await db.instants(ids);
    const firstOffsets: number[] = [];
    const lateness: number[] = [];
    const lastOffsets: number[] = [];
    let notSent = 0;
    let withRetries = 0;
    let doubleBookedAnswers = 0;
    for (const { prebooking, requests } of byMember.values()) {
      const sorted = requests.sort((a, b) => a.seq - b.seq);
      const first = sorted[0];
      if (!first) {
        notSent += 1;
        continue;
      }
      const planned = instants.get(prebooking.id)!;
      firstOffsets.push(first.offsetMs!);
      lateness.push(first.offsetMs! - (planned.fireAtMs - planned.availableAtMs));
      lastOffsets.push(sorted.at(-1)!.offsetMs!);
      if (sorted.length > 1) withRetries += 1;
      if (sorted.filter((request) => request.result?.bookState === 1).length > 1) doubleBookedAnswers += 1;
    }
    const doubleHeld = [...heldPerMemberClass.values()].filter((count) => count > 1).length;
    const booked = [...heldPerMemberClass.values()].filter((count) => count >= 1).length;

    // The app's view: when each delivery arrived relative to its fire instant, and what went wrong.
    const events = await db.events(ids);
    const eventCounts: Record<string, number> = {};
    const firstDelivery = new Map<string, number>();
    for (const event of events) {
      eventCounts[event.type] = (eventCounts[event.type] ?? 0) + 1;
      if (event.type === 'delivered' && !firstDelivery.has(event.prebookingId)) firstDelivery.set(event.prebookingId, Number(event.detail.msBeforeFire));
    }
    const msBeforeFire = summarize([...firstDelivery.values()]);
    const phases = timelinePhases(events, instants, LEAD_MS);
    const deliveredLate = [...firstDelivery.values()].filter((value) => value <= 0).length;
    const outcomes = await db.outcomes(ids);
    const deadLetters = await qstashDeadLetters(stack);
    const footprint = await db.footprint();
    const loadAfter = machineLoad();

    const cpuTotal = Object.values(cpu).reduce((sum, value) => sum + value, 0);
    const first = summarize(firstOffsets);
    const late = summarize(lateness);
    const last = summarize(lastOffsets);
    const failedOutcomes = Object.entries(outcomes).filter(([key]) => key !== 'completed:booked').reduce((sum, [, count]) => sum + count, 0);
    const errors = failedOutcomes + notSent + (eventCounts.retry_requested ?? 0) + deadLetters;
    const doubleBookings = doubleBookedAnswers + doubleHeld;
    const targetMet = notSent === 0 && first.max <= TARGET_ALL_SENT_MS && errors === 0 && doubleBookings === 0;

    const tables: MarkdownTable[] = [
      {
        title: `${N.toLocaleString('en')} prebookings, ${CLASSES} classes, one opening instant: first booking request of each member, arrival on the simulator clock − opening`,
        headers: ['sent', 'all sent after', 'min', 'p50', 'p95', 'p99', 'max', 'lateness vs own fire instant p50 / p99 / max', 'last request of each member, max'],
        rows: [
          [
            `${first.n}/${N}`,
            formatMs(first.max),
            formatMs(first.min),
            formatMs(first.p50),
            formatMs(first.p95),
            formatMs(first.p99),
            formatMs(first.max),
            `${formatMs(late.p50)} / ${formatMs(late.p99)} / ${formatMs(late.max)}`,
            formatMs(last.max),
          ],
        ],
      },
      {
        title: 'Errors and double bookings',
        headers: ['outcomes', 'book requests', 'members with > 1 request', 'double "booked" answers', 'double reservations held', 'places held', 'retries asked of QStash', 'dead letters', 'all ended after opening +'],
        rows: [
          [
            describeCounts(outcomes),
            allBookRequests,
            withRetries,
            doubleBookedAnswers,
            doubleHeld,
            `${booked}/${N}`,
            eventCounts.retry_requested ?? 0,
            deadLetters,
            `${(endedAfterMs / 1000).toFixed(1)} s`,
          ],
        ],
      },
      {
        title: 'Deliveries (app timeline: first delivery of each prebooking, ms before its fire instant)',
        headers: ['deliveries', 'ignored (duplicates)', 'min', 'p50', 'max', 'arrived at or after the fire instant'],
        rows: [[eventCounts.delivered ?? 0, eventCounts.delivery_ignored ?? 0, formatMs(msBeforeFire.min, 0), formatMs(msBeforeFire.p50, 0), formatMs(msBeforeFire.max, 0), deliveredLate]],
      },
      {
        title: 'Where the time went (app timeline of each first attempt; p50 / p99 / max)',
        // Due instants differ per prebooking (the crowd lead), so lateness of delivery is not shown here.
        headers: ['delivered → session ready', 'session ready → fired', 'fired − own fire instant (app clock)'],
        rows: [[phases.deliveredToSession, phases.sessionToFired, phases.fireLateness].map((sample) => triple(summarize(sample)))],
      },
      {
        title: 'CPU time of the burst per prebooking, by service (from the last second before the deliveries until every prebooking ended; includes the outcome-notification messages)',
        headers: [...Object.keys(cpu), 'total', `what ${os.cpus().length} cores can execute at that cost`],
        rows: [[...Object.values(cpu).map((value) => formatMs(value / N, 1)), formatMs(cpuTotal / N, 1), `${Math.round((os.cpus().length * 1000) / (cpuTotal / N))} prebookings/s`]],
      },
      {
        title: 'Resources (PSS: shared pages split between processes, so Postgres backends sum honestly)',
        headers: ['service/process', 'idle before the burst', 'peak during the burst'],
        rows: Object.keys(memory.peaks)
          .sort()
          .map((key) => [key, formatMb(idle[key] ?? 0), formatMb(memory.peaks[key]!)]),
      },
      {
        title: 'Database',
        headers: ['', 'size', ...Object.keys(footprint.rows)],
        rows: [
          ['before the burst', formatMb(footprintBefore.databaseBytes), ...Object.values(footprintBefore.rows)],
          ['after', formatMb(footprint.databaseBytes), ...Object.values(footprint.rows)],
        ],
      },
    ];
    for (const table of tables) console.log(`\n${formatConsoleTable(table)}`);

    const chart = `bench/results/burst${flags.quick ? '-quick' : ''}.png`;
    await writeHistogramPng(firstOffsets, path.join(ROOT, chart), {
      title: `Burst ${N} x ${CLASSES} classes: arrival - opening`,
      xLabel: 'offset on the simulator clock (ms)',
      yLabel: 'members',
      min: Math.min(0, first.min),
      markers: [
        { value: first.p50, label: `p50 ${first.p50.toFixed(0)} ms` },
        { value: first.p99, label: `p99 ${first.p99.toFixed(0)} ms` },
        { value: first.max, label: `max ${first.max.toFixed(0)} ms` },
      ],
    });

    const totalSeconds = (performance.now() - benchStarted) / 1000;
    await appendBenchmarkSection(
      {
        title: `Prebooker: burst of ${N.toLocaleString('en')} prebookings opening together${flags.quick ? ' (quick)' : ''}`,
        command: COMMAND,
        summary:
          `Local stack as in production: \`next start\` of a build, dev/qstash with a uniform ${JITTER_MS[0]}–${JITTER_MS[1]} ms delivery jitter and real signatures, the AimHarder simulator. ` +
          `${N} members (signed in through the app) each prebook one of ${CLASSES} classes (capacity ${Math.ceil(N / CLASSES)}, no rivals) that all open on the same minute; ` +
          `production timing: lead ${LEAD_MS} ms plus ${CROWD_LEAD_MS} ms per other prebooking of the same second (up to ${CROWD_LEAD_MAX_MS} ms more, so deliveries spread over the last ${(LONGEST_LEAD_MS / 1000).toFixed(1)} s), the request sent with its last byte held back and released at the instant, same-class spacing ${SPACING_MS} ms per queue position (so a class's ${Math.ceil(N / CLASSES)}th member fires ${(Math.ceil(N / CLASSES) - 1) * SPACING_MS} ms after the opening by design; "lateness" subtracts that). ` +
          `Set-up: sign-ins ${(setup.membersMs / 1000).toFixed(0)} s, prebooking creation ${(setup.creationMs / 1000).toFixed(0)} s (finished ${(setup.slackMs / 1000).toFixed(1)} s before the first message was due). Total ${totalSeconds.toFixed(0)} s.`,
        tables,
        notes: [
          `Target: every booking request sent within ${TARGET_ALL_SENT_MS} ms of the opening, no errors, no double booking — ${targetMet ? 'met' : 'NOT met'} (all sent after ${formatMs(first.max)}, ${notSent} not sent, ${errors} errors, ${doubleBookings} double bookings).`,
          'Errors = prebookings not ending `completed:booked` + members with no request + retries asked of QStash + dead letters.',
          `Bottleneck: CPU. The burst cost ${(cpuTotal / 1000).toFixed(1)} s of CPU, ${formatMs(cpuTotal / N)} per prebooking (database stand-in, i.e. the Supabase API in Node + Postgres, ${formatMs((cpu.database ?? 0) / N)}; Next ${formatMs((cpu.next ?? 0) / N)}); ` +
            `at that cost ${os.cpus().length} cores run at most ${Math.round((os.cpus().length * 1000) / (cpuTotal / N))} executions/s even with nobody else on the machine, so about ${Math.round(((os.cpus().length * 1000) / (cpuTotal / N)) * (LONGEST_LEAD_MS / 1000))} executions fit in the ${(LONGEST_LEAD_MS / 1000).toFixed(1)} s over which the deliveries are spread.`,
          `Machine: ${loadBefore.note} before, ${loadAtBurst.note} just before the burst, ${loadAfter.note} after. Other people's tests share this machine.`,
        ],
        artifacts: [chart],
      },
      path.join(ROOT, 'BENCHMARKS.md'),
    );
    console.log(`\nappended to BENCHMARKS.md; chart ${chart} (${totalSeconds.toFixed(0)} s)`);
    console.log(`burst all_sent_ms=${first.max.toFixed(1)} p99_ms=${first.p99.toFixed(1)} errors=${errors} double_bookings=${doubleBookings} target=${targetMet ? 'met' : 'missed'}`);
  } finally {
    memory.stop();
    await db.close();
    await stack.shutdown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
