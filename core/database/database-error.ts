import { AppError } from '../http/app-error';

interface PostgrestLikeError {
  code?: string;
  message?: string;
}

/** Postgres unique violation, as returned by both PostgREST and @supabase/lite. */
export function isUniqueViolation(error: PostgrestLikeError | null | undefined): boolean {
  return error?.code === '23505';
}

/**
 * Wraps a database error (supabase-js, or the direct connection's) into an AppError the member
 * can read, keeping the raw error as `cause` for the logs. The database being unreachable is `unavailable` (503): callers such as
 * the QStash webhook rely on a 5xx so that the delivery is retried.
 */
export function databaseError(operation: string, error: PostgrestLikeError | Error | null | undefined): AppError {
  return new AppError({ code: 'unavailable', message: `The database could not ${operation}. Please try again.`, cause: error });
}
