import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import {
  journalOpSchema,
  persistedStateSchema,
  type JournalOp,
  type PersistedState,
} from './qstash-records';

/** Data files locked by this process (a second server on the same file would clobber it). */
const lockedHere = new Set<string>();

/**
 * Claims `<file>.lock` for this process. A lock left by a process that no longer exists (a
 * crash, SIGKILL) is taken over; one held by a live process is an error naming it.
 */
export async function lockDataFile(file: string): Promise<() => Promise<void>> {
  const resolved = path.resolve(file);
  const lockFile = `${resolved}.lock`;
  await mkdir(path.dirname(resolved), { recursive: true });
  const inUse = (pid: number) =>
    new Error(`dev/qstash: the data file ${file} is in use by another dev/qstash server (pid ${pid}); stop it or pass another --data-file`);
  if (lockedHere.has(resolved)) throw inUse(process.pid);
  try {
    await writeFile(lockFile, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) throw inUse(holder);
    await writeFile(lockFile, String(process.pid));
  }
  lockedHere.add(resolved);
  return async () => {
    lockedHere.delete(resolved);
    const holder = (await readFile(lockFile, 'utf8').catch(() => '')).trim();
    if (holder === String(process.pid)) await unlink(lockFile).catch(() => undefined);
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface LoadedState {
  snapshot?: PersistedState;
  ops: JournalOp[];
  warnings: string[];
}

export interface StateJournalOptions {
  /** The snapshot path; the journal lives next to it as `<file>.journal`. */
  file: string;
  logger: (line: string) => void;
  /** The whole state at this instant, for a snapshot. */
  snapshot: () => PersistedState;
  /** How many records are live (compaction is worth it once the journal outgrows them). */
  liveRecordCount: () => number;
  /** False when blocking the event loop for this long now would make a due delivery late. */
  canBlockFor: (estimatedMs: number) => boolean;
}

/** Compact once the journal has this many lines beyond twice the live records. */
const MIN_OPS_BEFORE_COMPACTION = 5_000;
/** Fold the journal into the snapshot this often when anything changed (keeps the event log fresh). */
const PERIODIC_COMPACTION_MS = 60_000;
/**
 * Periodic compaction rewrites the whole state; above this many live records it waits until the
 * journal is a quarter of the state, so a large idle state is not rewritten every minute.
 */
const SMALL_STATE_RECORDS = 20_000;
const COMPACTION_RETRY_MS = 500;

/**
 * Durable state as a snapshot plus an append-only journal. Every change appends one JSON line,
 * batched per event-loop turn into a single write (2,000 publishes cost a handful of writes, not
 * 2,000 snapshots); a publish is acknowledged only once its line is written (`commit`). Now and
 * then the journal is folded into a new snapshot written to a temp file and renamed into place, so
 * the snapshot is never half-written. Journal operations are idempotent upserts/deletes by id,
 * so replaying a journal over a snapshot that already contains it is harmless; a torn last line
 * (crash mid-append) is skipped on load.
 */
export class StateJournal {
  private handle: FileHandle | undefined;
  private buffer: string[] = [];
  private waiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  private flushing: Promise<void> | undefined;
  private flushScheduled = false;
  private compaction: Promise<void> | undefined;
  private compactionTimer: NodeJS.Timeout | undefined;
  private periodicTimer: NodeJS.Timeout | undefined;
  private opsSinceSnapshot = 0;
  private lastBlockingMs = 20;
  private closed = false;

  constructor(private readonly options: StateJournalOptions) {}

  get journalFile(): string {
    return `${this.options.file}.journal`;
  }

  /** Reads snapshot and journal; a snapshot that fails validation is an error, not silently dropped. */
  static async load(file: string): Promise<LoadedState> {
    const warnings: string[] = [];
    let snapshot: PersistedState | undefined;
    if (existsSync(file)) {
      const text = await readFile(file, 'utf8');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new Error(`dev/qstash: the data file ${file} is not valid JSON (${(error as Error).message}); move it aside to start empty`);
      }
      const parsed = persistedStateSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(
          `dev/qstash: the data file ${file} is not a dev/qstash state file (${issue?.path.join('.') || 'root'}: ${issue?.message}); move it aside to start empty`,
        );
      }
      snapshot = parsed.data;
    }
    const ops: JournalOp[] = [];
    const journalFile = `${file}.journal`;
    if (existsSync(journalFile)) {
      const lines = (await readFile(journalFile, 'utf8')).split('\n');
      lines.forEach((line, index) => {
        if (line.trim() === '') return;
        let parsed: ReturnType<typeof journalOpSchema.safeParse> | undefined;
        try {
          parsed = journalOpSchema.safeParse(JSON.parse(line));
        } catch {
          parsed = undefined;
        }
        if (parsed?.success) {
          ops.push(parsed.data);
        } else {
          const isLast = lines.slice(index + 1).every((rest) => rest.trim() === '');
          warnings.push(
            isLast
              ? `ignored a torn last line in ${journalFile} (the server stopped mid-write)`
              : `ignored an unreadable line ${index + 1} in ${journalFile}`,
          );
        }
      });
    }
    return { snapshot, ops, warnings };
  }

  async open(): Promise<void> {
    await mkdir(path.dirname(path.resolve(this.options.file)), { recursive: true });
    this.handle = await open(this.journalFile, 'a');
    this.periodicTimer = setInterval(() => {
      const live = this.options.liveRecordCount();
      if (this.opsSinceSnapshot > 0 && (live <= SMALL_STATE_RECORDS || this.opsSinceSnapshot * 4 >= live)) this.requestCompaction();
    }, PERIODIC_COMPACTION_MS);
    this.periodicTimer.unref();
  }

  record(op: JournalOp): void {
    if (this.closed) return;
    this.buffer.push(JSON.stringify(op));
    this.opsSinceSnapshot += 1;
    this.scheduleFlush();
  }

  /** Resolves once every change recorded so far is on disk. */
  commit(): Promise<void> {
    if (this.buffer.length === 0) return this.flushing ?? Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Folds the journal into a fresh snapshot now. */
  compact(): Promise<void> {
    this.compaction ??= this.runCompaction().finally(() => {
      this.compaction = undefined;
      if (this.buffer.length > 0) this.scheduleFlush();
    });
    return this.compaction;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.periodicTimer);
    clearTimeout(this.compactionTimer);
    await this.compaction;
    await this.flush();
    await this.compact();
    this.closed = true;
    await this.handle?.close();
    this.handle = undefined;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.compaction) return; // the compaction writes what is buffered
    if (this.flushing) {
      await this.flushing;
      if (this.buffer.length > 0) this.scheduleFlush();
      return;
    }
    if (this.buffer.length === 0 || !this.handle) return;
    const lines = this.buffer;
    const waiters = this.waiters;
    this.buffer = [];
    this.waiters = [];
    this.flushing = this.append(lines, waiters);
    await this.flushing;
    this.flushing = undefined;
    if (this.buffer.length > 0) this.scheduleFlush();
    if (this.opsSinceSnapshot > Math.max(MIN_OPS_BEFORE_COMPACTION, 2 * this.options.liveRecordCount())) {
      this.requestCompaction();
    }
  }

  private async append(lines: string[], waiters: StateJournal['waiters']): Promise<void> {
    if (lines.length === 0) {
      for (const waiter of waiters) waiter.resolve();
      return;
    }
    try {
      await this.handle!.appendFile(`${lines.join('\n')}\n`);
      for (const waiter of waiters) waiter.resolve();
    } catch (error) {
      const failure = new Error(`dev/qstash could not write ${this.journalFile}: ${(error as Error).message}`);
      this.options.logger(failure.message);
      for (const waiter of waiters) waiter.reject(failure);
    }
  }

  /** Compacts when doing so now would not delay a due delivery; otherwise tries again shortly. */
  private requestCompaction(): void {
    if (this.compaction || this.compactionTimer || this.closed) return;
    if (this.options.canBlockFor(this.lastBlockingMs * 1.5 + 50)) {
      void this.compact();
      return;
    }
    this.compactionTimer = setTimeout(() => {
      this.compactionTimer = undefined;
      this.requestCompaction();
    }, COMPACTION_RETRY_MS);
    this.compactionTimer.unref();
  }

  private async runCompaction(): Promise<void> {
    if (!this.handle) return;
    await this.flushing;
    // Everything up to this instant goes into the snapshot *and* stays in the journal until the
    // snapshot is in place: a crash anywhere in between replays a journal the snapshot already
    // contains, which the idempotent operations make harmless.
    const started = performance.now();
    const text = JSON.stringify(this.options.snapshot());
    const lines = this.buffer;
    const waiters = this.waiters;
    this.buffer = [];
    this.waiters = [];
    this.lastBlockingMs = performance.now() - started;
    try {
      await this.append(lines, waiters);
      const temp = `${this.options.file}.tmp-${process.pid}`;
      const file = await open(temp, 'w');
      try {
        await file.writeFile(text);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, this.options.file);
      await this.handle.truncate(0);
      this.opsSinceSnapshot = this.buffer.length;
    } catch (error) {
      this.options.logger(`dev/qstash could not write the snapshot ${this.options.file}: ${(error as Error).message}`);
    }
  }
}
