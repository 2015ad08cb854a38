import { AppError } from '@/core/http/app-error';
import { redact } from '@/core/logging/logger';
import { classStartInstant } from '@/modules/aimharder';
import { listCancelledAfterBooking } from '@/modules/bookings';
import { addDays, dayInZone } from '@/modules/i18n';
import { findBox, findMemberById, listMemberBoxes, listMembers, listMembersByIds, type Box, type Member } from '@/modules/members';
import {
  ACTIVE_STATUSES,
  findPrebooking,
  getPrebookingDetail,
  listPrebookingsForAdmin,
  toPrebookingView,
  type AdminListQuery,
  type Prebooking,
  type PrebookingDependencies,
  type PrebookingStatus,
} from '@/modules/prebooking';
import type {
  AdminBox,
  AdminPrebookingDetail,
  AdminPrebookingPage,
  AdminPrebookingRow,
  AttentionItem,
  ExecutionHealth,
  FireAttempt,
  HealthQuery,
} from './admin.schema';
import { listOpenPreflightFindings } from '@/modules/preflight';
import { attentionReason, isRetryable, summarizeExecution, type AttentionReason } from './execution-stats';

const DEFAULT_TIME_ZONE = 'Europe/Madrid';
const PAGE_SIZE = 200;
/** The most prebookings one health view reads (newest openings first). */
export const HEALTH_READ_LIMIT = 5_000;
const PERIOD_MS = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;

function assertAdmin(admin: Member): void {
  if (admin.role !== 'admin') throw new AppError({ code: 'forbidden', message: 'Only admins can see this.' });
}

const toAdminBox = (box: Box): AdminBox => ({ boxId: box.boxId, name: box.name, timeZone: box.timeZone });

/** Names for box ids: known ones first, then one lookup per unknown id. */
async function resolveBoxes(deps: PrebookingDependencies, known: Box[], ids: Iterable<number>): Promise<Map<number, AdminBox>> {
  const boxes = new Map(known.map((box) => [box.boxId, toAdminBox(box)]));
  const missing = [...new Set(ids)].filter((id) => !boxes.has(id));
  const found = await Promise.all(missing.map((id) => findBox(deps.db, id)));
  for (const box of found) if (box) boxes.set(box.boxId, toAdminBox(box));
  return boxes;
}

async function toRows(deps: PrebookingDependencies, admin: Member, prebookings: Prebooking[]): Promise<AdminPrebookingRow[]> {
  const [members, boxes, cancelled] = await Promise.all([
    listMembersByIds(deps.db, [...new Set(prebookings.map((prebooking) => prebooking.memberId))]),
    listMemberBoxes(deps.db, admin.id).then((known) => resolveBoxes(deps, known, prebookings.map((prebooking) => prebooking.boxId))),
    listCancelledAfterBooking(deps.db, prebookings.filter((prebooking) => prebooking.status === 'completed').map((prebooking) => prebooking.id)),
  ]);
  const names = new Map(members.map((member) => [member.id, member.displayName || member.email]));
  return prebookings.map((prebooking) => ({
    ...toRow(prebooking, names.get(prebooking.memberId), boxes.get(prebooking.boxId)),
    cancelledAfterBooking: cancelled.get(prebooking.id) ?? null,
  }));
}

function toRow(prebooking: Prebooking, memberName: string | undefined, box: AdminBox | undefined): AdminPrebookingRow {
  return {
    id: prebooking.id,
    status: prebooking.status,
    className: prebooking.className,
    classDay: prebooking.classDay,
    classStartTime: prebooking.classStartTime,
    classStartsAt: prebooking.classStartsAt,
    availableAt: prebooking.availableAt,
    fireOffsetMs: prebooking.fireOffsetMs,
    bookedOffsetMs: prebooking.bookedOffsetMs,
    bookedOnRetry: prebooking.bookedOnRetry,
    cancelledAfterBooking: null,
    attemptCount: prebooking.attemptCount,
    resultCode: prebooking.resultCode,
    resultMessage: prebooking.resultMessage,
    memberId: prebooking.memberId,
    memberName: memberName ?? prebooking.memberId,
    boxId: prebooking.boxId,
    boxName: box?.name ?? `Box ${prebooking.boxId}`,
    timeZone: box?.timeZone ?? DEFAULT_TIME_ZONE,
  };
}

/**
 * Health of the execution path over a period of opening instants: counts by status, success
 * rate, fire-offset percentiles and histogram; plus what needs attention right now (stuck rows,
 * failures whose class is still ahead).
 */
export async function getExecutionHealth(deps: PrebookingDependencies, admin: Member, query: HealthQuery): Promise<ExecutionHealth> {
  assertAdmin(admin);
  const nowMs = deps.clock.now();
  const timeZone = (await listMemberBoxes(deps.db, admin.id))[0]?.timeZone ?? DEFAULT_TIME_ZONE;
  const { fromMs, toMs } =
    query.period === 'custom' && query.from && query.to
      ? { fromMs: classStartInstant(query.from, '00:00', timeZone).getTime(), toMs: classStartInstant(addDays(query.to, 1), '00:00', timeZone).getTime() - 1 }
      : { fromMs: nowMs - PERIOD_MS[query.period === 'custom' ? '7d' : query.period], toMs: nowMs };

  // Admin listings come newest opening first: read pages until the period is behind us.
  const inPeriod: Prebooking[] = [];
  let truncated = false;
  const earliestClassDay = addDays(dayInZone(fromMs, 'UTC'), -2);
  for (let page = 1; ; page += 1) {
    const { items } = await listPrebookingsForAdmin(deps, admin, { page, pageSize: PAGE_SIZE, from: earliestClassDay });
    for (const item of items) {
      const opening = new Date(item.availableAt).getTime();
      if (opening >= fromMs && opening <= toMs) inPeriod.push(item);
    }
    const last = items.at(-1);
    if (items.length < PAGE_SIZE || !last || new Date(last.availableAt).getTime() < fromMs) break;
    if (page * PAGE_SIZE >= HEALTH_READ_LIMIT) {
      truncated = true;
      break;
    }
  }

  const yesterday = addDays(dayInZone(nowMs, timeZone), -1);
  const watched: PrebookingStatus[] = [...ACTIVE_STATUSES, 'failed'];
  const candidates = (
    await Promise.all(watched.map((status) => listPrebookingsForAdmin(deps, admin, { status, from: yesterday, page: 1, pageSize: PAGE_SIZE })))
  ).flatMap((result) => result.items);
  // Waiting prebookings whose pre-flight check found something the member must fix.
  const openPreflights = await listOpenPreflightFindings(deps.db, PAGE_SIZE);
  const preflightFindings = new Map(openPreflights.map((preflight) => [preflight.prebookingId, preflight.findings.filter((finding) => finding.severity === 'action').map((finding) => finding.message)]));
  const preflightRows = (await Promise.all(openPreflights.map((preflight) => findPrebooking(deps.db, preflight.prebookingId)))).filter(
    (prebooking): prebooking is Prebooking => prebooking !== null && prebooking.status === 'scheduled',
  );
  const flaggedById = new Map<string, { prebooking: Prebooking; reason: AttentionReason }>();
  for (const prebooking of candidates) {
    const reason = attentionReason(prebooking, nowMs);
    if (reason) flaggedById.set(prebooking.id, { prebooking, reason });
  }
  for (const prebooking of preflightRows) {
    if (!flaggedById.has(prebooking.id)) flaggedById.set(prebooking.id, { prebooking, reason: 'preflight' });
  }
  // Firing soonest first: what can still be saved leads the list.
  const flagged = [...flaggedById.values()].sort((a, b) => a.prebooking.fireAt.localeCompare(b.prebooking.fireAt));
  const rows = await toRows(deps, admin, flagged.map((entry) => entry.prebooking));
  const attention: AttentionItem[] = rows.map((row, index) => ({
    ...row,
    reason: flagged[index]!.reason,
    retryable: isRetryable(flagged[index]!.prebooking, nowMs),
    fireAt: flagged[index]!.prebooking.fireAt,
    preflightFindings: preflightFindings.get(row.id) ?? [],
  }));

  return {
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    timeZone,
    stats: summarizeExecution(inPeriod),
    truncated,
    readLimit: HEALTH_READ_LIMIT,
    attention,
  };
}

/** One page of every prebooking, filtered, with member and box names and the filters' choices. */
export async function listAdminPrebookings(deps: PrebookingDependencies, admin: Member, query: AdminListQuery): Promise<AdminPrebookingPage> {
  assertAdmin(admin);
  const [{ items, total }, members, adminBoxes] = await Promise.all([
    listPrebookingsForAdmin(deps, admin, query),
    listMembers(deps.db),
    listMemberBoxes(deps.db, admin.id),
  ]);
  const [boxes, cancelled] = await Promise.all([
    resolveBoxes(deps, adminBoxes, [...items.map((item) => item.boxId), ...(query.boxId ? [query.boxId] : [])]),
    listCancelledAfterBooking(deps.db, items.filter((item) => item.status === 'completed').map((item) => item.id)),
  ]);
  const names = new Map(members.map((member) => [member.id, member.displayName || member.email]));
  return {
    rows: items.map((item) => ({ ...toRow(item, names.get(item.memberId), boxes.get(item.boxId)), cancelledAfterBooking: cancelled.get(item.id) ?? null })),
    total,
    page: query.page,
    pageSize: query.pageSize,
    pages: Math.max(1, Math.ceil(total / query.pageSize)),
    members: members.map((member) => ({ id: member.id, name: member.displayName || member.email, email: member.email })),
    boxes: [...boxes.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

const numberOrNull = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** A prebooking with its timeline, every fire attempt's offset and AimHarder's answers, secrets redacted. */
export async function getAdminPrebookingDetail(deps: PrebookingDependencies, admin: Member, prebookingId: string): Promise<AdminPrebookingDetail> {
  assertAdmin(admin);
  const { prebooking, events } = await getPrebookingDetail(deps, admin, prebookingId);
  const [member, box, cancelled] = await Promise.all([
    findMemberById(deps.db, prebooking.memberId),
    findBox(deps.db, prebooking.boxId),
    prebooking.status === 'completed' ? listCancelledAfterBooking(deps.db, [prebooking.id]) : Promise.resolve(new Map<string, string>()),
  ]);
  const attempts: FireAttempt[] = events
    .filter((event) => event.type === 'fired')
    .map((event, index) => {
      const answer = event.detail.answer as { kind?: unknown } | undefined;
      return {
        attempt: index + 1,
        firedAt: typeof event.detail.firedAt === 'string' ? event.detail.firedAt : event.occurredAt,
        offsetMs: numberOrNull(event.detail.offsetMs),
        boxOffsetMs: numberOrNull(event.detail.boxOffsetMs),
        durationMs: numberOrNull(event.detail.durationMs),
        answerKind: typeof answer?.kind === 'string' ? answer.kind : null,
        answer: redact(answer ?? null),
      };
    });
  const nowMs = deps.clock.now();
  return {
    prebooking: toPrebookingView(prebooking),
    cancelledAfterBooking: cancelled.get(prebooking.id) ?? null,
    events: events.map((event) => ({ ...event, detail: redact(event.detail) as Record<string, unknown> })),
    memberName: member?.displayName || member?.email || prebooking.memberId,
    memberEmail: member?.email ?? null,
    box: box ? toAdminBox(box) : { boxId: prebooking.boxId, name: `Box ${prebooking.boxId}`, timeZone: DEFAULT_TIME_ZONE },
    attempts,
    retryable: isRetryable(prebooking, nowMs),
    cancellable: prebooking.status === 'pending' || prebooking.status === 'scheduled',
  };
}
