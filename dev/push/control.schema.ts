import { z } from 'zod';

const REPLIES = new Set([201, 400, 404, 410, 413, 429, 500, 502, 503]);

/** What the stand-in answers the next pushes to one subscription, in order; then 201 again. */
export const scriptedRepliesSchema = z.strictObject({
  statuses: z
    .array(z.number().refine((status) => REPLIES.has(status), { message: `statuses must be a list of ${[...REPLIES].join(', ')}` }))
    .min(1, { message: 'statuses must list at least one status' })
    .max(100),
});

export const subscriptionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, 'a subscription id is 8-128 base64url characters');

export const messagesQuerySchema = z.strictObject({ subscription: subscriptionIdSchema.optional() });
