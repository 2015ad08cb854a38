/**
 * `npm run bench:http-client [-- --requests 5000] [--runs 3]`: what each HTTP client leaves to the
 * young-generation GC. For each client (`fetch`, `undici.request`, plain `node:http`, and the
 * project's `nodeHttpFetch`, which supabase-js uses), a fresh Node process under `--trace-gc-nvp`
 * makes the POSTs to a local server in this process; the scavenges during those calls are read from
 * the trace: how many, their average pause, and the bytes each promoted to the old generation
 * (garbage that survives a scavenge is only freed by a full GC, and copying it is what makes a
 * scavenge long). Promoted bytes do not depend on how busy the machine is; pauses do.
 * Results: a table on stdout and a section in BENCHMARKS.md. Takes under a minute.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { appendBenchmarkSection, formatConsoleTable, type MarkdownTable } from './lib/benchmark-report';
import { CLIENTS } from './lib/http-clients';

const ROOT = path.resolve(import.meta.dirname, '..');
const flags = process.argv.slice(2);
const numberFlag = (name: string, fallback: number) => {
  const index = flags.indexOf(`--${name}`);
  const value = index >= 0 ? Number(flags[index + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number`);
  return value;
};
const REQUESTS = numberFlag('requests', 5_000);
const RUNS = numberFlag('runs', 3);

interface RunResult {
  scavenges: number;
  pauseMsTotal: number;
  promotedBytesTotal: number;
  elapsedMs: number;
}

/** A PostgREST-like answer: one row of about 1 KB. */
const RESPONSE_BODY = JSON.stringify([{ id: '7c1f0f3e-0c55-4f0e-9f6a-1d2b3c4d5e6f', status: 'scheduled', detail: { note: 'y'.repeat(900) } }]);

function startServer(): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(RESPONSE_BODY) });
      response.end(RESPONSE_BODY);
    });
  });
  server.keepAliveTimeout = 10_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function runClient(client: string, url: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--trace-gc-nvp', '--import', 'tsx', path.join(ROOT, 'bench/lib/http-client-gc-worker.ts'), '--client', client, '--url', url, '--requests', String(REQUESTS)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => {
      const begin = output.indexOf('BEGIN\n');
      const end = /END elapsed_ms=([\d.]+)/.exec(output);
      if (code !== 0 || begin < 0 || !end) return reject(new Error(`${client} worker exited with ${code}:\n${output.slice(-2000)}`));
      const measured = output.slice(begin, end.index);
      const result: RunResult = { scavenges: 0, pauseMsTotal: 0, promotedBytesTotal: 0, elapsedMs: Number(end[1]) };
      for (const line of measured.split('\n')) {
        if (!/\bgc=s\b/.test(line)) continue;
        result.scavenges += 1;
        result.pauseMsTotal += Number(/\bpause=([\d.]+)/.exec(line)?.[1] ?? 0);
        result.promotedBytesTotal += Number(/\bpromoted=(\d+)/.exec(line)?.[1] ?? 0);
      }
      resolve(result);
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const server = await startServer();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rest/v1/prebookings`;
  const results = new Map<string, RunResult[]>();
  // Interleaved, so a slower stretch of the machine does not land on one client only.
  for (let run = 0; run < RUNS; run += 1) {
    for (const client of Object.keys(CLIENTS)) {
      const result = await runClient(client, url);
      results.set(client, [...(results.get(client) ?? []), result]);
      process.stdout.write(`run ${run + 1}/${RUNS} ${client}: ${result.scavenges} scavenges, ${(result.promotedBytesTotal / 1024 ** 2).toFixed(1)} MB promoted\n`);
    }
  }
  server.close();

  const table: MarkdownTable = {
    title: `${REQUESTS.toLocaleString('en')} JSON POSTs each, median of ${RUNS} runs, Node ${process.version}`,
    headers: ['client', 'scavenges', 'average scavenge pause', 'promoted per scavenge', 'promoted in all', 'wall time'],
    rows: [...results].map(([client, runs]) => {
      const perRun = runs.map((run) => ({
        scavenges: run.scavenges,
        averagePause: run.scavenges ? run.pauseMsTotal / run.scavenges : 0,
        promotedPerScavenge: run.scavenges ? run.promotedBytesTotal / run.scavenges : 0,
        promoted: run.promotedBytesTotal,
        elapsed: run.elapsedMs,
      }));
      return [
        client,
        median(perRun.map((run) => run.scavenges)),
        `${median(perRun.map((run) => run.averagePause)).toFixed(2)} ms`,
        `${(median(perRun.map((run) => run.promotedPerScavenge)) / 1024).toFixed(0)} KB`,
        `${(median(perRun.map((run) => run.promoted)) / 1024 ** 2).toFixed(1)} MB`,
        `${(median(perRun.map((run) => run.elapsed)) / 1000).toFixed(2)} s`,
      ];
    }),
  };
  console.log(`\n${formatConsoleTable(table)}`);
  await appendBenchmarkSection({
    title: 'HTTP clients and the young-generation GC',
    command: `npm run bench:http-client -- --requests ${REQUESTS} --runs ${RUNS}`,
    tables: [table],
    notes: [
      'Each client runs in a fresh process under `--trace-gc-nvp`; only the scavenges during the measured calls count (200 warm-up calls first).',
      'Promoted bytes are what each scavenge copied to the old generation: garbage that only a full GC frees. They do not depend on machine load; pauses and wall time do.',
    ],
  });
}

await main();
