// Trigger: one QStash message per ended prebooking and channel, published by onPrebookingEnded
// (dedup id notify-<prebookingId>-<outcome>, plus -push for the push channel).
// Idempotency: the notification_deliveries row (unique per prebooking + outcome + channel) is claimed
// before sending; push also records each device that got it (push_device_deliveries).
// The email message also refreshes the member's synced bookings on its first delivery (off the
// booking path; never fails the notification).
import { errorResponse } from '@/core/http/error-response';
import { logger } from '@/core/logging/logger';
import { verifyQStashRequest } from '@/core/qstash/verify-qstash-request';
import { getBookingsDependencies, refreshAfterOutcome } from '@/modules/bookings';
import { NOTIFY_OUTCOME_ROUTE, deliverOutcomeNotification, deliverOutcomePush, getNotificationDependencies, notifyOutcomePayloadSchema } from '@/modules/notifications';

export const dynamic = 'force-dynamic';
export const maxDuration = 30;

export async function POST(request: Request): Promise<Response> {
  let verified;
  try {
    verified = await verifyQStashRequest(request, NOTIFY_OUTCOME_ROUTE);
  } catch (error) {
    return errorResponse(error, { route: NOTIFY_OUTCOME_ROUTE });
  }
  let payload: unknown;
  try {
    payload = JSON.parse(verified.rawBody);
  } catch {
    payload = undefined;
  }
  const parsed = notifyOutcomePayloadSchema.safeParse(payload);
  if (!parsed.success) {
    // Signed by QStash but not ours: a retry cannot fix it.
    logger.error('invalid notification payload', { messageId: verified.messageId, issues: parsed.error.issues.map((issue) => issue.message) });
    return Response.json(
      { error: { code: 'validation', message: 'Invalid notification payload: expected {"prebookingId": "<uuid>", "outcome": "booked|waitlisted|failed", "channel": "email|push"}.' } },
      { status: 489, headers: { 'Upstash-NonRetryable-Error': 'true' } },
    );
  }
  const refreshed = verified.retried === 0 && parsed.data.channel === 'email' ? refreshAfterOutcome(getBookingsDependencies(), parsed.data.prebookingId) : Promise.resolve();
  try {
    const deliver = parsed.data.channel === 'push' ? deliverOutcomePush : deliverOutcomeNotification;
    const result = await deliver(getNotificationDependencies(), parsed.data).finally(() => refreshed);
    if (result.kind === 'busy') return Response.json({ error: { code: 'unavailable', message: result.detail } }, { status: 503 });
    return Response.json(result);
  } catch (error) {
    // SMTP, a push service or the database failing: 5xx, so QStash retries; the prebooking is never touched.
    return errorResponse(error, { route: NOTIFY_OUTCOME_ROUTE, prebookingId: parsed.data.prebookingId, channel: parsed.data.channel, messageId: verified.messageId, retried: verified.retried });
  }
}
