import type { Database } from '@/core/database/admin-client';
import { databaseError } from '@/core/database/database-error';
import { toIsoTimestamp } from '@/core/database/row-values';
import type { Box, Member, MemberRole, StoredCredentials } from './members.schema';
import { boxRowSchema } from './members.schema';

interface MemberRow {
  id: string;
  aimharder_user_id: string;
  email: string;
  display_name: string;
  role: MemberRole;
  locale: 'en' | 'es';
  session_version: number;
  created_at: string;
  updated_at: string;
}

function toMember(row: MemberRow): Member {
  return {
    id: row.id,
    aimharderUserId: row.aimharder_user_id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    locale: row.locale,
    sessionVersion: row.session_version,
    createdAt: toIsoTimestamp(row.created_at),
    updatedAt: toIsoTimestamp(row.updated_at),
  };
}

/** A `boxes` row (as PostgREST or an RPC's to_jsonb returns it) as a Box. */
export function boxFromRow(row: unknown): Box {
  const parsed = boxRowSchema.parse(row);
  return {
    boxId: parsed.aimharder_box_id,
    subdomain: parsed.subdomain,
    name: parsed.display_name,
    timeZone: parsed.time_zone,
    bookingWindowRule: parsed.booking_window_rule,
    bookingWindowSource: parsed.booking_window_source,
  };
}

export async function upsertMember(
  db: Database,
  input: { aimharderUserId: string; email: string; displayName: string; role: MemberRole },
): Promise<Member> {
  const { data, error } = await db
    .from('members')
    .upsert(
      { aimharder_user_id: input.aimharderUserId, email: input.email.toLowerCase(), display_name: input.displayName, role: input.role },
      { onConflict: 'aimharder_user_id' },
    )
    .select()
    .single();
  if (error || !data) throw databaseError('save the member', error);
  return toMember(data as MemberRow);
}

export async function findMemberById(db: Database, memberId: string): Promise<Member | null> {
  const { data, error } = await db.from('members').select().eq('id', memberId).maybeSingle();
  if (error) throw databaseError('read the member', error);
  return data ? toMember(data as MemberRow) : null;
}

export async function listMembersByIds(db: Database, memberIds: string[]): Promise<Member[]> {
  if (memberIds.length === 0) return [];
  const { data, error } = await db.from('members').select().in('id', memberIds);
  if (error) throw databaseError('read members', error);
  return (data as MemberRow[]).map(toMember);
}

export async function listMembers(db: Database): Promise<Member[]> {
  const { data, error } = await db.from('members').select().order('display_name');
  if (error) throw databaseError('list members', error);
  return (data as MemberRow[]).map(toMember);
}

export async function updateMemberLocale(db: Database, memberId: string, locale: 'en' | 'es'): Promise<void> {
  const { error } = await db.from('members').update({ locale }).eq('id', memberId);
  if (error) throw databaseError('save the language', error);
}

export async function bumpSessionVersion(db: Database, memberId: string, currentVersion: number): Promise<void> {
  const { error } = await db.from('members').update({ session_version: currentVersion + 1 }).eq('id', memberId);
  if (error) throw databaseError('sign out', error);
}

/** Creates boxes we have not seen (keeping any rule already known) and links the member to them. */
export async function syncMemberBoxes(
  db: Database,
  memberId: string,
  boxes: Array<{ boxId: number; subdomain: string; name: string }>,
): Promise<void> {
  if (boxes.length === 0) return;
  const { error: boxError } = await db.from('boxes').upsert(
    boxes.map((box) => ({ aimharder_box_id: box.boxId, subdomain: box.subdomain, display_name: box.name })),
    { onConflict: 'aimharder_box_id', ignoreDuplicates: true },
  );
  if (boxError) throw databaseError('save the boxes', boxError);
  const { error: linkError } = await db
    .from('box_memberships')
    .upsert(
      boxes.map((box) => ({ member_id: memberId, box_id: box.boxId })),
      { onConflict: 'member_id,box_id', ignoreDuplicates: true },
    );
  if (linkError) throw databaseError('save the box memberships', linkError);
}

export async function listMemberBoxes(db: Database, memberId: string): Promise<Box[]> {
  const { data, error } = await db.from('box_memberships').select('boxes(*)').eq('member_id', memberId);
  if (error) throw databaseError('read the boxes', error);
  return (data as unknown as Array<{ boxes: unknown }>).map((row) => boxFromRow(row.boxes)).sort((a, b) => a.name.localeCompare(b.name));
}

export async function findBox(db: Database, boxId: number): Promise<Box | null> {
  const { data, error } = await db.from('boxes').select().eq('aimharder_box_id', boxId).maybeSingle();
  if (error) throw databaseError('read the box', error);
  return data ? boxFromRow(data) : null;
}

export async function isBoxMember(db: Database, memberId: string, boxId: number): Promise<boolean> {
  const { data, error } = await db.from('box_memberships').select('box_id').eq('member_id', memberId).eq('box_id', boxId).maybeSingle();
  if (error) throw databaseError('read the box membership', error);
  return data !== null;
}

export async function saveLearnedBookingWindow(db: Database, boxId: number, rule: unknown): Promise<void> {
  // Never overwrite a rule an admin configured; a learned rule may be refined by a later answer.
  const { error } = await db
    .from('boxes')
    .update({ booking_window_rule: rule, booking_window_source: 'learned' })
    .eq('aimharder_box_id', boxId)
    .or('booking_window_source.is.null,booking_window_source.eq.learned');
  if (error) throw databaseError('save the booking window', error);
}

export async function saveCredentials(db: Database, credentials: StoredCredentials): Promise<void> {
  const { error } = await db.from('aimharder_credentials').upsert(
    {
      member_id: credentials.memberId,
      password_ciphertext: credentials.passwordCiphertext,
      session_ciphertext: credentials.sessionCiphertext,
      session_refreshed_at: credentials.sessionCiphertext ? new Date().toISOString() : null,
      fingerprint: credentials.fingerprint,
    },
    { onConflict: 'member_id' },
  );
  if (error) throw databaseError('save the AimHarder credentials', error);
}

export async function findCredentials(db: Database, memberId: string): Promise<StoredCredentials | null> {
  const { data, error } = await db.from('aimharder_credentials').select().eq('member_id', memberId).maybeSingle();
  if (error) throw databaseError('read the AimHarder credentials', error);
  if (!data) return null;
  return credentialsFromRow(data as CredentialsRow);
}

interface CredentialsRow {
  member_id: string;
  password_ciphertext: string;
  session_ciphertext: string | null;
  fingerprint: string;
}

/** An `aimharder_credentials` row (as PostgREST or an RPC's to_jsonb returns it), still sealed. */
export function credentialsFromRow(row: CredentialsRow): StoredCredentials {
  return { memberId: row.member_id, passwordCiphertext: row.password_ciphertext, sessionCiphertext: row.session_ciphertext, fingerprint: row.fingerprint };
}

export async function saveSessionCiphertext(db: Database, memberId: string, sessionCiphertext: string): Promise<void> {
  const { error } = await db
    .from('aimharder_credentials')
    .update({ session_ciphertext: sessionCiphertext, session_refreshed_at: new Date().toISOString() })
    .eq('member_id', memberId);
  if (error) throw databaseError('save the AimHarder session', error);
}

export async function deleteCredentials(db: Database, memberId: string): Promise<void> {
  const { error } = await db.from('aimharder_credentials').delete().eq('member_id', memberId);
  if (error) throw databaseError('forget the AimHarder credentials', error);
}
