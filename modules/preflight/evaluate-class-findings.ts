import type { AimHarderClassSlot } from '@/modules/aimharder';
import type { Prebooking } from '@/modules/prebooking';
import type { PreflightFinding } from './preflight.schema';

type Target = Pick<Prebooking, 'classId' | 'classDay' | 'classStartTime' | 'className'>;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * What AimHarder's list of the class's day says about booking it: whether the class is still there
 * at the same time (or moved, or gone), whether the member already holds it or another class
 * AimHarder would refuse as an overlap ("No puedes hacer más de una reserva a la misma hora"),
 * and whether their plan includes it (`included`, where AimHarder says).
 */
export function evaluateClassFindings(target: Target, slots: AimHarderClassSlot[]): PreflightFinding[] {
  const findings: PreflightFinding[] = [];
  let slot = slots.find((candidate) => candidate.id === target.classId) ?? null;
  if (!slot) {
    // A new session id for the moved class: the same class name on that day, nearest in time.
    const sameName = slots
      .filter((candidate) => candidate.name.toLowerCase() === target.className.toLowerCase() && candidate.startTime !== target.classStartTime)
      .sort((a, b) => Math.abs(minutesOf(a.startTime) - minutesOf(target.classStartTime)) - Math.abs(minutesOf(b.startTime) - minutesOf(target.classStartTime)));
    const replacement = sameName[0];
    if (!replacement) {
      findings.push({
        code: 'class_cancelled',
        severity: 'action',
        message: `${target.className} on ${target.classDay} at ${target.classStartTime} is no longer on the box's schedule.`,
        detail: { day: target.classDay, time: target.classStartTime },
      });
      return findings;
    }
    findings.push(movedFinding(target, replacement));
    slot = replacement;
  } else if (slot.startTime !== target.classStartTime) {
    findings.push(movedFinding(target, slot));
  }

  if (slot.memberState !== 'none') {
    findings.push({
      code: 'already_booked',
      severity: 'action',
      message: `You already hold ${slot.name} on ${slot.day} at ${slot.startTime}${slot.memberState === 'waitlisted' ? ' (waiting list)' : ''} in AimHarder.`,
      detail: { day: slot.day, time: slot.startTime, waitlisted: slot.memberState === 'waitlisted' },
    });
  } else {
    const start = minutesOf(slot.startTime);
    const end = slot.endTime ? minutesOf(slot.endTime) : start + 60;
    const clash = slots.find(
      (other) => other.id !== slot.id && other.memberState !== 'none' && minutesOf(other.startTime) < end && (other.endTime ? minutesOf(other.endTime) : minutesOf(other.startTime) + 60) > start,
    );
    if (clash) {
      findings.push({
        code: 'overlap',
        severity: 'action',
        message: `You hold ${clash.name} at ${clash.startTime} on ${clash.day}, at the same time: AimHarder refuses a second booking at that hour.`,
        detail: { day: clash.day, time: clash.startTime, otherClass: clash.name },
      });
    }
  }
  if (slot.includedInPlan === false) {
    findings.push({
      code: 'not_in_plan',
      severity: 'action',
      message: `AimHarder says your plan does not include ${slot.name} classes: the booking would be refused.`,
      detail: { className: slot.name },
    });
  }
  return findings;
}

function movedFinding(target: Target, slot: AimHarderClassSlot): PreflightFinding {
  return {
    code: 'class_moved',
    severity: 'action',
    message: `${target.className} on ${target.classDay} moved from ${target.classStartTime} to ${slot.startTime}.`,
    detail: { day: slot.day, from: target.classStartTime, to: slot.startTime, classId: slot.id },
  };
}
