/**
 * The one error type services throw. Its closed `code` decides the HTTP status (see
 * `statusForCode`), and `message` is safe to show to a member: raw Supabase, QStash or AimHarder
 * errors travel only as `cause`, which is logged and never sent.
 */
export const APP_ERROR_STATUS = {
  validation: 400,
  unauthenticated: 401,
  invalid_signature: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  upstream_unavailable: 502,
  upstream_rejected: 502,
  unavailable: 503,
  internal: 500,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

export interface AppErrorOptions {
  code: AppErrorCode;
  message: string;
  /** Per-field messages for `validation` errors. */
  fields?: Record<string, string[]>;
  /** A finer machine-readable reason within the code (e.g. `wrong_credentials`), for UIs to localise. */
  reason?: string;
  /** Facts a UI needs to offer the next step (e.g. the conflicting class of an overlap); never secrets. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fields?: Record<string, string[]>;
  readonly reason?: string;
  readonly details?: Record<string, unknown>;

  constructor({ code, message, fields, reason, details, cause }: AppErrorOptions) {
    super(message, { cause });
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
    this.reason = reason;
    this.details = details;
  }

  get status(): number {
    return APP_ERROR_STATUS[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
