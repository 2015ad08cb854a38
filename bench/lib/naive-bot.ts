import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Receiver } from '@upstash/qstash';
import { createAimHarderClient, type AimHarderClient, type AimHarderLogger, type BookingOutcome } from '../../modules/aimharder';
import { DEMO_BOX, type SimControl } from './bench-client';
import { preciseNow } from './bench-stack';

/**
 * The strategy most QStash-based booking bots use, as the baseline for bench:precision: one
 * message per booking with `notBefore` = the opening instant (QStash resolves it to whole
 * seconds), and on delivery the bot books at once with the member's AimHarder session. It runs in
 * the benchmark process as its own small webhook (node:http, signature checked with the official
 * `Receiver`) and books through the real AimHarder client of `modules/aimharder`.
 */
export interface NaiveBooking {
  memberIndex: number;
  classId: string;
  deliveredAtMs: number;
  retried: number;
  outcome: BookingOutcome['kind'] | 'error';
}

export interface NaiveMember {
  email: string;
  simUserId: string;
  aimharder: AimHarderClient;
}

const quietLogger: AimHarderLogger = { info: () => {}, warn: () => {}, error: (message) => console.error(`[naive bot] ${message}`) };

export class NaiveBot {
  readonly bookings: NaiveBooking[] = [];
  protected readonly members: NaiveMember[] = [];
  private nextIndex = 0;
  private server: http.Server | undefined;
  protected baseUrl = '';
  private readonly receiver: Receiver;
  protected readonly qstash: Client;
  rejectedSignatures = 0;

  constructor(private readonly env: Record<string, string>, qstashUrl: string) {
    this.receiver = new Receiver({ currentSigningKey: env.QSTASH_CURRENT_SIGNING_KEY!, nextSigningKey: env.QSTASH_NEXT_SIGNING_KEY!, devMode: false });
    this.qstash = new Client({ baseUrl: qstashUrl, token: env.QSTASH_TOKEN!, enableTelemetry: false, retry: false });
  }

  async start(): Promise<void> {
    this.server = http.createServer((request, response) => void this.handle(request, response));
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A simulator member with an AimHarder session opened in advance, as a bot would keep one. */
  async addMember(sim: SimControl, label: string): Promise<{ index: number; simUserId: string }> {
    const index = this.nextIndex++;
    const email = `naive-${label}-${index}-${Date.now().toString(36)}@bench.local`;
    const password = `pw-naive-${index}`;
    const { userId } = await sim.createMember({ email, password, name: `Naive ${label} ${index}` });
    const aimharder = createAimHarderClient({
      hosts: {
        loginBaseUrl: this.env.AIMHARDER_LOGIN_BASE_URL!,
        mainBaseUrl: this.env.AIMHARDER_MAIN_BASE_URL!,
        boxBaseUrlTemplate: this.env.AIMHARDER_BOX_BASE_URL_TEMPLATE!,
      },
      credentials: { email, password },
      logger: quietLogger,
    });
    await aimharder.login();
    this.members[index] = { email, simUserId: userId, aimharder };
    return { index, simUserId: userId };
  }

  /** One message per booking, due at the opening second, delivered with the same jitter as Prebooker's. */
  async schedule(memberIndex: number, simClass: { id: string; day: string }, openingMs: number): Promise<void> {
    await this.qstash.publishJSON({
      url: `${this.baseUrl}/book`,
      body: { memberIndex, classId: simClass.id, day: simClass.day },
      notBefore: Math.floor(openingMs / 1000),
      retries: 0,
    });
  }

  /** The naive strategy: book at once. */
  protected async bookOnDelivery(member: NaiveMember, payload: { classId: string; day: string }): Promise<BookingOutcome['kind']> {
    return (await member.aimharder.book({ boxId: DEMO_BOX.boxId, subdomain: DEMO_BOX.subdomain }, payload.day, payload.classId)).kind;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const deliveredAtMs = preciseNow();
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const valid = await this.receiver
      .verify({ signature: String(request.headers['upstash-signature'] ?? ''), body, url: `${this.baseUrl}${request.url}` })
      .catch(() => false);
    if (!valid) {
      this.rejectedSignatures += 1;
      response.writeHead(401).end();
      return;
    }
    const payload = JSON.parse(body) as { memberIndex: number; classId: string; day: string } & Record<string, unknown>;
    const member = this.members[payload.memberIndex]!;
    let outcome: NaiveBooking['outcome'];
    try {
      outcome = await this.bookOnDelivery(member, payload);
    } catch {
      outcome = 'error';
    }
    this.bookings.push({ memberIndex: payload.memberIndex, classId: payload.classId, deliveredAtMs, retried: Number(request.headers['upstash-retried'] ?? 0), outcome });
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ outcome }));
  }
}
