import fs from 'node:fs';
import postgres from 'postgres';
import { localPostgresUrl } from '../../dev/stack/embedded-postgres';
import { processTreePids, sleep, type BenchStack } from './bench-stack';

/**
 * Read-only SQL against the benchmark's own database, for what the app's API does not show in
 * bulk: outcomes and timelines of a thousand prebookings, table sizes. Never used to change state.
 */
export class BenchDatabase {
  private readonly sql: postgres.Sql;

  constructor(stack: Pick<BenchStack, 'ports'>, database = 'prebooker') {
    this.sql = postgres(localPostgresUrl(stack.ports.postgres, database), { max: 2, onnotice: () => {}, idle_timeout: 5 });
  }

  /** `status[:result_code]` → count, over the given prebookings. */
  async outcomes(ids: string[]): Promise<Record<string, number>> {
    const rows = await this.sql<Array<{ status: string; result_code: string | null; count: string }>>`
      select status, result_code, count(*)::text as count from prebookings where id = any(${ids}::uuid[]) group by 1, 2`;
    return Object.fromEntries(rows.map((row) => [`${row.status}${row.result_code ? `:${row.result_code}` : ''}`, Number(row.count)]));
  }

  /**
   * Waits until the outcome notification of an ended prebooking has been handled (its delivery row
   * exists: sent or, with no SMTP server, skipped); false if it has not within `timeoutMs`. A poll
   * over this direct connection costs Postgres a fraction of a millisecond.
   */
  async waitForNotificationHandled(prebookingId: string, timeoutMs: number): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      const [row] = await this.sql`select 1 from notification_deliveries where prebooking_id = ${prebookingId}::uuid and status <> 'sending' limit 1`;
      if (row) return true;
      await sleep(3);
    }
    return false;
  }

  /** How many of the given prebookings have not ended yet. */
  async activeCount(ids: string[]): Promise<number> {
    const [row] = await this.sql<Array<{ count: string }>>`
      select count(*)::text as count from prebookings where id = any(${ids}::uuid[]) and status not in ('completed', 'failed', 'cancelled')`;
    return Number(row?.count ?? 0);
  }

  /** The timeline events of the given prebookings, oldest first. */
  async events(ids: string[]): Promise<Array<{ prebookingId: string; type: string; detail: Record<string, unknown>; occurredAt: Date }>> {
    const rows = await this.sql<Array<{ prebooking_id: string; type: string; detail: Record<string, unknown>; occurred_at: Date }>>`
      select prebooking_id, type, detail, occurred_at from prebooking_events where prebooking_id = any(${ids}::uuid[]) order by occurred_at, id`;
    return rows.map((row) => ({ prebookingId: row.prebooking_id, type: row.type, detail: row.detail, occurredAt: row.occurred_at }));
  }

  /** Planned instants of the given prebookings (epoch ms). */
  async instants(ids: string[]): Promise<Map<string, { availableAtMs: number; fireAtMs: number }>> {
    const rows = await this.sql<Array<{ id: string; available_at: Date; fire_at: Date }>>`
      select id, available_at, fire_at from prebookings where id = any(${ids}::uuid[])`;
    return new Map(rows.map((row) => [row.id, { availableAtMs: row.available_at.getTime(), fireAtMs: row.fire_at.getTime() }]));
  }

  /** The database's size on disk and the row counts of the tables a burst grows. */
  async footprint(): Promise<{ databaseBytes: number; rows: Record<string, number> }> {
    const [size] = await this.sql<Array<{ bytes: string }>>`select pg_database_size(current_database())::text as bytes`;
    const rows: Record<string, number> = {};
    for (const table of ['members', 'aimharder_credentials', 'prebookings', 'prebooking_events']) {
      const [row] = await this.sql<Array<{ count: string }>>`select count(*)::text as count from ${this.sql(table)}`;
      rows[table] = Number(row?.count ?? 0);
    }
    return { databaseBytes: Number(size?.bytes ?? 0), rows };
  }

  close(): Promise<void> {
    return this.sql.end({ timeout: 2 });
  }
}

/**
 * Memory of a process tree by command name (Linux /proc): RSS, and PSS, which splits shared
 * pages between the processes sharing them, so Postgres' shared buffers count once in a sum
 * over its backends instead of once per backend.
 */
export function processTreeMemory(pid: number | undefined): Record<string, { processes: number; rssBytes: number; pssBytes: number }> {
  const byCommand: Record<string, { processes: number; rssBytes: number; pssBytes: number }> = {};
  for (const current of processTreePids(pid)) {
    try {
      // `next-server (v16.…)` is cut to 15 characters by the kernel: keep the name only.
      const command = fs.readFileSync(`/proc/${current}/comm`, 'utf8').trim().replace(/ \(.*$/, '');
      const rollup = fs.readFileSync(`/proc/${current}/smaps_rollup`, 'utf8');
      const entry = (byCommand[command] ??= { processes: 0, rssBytes: 0, pssBytes: 0 });
      entry.processes += 1;
      entry.rssBytes += Number(/^Rss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
      entry.pssBytes += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
    } catch {
      // the process ended meanwhile, or /proc is not readable: report what was read
    }
  }
  return byCommand;
}

/** CPU time (user + system, ms) used so far by the live processes of a tree; 10 ms resolution (clock ticks). */
export function processTreeCpuMs(pid: number | undefined): number {
  let ticks = 0;
  for (const current of processTreePids(pid)) {
    try {
      const stat = fs.readFileSync(`/proc/${current}/stat`, 'utf8');
      // Fields after the command (which may contain spaces): utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks * 10;
}

/**
 * Tells when every process of the stack has gone quiet: their main threads' CPU time, read at
 * nanosecond resolution from /proc/<pid>/schedstat, has hardly grown over the last `windowMs`.
 * A benchmark that measures one execution at a time waits for this between runs, so that a run's
 * measure is not its predecessor's follow-up work (HTTP responses, QStash bookkeeping, garbage)
 * still finishing on the same two cores.
 */
export class StackQuietness {
  private pids: number[] = [];

  constructor(private readonly stack: Pick<BenchStack, 'services'>) {
    this.refreshProcesses();
  }

  /** Looks the process trees up again (Postgres backends come and go with connections). */
  refreshProcesses(): void {
    this.pids = this.stack.services.flatMap((service) => processTreePids(service.process.pid));
  }

  /** True once quiet; false if the stack was still busy after `timeoutMs`. */
  async waitUntilQuiet(options: { windowMs?: number; maxBusyShare?: number; timeoutMs?: number } = {}): Promise<boolean> {
    const { windowMs = 8, maxBusyShare = 0.05, timeoutMs = 1_000 } = options;
    const samples: Array<{ atMs: number; cpuNs: number }> = [];
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      const sample = { atMs: performance.now(), cpuNs: this.mainThreadsCpuNs() };
      samples.push(sample);
      const start = samples.findLast((earlier) => sample.atMs - earlier.atMs >= windowMs);
      if (start && sample.cpuNs - start.cpuNs <= maxBusyShare * (sample.atMs - start.atMs) * 1e6) return true;
      await sleep(2);
    }
    return false;
  }

  private mainThreadsCpuNs(): number {
    let total = 0;
    for (const pid of this.pids) {
      try {
        total += Number(fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // the process ended meanwhile
      }
    }
    return total;
  }
}

/** CPU ms used by each service of the stack since `before` (a previous call's result). */
export function stackCpuMs(stack: Pick<BenchStack, 'services'>, before: Record<string, number> = {}): Record<string, number> {
  return Object.fromEntries(stack.services.map((service) => [service.name, processTreeCpuMs(service.process.pid) - (before[service.name] ?? 0)]));
}

/** Per prebooking, from its first attempt's timeline: how long each stage took (ms). */
export function timelinePhases(
  events: Array<{ prebookingId: string; type: string; detail: Record<string, unknown>; occurredAt: Date }>,
  instants: Map<string, { availableAtMs: number; fireAtMs: number }>,
  leadMs: number,
): Record<'dueToDelivered' | 'deliveredToSession' | 'sessionToFired' | 'fireLateness', number[]> {
  const byPrebooking = new Map<string, typeof events>();
  for (const event of events) byPrebooking.set(event.prebookingId, [...(byPrebooking.get(event.prebookingId) ?? []), event]);
  const phases = { dueToDelivered: [] as number[], deliveredToSession: [] as number[], sessionToFired: [] as number[], fireLateness: [] as number[] };
  for (const [id, list] of byPrebooking) {
    const planned = instants.get(id);
    const delivered = list.find((event) => event.type === 'delivered');
    const session = list.find((event) => event.type === 'session_ready');
    const fired = list.find((event) => event.type === 'fired' && event.detail.attempt === 1);
    if (!planned || !delivered) continue;
    phases.dueToDelivered.push(delivered.occurredAt.getTime() - (planned.fireAtMs - leadMs));
    if (session) phases.deliveredToSession.push(session.occurredAt.getTime() - delivered.occurredAt.getTime());
    if (fired) {
      const firedAtMs = new Date(String(fired.detail.firedAt)).getTime();
      if (session) phases.sessionToFired.push(firedAtMs - session.occurredAt.getTime());
      phases.fireLateness.push(firedAtMs - planned.fireAtMs);
    }
  }
  return phases;
}

/** Samples a stack's memory every `intervalMs` and keeps each service's peak (PSS, bytes). */
export class MemoryPeaks {
  readonly peaks: Record<string, number> = {};
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly stack: Pick<BenchStack, 'services'>) {}

  sample(): Record<string, number> {
    const current: Record<string, number> = {};
    for (const service of this.stack.services) {
      for (const [command, memory] of Object.entries(processTreeMemory(service.process.pid))) {
        const key = `${service.name}/${command}`;
        current[key] = (current[key] ?? 0) + memory.pssBytes;
      }
    }
    for (const [key, bytes] of Object.entries(current)) this.peaks[key] = Math.max(this.peaks[key] ?? 0, bytes);
    return current;
  }

  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
