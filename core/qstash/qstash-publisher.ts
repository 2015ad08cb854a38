import 'server-only';
import type { Client } from '@upstash/qstash';
import { AppError } from '../http/app-error';
import { getQStashClient } from './qstash-client';

export interface PublishDelayedJsonInput {
  destinationUrl: string;
  body: unknown;
  /** Delivery instant, epoch ms. QStash resolves Upstash-Not-Before to whole seconds. */
  notBeforeMs: number;
  deduplicationId: string;
  retries: number;
  failureCallbackUrl?: string;
  label?: string;
}

/** Publishes and cancels QStash messages; the seam services depend on (tests may swap it). */
export interface QStashPublisher {
  publishDelayedJson(input: PublishDelayedJsonInput): Promise<{ messageId: string; deduplicated: boolean }>;
  /** Cancels a pending message. Returns false when QStash no longer has it (already delivered). */
  cancelMessage(messageId: string): Promise<boolean>;
  ensureSchedule(input: { scheduleId: string; destinationUrl: string; cron: string; body?: unknown; retries?: number }): Promise<void>;
}

/**
 * Every QStash API call's deadline. The SDK's fetch carries no signal, so a hung QStash would hold
 * the function until the platform killed it (the execute route's maxDuration is 60 s); this is
 * far below that, and above the SDK's own two quick retries of a network error.
 */
export const QSTASH_CALL_TIMEOUT_MS = 10_000;

class QStashDeadlineError extends Error {
  constructor(what: string, ms: number) {
    super(`QStash did not answer ${what} within ${ms} ms`);
    this.name = 'QStashDeadlineError';
  }
}

/** Settles with `call`, or rejects once `ms` have passed (the SDK's request itself cannot be aborted). */
function withDeadline<T>(what: string, ms: number, call: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QStashDeadlineError(what, ms)), ms);
  });
  return Promise.race([call(), deadline]).finally(() => clearTimeout(timer));
}

export function createQStashPublisher(client: Client = getQStashClient(), options: { timeoutMs?: number } = {}): QStashPublisher {
  const timeoutMs = options.timeoutMs ?? QSTASH_CALL_TIMEOUT_MS;
  return {
    async publishDelayedJson(input) {
      try {
        const result = await withDeadline('a publish', timeoutMs, () => client.publishJSON({
          url: input.destinationUrl,
          body: input.body,
          // Round down: delivering early is harmless (we wait), delivering late is not.
          notBefore: Math.floor(input.notBeforeMs / 1000),
          deduplicationId: input.deduplicationId,
          retries: input.retries,
          failureCallback: input.failureCallbackUrl,
          label: input.label,
        }));
        return { messageId: result.messageId, deduplicated: Boolean(result.deduplicated) };
      } catch (error) {
        throw new AppError({ code: 'upstream_unavailable', message: 'The scheduler (QStash) could not be reached. Please try again.', cause: error });
      }
    },
    async cancelMessage(messageId) {
      try {
        await withDeadline('a cancel', timeoutMs, () => client.messages.cancel(messageId));
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw new AppError({ code: 'upstream_unavailable', message: 'The scheduler (QStash) could not cancel the message. Please try again.', cause: error });
      }
    },
    async ensureSchedule(input) {
      try {
        await withDeadline('a schedule', timeoutMs, () => client.schedules.create({
          scheduleId: input.scheduleId,
          destination: input.destinationUrl,
          cron: input.cron,
          body: input.body === undefined ? undefined : JSON.stringify(input.body),
          headers: { 'Content-Type': 'application/json' },
          retries: input.retries ?? 2,
        }));
      } catch (error) {
        throw new AppError({ code: 'upstream_unavailable', message: `Could not create the QStash schedule ${input.scheduleId}.`, cause: error });
      }
    },
  };
}

function isNotFound(error: unknown): boolean {
  const status = (error as { status?: number } | null)?.status;
  return status === 404 || /not found|404/i.test(String((error as Error | null)?.message ?? ''));
}
