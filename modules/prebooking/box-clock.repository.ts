import type { Database } from '@/core/database/admin-client';
import { databaseError } from '@/core/database/database-error';
import { toIsoTimestamp } from '@/core/database/row-values';
import type { BoxClockEstimate } from '@/modules/aimharder';

interface BoxClockRow {
  host: string;
  offset_lo_ms: number | string;
  offset_hi_ms: number | string;
  latency_ms: number | string;
  measured_at: string;
  samples: number | string;
  source: BoxClockEstimate['source'];
}

function toEstimate(row: BoxClockRow): BoxClockEstimate {
  return {
    host: row.host,
    offsetLoMs: Number(row.offset_lo_ms),
    offsetHiMs: Number(row.offset_hi_ms),
    latencyMs: Number(row.latency_ms),
    measuredAtMs: Date.parse(toIsoTimestamp(row.measured_at)),
    samples: Number(row.samples),
    source: row.source,
  };
}

/** The newest estimate for a host, or null. */
export async function findLatestBoxClock(db: Database, host: string): Promise<BoxClockEstimate | null> {
  const { data, error } = await db.from('box_clock_estimates').select().eq('host', host).order('measured_at', { ascending: false }).limit(1).maybeSingle();
  if (error) throw databaseError('read the box clock estimate', error);
  return data ? toEstimate(data as BoxClockRow) : null;
}

export async function saveBoxClock(db: Database, estimate: BoxClockEstimate): Promise<void> {
  const { error } = await db.from('box_clock_estimates').insert({
    host: estimate.host,
    offset_lo_ms: estimate.offsetLoMs,
    offset_hi_ms: estimate.offsetHiMs,
    latency_ms: estimate.latencyMs,
    measured_at: new Date(estimate.measuredAtMs).toISOString(),
    samples: estimate.samples,
    source: estimate.source,
  });
  if (error) throw databaseError('store the box clock estimate', error);
}

/** Every host's estimates measured since `since`, newest first (the admin health page). */
export async function listBoxClockHistory(db: Database, since: Date, limit = 500): Promise<BoxClockEstimate[]> {
  const { data, error } = await db.from('box_clock_estimates').select().gte('measured_at', since.toISOString()).order('measured_at', { ascending: false }).limit(limit);
  if (error) throw databaseError('list box clock estimates', error);
  return (data as BoxClockRow[]).map(toEstimate);
}
