import type { ClassRow } from './aimharder.schema';
import type { AimHarderClassSlot } from './aimharder.types';

const TIME_RANGE = /(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})/;
// "0700_60"; one test claims a 3-digit "900_60" can occur (reference §3.3).
const TIME_ID = /^(\d{1,2})(\d{2})_(\d+)$/;

function hhmm(hour: number, minute: number): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

function minutesToHhmm(total: number): string {
  const normalized = ((total % 1440) + 1440) % 1440;
  return hhmm(Math.floor(normalized / 60), normalized % 60);
}

/** Start and end from `time` ("07:00 - 08:00"), else from `timeid` + length. */
export function readClassTimes(row: Pick<ClassRow, 'time' | 'timeid' | 'classLength'>): { startTime: string; endTime: string } | null {
  const range = row.time ? TIME_RANGE.exec(row.time) : null;
  if (range) {
    return { startTime: hhmm(Number(range[1]), Number(range[2])), endTime: hhmm(Number(range[3]), Number(range[4])) };
  }
  const timeId = row.timeid ? TIME_ID.exec(row.timeid.trim()) : null;
  if (!timeId) return null;
  const start = Number(timeId[1]) * 60 + Number(timeId[2]);
  const length = row.classLength ?? Number(timeId[3]);
  return { startTime: minutesToHhmm(start), endTime: minutesToHhmm(start + length) };
}

/** `limit` is a number or a string, possibly "16 (3)" with the queue size in brackets. */
function readLimit(limit: unknown): { capacity: number | null; queued: number | null } {
  if (typeof limit === 'number' && Number.isFinite(limit)) return { capacity: limit, queued: null };
  if (typeof limit !== 'string') return { capacity: null, queued: null };
  const capacity = /^\s*(\d+)/.exec(limit);
  const queued = /\((\d+)\)/.exec(limit);
  return { capacity: capacity ? Number(capacity[1]) : null, queued: queued ? Number(queued[1]) : null };
}

/**
 * `bookState` 1 = booked, 0 = waitlisted (the front-end's mapping, confirmed live by rudeayelo;
 * pachiclana's opposite reading is contradicted by that live booking).
 */
function memberStateOf(bookState: number | null | undefined): AimHarderClassSlot['memberState'] {
  if (bookState === 1) return 'booked';
  if (bookState === 0) return 'waitlisted';
  return 'none';
}

/** Returns null when the row lacks a readable time: the caller treats that as a shape error. */
export function toClassSlot(row: ClassRow, day: string): AimHarderClassSlot | null {
  const times = readClassTimes(row);
  if (!times) return null;
  const limit = readLimit(row.limit);
  const memberState = memberStateOf(row.bookState);
  const waitlist = row.waitlist ?? null;
  return {
    id: row.id,
    day,
    startTime: times.startTime,
    endTime: times.endTime,
    name: (row.className ?? '').trim(),
    coach: row.coachName?.trim() || null,
    capacity: row.limitc ?? limit.capacity,
    bookedCount: Math.max(0, row.ocupation ?? 0),
    // alliso defaults an absent waitlist to -1: never show a negative queue.
    waitlistCount: Math.max(0, waitlist !== null && waitlist >= 0 ? waitlist : (limit.queued ?? 0)),
    memberState,
    reservationId: memberState === 'none' ? null : (row.idres ?? null),
    includedInPlan: row.included === undefined ? null : row.included === 1,
  };
}
