// Public API of the AimHarder module: other modules import only from here.
export { createAimHarderClient } from './aimharder-client';
export { AimHarderLoginError, AimHarderResponseError, AimHarderSessionExpiredError, AimHarderTransportError, type AimHarderLoginFailureReason } from './aimharder-errors';
export { rethrowAimHarderFailure } from './aimharder-app-error';
export { deriveFingerprint } from './aimharder-fingerprint';
export { PRODUCTION_AIMHARDER_HOSTS, type AimHarderHosts } from './aimharder-hosts';
export { closeSharedDispatchers } from './aimharder-transport';
export type {
  AimHarderClassSlot,
  AimHarderClient,
  AimHarderClientOptions,
  AimHarderIdentity,
  AimHarderLogger,
  AimHarderMembership,
  AimHarderNextBooking,
  BookOptions,
  BoxRef,
} from './aimharder.types';
export { isRetryableBookingOutcome, type BookingOutcome, type CancelOutcome } from './booking-outcome/booking-outcome';
export { describeBookingOutcome, describeCancelOutcome } from './booking-outcome/describe-outcome';
export { bookingWindowRuleSchema, type BookingWindowHint, type BookingWindowRule } from './booking-window/booking-window.schema';
export { classStartInstant } from './booking-window/class-start-instant';
export { computeOpeningInstant } from './booking-window/compute-opening-instant';
export { parseTooEarlyWindow, ruleFromWindowHint } from './booking-window/too-early-window';
export { type ArrivalBounds, boundsFromBookingAnswer, intersectBounds } from './box-clock/arrival-bounds';
export {
  assessEstimate,
  DEFAULT_BOX_CLOCK_POLICY,
  describeEstimate,
  releaseInstant,
  retryInstantAfterTooEarly,
  estimateFromArrivalBounds,
  arrivalBoundsOf,
  type BoxClockEstimate,
  type BoxClockPolicy,
  type EstimateAssessment,
} from './box-clock/box-clock-estimate';
export { measureBoxClock, priorFrom, type MeasureResult } from './box-clock/measure-box-clock';
export { combBoxClock, planComb, type CombPlan, type CombResult } from './box-clock/comb-box-clock';
export { combInTwoStages, planTwoStageComb, type CombShape } from './box-clock/comb-in-two-stages';
export { carryEstimateForward, provenDriftRate } from './box-clock/proven-drift';
export { boxClockHost, createBoxDateProbe } from './box-clock/box-clock-probe-http';
