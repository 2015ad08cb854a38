export { FINDING_CODES, preflightActionSchema, preflightPayloadSchema, type FindingCode, type Preflight, type PreflightAction, type PreflightFinding, type PreflightPayload, type PreflightState } from './preflight.schema';
export { getPreflightDependencies, type PreflightDependencies, type PreflightWarning } from './preflight-dependencies';
export { runPreflight, type PreflightResult, type PreflightTrigger } from './run-preflight.service';
export { applyPreflightAction } from './apply-preflight-action.service';
export { sweepPreflights } from './sweep-preflights.service';
export { listOpenPreflightFindings, preflightsByPrebooking, toPreflightCard, type PreflightCard } from './preflight-views.service';
export { describeFinding, fixesFor, type PreflightFix } from './preflight-texts';
export { composePreflightEmail } from './preflight-email';
