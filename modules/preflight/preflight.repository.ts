import type { Database } from '@/core/database/admin-client';
import { databaseError } from '@/core/database/database-error';
import { toIsoTimestamp } from '@/core/database/row-values';
import type { Preflight, PreflightFinding, PreflightState } from './preflight.schema';

interface PreflightRow {
  prebooking_id: string;
  member_id: string;
  fire_at: string;
  state: PreflightState;
  findings: PreflightFinding[] | string;
  checked_at: string;
  notified_key: string | null;
}

function toPreflight(row: PreflightRow): Preflight {
  return {
    prebookingId: row.prebooking_id,
    memberId: row.member_id,
    fireAt: toIsoTimestamp(row.fire_at),
    state: row.state,
    findings: typeof row.findings === 'string' ? (JSON.parse(row.findings) as PreflightFinding[]) : (row.findings ?? []),
    checkedAt: toIsoTimestamp(row.checked_at),
    notifiedKey: row.notified_key,
  };
}

export async function findPreflight(db: Database, prebookingId: string): Promise<Preflight | null> {
  const { data, error } = await db.from('prebooking_preflights').select().eq('prebooking_id', prebookingId).maybeSingle();
  if (error) throw databaseError('read the pre-flight check', error);
  return data ? toPreflight(data as PreflightRow) : null;
}

export async function listPreflights(db: Database, prebookingIds: string[]): Promise<Preflight[]> {
  if (prebookingIds.length === 0) return [];
  const { data, error } = await db.from('prebooking_preflights').select().in('prebooking_id', prebookingIds);
  if (error) throw databaseError('read the pre-flight checks', error);
  return (data as PreflightRow[]).map(toPreflight);
}

export async function listOpenPreflights(db: Database, limit = 200): Promise<Preflight[]> {
  const { data, error } = await db.from('prebooking_preflights').select().eq('state', 'action_needed').order('fire_at').limit(limit);
  if (error) throw databaseError('read the open pre-flight findings', error);
  return (data as PreflightRow[]).map(toPreflight);
}

/** The member's latest refused sign-in found by a pre-flight since `since`, if any (saves a second refused login). */
export async function findRecentPasswordFinding(db: Database, memberId: string, since: Date): Promise<Preflight | null> {
  const { data, error } = await db
    .from('prebooking_preflights')
    .select()
    .eq('member_id', memberId)
    .eq('state', 'action_needed')
    .gte('checked_at', since.toISOString())
    .order('checked_at', { ascending: false })
    .limit(20);
  if (error) throw databaseError('read the pre-flight checks', error);
  const rows = (data as PreflightRow[]).map(toPreflight);
  return rows.find((row) => row.findings.some((finding) => finding.code === 'password_changed')) ?? null;
}

export async function savePreflight(db: Database, preflight: Omit<Preflight, 'notifiedKey'>): Promise<void> {
  const { error } = await db.from('prebooking_preflights').upsert(
    {
      prebooking_id: preflight.prebookingId,
      member_id: preflight.memberId,
      fire_at: preflight.fireAt,
      state: preflight.state,
      findings: preflight.findings,
      checked_at: preflight.checkedAt,
    },
    { onConflict: 'prebooking_id' },
  );
  if (error) throw databaseError('record the pre-flight check', error);
}

export async function markNotified(db: Database, prebookingId: string, key: string, at: Date): Promise<void> {
  const { error } = await db.from('prebooking_preflights').update({ notified_key: key, notified_at: at.toISOString() }).eq('prebooking_id', prebookingId);
  if (error) throw databaseError('record the pre-flight email', error);
}
