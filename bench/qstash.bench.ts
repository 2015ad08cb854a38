/**
 * `npm run bench:qstash`: how precisely and how much dev/qstash delivers.
 *   (a) precision: 200 messages, each due alone, arrival − due instant
 *   (b) burst: 2,000 messages due in the same second, time until all are delivered
 *   (c) scale: 100,000 pending messages, publish time, server RSS/heap, restart time
 *   (d) precision again with those 100,000 pending
 *   baseline: a plain node:http request from another process to the same endpoint, the floor
 *   any delivery on this machine pays (process wake-up, loopback, parsing)
 * The server runs as its own process (`dev/qstash/cli.ts`, with a data file, as in development);
 * the receiving endpoint runs here. Results: a table on stdout, a section in BENCHMARKS.md and
 * bench/results/qstash-precision.png. Takes about 1.5 minutes.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@upstash/qstash';
import { sleep } from './lib/bench-stack';
import { appendBenchmarkSection, formatConsoleTable, summarize, type MarkdownTable, type SampleSummary } from './lib/benchmark-report';
import { writeHistogramPng } from './lib/histogram-png';

const ROOT = path.resolve(import.meta.dirname, '..');
const PRECISION_MESSAGES = 200;
const PRECISION_SPACING_MS = 150;
const BURST_MESSAGES = 2_000;
const PENDING_MESSAGES = 100_000;
const PENDING_BATCH = 1_000;
const PRECISION_UNDER_LOAD_MESSAGES = 50;
const BASELINE_REQUESTS = 100;
const DEV_TOKEN = 'eyJVc2VySUQiOiJkZWZhdWx0VXNlciIsIlBhc3N3b3JkIjoiZGVmYXVsdFBhc3N3b3JkIn0=';

/** Wall-clock epoch ms with sub-millisecond resolution, for arrival stamps. */
const preciseNow = () => performance.timeOrigin + performance.now();

interface ServerProcess {
  url: string;
  child: ChildProcessWithoutNullStreams;
  startupMs: number;
}

async function startServerProcess(dataFile: string): Promise<ServerProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'dev/qstash/cli.ts'), '--port', '0', '--quiet', '--data-file', dataFile], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.once('exit', (code) => reject(new Error(`dev/qstash exited with ${code} before starting:\n${output}`)));
  });
  return { url, child, startupMs: performance.now() - started };
}

async function stopServerProcess(server: ServerProcess): Promise<number> {
  const started = performance.now();
  const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  server.child.kill('SIGTERM');
  await exited;
  return performance.now() - started;
}

interface Receiver {
  url: string;
  arrivals: Map<string, number>;
  /** Baseline requests: arrival − the sender's own stamp (`X-Sent`). */
  baseline: number[];
  close(): Promise<void>;
}

/** The destination: answers 200 at once and stamps each arrival by message id. */
async function startReceiver(): Promise<Receiver> {
  const arrivals = new Map<string, number>();
  const baseline: number[] = [];
  const server = http.createServer((req, res) => {
    const arrivedAt = preciseNow();
    if (req.headers['x-sent']) baseline.push(arrivedAt - Number(req.headers['x-sent']));
    else arrivals.set(String(req.headers['upstash-message-id']), arrivedAt);
    req.resume();
    req.on('end', () => {
      res.writeHead(200);
      res.end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrivals,
    baseline,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function serverStats(server: ServerProcess): Promise<{ pending: number; rssBytes: number; heapUsedBytes: number }> {
  const response = await fetch(`${server.url}/__dev/stats`, { headers: { authorization: `Bearer ${DEV_TOKEN}` } });
  return (await response.json()) as { pending: number; rssBytes: number; heapUsedBytes: number };
}

/**
 * Messages published one every 150 ms with `Upstash-Delay: 1s`, so each is due alone and no
 * publish lands near a due instant (1000 mod 150 = 100 ms away). The exact due instant is the
 * message's `notBefore` as the server stored it (GET /v2/messages/{id}).
 */
async function measurePrecision(client: Client, receiver: Receiver, count: number, label: string): Promise<number[]> {
  const due = new Map<string, number>();
  const start = Date.now() + 200;
  for (let index = 0; index < count; index += 1) {
    await sleep(start + index * PRECISION_SPACING_MS - Date.now());
    const { messageId } = await client.publish({ url: `${receiver.url}/precision/${label}`, body: JSON.stringify({ index }), delay: 1 });
    const message = await client.messages.get(messageId);
    due.set(messageId, message.notBefore!);
  }
  await waitFor(() => [...due.keys()].every((id) => receiver.arrivals.has(id)), 10_000, `${label} precision deliveries`);
  return [...due].map(([id, dueAt]) => receiver.arrivals.get(id)! - dueAt);
}

/**
 * The same kind of request from a bare Node process (keep-alive agent, one every 150 ms, stamped
 * just before sending): what arrival − send costs on this machine without dev/qstash at all.
 */
async function measureBaseline(receiver: Receiver): Promise<number[]> {
  const script = `
    const http = require('node:http');
    const agent = new http.Agent({ keepAlive: true });
    let sent = 0;
    const send = () => {
      const body = '{"baseline":true}';
      const req = http.request(${JSON.stringify(`${receiver.url}/baseline`)}, {
        method: 'POST', agent,
        headers: { 'content-type': 'application/json', 'content-length': body.length, 'x-sent': String(performance.timeOrigin + performance.now()) },
      }, (res) => res.resume());
      req.end(body);
      if (++sent < ${BASELINE_REQUESTS}) setTimeout(send, ${PRECISION_SPACING_MS}); else setTimeout(() => process.exit(0), 300);
    };
    send();`;
  const child = spawn(process.execPath, ['-e', script], { stdio: 'inherit' });
  await new Promise((resolve) => child.once('exit', resolve));
  return receiver.baseline.slice(1); // the first pays the TCP handshake
}

function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(0)} MB`;
}

function precisionRow(name: string, summary: SampleSummary): Array<string | number> {
  return [name, summary.n, ms(summary.p50), ms(summary.p95), ms(summary.p99), ms(summary.max)];
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-qstash-'));
  const dataFile = path.join(dir, 'qstash.json');
  const receiver = await startReceiver();
  let server = await startServerProcess(dataFile);
  const client = () => new Client({ baseUrl: server.url, token: DEV_TOKEN, enableTelemetry: false, retry: false });
  try {
    console.log(`dev/qstash at ${server.url} (started in ${server.startupMs.toFixed(0)} ms), receiver at ${receiver.url}`);

    console.log(`(a) precision: ${PRECISION_MESSAGES} messages, one every ${PRECISION_SPACING_MS} ms…`);
    const precision = await measurePrecision(client(), receiver, PRECISION_MESSAGES, 'idle');
    const precisionSummary = summarize(precision);

    console.log(`(b) burst: ${BURST_MESSAGES} messages due in the same second…`);
    const burstDueSeconds = Math.ceil(Date.now() / 1000) + 3;
    const burstIds: string[] = [];
    const rssBeforeBurst = (await serverStats(server)).rssBytes;
    for (let offset = 0; offset < BURST_MESSAGES; offset += 500) {
      const results = await client().batch(
        Array.from({ length: 500 }, (_, index) => ({
          url: `${receiver.url}/burst`,
          body: JSON.stringify({ index: offset + index }),
          notBefore: burstDueSeconds,
        })),
      );
      burstIds.push(...results.map((result) => (result as { messageId: string }).messageId));
    }
    if (Date.now() >= burstDueSeconds * 1000) throw new Error('publishing the burst took longer than the 3 s lead time');
    await waitFor(() => burstIds.every((id) => receiver.arrivals.has(id)), 60_000, 'burst deliveries');
    const burstLateness = burstIds.map((id) => receiver.arrivals.get(id)! - burstDueSeconds * 1000);
    const burstSummary = summarize(burstLateness);
    const rssAfterBurst = (await serverStats(server)).rssBytes;

    console.log(`(c) ${PENDING_MESSAGES.toLocaleString('en')} pending messages…`);
    const pendingDue = Math.floor(Date.now() / 1000) + 86_400;
    const before = await serverStats(server);
    const publishStarted = performance.now();
    for (let offset = 0; offset < PENDING_MESSAGES; offset += PENDING_BATCH) {
      await client().batchJSON(
        Array.from({ length: PENDING_BATCH }, (_, index) => ({
          url: `${receiver.url}/pending/${offset + index}`,
          body: { prebookingId: `p-${offset + index}`, classId: 123456, opensAt: '2026-12-01T07:00:00Z' },
          notBefore: pendingDue + ((offset + index) % 3_600),
          deduplicationId: `prebooking-${offset + index}`,
        })),
      );
    }
    const publishMs = performance.now() - publishStarted;
    await sleep(1_000);
    const held = await serverStats(server);
    if (held.pending < PENDING_MESSAGES) throw new Error(`only ${held.pending} messages pending`);

    console.log(`(d) precision with ${held.pending.toLocaleString('en')} pending…`);
    const loaded = summarize(await measurePrecision(client(), receiver, PRECISION_UNDER_LOAD_MESSAGES, 'loaded'));

    console.log('baseline: plain Node requests to the same endpoint…');
    const baseline = summarize(await measureBaseline(receiver));

    console.log('restarting with everything pending…');
    const stopMs = await stopServerProcess(server);
    const dataBytes = (await stat(dataFile)).size;
    server = await startServerProcess(dataFile);
    const restarted = await serverStats(server);

    const totalSeconds = (performance.now() - benchStarted) / 1000;
    const tables: MarkdownTable[] = [
      {
        title: 'Delivery precision: arrival at the endpoint − due instant',
        headers: ['scenario', 'n', 'p50', 'p95', 'p99', 'max'],
        rows: [
          precisionRow('(a) idle, one message per due instant', precisionSummary),
          precisionRow(`(d) same, with ${held.pending.toLocaleString('en')} pending`, loaded),
          precisionRow('baseline: plain Node request, another process, no dev/qstash', baseline),
        ],
      },
      {
        title: `(b) ${BURST_MESSAGES.toLocaleString('en')} messages due in the same second (Upstash-Not-Before)`,
        headers: ['all delivered after', 'p50 lateness', 'p99 lateness', 'min lateness', 'server RSS before → after'],
        rows: [[ms(burstSummary.max), ms(burstSummary.p50), ms(burstSummary.p99), ms(burstSummary.min), `${mb(rssBeforeBurst)} → ${mb(rssAfterBurst)}`]],
      },
      {
        title: `(c) ${PENDING_MESSAGES.toLocaleString('en')} pending messages (batches of ${PENDING_BATCH}, with dedup ids, persisted)`,
        headers: ['publish time', 'throughput', 'server RSS', 'server heap used', 'data file', 'stop (persist)', 'restart (load)', 'pending after restart'],
        rows: [
          [
            `${(publishMs / 1000).toFixed(1)} s`,
            `${Math.round(PENDING_MESSAGES / (publishMs / 1000)).toLocaleString('en')} msg/s`,
            `${mb(before.rssBytes)} → ${mb(held.rssBytes)}`,
            `${mb(before.heapUsedBytes)} → ${mb(held.heapUsedBytes)}`,
            mb(dataBytes),
            `${(stopMs / 1000).toFixed(1)} s`,
            `${(server.startupMs / 1000).toFixed(1)} s`,
            restarted.pending.toLocaleString('en'),
          ],
        ],
      },
    ];
    for (const table of tables) console.log(`\n${formatConsoleTable(table)}`);

    const chart = 'bench/results/qstash-precision.png';
    await writeHistogramPng(precision, path.join(ROOT, chart), {
      title: `dev/qstash delivery precision (n=${precisionSummary.n}, idle)`,
      xLabel: 'arrival - due instant (ms)',
      yLabel: 'messages',
      min: 0,
      markers: [
        { value: precisionSummary.p50, label: `p50 ${precisionSummary.p50.toFixed(2)} ms` },
        { value: precisionSummary.p99, label: `p99 ${precisionSummary.p99.toFixed(2)} ms` },
      ],
    });
    await appendBenchmarkSection(
      {
        title: 'dev/qstash: delivery precision, burst and scale',
        command: 'npm run bench:qstash',
        summary:
          'Server: `dev/qstash/cli.ts` in its own process with `--data-file` (journal + snapshot), no fault injection; ' +
          'destination: a node:http endpoint in the benchmark process answering 200 at once, arrival stamped on the wall clock. ' +
          `(a)/(d) publish one message every ${PRECISION_SPACING_MS} ms with \`delay: 1\` so each due instant is alone, and take the due instant from \`GET /v2/messages/{id}\` (\`notBefore\`, ms). ` +
          `Total benchmark time ${totalSeconds.toFixed(0)} s.`,
        tables,
        artifacts: [chart],
      },
      path.join(ROOT, 'BENCHMARKS.md'),
    );
    console.log(`\nappended to BENCHMARKS.md, chart in ${chart} (${totalSeconds.toFixed(0)} s)`);
  } finally {
    await stopServerProcess(server).catch(() => undefined);
    await receiver.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
