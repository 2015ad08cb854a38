export {
  ACTIVE_STATUSES,
  PREBOOKING_STATUSES,
  TERMINAL_STATUSES,
  adminListQuerySchema,
  createPrebookingInputSchema,
  executePayloadSchema,
  failureCallbackSchema,
  listPrebookingsQuerySchema,
  prebookingIdSchema,
  sweepPayloadSchema,
  toPrebookingView,
  type AdminListQuery,
  type CreatePrebookingInput,
  type Prebooking,
  type PrebookingEvent,
  type PrebookingStatus,
  type PrebookingView,
  type ReplacedBooking,
} from './prebooking.schema';
export {
  EXECUTE_MAX_DURATION_SECONDS,
  EXECUTE_ROUTE,
  FAILED_ROUTE,
  SWEEP_ROUTE,
  getPrebookingDependencies,
  prebookingConfigFromEnv,
  type PrebookingConfig,
  type PrebookingDependencies,
} from './prebooking-dependencies';
export { createPrebooking, schedulePrebooking, type CreatePrebookingResult } from './create-prebooking.service';
export { cancelPrebooking } from './cancel-prebooking.service';
export {
  cancelGoalPrebooking,
  createGoalPrebooking,
  listGoalPrebookings,
  listMemberPrebookingsOnDays,
  type CreateGoalPrebookingResult,
  type GoalAlternativeClass,
  type SkippedGoalAlternative,
  type GoalCancelReason,
  type GoalLinkedPrebooking,
  type GoalPrebookingInput,
} from './create-goal-prebooking.service';
export { executePrebooking, type ExecuteDelivery, type ExecuteResult } from './execute-prebooking.service';
export { recordDeliveryFailure } from './record-delivery-failure.service';
export { sweepPrebookings, type SweepReport } from './sweep-prebookings.service';
export { getPrebookingDetail, listPrebookingsForAdmin, listPrebookingsForMember } from './prebooking-queries.service';
export { prebookingResultText, type Locale } from './prebooking-messages';
export { RETRY_FIRE_DELAY_MS, retryPrebooking } from './retry-prebooking.service';
export { PREFLIGHT_ROUTE, publishPreflightMessage, schedulePreflight, wantsPreflight, preflightInstantMs } from './publish-preflight';
export { retimePrebooking, type RetimeChanges } from './retime-prebooking.service';
export { appendEvent as recordPrebookingEvent, findPrebooking, listActiveFiringBefore } from './prebooking.repository';
export { refreshUpcomingBoxClocks, type BoxClockRefreshReport } from './box-clock-upcoming.service';
export { listBoxClockHistory } from './box-clock.repository';
export { measureBoxClockBeforeFire, rearmAfterPreflight, rearmByBoxClock, type BoxClockRearm } from './rearm-by-box-clock.service';
export { describeBookedTiming, type BookedTimingFacts } from './booked-timing';
export { findOverlap, overlaps, type OverlapConflict } from './find-overlap';
export { dismissFailedPrebooking } from './dismiss-prebooking.service';
export { describeSwap } from './swap-note';
