/**
 * `npm run dev:qstash -- [--port 8080] [--data-file .data/qstash.json] [--delivery-jitter-ms 0-2000]
 *   [--failure-rate 0.1] [--retry-time-scale 0.01] [--host 127.0.0.1] [--quiet]`
 * Env: QSTASH_DEV_PORT, QSTASH_TOKEN, QSTASH_CURRENT_SIGNING_KEY, QSTASH_NEXT_SIGNING_KEY.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEFAULT_DEV_PORT } from './dev-credentials';
import { startQStashServer } from './qstash-server';

const USAGE = `Usage: npm run dev:qstash -- [options]
  --port <n>                  port (default $QSTASH_DEV_PORT or ${DEFAULT_DEV_PORT}; 0 = random)
  --host <addr>               listen address (default 127.0.0.1)
  --data-file <path>          keep state across restarts in this file (default: in memory only)
  --delivery-jitter-ms <a-b>  add a random delivery latency in [a, b] ms (e.g. 0-2000)
  --failure-rate <0..1>       fail this fraction of delivery attempts with a 500
  --retry-time-scale <x>      multiply retry backoff by x (e.g. 0.01)
  --quiet                     log only warnings, late deliveries and errors
Env: QSTASH_DEV_PORT, QSTASH_TOKEN, QSTASH_CURRENT_SIGNING_KEY, QSTASH_NEXT_SIGNING_KEY`;

const numberText = (what: string) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, `${what} must be a non-negative number`)
    .transform(Number);

const cliSchema = z.object({
  port: z
    .string()
    .regex(/^\d+$/, 'port must be a whole number')
    .transform(Number)
    .refine((port) => port <= 65_535, 'port must be at most 65535'),
  host: z.string().min(1),
  dataFile: z.string().min(1).optional(),
  deliveryJitterMs: z
    .string()
    .regex(/^\d+(\.\d+)?-\d+(\.\d+)?$/, 'delivery-jitter-ms must look like 0-2000 (min-max in ms)')
    .transform((text) => text.split('-').map(Number) as [number, number])
    .refine(([min, max]) => min <= max, 'delivery-jitter-ms: min must not exceed max')
    .optional(),
  failureRate: numberText('failure-rate')
    .refine((rate) => rate <= 1, 'failure-rate must be between 0 and 1')
    .optional(),
  retryTimeScale: numberText('retry-time-scale').optional(),
  token: z.string().min(1).optional(),
  currentSigningKey: z.string().min(1).optional(),
  nextSigningKey: z.string().min(1).optional(),
  quiet: z.boolean(),
});

function fail(message: string): never {
  console.error(`dev/qstash: ${message}\n\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: ReturnType<typeof parseArgs<{ options: typeof argOptions }>>['values'];
  const argOptions = {
    port: { type: 'string' },
    host: { type: 'string' },
    'data-file': { type: 'string' },
    'delivery-jitter-ms': { type: 'string' },
    'failure-rate': { type: 'string' },
    'retry-time-scale': { type: 'string' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  try {
    ({ values } = parseArgs({ options: argOptions, strict: true, allowPositionals: false }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const env = process.env;
  const parsed = cliSchema.safeParse({
    port: values.port ?? (env.QSTASH_DEV_PORT || String(DEFAULT_DEV_PORT)),
    host: values.host ?? '127.0.0.1',
    dataFile: values['data-file'],
    deliveryJitterMs: values['delivery-jitter-ms'],
    failureRate: values['failure-rate'],
    retryTimeScale: values['retry-time-scale'],
    token: env.QSTASH_TOKEN || undefined,
    currentSigningKey: env.QSTASH_CURRENT_SIGNING_KEY || undefined,
    nextSigningKey: env.QSTASH_NEXT_SIGNING_KEY || undefined,
    quiet: values.quiet ?? false,
  });
  if (!parsed.success) fail(parsed.error.issues.map((issue) => issue.message).join('; '));
  const options = parsed.data;

  const log = (line: string) => console.log(`[qstash ${new Date().toISOString().slice(11, 23)}] ${line}`);
  const logger = options.quiet ? (line: string) => (/LATE|warning|error|could not/i.test(line) ? log(line) : undefined) : log;

  const server = await startQStashServer({
    port: options.port,
    host: options.host,
    ...(options.dataFile !== undefined ? { dataFile: options.dataFile } : {}),
    ...(options.deliveryJitterMs ? { deliveryJitterMs: options.deliveryJitterMs } : {}),
    ...(options.failureRate !== undefined ? { deliveryFailureRate: options.failureRate } : {}),
    ...(options.retryTimeScale !== undefined ? { retryTimeScale: options.retryTimeScale } : {}),
    ...(options.token ? { token: options.token } : {}),
    ...(options.currentSigningKey ? { currentSigningKey: options.currentSigningKey } : {}),
    ...(options.nextSigningKey ? { nextSigningKey: options.nextSigningKey } : {}),
    logger,
  }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`port ${options.port} is already in use (address already in use); pass --port or set QSTASH_DEV_PORT`);
    fail((error as Error).message);
  });

  // The SDK's dev mode waits for a line matching /runn+ing( at|\.)/i.
  console.log(`QStash dev server running at ${server.url}`);
  console.log(`  QSTASH_URL=${server.url}`);
  console.log(`  QSTASH_TOKEN=${server.token}`);
  console.log(`  QSTASH_CURRENT_SIGNING_KEY=${server.currentSigningKey}`);
  console.log(`  QSTASH_NEXT_SIGNING_KEY=${server.nextSigningKey}`);
  console.log(`  state: ${options.dataFile ? `persisted in ${options.dataFile}` : 'in memory only (pass --data-file to keep it across restarts)'}`);
  if (options.deliveryJitterMs || options.failureRate !== undefined || options.retryTimeScale !== undefined) {
    console.log(
      `  faults: jitter ${options.deliveryJitterMs?.join('-') ?? '0-0'} ms, failure rate ${options.failureRate ?? 0}, retry time scale ${options.retryTimeScale ?? 1}`,
    );
  }
  console.log(`  status page: ${server.url}/`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      console.error(`dev/qstash: ${signal} again, exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    log(`${signal} received, saving state and stopping…`);
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`dev/qstash: error while stopping: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
