import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { DEFAULT_DEV_PORT, DEV_CREDENTIALS } from './dev-credentials';
import type { NowSource } from './due-queue';
import { HttpDeliverer } from './http-deliverer';
import { JwtSigner } from './jwt-signer';
import { QStashEngine, type Faults } from './qstash-engine';
import { DEFAULT_MAX_BATCH_BYTES, handleRequest } from './qstash-router';
import { lockDataFile, StateJournal } from './state-journal';

export interface QStashServerOptions {
  /** 0 = a random free port. Default 8080 (the CLI also honours QSTASH_DEV_PORT). */
  port?: number;
  /** Default 127.0.0.1, the address the SDK's dev mode calls. */
  host?: string;
  /** Default: the public dev token (user 1), what `QSTASH_DEV=true` sends. */
  token?: string;
  currentSigningKey?: string;
  nextSigningKey?: string;
  /** Where state survives restarts (snapshot + `<file>.journal`); undefined = in memory only. */
  dataFile?: string;
  /** Extra delivery latency, uniform in [min, max] ms. Default [0, 0]. */
  deliveryJitterMs?: [number, number];
  /** 0..1: fail this fraction of attempts with a 500 without calling the destination. Default 0. */
  deliveryFailureRate?: number;
  /** Multiplies every retry wait (e.g. 0.001) so retry/DLQ paths run fast. Default 1. */
  retryTimeScale?: number;
  /** Default silent; the CLI logs to the console. */
  logger?: (line: string) => void;
  /** Largest message body accepted (413 beyond). Default 1 MB, QStash's free-plan limit. */
  maxBodyBytes?: number;
  /** Source of "now" for due times and cron evaluation (tests shift it). Signatures always use real time. */
  clock?: NowSource;
  /** Randomness for jitter and failure injection. Default Math.random. */
  random?: () => number;
}

export interface RunningQStashServer {
  url: string;
  token: string;
  readonly currentSigningKey: string;
  readonly nextSigningKey: string;
  /** Stops accepting requests, aborts in-flight deliveries (they stay pending) and persists state. */
  stop(): Promise<void>;
  setFaults(faults: Partial<Pick<QStashServerOptions, 'deliveryJitterMs' | 'deliveryFailureRate' | 'retryTimeScale'>>): void;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

const faultsSchema = z.object({
  deliveryJitterMs: z
    .tuple([z.number().min(0), z.number().min(0)])
    .refine(([min, max]) => min <= max, 'deliveryJitterMs must be [min, max] with min <= max')
    .optional(),
  deliveryFailureRate: z.number().min(0).max(1).optional(),
  retryTimeScale: z.number().min(0).optional(),
});

const optionsSchema = faultsSchema.extend({
  port: z.number().int().min(0).max(65_535).optional(),
  host: z.string().min(1).optional(),
  token: z.string().min(1).optional(),
  currentSigningKey: z.string().min(1).optional(),
  nextSigningKey: z.string().min(1).optional(),
  dataFile: z.string().min(1).optional(),
  maxBodyBytes: z.number().int().positive().optional(),
});

function validated<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`dev/qstash: invalid ${what}: ${issue?.path.join('.') || 'value'}: ${issue?.message}`);
  }
  return parsed.data;
}

/** Starts a QStash-compatible server the official `@upstash/qstash` SDK works against unchanged. */
export async function startQStashServer(options: QStashServerOptions = {}): Promise<RunningQStashServer> {
  const { logger: givenLogger, clock, random, ...plain } = options;
  const config = validated(optionsSchema, plain, 'options');
  const logger = givenLogger ?? (() => undefined);
  const token = config.token ?? DEV_CREDENTIALS.token;
  const faults: Faults = {
    deliveryJitterMs: config.deliveryJitterMs ?? [0, 0],
    deliveryFailureRate: config.deliveryFailureRate ?? 0,
    retryTimeScale: config.retryTimeScale ?? 1,
  };
  const signer = new JwtSigner({
    current: config.currentSigningKey ?? DEV_CREDENTIALS.currentSigningKey,
    next: config.nextSigningKey ?? DEV_CREDENTIALS.nextSigningKey,
  });
  const deliverer = new HttpDeliverer();
  const engine = new QStashEngine({
    clock: clock ?? { now: () => Date.now() },
    random: random ?? Math.random,
    logger,
    signer,
    deliverer,
    faults,
  });

  const setFaults = (next: Partial<Faults>): Faults => {
    const checked = validated(faultsSchema, next, 'faults');
    if (checked.deliveryJitterMs) faults.deliveryJitterMs = [...checked.deliveryJitterMs];
    if (checked.deliveryFailureRate !== undefined) faults.deliveryFailureRate = checked.deliveryFailureRate;
    if (checked.retryTimeScale !== undefined) faults.retryTimeScale = checked.retryTimeScale;
    return { ...faults };
  };

  const routerContext = {
    engine,
    signer,
    token,
    maxBodyBytes: config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    maxBatchBytes: DEFAULT_MAX_BATCH_BYTES,
    setFaults,
    logger,
  };
  // Requests that arrive while the state is still loading wait for it.
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const server = http.createServer((req, res) => {
    void ready.then(() => handleRequest(routerContext, req, res));
  });
  const host = config.host ?? '127.0.0.1';
  // The port is bound before the data file is touched: a second instance that cannot listen
  // must fail without rewriting the first one's state.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port ?? DEFAULT_DEV_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  let journal: StateJournal | undefined;
  let unlock: (() => Promise<void>) | undefined;
  if (config.dataFile !== undefined) {
    try {
      unlock = await lockDataFile(config.dataFile);
      const loaded = await StateJournal.load(config.dataFile);
      for (const warning of loaded.warnings) logger(`warning: ${warning}`);
      journal = new StateJournal({
        file: config.dataFile,
        logger,
        snapshot: () => engine.snapshot(),
        liveRecordCount: () => engine.liveRecordCount(),
        canBlockFor: (ms) => engine.isIdleFor(ms),
      });
      await journal.open();
      engine.attachJournal(journal);
      engine.restore(loaded);
      // Fold what was loaded into one fresh snapshot, so the journal starts empty.
      await journal.compact();
    } catch (error) {
      await engine.stop();
      deliverer.close();
      await unlock?.();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw error;
    }
  }
  markReady();
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let stopping: Promise<void> | undefined;
  return {
    url,
    token,
    get currentSigningKey() {
      return signer.currentKeys.current;
    },
    get nextSigningKey() {
      return signer.currentKeys.next;
    },
    setFaults: (next) => {
      setFaults(next);
    },
    stop() {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await engine.stop();
        deliverer.close();
        await journal?.close();
        await unlock?.();
        await closed;
        logger('dev/qstash stopped');
      })();
      return stopping;
    },
  };
}
