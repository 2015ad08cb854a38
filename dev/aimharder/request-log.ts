import type { SimRequestRecord } from './sim-types';

/** Enough for long benchmark runs; beyond it the oldest half is dropped at once (amortized O(1)). */
const MAX_RECORDS = 200_000;

/** Every AimHarder request the simulator saw, in arrival order. */
export class RequestLog {
  private records: SimRequestRecord[] = [];
  private seq = 0;

  add(record: Omit<SimRequestRecord, 'seq'>): SimRequestRecord {
    if (this.records.length >= MAX_RECORDS) this.records = this.records.slice(MAX_RECORDS / 2);
    const stored = record as SimRequestRecord;
    stored.seq = ++this.seq;
    this.records.push(stored);
    return stored;
  }

  list(filter: { classId?: string } = {}): SimRequestRecord[] {
    const selected = filter.classId === undefined ? this.records : this.records.filter((record) => record.classId === filter.classId);
    return selected.map((record) => ({ ...record, ...(record.result ? { result: { ...record.result } } : {}) }));
  }

  reset(): number {
    const cleared = this.records.length;
    this.records = [];
    return cleared;
  }
}
