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

export function createQStashPublisher(client: Client = getQStashClient()): QStashPublisher {
  return {
    async publishDelayedJson(input) {
      try {
        const result = await client.publishJSON({
          url: input.destinationUrl,
          body: input.body,
          // Round down: delivering early is harmless (we wait), delivering late is not.
          notBefore: Math.floor(input.notBeforeMs / 1000),
          deduplicationId: input.deduplicationId,
          retries: input.retries,
          failureCallback: input.failureCallbackUrl,
          label: input.label,
        });
        return { messageId: result.messageId, deduplicated: Boolean(result.deduplicated) };
      } catch (error) {
        throw new AppError({ code: 'upstream_unavailable', message: 'The scheduler (QStash) could not be reached. Please try again.', cause: error });
      }
    },
    async cancelMessage(messageId) {
      try {
        await client.messages.cancel(messageId);
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw new AppError({ code: 'upstream_unavailable', message: 'The scheduler (QStash) could not cancel the message. Please try again.', cause: error });
      }
    },
    async ensureSchedule(input) {
      try {
        await client.schedules.create({
          scheduleId: input.scheduleId,
          destination: input.destinationUrl,
          cron: input.cron,
          body: input.body === undefined ? undefined : JSON.stringify(input.body),
          headers: { 'Content-Type': 'application/json' },
          retries: input.retries ?? 2,
        });
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
