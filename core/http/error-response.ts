import type { z } from 'zod';
import { AppError, isAppError } from './app-error';
import { logger } from '../logging/logger';

/** The one JSON error shape every route answers with. */
export interface ErrorBody {
  error: { code: string; message: string; reason?: string; fields?: Record<string, string[]>; details?: Record<string, unknown> };
}

/** Turns any thrown value into the JSON error response; unexpected errors become a logged 500. */
export function errorResponse(error: unknown, context: Record<string, unknown> = {}): Response {
  const appError = isAppError(error)
    ? error
    : new AppError({ code: 'internal', message: 'Something went wrong on our side. Please try again.', cause: error });
  if (appError.status >= 500) {
    logger.error('request failed', { ...context, code: appError.code, error: describeCause(appError.cause ?? appError) });
  }
  const body: ErrorBody = {
    error: {
      code: appError.code,
      message: appError.message,
      ...(appError.reason ? { reason: appError.reason } : {}),
      ...(appError.fields ? { fields: appError.fields } : {}),
      ...(appError.details ? { details: appError.details } : {}),
    },
  };
  return Response.json(body, { status: appError.status });
}

/** A `validation` AppError carrying zod's per-field messages. */
export function validationError(error: z.ZodError, message = 'The request is invalid.'): AppError {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : '_';
    (fields[key] ??= []).push(issue.message);
  }
  const summary = Object.entries(fields)
    .map(([field, messages]) => (field === '_' ? messages.join('; ') : `${field}: ${messages.join('; ')}`))
    .join(', ');
  return new AppError({ code: 'validation', message: `${message} ${summary}`.trim(), fields });
}

function describeCause(cause: unknown): string {
  // A database error's code (Postgres SQLSTATE, PostgREST's PGRST…) says what failed; its details
  // may hold row values, so only the code is added.
  const code = cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string' ? ` [${cause.code}]` : '';
  if (cause instanceof Error) return `${cause.name}: ${cause.message}${code}`;
  try {
    return JSON.stringify(cause);
  } catch {
    return String(cause);
  }
}
