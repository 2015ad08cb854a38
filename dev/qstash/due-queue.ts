/** Where the queue reads "now" (epoch ms). Injected so tests can shift time. */
export interface NowSource {
  now(): number;
}

interface HeapEntry<T> {
  at: number;
  seq: number;
  item: T;
  prepared?: boolean;
}

/** setTimeout routinely oversleeps by 1–4 ms; the last stretch is covered by yielding on setImmediate. */
const DEFAULT_SPIN_WINDOW_MS = 4;
/**
 * At most this many entries are handed to `onSoon` per spin, so preparing a 2,000-message burst
 * cannot keep the loop busy past the instant; the rest are prepared when due.
 */
const MAX_PREPARED_PER_SPIN = 16;
/**
 * setTimeout runs on the monotonic clock while due instants are wall-clock epoch ms, so long
 * sleeps are cut into pieces and re-aimed, which also absorbs NTP adjustments.
 */
const MAX_SLEEP_MS = 30_000;

/**
 * A min-heap of due instants driving one timer aimed at the earliest. The timer wakes a few
 * milliseconds early and a setImmediate spin hands every entry to `onDue` as soon as its instant
 * has passed, which keeps deliveries within a couple of milliseconds of their due time while
 * costing nothing between due instants. Cancelled entries are left in place (lazy deletion); the
 * owner checks validity in `onDue` and calls `rebuild` when stale entries pile up.
 */
export class DueQueue<T> {
  private heap: HeapEntry<T>[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private armedAt = Infinity;
  private spinning = false;
  private preparedThisSpin = 0;
  private stopped = false;

  /**
   * @param onSoon called once for (a few of) the entries that fall due within the spin window, so
   *   the owner can do slow preparation (signing) before the instant rather than after it.
   */
  constructor(
    private readonly clock: NowSource,
    private readonly onDue: (items: T[]) => void,
    private readonly spinWindowMs = DEFAULT_SPIN_WINDOW_MS,
    private readonly onSoon?: (item: T) => void,
  ) {}

  get size(): number {
    return this.heap.length;
  }

  /** Due instant of the earliest entry, or undefined when empty. */
  peekAt(): number | undefined {
    return this.heap[0]?.at;
  }

  push(at: number, item: T): void {
    this.heap.push({ at, seq: this.seq++, item });
    this.siftUp(this.heap.length - 1);
    if (!this.spinning && at < this.armedAt) this.arm();
  }

  /** Keeps only the entries `keep` accepts; O(n), for purging stale entries. */
  rebuild(keep: (item: T) => boolean): void {
    this.heap = this.heap.filter((entry) => keep(entry.item));
    for (let index = Math.floor(this.heap.length / 2) - 1; index >= 0; index -= 1) this.siftDown(index);
    if (!this.spinning) this.arm();
  }

  start(): void {
    this.stopped = false;
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedAt = Infinity;
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedAt = Infinity;
    const next = this.heap[0];
    if (this.stopped || !next) return;
    this.armedAt = next.at;
    const wait = next.at - this.clock.now() - this.spinWindowMs;
    if (wait <= 0) {
      this.spin();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.arm();
    }, Math.min(wait, MAX_SLEEP_MS));
    this.timer.unref();
  }

  private spin(): void {
    if (this.spinning || this.stopped) return;
    this.spinning = true;
    this.preparedThisSpin = 0;
    const step = () => {
      if (this.stopped) {
        this.spinning = false;
        return;
      }
      const now = this.clock.now();
      if (this.onSoon && this.preparedThisSpin < MAX_PREPARED_PER_SPIN) this.prepareUpTo(now + this.spinWindowMs);
      const due: T[] = [];
      while (this.heap[0] && this.heap[0].at <= now) due.push(this.pop()!.item);
      if (due.length > 0) this.onDue(due);
      const next = this.heap[0];
      if (next && next.at - this.clock.now() <= this.spinWindowMs) {
        setImmediate(step);
        return;
      }
      this.spinning = false;
      this.arm();
    };
    // Never call onDue synchronously from push(): callers finish their own bookkeeping first.
    setImmediate(step);
  }

  /** Heap walk pruned at `limit`: children are never due before their parent. */
  private prepareUpTo(limit: number): void {
    const stack = [0];
    while (stack.length > 0 && this.preparedThisSpin < MAX_PREPARED_PER_SPIN) {
      const index = stack.pop()!;
      const entry = this.heap[index];
      if (!entry || entry.at > limit) continue;
      if (!entry.prepared) {
        entry.prepared = true;
        this.preparedThisSpin += 1;
        this.onSoon!(entry.item);
      }
      stack.push(index * 2 + 2, index * 2 + 1);
    }
  }

  private pop(): HeapEntry<T> | undefined {
    const top = this.heap[0];
    const last = this.heap.pop();
    if (top && last && this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private less(a: HeapEntry<T>, b: HeapEntry<T>): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    let child = index;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.less(heap[child]!, heap[parent]!)) break;
      [heap[child], heap[parent]] = [heap[parent]!, heap[child]!];
      child = parent;
    }
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    let parent = index;
    for (;;) {
      const left = parent * 2 + 1;
      const right = left + 1;
      let smallest = parent;
      if (left < heap.length && this.less(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && this.less(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === parent) return;
      [heap[parent], heap[smallest]] = [heap[smallest]!, heap[parent]!];
      parent = smallest;
    }
  }
}
