import { AppError } from '@/core/http/app-error';
import { classStartInstant, computeOpeningInstant, type AimHarderClassSlot, type AimHarderClient, type BoxRef } from '@/modules/aimharder';
import type { Box } from '@/modules/members';
import type { AlternativeInput, PrebookingAlternative } from './prebooking.schema';

/**
 * How much later than the first choice an alternative may open: the prebooking's own later fire
 * must still fit its lifetime, and "a second choice" that opens an hour later is a second prebooking.
 */
export const ALTERNATIVE_MAX_LATER_MS = 10 * 60_000;

/**
 * Checks the member's alternatives against the box's schedule in AimHarder and works out when
 * each opens. Every problem is reported per entry (`alternatives.<n>`) in one 400, and nothing is
 * stored: each must be a class of the same box that exists that day, has not started, is not
 * already held, and opens at the first choice's instant or up to ten minutes after it.
 */
export async function resolveAlternatives(
  aimharder: AimHarderClient,
  box: Box,
  first: { day: string; classId: string; availableAt: Date },
  inputs: AlternativeInput[],
  nowMs: number,
  firstDaySlots: AimHarderClassSlot[],
): Promise<PrebookingAlternative[]> {
  if (inputs.length === 0) return [];
  const boxRef: BoxRef = { boxId: box.boxId, subdomain: box.subdomain };
  const days = [...new Set(inputs.map((input) => input.day ?? first.day))].filter((day) => day !== first.day);
  const lists = new Map<string, AimHarderClassSlot[]>([[first.day, firstDaySlots]]);
  for (const day of days) lists.set(day, await aimharder.listClasses(boxRef, day));

  const fields: Record<string, string[]> = {};
  const resolved: PrebookingAlternative[] = [];
  inputs.forEach((input, index) => {
    const day = input.day ?? first.day;
    const problem = (message: string) => (fields[`alternatives.${index}`] = [message]);
    const slot = lists.get(day)?.find((candidate) => candidate.id === input.classId);
    if (!slot) return problem(`there is no class ${input.classId} on ${day} at ${box.name}`);
    const startsAt = classStartInstant(day, slot.startTime, box.timeZone);
    if (startsAt.getTime() <= nowMs) return problem(`${slot.name} on ${day} at ${slot.startTime} has already started`);
    if (slot.memberState !== 'none') return problem(`you already hold ${slot.name} on ${day} at ${slot.startTime}`);
    if (!box.bookingWindowRule) return problem(`Prebooker does not know when ${box.name} opens this class yet`);
    const availableAt = computeOpeningInstant(box.bookingWindowRule, day, slot.startTime, box.timeZone);
    const deltaMs = availableAt.getTime() - first.availableAt.getTime();
    if (deltaMs < 0) return problem(`${slot.name} at ${slot.startTime} opens before your first choice; make it the first choice instead`);
    if (deltaMs > ALTERNATIVE_MAX_LATER_MS) return problem(`${slot.name} at ${slot.startTime} opens more than 10 minutes after your first choice; prebook it on its own`);
    resolved.push({ classId: slot.id, classDay: day, classStartTime: slot.startTime, classStartsAt: startsAt.toISOString(), className: slot.name, availableAt: new Date(Math.max(availableAt.getTime(), first.availableAt.getTime())).toISOString() });
  });
  if (Object.keys(fields).length > 0) {
    throw new AppError({ code: 'validation', message: `Some alternatives cannot be used: ${Object.entries(fields).map(([key, [message]]) => `${key}: ${message}`).join('; ')}.`, fields });
  }
  return resolved;
}
